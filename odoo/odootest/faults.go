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

// FaultKind is what an injected fault does; odootest shares the kinds and
// their meanings with the module's other fakes.
type FaultKind = fault.Kind

// The fault kinds (table in RELIABILITY.md).
const (
	FaultStatus, FaultHTML, Fault429, FaultGarbage                     = fault.Status, fault.HTML, fault.TooManyRequests, fault.Garbage
	FaultDelay, FaultSlowBody, FaultTruncate, FaultShortBody           = fault.Delay, fault.SlowBody, fault.Truncate, fault.ShortBody
	FaultDropBefore, FaultResetBefore, FaultDropAfter, FaultResetAfter = fault.DropBefore, fault.ResetBefore, fault.DropAfter, fault.ResetAfter
)

// FaultOdooError answers the protocol's error shape for ErrorName and
// ErrorMessage; the call is not applied. (Go's http.Transport silently
// retries a GET, or a request with an Idempotency-Key, that fails on a
// reused connection before any byte came back: give FaultDropBefore
// Times 2 to see the error.)
const FaultOdooError = fault.OdooError

// logCall appends rec to the call log.
func (s *Server) logCall(rec CallRecord) { s.Log(rec) }
