package ekiclitest

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// Content types: Odoo's JSON routes (POST, PUT, logins, /object/) answer
// with a charset, the module's own HTTP routes (GET, DELETE) without one.
const (
	ctypeRPC    = "application/json; charset=utf-8"
	ctypeModule = "application/json"
	ctypeHTML   = "text/html; charset=utf-8"
)

func jsonReply(status int, ctype string, v any) *faultengine.Reply {
	b, _ := json.Marshal(v)
	return &faultengine.Reply{Status: status, Header: http.Header{"Content-Type": {ctype}}, Body: b}
}

// page is werkzeug's HTML page of an HTTP error.
func page(status int, text string) *faultengine.Reply {
	st := http.StatusText(status)
	body := fmt.Sprintf("<!doctype html>\n<html lang=en>\n<title>%d %s</title>\n<h1>%s</h1>\n<p>%s</p>\n", status, st, st, text)
	return &faultengine.Reply{Status: status, Header: http.Header{"Content-Type": {ctypeHTML}}, Body: []byte(body)}
}

func notFoundPage() *faultengine.Reply {
	return page(http.StatusNotFound, "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
}

func serverErrorPage() *faultengine.Reply {
	return page(http.StatusInternalServerError, "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.")
}

// rpcResult and rpcError are Odoo's JSON-RPC envelopes (id echoed).
func rpcResult(id json.RawMessage, result any) *faultengine.Reply {
	return jsonReply(http.StatusOK, ctypeRPC, map[string]any{"jsonrpc": "2.0", "id": rpcID(id), "result": result})
}

func rpcError(id json.RawMessage, e *odooError) *faultengine.Reply {
	msg := "Odoo Server Error"
	if e.code == 100 {
		msg = "Odoo Session Expired"
	}
	return jsonReply(http.StatusOK, ctypeRPC, map[string]any{"jsonrpc": "2.0", "id": rpcID(id), "error": map[string]any{
		"code": e.code, "message": msg,
		"data": map[string]any{
			"name":      e.name,
			"debug":     "Traceback (most recent call last):\n  ...\n" + e.name + ": " + e.message,
			"message":   e.message,
			"arguments": []any{e.message},
			"context":   map[string]any{},
		},
	}})
}

// moduleError is the module's own error envelope of its HTTP routes: HTTP
// 200, no context, the exception's class in exception_type.
func moduleError(name, message string, arguments []any, exceptionType string) *faultengine.Reply {
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{
		"code": 200, "message": message,
		"data": map[string]any{"name": name, "debug": "", "message": message, "arguments": arguments, "exception_type": exceptionType},
	}})
}

func unknownModelError(model string) *faultengine.Reply {
	return moduleError("'"+model+"'", fmt.Sprintf("The model `%s` does not exist.", model), []any{model}, "KeyError")
}

func rpcID(id json.RawMessage) json.RawMessage {
	if len(id) == 0 {
		return json.RawMessage("null")
	}
	return id
}

// rpcRequest is a JSON route's body.
type rpcRequest struct {
	ID     json.RawMessage `json:"id"`
	Params json.RawMessage `json:"params"`
}

// readJSON reads a JSON route's body; nil when it is not JSON (Odoo's 400).
func readJSON(r *http.Request) *rpcRequest {
	b, err := io.ReadAll(io.LimitReader(r.Body, 8<<20))
	var req rpcRequest
	if err != nil || json.Unmarshal(b, &req) != nil {
		return nil
	}
	return &req
}

func badJSON() *faultengine.Reply { return page(http.StatusBadRequest, "Invalid JSON data") }

func (s *Server) authorized(r *http.Request) bool {
	sid := ""
	if ck, err := r.Cookie("session_id"); err == nil {
		sid = ck.Value
	}
	if sid == "" {
		sid = r.URL.Query().Get("session_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return sid != "" && s.sessions[sid]
}

// loginRedirect is Odoo's answer to an HTTP route without a session.
func loginRedirect(r *http.Request) *faultengine.Reply {
	loc := "/web/login?redirect=" + url.QueryEscape(r.URL.RequestURI())
	body := fmt.Sprintf("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"+
		"<p>You should be redirected automatically to the target URL: <a href=\"%s\">%s</a>. If not, click the link.\n", html.EscapeString(loc), html.EscapeString(loc))
	return &faultengine.Reply{Status: http.StatusSeeOther, Header: http.Header{"Content-Type": {ctypeHTML}, "Location": {loc}}, Body: []byte(body)}
}

// route is what a request calls.
type route struct {
	op, model string
	id        int64
	fn        string // /object/ method
	json      bool   // an Odoo JSON route (POST, PUT, /object/, logins)
	run       func(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rt := s.route(r)
	if rt == nil {
		write(w, notFoundPage())
		return
	}
	var req *rpcRequest
	if rt.json {
		if req = readJSON(r); req == nil {
			write(w, badJSON())
			return
		}
	}
	s.faults.Serve(w, r, faultengine.Exchange[fault.Single]{
		Call: Call{HTTPMethod: r.Method, Path: r.URL.Path, Model: rt.model, Method: rt.op},
		Run: func(c *Call) *faultengine.Reply {
			if rt.op != "authenticate" && !s.authorized(r) {
				c.Err = "session expired"
				if rt.json {
					return rpcError(req.id(), sessionExpired)
				}
				return loginRedirect(r)
			}
			return rt.run(rt, r, req, c)
		},
		Custom: func(f *Fault, c *Call) *faultengine.Reply {
			switch f.Kind {
			case fault.OdooError:
				return rpcError(req.id(), &odooError{code: 200, name: f.ErrorName, message: f.ErrorMessage})
			case fault.SessionExpired:
				if rt.json {
					return rpcError(req.id(), sessionExpired)
				}
				return loginRedirect(r)
			case fault.WriteFalse:
				return rpcResult(nil, false)
			}
			return nil
		},
	})
}

func (req *rpcRequest) id() json.RawMessage {
	if req == nil {
		return nil
	}
	return req.ID
}

func write(w http.ResponseWriter, rep *faultengine.Reply) {
	for k, vs := range rep.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.Body)))
	w.WriteHeader(rep.Status)
	_, _ = w.Write(rep.Body)
}

