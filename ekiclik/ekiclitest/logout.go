package ekiclitest

import (
	"net/http"

	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// logout is Odoo 16's POST /web/session/destroy (type json, auth user:
// without a session it answers session expired, as every JSON route here
// does): the session is logged out and Odoo answers a JSON-RPC reply
// without a result member (the method returns None) and a new, anonymous
// session in the cookie (capture odoo16/45-web-session-destroy). The new
// session is not logged in: a route called with it is refused.
func (s *Server) logout(_ *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	s.mu.Lock()
	if ck, err := r.Cookie("session_id"); err == nil {
		delete(s.sessions, ck.Value)
	}
	s.mu.Unlock()
	c.Applied = true
	rep := jsonReply(http.StatusOK, ctypeRPC, map[string]any{"jsonrpc": "2.0", "id": rpcID(req.ID)})
	s.issueSession(rep, false)
	return rep
}
