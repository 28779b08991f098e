package odootest

import (
	"context"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
	"github.com/deskbridge/deskbridge/odoo"
)

// Call is one entry of the call log (Calls): an ORM call, an
// authentication or a version call, with its outcome. Model is "" for
// authentication and version calls, whose Method is "authenticate",
// "login", "version", "session_info", "destroy" or "token"; IDs are the
// records the call named (read, write, unlink, ...) or created (create,
// copy, message_post); Err is "<exception>: <message>" when the call
// failed, or "injected fault: <kind>" when a fault answered instead;
// Applied reports whether the server ran the call to completion (its
// changes are committed): a fault.DropAfter or fault.Truncate call is
// applied although the client never gets the reply.
type Call = fault.Call[odoo.Protocol]

// Fault describes requests to answer badly (kinds: package fault):
// Protocols (empty: any), Model and Method ("" matches any; auth calls
// have Method "authenticate", "token", ...) select them. odootest serves
// every kind but ServerPage, SessionExpired and WriteFalse (501).
type Fault = fault.Fault[odoo.Protocol]

// logCall appends rec to the call log, with the kind of the fault that
// disturbs the request (faultengine.FaultOf(ctx)).
func (s *Server) logCall(ctx context.Context, rec Call) {
	rec.Fault = faultengine.FaultOf(ctx)
	s.faults.Log(rec)
}
