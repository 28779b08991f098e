package odootest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

// rpcEnvelope is a JSON-RPC 2.0 request as Odoo reads it.
type rpcEnvelope struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params map[string]any  `json:"params"`
}

func rpcID(id json.RawMessage) []byte {
	if len(id) == 0 {
		return []byte("null")
	}
	return id
}

// rpcResult is a JSON-RPC success; a nil result is left out, as Odoo does.
func rpcResult(id json.RawMessage, result any) *reply {
	size := 256
	if rows, ok := result.([]*row); ok && len(rows) > 0 {
		size += len(rows) * 24 * len(rows[0].keys)
	}
	b := make([]byte, 0, size)
	b = append(b, `{"jsonrpc": "2.0", "id": `...)
	b = append(b, rpcID(id)...)
	if result != nil {
		b = append(b, `, "result": `...)
		b = appendJSON(b, result)
	}
	b = append(b, '}')
	return &reply{status: http.StatusOK, ctype: ctypeJSON, body: b}
}

// rpcError is Odoo's JSON-RPC error: code 200 "Odoo Server Error" (0 on
// 19: odoo19/64), or code 100 "Odoo Session Expired" with id null
// (odoo16/43), or a werkzeug HTTP exception's code with its status line
// as message (odoo18/62).
func (s *Server) rpcError(id json.RawMessage, e *odooError) *reply {
	code, msg := s.prof.rpcErrorCode(), "Odoo Server Error"
	switch {
	case e.Name == excSessionExpired:
		code, msg, id = 100, "Odoo Session Expired", nil
	case e.rpcCode != 0:
		code, msg = e.rpcCode, fmt.Sprintf("%d: %s", e.rpcCode, http.StatusText(int(e.rpcCode)))
	}
	if e.nullID {
		id = nil
	}
	data := &row{
		keys: []string{"name", "debug", "message", "arguments", "context"},
		vals: []any{e.Name, e.debug(), e.Message, e.arguments(), map[string]any{}},
	}
	b := make([]byte, 0, 512)
	b = append(b, `{"jsonrpc": "2.0", "id": `...)
	b = append(b, rpcID(id)...)
	b = append(b, `, "error": `...)
	b = appendJSON(b, &row{keys: []string{"code", "message", "data"}, vals: []any{code, msg, data}})
	b = append(b, '}')
	return &reply{status: http.StatusOK, ctype: ctypeJSON, body: b}
}

func invalidJSON() *reply {
	return &reply{status: http.StatusBadRequest, ctype: ctypeHTMLText, body: []byte("Invalid JSON data")}
}

func parseEnvelope(body []byte) (*rpcEnvelope, bool) {
	var env rpcEnvelope
	if err := decodeJSON(body, &env); err != nil {
		return nil, false
	}
	if env.Params == nil {
		env.Params = map[string]any{}
	}
	return &env, true
}

