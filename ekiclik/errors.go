package ekiclik

import "github.com/deskbridge/deskbridge"

// ekiclik declares no sentinels of its own: its errors match the shared
// meanings of package deskbridge with errors.Is, which is the way to tell
// them apart (as in odoo and jutda). A *deskbridge.ArgumentError matches
// deskbridge.ErrInvalidArgument, a *deskbridge.NotFoundError deskbridge.ErrNotFound,
// and every error of a create or update exactly one of
// deskbridge.ErrNotApplied and deskbridge.ErrOutcomeUnknown (the rule is in
// the latter's doc); the odoo errors they wrap keep their own matches
// (odoo.ErrAccessDenied, deskbridge.ErrBodyTooLarge, a
// *deskbridge.RateLimitError, ...) and errors.As reaches them.

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