func (s *Server) route(r *http.Request) *route {
	p := r.URL.Path
	switch {
	case strings.TrimSuffix(p, "/") == "/web/session/authenticate" && r.Method == http.MethodPost:
		return &route{op: "authenticate", json: true, run: s.authenticate}
	case strings.TrimSuffix(p, "/") == "/auth" && r.Method == http.MethodPost:
		return &route{op: "authenticate", json: true, run: s.authenticate}
	case p == "/web/session/destroy" && r.Method == http.MethodPost:
		return &route{op: "logout", json: true, run: s.logout} // logout.go
	case strings.HasPrefix(p, "/object/") && r.Method == http.MethodPost:
		parts := strings.Split(strings.Trim(strings.TrimPrefix(p, "/object/"), "/"), "/")
		rt := &route{op: "call", json: true, model: parts[0], run: s.object}
		switch len(parts) {
		case 2:
			rt.fn = parts[1]
		case 3:
			id, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return nil
			}
			rt.id, rt.fn = id, parts[2]
		default:
			return nil
		}
		return rt
	case strings.HasPrefix(p, "/api/"):
		parts := strings.Split(strings.Trim(strings.TrimPrefix(p, "/api/"), "/"), "/")
		if len(parts) > 2 || parts[0] == "" {
			return nil
		}
		rt := &route{model: parts[0]}
		if len(parts) == 2 {
			id, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return nil
			}
			rt.id = id
		}
		switch r.Method {
		case http.MethodGet:
			rt.op, rt.run = "read", s.get
		case http.MethodPost:
			if rt.id != 0 {
				return nil
			}
			rt.op, rt.run, rt.json = "create", s.post, true
		case http.MethodPut:
			rt.op, rt.run, rt.json = "write", s.put, true
		case http.MethodDelete:
			rt.op, rt.run = "unlink", s.delete
		default:
			return nil
		}
		return rt
	}
	return nil
}

func (s *Server) authenticate(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	var p struct {
		DB       *string `json:"db"`
		Login    *string `json:"login"`
		Password *string `json:"password"`
	}
	_ = json.Unmarshal(req.Params, &p)
	if p.Login != nil {
		c.Login = *p.Login
	}
	if p.DB == nil {
		c.Err = "AccessDenied"
		return rpcError(req.ID, &odooError{code: 200, name: "odoo.exceptions.AccessDenied", message: "`db` is required."})
	}
	if *p.DB != s.db || p.Login == nil || p.Password == nil || *p.Login != s.login || *p.Password != s.password {
		c.Err = "AccessDenied"
		return rpcError(req.ID, &odooError{code: 200, name: "odoo.exceptions.AccessDenied", message: "Access Denied"})
	}
	c.Applied = true
	// Both routes answer the session info and the session in a cookie
	// (captures 01 and 04).
	rep := rpcResult(req.ID, s.sessionInfo())
	s.issueSession(rep, true)
	return rep
}

// issueSession makes a new session id, logged in or not (an anonymous
// one), records it for IssuedSessions and sets it in rep's cookie as Odoo
// does (a week).
func (s *Server) issueSession(rep *faultengine.Reply, loggedIn bool) {
	sid := newSessionID()
	s.mu.Lock()
	if loggedIn {
		s.sessions[sid] = true
	}
	s.issued = append(s.issued, sid)
	s.mu.Unlock()
	ck := &http.Cookie{Name: "session_id", Value: sid, Path: "/", HttpOnly: true, MaxAge: 604800,
		Expires: time.Now().Add(604800 * time.Second)}
	rep.Header.Add("Set-Cookie", ck.String())
}

// sessionInfo is Odoo 16's session info, with the keys of capture 01.
func (s *Server) sessionInfo() map[string]any {
	return map[string]any{"uid": 2, "is_system": true, "is_admin": true, "db": s.db, "username": s.login,
		"user_context":   map[string]any{"lang": "fr_FR", "tz": "Africa/Algiers", "uid": 2},
		"server_version": "16.0", "server_version_info": []any{16, 0, 0, "final", 0, ""},
		"support_url": "https://www.odoo.com/buy", "name": "Administrator", "partner_display_name": "Ekiclik, Administrator",
		"company_id": 1, "partner_id": 3, "web.base.url": s.URL, "active_ids_limit": 20000,
		"profile_session": nil, "profile_collectors": nil, "profile_params": nil, "max_file_upload_size": 134217728,
		"home_action_id": false, "cache_hashes": map[string]any{"translations": "0", "load_menus": "0"},
		"currencies":    map[string]any{"1": map[string]any{"symbol": "DA", "position": "after", "digits": []any{69, 2}}},
		"bundle_params": map[string]any{"lang": "fr_FR"},
		"user_companies": map[string]any{"current_company": 1, "allowed_companies": map[string]any{
			"1": map[string]any{"id": 1, "name": "Ekiclik", "sequence": 0}}},
		"show_effect": true, "display_switch_company_menu": false, "user_id": []any{2}, "web_tours": []any{},
		"tour_disable": true, "notification_type": "email", "odoobot_initialized": true, "iap_company_enrich": true}
}
