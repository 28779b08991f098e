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

// FaultKind is what an injected fault does. The kinds mean the same in
// every fake of this module (odootest, jutdatest, ekiclitest); the table is
// in RELIABILITY.md.
type FaultKind = fault.Kind

// The fault kinds ekiclitest serves.
const (
	// FaultStatus answers Status (default 500) with a short text body;
	// the call is not applied unless Apply.
	FaultStatus = fault.Status
	// FaultHTML answers Status (200 when zero) with an HTML error page,
	// like a proxy.
	FaultHTML = fault.HTML
	// Fault429 answers 429 Too Many Requests with RetryAfter.
	Fault429 = fault.TooManyRequests
	// FaultGarbage answers 200 with a body that is not JSON.
	FaultGarbage = fault.Garbage
	// FaultDelay waits Delay (or until the request is cancelled), then
	// serves normally.
	FaultDelay = fault.Delay
	// FaultDropBefore closes the connection (FIN) without running the
	// call; FaultResetBefore resets it (RST).
	FaultDropBefore  = fault.DropBefore
	FaultResetBefore = fault.ResetBefore
	// FaultDropAfter runs the call, then closes the connection: the reply
	// is lost but the change is kept; FaultResetAfter resets it.
	FaultDropAfter  = fault.DropAfter
	FaultResetAfter = fault.ResetAfter
	// FaultTruncate runs the call, then sends the headers with the whole
	// Content-Length and half the body, and closes the connection.
	FaultTruncate = fault.Truncate
	// FaultShortBody runs the call and answers a complete reply whose body
	// is the first half of the real one.
	FaultShortBody = fault.ShortBody
	// FaultSlowBody runs the call, sends half the body, waits Delay, then
	// the rest.
	FaultSlowBody = fault.SlowBody
	// FaultOdooError answers Odoo's JSON-RPC error envelope for ErrorName
	// and ErrorMessage (HTTP 200); the call is not applied.
	FaultOdooError = fault.OdooError
	// FaultSessionExpired answers as for an expired session: code 100 on
	// the JSON routes, a 303 to /web/login on GET and DELETE.
	FaultSessionExpired = fault.SessionExpired
	// FaultWriteFalse answers result false without writing, as the module
	// does when the write raises.
	FaultWriteFalse = fault.WriteFalse
)
