package jutda

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/django"
)

// validate checks t as the server's ticket form would and returns the form
// to send, with the default priority filled in.
func (t TicketCreate) validate() (TicketCreate, error) {
	const m = MethodCreateTicket
	if t.Queue <= 0 {
		return t, &deskbridge.ArgumentError{Op: "jutda." + m, Arg: "queue", Reason: fmt.Sprintf("queue id %d: must be > 0 (see ListQueues)", t.Queue)}
	}
	if err := checkText(m, "title", t.Title); err != nil {
		return t, err
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(t.Title)); n > MaxTitleLength {
		return t, &deskbridge.ArgumentError{Op: "jutda." + m, Arg: "title", Reason: fmt.Sprintf("%d characters, at most %d", n, MaxTitleLength)}
	}
	if err := checkText(m, "body", t.Body); err != nil {
		return t, err
	}
	if t.SubmitterEmail != "" {
		if err := checkEmail(t.SubmitterEmail); err != nil {
			return t, err
		}
	}
	if t.AssignedTo < 0 {
		return t, &deskbridge.ArgumentError{Op: "jutda." + m, Arg: "assigned_to", Reason: fmt.Sprintf("user id %d: must be > 0, or 0 for nobody", t.AssignedTo)}
	}
	switch {
	case t.Priority == 0:
		t.Priority = PriorityNormal
	case t.Priority < PriorityCritical || t.Priority > PriorityVeryLow:
		return t, &deskbridge.ArgumentError{Op: "jutda." + m, Arg: "priority", Reason: fmt.Sprintf("%d: must be 1 (critical) to 5 (very low), or 0 for 3", t.Priority)}
	}
	if !t.DueDate.IsZero() {
		if y := t.DueDate.Year(); y < 1 || y > 9999 {
			return t, &deskbridge.ArgumentError{Op: "jutda." + m, Arg: "due_date", Reason: fmt.Sprintf("year %d outside 1–9999", y)}
		}
	}
	return t, nil
}

// checkID refuses ticket ids the server cannot have (it answers 500 to a
// ticket that is not a number).
func checkID(method string, id int64) error {
	if id <= 0 {
		return &deskbridge.ArgumentError{Op: "jutda." + method, Arg: "ticket", Reason: fmt.Sprintf("ticket id %d: must be > 0", id)}
	}
	return nil
}

// checkText refuses a blank value (the server refuses an empty one) and
// text Django would reject or mangle: invalid UTF-8 and NUL characters.
func checkText(method, field, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return &deskbridge.ArgumentError{Op: "jutda." + method, Arg: field, Reason: "blank"}
	case !utf8.ValidString(s):
		return &deskbridge.ArgumentError{Op: "jutda." + method, Arg: field, Reason: "not valid UTF-8"}
	case strings.ContainsRune(s, 0):
		return &deskbridge.ArgumentError{Op: "jutda." + method, Arg: field, Reason: "contains a NUL character"}
	}
	return nil
}

// checkEmail accepts what the server's form accepts: Django's
// EmailValidator after stripping surrounding spaces (root@localhost and
// x@bücher.example included). Anything else it would refuse with a 400.
func checkEmail(s string) error {
	if !django.ValidEmail(strings.TrimSpace(s)) {
		return &deskbridge.ArgumentError{Op: "jutda." + MethodCreateTicket, Arg: "submitter_email", Reason: fmt.Sprintf("%q is not an e-mail address", s)}
	}
	return nil
}
