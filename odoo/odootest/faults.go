package odootest

import (
	"github.com/deskbridge/deskbridge/internal/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

// CallRecord is one entry of the call log (Calls): an ORM call, an
// authentication or a version call, with its outcome. Model is "" for
// authentication and version calls, whose Method is "authenticate",
// "login", "version", "session_info", "destroy" or "token"; IDs are the
// records the call named (read, write, unlink, ...) or created (create,
// copy, message_post); Err is "<exception>: <message>" when the call
// failed, or "injected fault: <kind>" when a fault answered instead;
// Applied reports whether the server ran the call to completion (its
// changes are committed): a FaultDropAfter or FaultTruncate call is
// applied although the client never gets the reply.
type CallRecord = fault.Call[odoo.Protocol]

// Fault describes requests to answer badly: Protocols (empty: any),
// Model and Method ("" matches any; auth calls have Method
// "authenticate", "token", ...) select them. It applies to the next Times
// matching requests (0 means 1), then is consumed.
type Fault = fault.Fault[odoo.Protocol]

// FaultKind is what an injected fault does. The kinds mean the same in
// every fake of this module (odootest, jutdatest, ekiclitest); the table is
// in RELIABILITY.md.
type FaultKind = fault.Kind

// The fault kinds odootest serves.
const (
	// FaultStatus answers Status (default 500) with a small text body;
	// the call is not applied.
	FaultStatus = fault.Status
	// FaultOdooError answers the protocol's error shape for ErrorName and
	// ErrorMessage; the call is not applied.
	FaultOdooError = fault.OdooError
	// FaultDelay sleeps Delay (or until the request is cancelled), then
	// serves normally.
	FaultDelay = fault.Delay
	// FaultDropBefore closes the connection (FIN) without applying the
	// call; FaultResetBefore resets it (RST). Go's http.Transport silently
	// retries a GET (or a request with an Idempotency-Key) that fails this
	// way on a reused connection: give such faults Times 2 to see the
	// error.
	FaultDropBefore  = fault.DropBefore
	FaultResetBefore = fault.ResetBefore
	// FaultDropAfter applies the call, then closes the connection (FIN)
	// without a reply: the "reply lost" case; FaultResetAfter resets it.
	FaultDropAfter  = fault.DropAfter
	FaultResetAfter = fault.ResetAfter
	// FaultTruncate applies the call, sends the headers with the whole
	// Content-Length and half the body, then closes the connection.
	FaultTruncate = fault.Truncate
	// FaultShortBody applies the call, then sends a complete reply whose
	// body is the first half of the real one (cut JSON).
	FaultShortBody = fault.ShortBody
	// FaultHTML answers an HTML page with Status (default 200), like a
	// proxy or a login page; the call is not applied.
	FaultHTML = fault.HTML
	// Fault429 answers 429 Too Many Requests with RetryAfter; the call is
	// not applied.
	Fault429 = fault.TooManyRequests
	// FaultGarbage answers 200 with a body that is not JSON.
	FaultGarbage = fault.Garbage
	// FaultSlowBody applies the call, writes half the reply, sleeps Delay,
	// then writes the rest.
	FaultSlowBody = fault.SlowBody
)

// logCall appends rec to the call log.
func (s *Server) logCall(rec CallRecord) { s.Log(rec) }
