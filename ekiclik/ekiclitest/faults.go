package ekiclitest

import "github.com/deskbridge/deskbridge/internal/fault"

// Call is one entry of the call log (Calls). Model is "" for logins;
// Method is the operation: "authenticate", "create", "write", "read",
// "unlink", or "call" for the /object/ routes; IDs are the records read,
// created or written; Err says why the call failed or which fault
// answered it; Applied reports whether the call ran to completion and its
// changes are kept, whatever the client received.
type Call = fault.Call[fault.Single]

// Fault describes requests to answer badly: Method (the operation, as in
// Call) and Model select them ("" matches any). See FaultKind.
type Fault = fault.Fault[fault.Single]

// FaultKind is what an injected fault does; ekiclitest shares the kinds and
// their meanings with the module's other fakes.
type FaultKind = fault.Kind

// The fault kinds (table in RELIABILITY.md).
const (
	FaultStatus, FaultHTML, Fault429, FaultGarbage                     = fault.Status, fault.HTML, fault.TooManyRequests, fault.Garbage
	FaultDelay, FaultSlowBody, FaultTruncate, FaultShortBody           = fault.Delay, fault.SlowBody, fault.Truncate, fault.ShortBody
	FaultDropBefore, FaultResetBefore, FaultDropAfter, FaultResetAfter = fault.DropBefore, fault.ResetBefore, fault.DropAfter, fault.ResetAfter
)

// The kinds only this fake serves: FaultOdooError answers Odoo's JSON-RPC
// error for ErrorName and ErrorMessage, FaultSessionExpired what the
// server answers without a session (code 100 on JSON routes, a 303 to
// /web/login on GET and DELETE), FaultWriteFalse result false to a write
// (the module's answer when the write raises). None applies the call.
const (
	FaultOdooError, FaultSessionExpired, FaultWriteFalse = fault.OdooError, fault.SessionExpired, fault.WriteFalse
)
