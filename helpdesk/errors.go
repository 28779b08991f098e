package helpdesk

import (
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
)

// Sentinels of helpdesk's own meanings, matched with errors.Is. The shared
// meanings have one name, in package deskbridge: a *deskbridge.ArgumentError matches
// deskbridge.ErrInvalidArgument, an *UnsupportedError
// deskbridge.ErrUnsupported, a *deskbridge.NotFoundError deskbridge.ErrNotFound; the
// odoo errors helpdesk passes through keep their matches
// (deskbridge.ErrNotFound for a missing ticket; for a call that changes
// data, exactly one of deskbridge.ErrOutcomeUnknown and
// deskbridge.ErrNotApplied).
var (
	// ErrChecksum: a downloaded attachment does not match the checksum or
	// the size the server reported for it.
	ErrChecksum = errors.New("helpdesk: attachment checksum mismatch")
	// ErrNoClosingStage: Close found no stage to close the ticket with (no
	// folded stage for the ticket's team on Enterprise, no stage with
	// closed=True on OCA).
	ErrNoClosingStage = errors.New("helpdesk: no closing stage")
)

func invalid(field, format string, args ...any) error {
	return &deskbridge.ArgumentError{Op: "helpdesk", Arg: field, Reason: fmt.Sprintf(format, args...)}
}

// UnsupportedError names what the server's schema lacks for an operation.
// It matches deskbridge.ErrUnsupported.
type UnsupportedError struct {
	Flavor  string // the flavor's name, e.g. "oca"
	Op      string // the operation, e.g. "SLAs.List"
	Missing string // the model or field that is missing, e.g. "model helpdesk.sla"
}

// Error names the operation, the flavor and what is missing.
func (e *UnsupportedError) Error() string {
	return "helpdesk: " + e.Op + " is not supported by the " + e.Flavor + " helpdesk schema (no " + e.Missing + ")"
}

// Is reports whether target is deskbridge.ErrUnsupported.
func (e *UnsupportedError) Is(target error) bool { return target == deskbridge.ErrUnsupported }

// checkID refuses a non-positive record id.
func checkID(field string, id int64) error {
	if id <= 0 {
		return invalid(field, "must be a positive id, got %d", id)
	}
	return nil
}

// checkIDs refuses an empty list or any non-positive id.
func checkIDs(field string, ids []int64) error {
	if len(ids) == 0 {
		return invalid(field, "at least one id is needed")
	}
	for i, id := range ids {
		if id <= 0 {
			return invalid(fmt.Sprintf("%s[%d]", field, i), "must be a positive id, got %d", id)
		}
	}
	return nil
}

// checkOptionalID refuses a negative id; zero means "not set".
func checkOptionalID(field string, id int64) error {
	if id < 0 {
		return invalid(field, "must be a positive id or 0, got %d", id)
	}
	return nil
}
