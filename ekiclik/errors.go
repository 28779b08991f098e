package ekiclik

import (
	"encoding/json"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
)

// ekiclik declares no sentinels of its own: its errors match the shared
// meanings of package deskbridge with errors.Is, which is the way to tell
// them apart (as in odoo and jutda). A *deskbridge.ArgumentError matches
// deskbridge.ErrInvalidArgument, a *NotFoundError deskbridge.ErrNotFound,
// and every error of a create or update exactly one of
// deskbridge.ErrNotApplied and deskbridge.ErrOutcomeUnknown (the rule is in
// the latter's doc); the odoo errors they wrap keep their own matches
// (odoo.ErrAccessDenied, deskbridge.ErrBodyTooLarge, a
// *deskbridge.RateLimitError, ...) and errors.As reaches them.

// NotFoundError is a record that does not exist (GetRecord: ID) or an
// update whose filter matched nothing (Filter; the PUT was not sent). It
// matches deskbridge.ErrNotFound.
type NotFoundError struct {
	Model string
	Op    string // "read" or "write"
	// ID is the record GetRecord asked for (0 for an update).
	ID int64
	// Filter is the update's filter.
	Filter domain.Domain
}

// Error returns "ekiclik: <op> <model>: not found: ...".
func (e *NotFoundError) Error() string {
	if e.ID != 0 {
		return fmt.Sprintf("ekiclik: %s %s: record %d not found (it does not exist or has been deleted)", e.Op, e.Model, e.ID)
	}
	f, _ := json.Marshal(e.Filter)
	return fmt.Sprintf("ekiclik: %s %s: no record matches %s: nothing sent", e.Op, e.Model, f)
}

// Is reports whether target is deskbridge.ErrNotFound; an update whose
// filter matched nothing also matches deskbridge.ErrNotApplied (nothing
// was sent).
func (e *NotFoundError) Is(target error) bool {
	return target == deskbridge.ErrNotFound || target == deskbridge.ErrNotApplied && e.Op == "write"
}

// notAppliedError marks a create or update the server surely did not apply.
// It matches deskbridge.ErrNotApplied and wraps the cause: an *odoo.Error (errors.As)
// for an error Odoo answered, an *odoo.ResponseError for a 4xx page, a
// transport error for a request that never left.
type notAppliedError struct {
	Model string
	Op    string // "create" or "write"
	Err   error
}

// Error returns "ekiclik: <op> <model>: not applied: <cause>".
func (e *notAppliedError) Error() string {
	return "ekiclik: " + e.Op + " " + e.Model + ": not applied: " + errText(e.Err)
}

// Unwrap returns the cause.
func (e *notAppliedError) Unwrap() error { return e.Err }

// Is reports whether target is deskbridge.ErrNotApplied.
func (e *notAppliedError) Is(target error) bool { return target == deskbridge.ErrNotApplied }

// outcomeUnknownError marks a create or update whose reply was lost or
// unreadable after the request may have reached the server: it may have
// been applied, once. The client never sends it again by itself. It
// matches deskbridge.ErrOutcomeUnknown and wraps the cause (a *transport error, an
// *odoo.ResponseError with the status and start of the body).
type outcomeUnknownError struct {
	Model string
	Op    string
	Err   error
}

// Error returns "ekiclik: <op> <model>: outcome unknown (may have been
// applied; check before sending again): <cause>".
func (e *outcomeUnknownError) Error() string {
	return "ekiclik: " + e.Op + " " + e.Model + ": outcome unknown (may have been applied; check before sending again): " + errText(e.Err)
}

// Unwrap returns the cause.
func (e *outcomeUnknownError) Unwrap() error { return e.Err }

// Is reports whether target is deskbridge.ErrOutcomeUnknown.
func (e *outcomeUnknownError) Is(target error) bool { return target == deskbridge.ErrOutcomeUnknown }

func errText(err error) string {
	if err == nil {
		return "unknown cause"
	}
	return err.Error()
}
