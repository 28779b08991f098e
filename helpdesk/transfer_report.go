package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// ErrTransferIncomplete is matched by the error Transfer returns when at
// least one ticket failed or was only partly transferred. The report says
// which, and what was done; running Transfer again completes them.
var ErrTransferIncomplete = errors.New("helpdesk: transfer incomplete")

// TransferStatus is the outcome of one ticket's transfer.
type TransferStatus string

// The outcomes of a ticket's transfer.
const (
	// StatusDone: the ticket was created on the destination (or an
	// earlier, interrupted transfer of it was completed) with everything
	// the options asked for.
	StatusDone TransferStatus = "done"
	// StatusPartial: the destination ticket exists but a later step
	// failed (see Errors); a new Transfer of the ticket completes it.
	StatusPartial TransferStatus = "partial"
	// StatusFailed: nothing was created on the destination for the
	// ticket (see Errors).
	StatusFailed TransferStatus = "failed"
	// StatusSkipped: the ticket had already been transferred completely;
	// nothing was written.
	StatusSkipped TransferStatus = "skipped-already-transferred"
	// StatusPlanned: a dry run; the counts say what a real run would
	// copy and nothing was written.
	StatusPlanned TransferStatus = "planned"
)

// TransferCounts counts the records of one kind (messages, followers or
// attachments) of a ticket.
type TransferCounts struct {
	// Transferred were created on the destination by this run (in a dry
	// run: would be).
	Transferred int `json:"transferred"`
	// Existing were already on the destination, from an earlier run.
	Existing int `json:"existing"`
	// Skipped could not be transferred: a follower with no partner of the
	// same e-mail on the destination, a message or attachment over the
	// size limits or refused by the destination. Each is named in the
	// ticket's Skips.
	Skipped int `json:"skipped"`
}

// TransferSkip is one record a transfer left out, and why; the rest of the
// ticket was transferred.
type TransferSkip struct {
	// Kind is "message", "follower" or "attachment".
	Kind string `json:"kind"`
	// SourceID is the source record (mail.message, res.partner of the
	// follower, ir.attachment).
	SourceID int64 `json:"source_id"`
	// Name names it: the attachment's file name, the follower's e-mail,
	// the message's subject or date.
	Name string `json:"name,omitempty"`
	// Reason says why: "no destination partner with this e-mail",
	// "body of 2 MiB over MaxMessageBytes", the server's refusal, ...
	Reason string `json:"reason"`
}

func (c *TransferCounts) add(o TransferCounts) {
	c.Transferred += o.Transferred
	c.Existing += o.Existing
	c.Skipped += o.Skipped
}

// TransferStepError is an error of one step of a ticket's transfer.
type TransferStepError struct {
	// Step names what failed: "read source", "create ticket",
	// "attachments", "messages", "followers", "note", "close original",
	// "history".
	Step string
	// Err is the cause, usable with errors.Is/As (odoo.ErrAccess,
	// ErrChecksum, ...). Read back from a history it is a
	// *RecordedError, which errors.Is matches against the same sentinels.
	Err error
}

// Error returns "<step>: <cause>".
func (e *TransferStepError) Error() string { return e.Step + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *TransferStepError) Unwrap() error { return e.Err }

// MarshalJSON writes {"step", "error", "cause", "matched"}: cause is the
// server's exception name (odoo.exceptions.ValidationError, ...) when the
// server answered one, else the Go type of the cause; matched names the
// sentinels the cause matched with errors.Is (the shared meanings
// deskbridge.ErrOutcomeUnknown, deskbridge.ErrNotApplied, deskbridge.ErrNotFound, ...,
// odoo's own such as odoo.ErrAccess, helpdesk's, context's), so that
// the error read back from a history matches them again.
func (e *TransferStepError) MarshalJSON() ([]byte, error) {
	cause := fmt.Sprintf("%T", e.Err)
	var oe *odoo.Error
	var rec *RecordedError
	switch {
	case errors.As(e.Err, &oe) && oe.Name != "":
		cause = oe.Name
	case errors.As(e.Err, &rec):
		cause = rec.Cause // a record read back and written again
	}
	var matched []string
	for _, k := range recordedSentinels {
		if errors.Is(e.Err, k.err) {
			matched = append(matched, k.name)
		}
	}
	return json.Marshal(struct {
		Step    string   `json:"step"`
		Error   string   `json:"error"`
		Cause   string   `json:"cause"`
		Matched []string `json:"matched,omitempty"`
	}{e.Step, e.Err.Error(), cause, matched})
}

