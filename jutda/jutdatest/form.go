package jutdatest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge/internal/django"
)

// ticketFields is the order of the ticket form's fields, which is the order
// of its errors.
var ticketFields = []string{"queue", "title", "submitter_email", "body", "assigned_to", "priority", "due_date"}

// formErrors maps a field to its messages.
type formErrors map[string][]string

func (e formErrors) add(field, msg string) { e[field] = append(e[field], msg) }

// asText is Django's ErrorDict.as_text.
func (e formErrors) asText() string {
	var lines []string
	for _, f := range ticketFields {
		if msgs, ok := e[f]; ok {
			lines = append(lines, "* "+f)
			for _, m := range msgs {
				lines = append(lines, "  * "+m)
			}
		}
	}
	return strings.Join(lines, "\n")
}

type ticketValues struct {
	queue, assignedTo  int64
	priority           int
	title, body, email string
	dueDate            time.Time
}

const (
	msgRequired = "This field is required."
	msgNull     = "Null characters are not allowed."
)

// ticketForm validates create_ticket's form like the server's TicketForm;
// s.mu held.
func (s *Server) ticketForm(form url.Values) (ticketValues, formErrors) {
	var v ticketValues
	errs := formErrors{}
	choice := func(field string, required bool, valid func(string) (int, bool)) int {
		raw := last(form, field)
		if raw == "" {
			if required {
				errs.add(field, msgRequired)
			}
			return 0
		}
		n, ok := valid(raw)
		if !ok {
			errs.add(field, fmt.Sprintf("Select a valid choice. %s is not one of the available choices.", raw))
		}
		return n
	}
	v.queue = int64(choice("queue", true, func(raw string) (int, bool) {
		n, err := strconv.Atoi(raw)
		return n, err == nil && strconv.Itoa(n) == raw && s.queue(int64(n)) != nil
	}))
	v.title = s.charField(errs, form, "title", true, 100)
	v.email = s.charField(errs, form, "submitter_email", false, 0)
	if v.email != "" && !django.ValidEmail(v.email) {
		errs.add("submitter_email", "Enter a valid email address.")
	}
	v.body = s.charField(errs, form, "body", true, 0)
	v.assignedTo = int64(choice("assigned_to", false, func(raw string) (int, bool) {
		n, err := strconv.Atoi(raw)
		u := s.userByID(int64(n))
		return n, err == nil && strconv.Itoa(n) == raw && u != nil && u.Active
	}))
	v.priority = choice("priority", false, func(raw string) (int, bool) {
		n, err := strconv.Atoi(raw)
		return n, err == nil && len(raw) == 1 && n >= 1 && n <= 5
	})
	if v.priority == 0 {
		v.priority = 3
	}
	if raw := strings.TrimSpace(last(form, "due_date")); raw != "" {
		t, ok := parseDateTime(raw)
		if !ok {
			errs.add("due_date", "Enter a valid date/time.")
		}
		v.dueDate = t
	}
	return v, errs
}

// charField is a CharField with strip=True: surrounding whitespace is
// removed, NUL characters refused, max counted in characters.
func (s *Server) charField(errs formErrors, form url.Values, field string, required bool, max int) string {
	v := strings.TrimSpace(last(form, field))
	switch {
	case v == "":
		if required {
			errs.add(field, msgRequired)
		}
	case strings.ContainsRune(v, 0):
		errs.add(field, msgNull)
	case max > 0 && utf8.RuneCountInString(v) > max:
		errs.add(field, fmt.Sprintf("Ensure this value has at most %d characters (it has %d).", max, utf8.RuneCountInString(v)))
	}
	return v
}

// dateTimeLayouts are Django's DATETIME_INPUT_FORMATS and ISO 8601.
var dateTimeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999", "2006-01-02 15:04", "2006-01-02",
	"01/02/2006 15:04:05", "01/02/2006 15:04", "01/02/2006", "01/02/06 15:04:05", "01/02/06 15:04", "01/02/06",
	"2006-01-02T15:04:05", "2006-01-02T15:04:05.999999", "2006-01-02T15:04", time.RFC3339Nano,
}

func parseDateTime(s string) (time.Time, bool) {
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