func argAt(args []any, i int) any {
	if i < len(args) {
		return args[i]
	}
	return nil
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// opJSONRPC parses a /jsonrpc call.
func (s *Server) opJSONRPC(r *http.Request, body []byte) *op {
	env, ok := parseEnvelope(body)
	if !ok {
		return &op{proto: odoo.JSONRPC, method: "parse", exec: func(ctx context.Context) *reply { return invalidJSON() }, errReply: func(*odooError) *reply { return invalidJSON() }}
	}
	o := &op{proto: odoo.JSONRPC, errReply: func(e *odooError) *reply { return s.rpcError(env.ID, e) }}
	service := asString(env.Params["service"])
	method := asString(env.Params["method"])
	args, _ := env.Params["args"].([]any)
	o.method = method
	switch service {
	case "common":
		o.exec = func(ctx context.Context) *reply { return s.serveCommon(ctx, env, method, args) }
	case "object":
		o.model = asString(argAt(args, 3))
		o.method = asString(argAt(args, 4))
		o.exec = func(ctx context.Context) *reply { return s.serveObject(ctx, env, method, args) }
	case "db":
		o.exec = func(ctx context.Context) *reply {
			switch method {
			case "list":
				return rpcResult(env.ID, s.databases())
			case "server_version":
				return rpcResult(env.ID, s.versionInfo()["server_version"])
			case "db_exist":
				return rpcResult(env.ID, s.hasDatabase(asString(argAt(args, 0))))
			}
			return s.rpcError(env.ID, newErr(excKeyError, "%s", pyRepr(method)))
		}
	default:
		o.exec = func(ctx context.Context) *reply {
			return s.rpcError(env.ID, newErr(excKeyError, "%s", pyRepr(service)))
		}
	}
	return o
}

func (s *Server) serveCommon(ctx context.Context, env *rpcEnvelope, method string, args []any) *reply {
	switch method {
	case "version":
		s.logCall(ctx, Call{Protocol: odoo.JSONRPC, Method: "version", Applied: true})
		return rpcResult(env.ID, s.versionInfo())
	case "about":
		return rpcResult(env.ID, "See http://openerp.com")
	case "login", "authenticate":
		db, login, pw := asString(argAt(args, 0)), asString(argAt(args, 1)), asString(argAt(args, 2))
		if !s.hasDatabase(db) {
			e := errUnknownDB(db)
			e.where = `  File "/opt/odoo/odoo/modules/registry.py", line 64, in __new__`
			s.logCall(ctx, Call{Protocol: odoo.JSONRPC, Method: method, Login: login, Err: e.Name + ": " + e.Message})
			return s.rpcError(env.ID, e)
		}
		uid := s.checkPassword(login, pw, true)
		rec := Call{Protocol: odoo.JSONRPC, Method: method, Login: login, Applied: uid != 0}
		if uid == 0 {
			rec.Err = excAccessDenied + ": Access Denied"
			s.logCall(ctx, rec)
			return rpcResult(env.ID, false)
		}
		s.logCall(ctx, rec)
		return rpcResult(env.ID, uid)
	}
	return s.rpcError(env.ID, newErr(excAttributeError, "module 'odoo.service.common' has no attribute 'exp_%s'", method))
}

func (s *Server) serveObject(ctx context.Context, env *rpcEnvelope, method string, args []any) *reply {
	if method != "execute_kw" && method != "execute" {
		return s.rpcError(env.ID, newErr(excNotFound, "404 Not Found: method %s", method))
	}
	db := asString(argAt(args, 0))
	if !s.hasDatabase(db) { // /jsonrpc ignores the db filter (odoo16/54)
		return s.rpcError(env.ID, errUnknownDB(db))
	}
	uid := asID(argAt(args, 1))
	pw := asString(argAt(args, 2))
	model, meth := asString(argAt(args, 3)), asString(argAt(args, 4))
	if !s.checkUID(uid, pw) {
		e := errAccessDenied()
		s.logCall(ctx, Call{Protocol: odoo.JSONRPC, Model: model, Method: meth, Err: e.Name + ": " + e.Message})
		return s.rpcError(env.ID, e)
	}
	var pos []any
	var kw map[string]any
	if method == "execute_kw" {
		pos, _ = argAt(args, 5).([]any)
		kw, _ = argAt(args, 6).(map[string]any)
	} else if len(args) > 5 {
		pos = args[5:]
	}
	res, err := s.execute(ctx, odoo.JSONRPC, uid, model, meth, pos, kw)
	if err != nil {
		return s.rpcError(env.ID, err)
	}
	return rpcResult(env.ID, res)
}

// --- web session ----------------------------------------------------------------

// sessionOf answers the request's session id and its session (nil when
// none is valid). The session_id cookie carries it on every version; 16
// also reads the X-Openerp-Session-Id header and ?session_id=
// (profile.sessionCarriers).
func (s *Server) sessionOf(r *http.Request) (string, *session) {
	sid := ""
	if c, err := r.Cookie("session_id"); err == nil && c.Value != "" {
		sid = c.Value
	} else if s.prof.sessionCarriers() {
		sid = r.Header.Get("X-Openerp-Session-Id")
		if sid == "" {
			sid = r.URL.Query().Get("session_id")
		}
	}
	if sid == "" {
		return "", nil
	}
	s.amu.Lock()
	defer s.amu.Unlock()
	return sid, s.sessions[sid]
}

// withCookie adds n Set-Cookie headers for the session sid.
func (s *Server) withCookie(rep *reply, sid string, n int) *reply {
	if rep.header == nil {
		rep.header = http.Header{}
	}
	for range n {
		rep.header.Add("Set-Cookie", s.prof.sessionCookie(sid, s.cfg.clock()))
	}
	return rep
}

// opWeb parses a /web JSON-RPC route. Replies set the session cookie
// only where Odoo does: a login, get_session_info, destroy, a reply that
// made a new anonymous session (version_info, database list without a
// cookie: odoo16/42, 73) and, from 18, the first successful call_kw of a
// session (profile.dirtyOnFirstCall). Errors and other calls set none
// (odoo16/40, 43, 44; odoo17/62-66).
func (s *Server) opWeb(r *http.Request, body []byte, kind string) *op {
	env, ok := parseEnvelope(body)
	if !ok {
		return &op{proto: odoo.WebSession, method: kind, exec: func(ctx context.Context) *reply { return invalidJSON() }, errReply: func(*odooError) *reply { return invalidJSON() }}
	}
	sid, sess := s.sessionOf(r)
	anon := func(rep *reply) *reply {
		if sid == "" {
			return s.withCookie(rep, s.prof.sessionID(), 1)
		}
		return rep
	}
	o := &op{proto: odoo.WebSession, method: kind, errReply: func(e *odooError) *reply { return s.rpcError(env.ID, e) }}
	switch kind {
	case "version":
		o.exec = func(ctx context.Context) *reply {
			s.logCall(ctx, Call{Protocol: odoo.WebSession, Method: "version", Applied: true})
			return anon(rpcResult(env.ID, s.versionInfo()))
		}
	case "db_list":
		o.exec = func(ctx context.Context) *reply { return anon(rpcResult(env.ID, s.databases())) }
	case "authenticate":
		o.exec = func(ctx context.Context) *reply {
			db, login, pw := asString(env.Params["db"]), asString(env.Params["login"]), asString(env.Params["password"])
			rec := Call{Protocol: odoo.WebSession, Method: "authenticate", Login: login}
			if !s.visibleDatabase(db) {
				e := newErr(excAccessError, "Database not found.") // odoo16/53, odoo19/70
				rec.Err = e.Name + ": " + e.Message
				s.logCall(ctx, rec)
				return s.rpcError(env.ID, e)
			}
			if s.lockedOut(r) {
				e := newErr(excAccessDenied, "Too many login failures, please wait a bit before trying again.") // odoo16/79
				rec.Err = e.Name + ": " + e.Message
				s.logCall(ctx, rec)
				return s.rpcError(env.ID, e)
			}
			uid := s.checkPassword(login, pw, false)
			if uid == 0 {
				s.loginFailed(r)
				e := errAccessDenied()
				rec.Err = e.Name + ": " + e.Message
				s.logCall(ctx, rec)
				return s.rpcError(env.ID, e)
			}
			s.loginSucceeded(r)
			nsid := s.prof.sessionID()
			s.amu.Lock()
			if sid != "" {
				delete(s.sessions, sid)
			}
			s.sessions[nsid] = &session{uid: uid, login: login, db: db}
			s.amu.Unlock()
			rec.Applied = true
			s.logCall(ctx, rec)
			n := s.prof.loginCookies()
			if s.multiDB() && s.prof.major <= 16 {
				n = 2 // odoo16/74: a login on a server without db filter sends the cookie twice
			}
			return s.withCookie(rpcResult(env.ID, s.sessionInfo(uid, db)), nsid, n)
		}
	case "session_info":
		o.exec = func(ctx context.Context) *reply {
			if sess == nil {
				s.logCall(ctx, Call{Protocol: odoo.WebSession, Method: "session_info", Err: excSessionExpired + ": Session expired"})
				return s.rpcError(env.ID, errSessionExpired())
			}
			s.logCall(ctx, Call{Protocol: odoo.WebSession, Method: "session_info", Login: sess.login, Applied: true})
			return s.withCookie(rpcResult(env.ID, s.sessionInfo(sess.uid, sess.db)), sid, 1)
		}
	case "check":
		// /web/session/check answers None with a valid session (odoo16/70);
		// without one session expired (guess after web/controllers/session.py,
		// which only checks the session).
		o.exec = func(ctx context.Context) *reply {
			if sess == nil {
				return s.rpcError(env.ID, errSessionExpired())
			}
			return rpcResult(env.ID, nil)
		}
	case "destroy":
		o.exec = func(ctx context.Context) *reply {
			rec := Call{Protocol: odoo.WebSession, Method: "destroy", Applied: true}
			if sess != nil {
				rec.Login = sess.login
				s.amu.Lock()
				delete(s.sessions, sid)
				s.amu.Unlock()
			}
			s.logCall(ctx, rec)
			rep := rpcResult(env.ID, nil)
			if s.prof.destroyClearsCids() {
				rep.header = http.Header{"Set-Cookie": {"cids=; Expires=" + s.cfg.clock().UTC().AddDate(1, 0, 0).Format(http.TimeFormat) + "; Max-Age=0; Path=/"}}
			}
			return s.withCookie(rep, s.prof.sessionID(), 1)
		}
	case "call_kw":
		model, method := asString(env.Params["model"]), asString(env.Params["method"])
		if model == "" || method == "" {
			parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/web/dataset/call_kw/"), "/")
			if len(parts) == 2 {
				model, method = parts[0], parts[1]
			}
		}
		o.model, o.method = model, method
		o.exec = func(ctx context.Context) *reply {
			if sess == nil {
				s.logCall(ctx, Call{Protocol: odoo.WebSession, Model: model, Method: method, Err: excSessionExpired + ": Session expired"})
				if s.multiDB() {
					// Several databases and no filter: without a session the
					// request has no database, so the route does not exist
					// (fixtures README, odoo16 72-77).
					return s.notFoundPage(false)
				}
				return s.rpcError(env.ID, errSessionExpired())
			}
			s.mu.RLock()
			unknown := s.st.models[model] == nil && !s.hasHandler(model)
			s.mu.RUnlock()
			if unknown {
				e := s.prof.unknownModelCallKW(model)
				s.logCall(ctx, Call{Protocol: odoo.WebSession, Model: model, Method: method, Err: e.Name + ": " + e.Message})
				return s.rpcError(env.ID, e)
			}
			args, _ := env.Params["args"].([]any)
			kw, _ := env.Params["kwargs"].(map[string]any)
			res, err := s.execute(ctx, odoo.WebSession, sess.uid, model, method, args, kw)
			if err != nil {
				return s.rpcError(env.ID, err)
			}
			rep := rpcResult(env.ID, res)
			if s.prof.dirtyOnFirstCall() && s.markUsed(sid) {
				s.withCookie(rep, sid, 1)
			}
			return rep
		}
	}
	return o
}