// UnmarshalJSON reads what MarshalJSON wrote (a history record): Err is
// then a *RecordedError with the recorded message, which matches the
// recorded sentinels with errors.Is (errors.As no longer reaches the
// original error's type). Records written before "matched" was recorded match
// none.
func (e *TransferStepError) UnmarshalJSON(b []byte) error {
	var v struct {
		Step    string   `json:"step"`
		Error   string   `json:"error"`
		Cause   string   `json:"cause"`
		Matched []string `json:"matched"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	e.Step, e.Err = v.Step, &RecordedError{Message: v.Error, Cause: v.Cause, Matched: v.Matched}
	return nil
}

// RecordedError is a step's error read back from a history.
type RecordedError struct {
	Message string // the error's text
	Cause   string // the server's exception name or the Go type
	// Matched names the sentinels the original error matched, as Go names:
	// "deskbridge.ErrOutcomeUnknown", "odoo.ErrAccess",
	// "context.DeadlineExceeded", ... (names this version does not know
	// are kept and match nothing).
	Matched []string
}

// Error returns the recorded text.
func (e *RecordedError) Error() string { return e.Message }

// Is reports whether target is one of the sentinels the original error
// matched: errors.Is(rec, deskbridge.ErrOutcomeUnknown), for one, holds
// again after reading back.
func (e *RecordedError) Is(target error) bool {
	for _, name := range e.Matched {
		for _, k := range recordedSentinels {
			if k.name == name && k.err == target {
				return true
			}
		}
	}
	return false
}

// recordedSentinels are the errors a history records a step's error as
// matching, by a name that stays stable in the file. The shared meanings
// have one name, in the root package (no package declares its own), and
// are listed under it.
var recordedSentinels = []struct {
	name string
	err  error
}{
	{"deskbridge.ErrInvalidArgument", deskbridge.ErrInvalidArgument},
	{"deskbridge.ErrOutcomeUnknown", deskbridge.ErrOutcomeUnknown},
	{"deskbridge.ErrNotApplied", deskbridge.ErrNotApplied},
	{"deskbridge.ErrNotFound", deskbridge.ErrNotFound},
	{"deskbridge.ErrRateLimited", deskbridge.ErrRateLimited},
	{"deskbridge.ErrUnsupported", deskbridge.ErrUnsupported},
	{"odoo.ErrAccessDenied", odoo.ErrAccessDenied},
	{"odoo.ErrAccess", odoo.ErrAccess},
	{"odoo.ErrMissing", odoo.ErrMissing},
	{"odoo.ErrValidation", odoo.ErrValidation},
	{"odoo.ErrUser", odoo.ErrUser},
	{"odoo.ErrSessionExpired", odoo.ErrSessionExpired},
	{"odoo.ErrUnknownField", odoo.ErrUnknownField},
	{"odoo.ErrInvalidValue", odoo.ErrInvalidValue},
	{"odoo.ErrDatabaseNotFound", odoo.ErrDatabaseNotFound},
	{"deskbridge.ErrBodyTooLarge", deskbridge.ErrBodyTooLarge},
	{"deskbridge.ErrRedirectRefused", deskbridge.ErrRedirectRefused},
	{"odoo.ErrNoCredentials", odoo.ErrNoCredentials},
	{"helpdesk.ErrChecksum", ErrChecksum},
	{"helpdesk.ErrNoClosingStage", ErrNoClosingStage},
	{"context.Canceled", context.Canceled},
	{"context.DeadlineExceeded", context.DeadlineExceeded},
}

// TicketTransfer is the record of one ticket's transfer.
type TicketTransfer struct {
	SourceID int64  `json:"source_id"`
	Name     string `json:"name,omitempty"`
	// DestID is the destination ticket (0 when none was created).
	DestID int64          `json:"dest_id,omitempty"`
	Status TransferStatus `json:"status"`
	// Created reports whether this run created the destination ticket
	// (false when an earlier run had).
	Created     bool           `json:"created"`
	Messages    TransferCounts `json:"messages"`
	Followers   TransferCounts `json:"followers"`
	Attachments TransferCounts `json:"attachments"`
	// NotePosted and Closed report the transfer notes and the closing of
	// the original done by this run.
	NotePosted bool `json:"note_posted,omitempty"`
	Closed     bool `json:"closed,omitempty"`
	// Mapped says how the customer and the assignee were mapped, under
	// "customer" and "assignee" ("partner 7 by e-mail a@b.c", "none (...)").
	Mapped map[string]string `json:"mapped,omitempty"`
	// Skips name the messages, followers and attachments left out.
	Skips []TransferSkip `json:"skips,omitempty"`
	// Warnings are what was transferred differently than asked: a team,
	// stage, type or tag with no match on the destination, an author
	// matched by name only.
	Warnings []string `json:"warnings,omitempty"`
	// Errors are the failed steps; a ticket stops at its first failed
	// step, so that a new run resumes there.
	Errors   []*TransferStepError `json:"errors,omitempty"`
	Duration time.Duration        `json:"duration_ns"`
}

// Err returns the ticket's errors joined, or nil.
func (t *TicketTransfer) Err() error {
	errs := make([]error, len(t.Errors))
	for i, e := range t.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// TransferTotals sums a report.
type TransferTotals struct {
	Tickets     int            `json:"tickets"`
	Done        int            `json:"done"`
	Partial     int            `json:"partial"`
	Failed      int            `json:"failed"`
	Skipped     int            `json:"skipped"`
	Planned     int            `json:"planned"`
	Created     int            `json:"created"`
	Messages    TransferCounts `json:"messages"`
	Followers   TransferCounts `json:"followers"`
	Attachments TransferCounts `json:"attachments"`
}

// TransferReport is the history of one Transfer: a record per ticket, in
// the order of the ticket ids given, and the totals. It marshals to JSON.
type TransferReport struct {
	Source      string           `json:"source"`
	Destination string           `json:"destination"`
	DryRun      bool             `json:"dry_run,omitempty"`
	Started     time.Time        `json:"started"`
	Duration    time.Duration    `json:"duration_ns"`
	Tickets     []TicketTransfer `json:"tickets"`
	Totals      TransferTotals   `json:"totals"`
}

// total recomputes the totals from the tickets.
func (r *TransferReport) total() {
	var t TransferTotals
	for i := range r.Tickets {
		tt := &r.Tickets[i]
		t.Tickets++
		switch tt.Status {
		case StatusDone:
			t.Done++
		case StatusPartial:
			t.Partial++
		case StatusFailed:
			t.Failed++
		case StatusSkipped:
			t.Skipped++
		case StatusPlanned:
			t.Planned++
		}
		if tt.Created {
			t.Created++
		}
		t.Messages.add(tt.Messages)
		t.Followers.add(tt.Followers)
		t.Attachments.add(tt.Attachments)
	}
	r.Totals = t
}

// err is nil when every ticket is done, skipped or planned.
func (r *TransferReport) err() error {
	if r.Totals.Failed == 0 && r.Totals.Partial == 0 {
		return nil
	}
	var first error
	for i := range r.Tickets {
		if e := r.Tickets[i].Err(); e != nil {
			first = fmt.Errorf("ticket %d: %w", r.Tickets[i].SourceID, e)
			break
		}
	}
	return fmt.Errorf("%w: %d of %d tickets failed, %d partial; first: %v",
		ErrTransferIncomplete, r.Totals.Failed, r.Totals.Tickets, r.Totals.Partial, first)
}

// Summary is one line: the ticket counts by status and the chatter copied.
func (r *TransferReport) Summary() string {
	t := r.Totals
	return fmt.Sprintf("%d tickets: %d done, %d partial, %d failed, %d skipped, %d planned; created %d tickets, %d messages, %d followers, %d attachments in %s",
		t.Tickets, t.Done, t.Partial, t.Failed, t.Skipped, t.Planned, t.Created,
		t.Messages.Transferred, t.Followers.Transferred, t.Attachments.Transferred, r.Duration.Round(time.Millisecond))
}
