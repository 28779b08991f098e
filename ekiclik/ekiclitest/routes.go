package ekiclitest

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/fault"
)

// Content types: Odoo's JSON routes (POST, PUT, logins, /object/) answer
// with a charset, the module's own HTTP routes (GET, DELETE) without one.
const (
	ctypeRPC    = "application/json; charset=utf-8"
	ctypeModule = "application/json"
	ctypeHTML   = "text/html; charset=utf-8"
)

func jsonReply(status int, ctype string, v any) *fault.Reply {
	b, _ := json.Marshal(v)
	return &fault.Reply{Status: status, Header: http.Header{"Content-Type": {ctype}}, Body: b}
}

// page is werkzeug's HTML page of an HTTP error.
func page(status int, text string) *fault.Reply {
	st := http.StatusText(status)
	body := fmt.Sprintf("<!doctype html>\n<html lang=en>\n<title>%d %s</title>\n<h1>%s</h1>\n<p>%s</p>\n", status, st, st, text)
	return &fault.Reply{Status: status, Header: http.Header{"Content-Type": {ctypeHTML}}, Body: []byte(body)}
}

func notFoundPage() *fault.Reply {
	return page(http.StatusNotFound, "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")
}

func serverErrorPage() *fault.Reply {
	return page(http.StatusInternalServerError, "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.")
}

// rpcResult and rpcError are Odoo's JSON-RPC envelopes (id echoed).
func rpcResult(id json.RawMessage, result any) *fault.Reply {
	return jsonReply(http.StatusOK, ctypeRPC, map[string]any{"jsonrpc": "2.0", "id": rpcID(id), "result": result})
}

func rpcError(id json.RawMessage, e *odooError) *fault.Reply {
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
func moduleError(name, message string, arguments []any, exceptionType string) *fault.Reply {
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"jsonrpc": "2.0", "id": nil, "error": map[string]any{
		"code": 200, "message": message,
		"data": map[string]any{"name": name, "debug": "", "message": message, "arguments": arguments, "exception_type": exceptionType},
	}})
}

func unknownModelError(model string) *fault.Reply {
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

func badJSON() *fault.Reply { return page(http.StatusBadRequest, "Invalid JSON data") }

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
func loginRedirect(r *http.Request) *fault.Reply {
	loc := "/web/login?redirect=" + url.QueryEscape(r.URL.RequestURI())
	body := fmt.Sprintf("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n"+
		"<p>You should be redirected automatically to the target URL: <a href=\"%s\">%s</a>. If not, click the link.\n", html.EscapeString(loc), html.EscapeString(loc))
	return &fault.Reply{Status: http.StatusSeeOther, Header: http.Header{"Content-Type": {ctypeHTML}, "Location": {loc}}, Body: []byte(body)}
}

// route is what a request calls.
type route struct {
	op, model string
	id        int64
	fn        string // /object/ method
	json      bool   // an Odoo JSON route (POST, PUT, /object/, logins)
	run       func(rt *route, r *http.Request, req *rpcRequest, c *Call) *fault.Reply
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
	s.Serve(w, r, fault.Exchange[fault.Single]{
		Call: Call{HTTPMethod: r.Method, Path: r.URL.Path, Model: rt.model, Method: rt.op},
		Run: func(c *Call) *fault.Reply {
			if rt.op != "authenticate" && !s.authorized(r) {
				c.Err = "session expired"
				if rt.json {
					return rpcError(req.id(), sessionExpired)
				}
				return loginRedirect(r)
			}
			return rt.run(rt, r, req, c)
		},
		Custom: func(f *Fault, c *Call) *fault.Reply {
			switch f.Kind {
			case FaultOdooError:
				return rpcError(req.id(), &odooError{code: 200, name: f.ErrorName, message: f.ErrorMessage})
			case FaultSessionExpired:
				if rt.json {
					return rpcError(req.id(), sessionExpired)
				}
				return loginRedirect(r)
			case FaultWriteFalse:
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

func write(w http.ResponseWriter, rep *fault.Reply) {
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

func (s *Server) authenticate(rt *route, r *http.Request, req *rpcRequest, c *Call) *fault.Reply {
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
	sid := newSessionID()
	s.mu.Lock()
	s.sessions[sid] = true
	s.issued = append(s.issued, sid)
	s.mu.Unlock()
	c.Applied = true
	// Both routes answer the session info and the session in a cookie
	// (captures 01 and 04).
	rep := rpcResult(req.ID, s.sessionInfo())
	ck := &http.Cookie{Name: "session_id", Value: sid, Path: "/", HttpOnly: true, MaxAge: 604800,
		Expires: time.Now().Add(604800 * time.Second)}
	rep.Header.Add("Set-Cookie", ck.String())
	return rep
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

// get serves GET /api/<model>/ and /api/<model>/<id>/.
func (s *Server) get(rt *route, r *http.Request, _ *rpcRequest, c *Call) *fault.Reply {
	v := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	var q *query
	if raw := v.Get("query"); raw != "" {
		var err error
		if q, err = parseQuery(raw); err != nil {
			c.Err = err.Error()
			return moduleError(err.Error(), err.Error(), []any{err.Error()}, "SyntaxError")
		}
	}
	if id := rt.id; id != 0 {
		rec := s.tables[m.name][id]
		if rec == nil {
			if q.onlyID() {
				// The module reads nothing to answer the id: it echoes
				// it (the report of the real server).
				c.Applied = true
				return jsonReply(http.StatusOK, ctypeModule, map[string]any{"id": id})
			}
			c.Err = "MissingError"
			e := missingError(m.name, id)
			return page(http.StatusBadRequest, strings.ReplaceAll(html.EscapeString(e.message), "\n", "<br>"))
		}
		out, err := s.project(m, rec, q)
		if err != nil {
			c.Err = err.Error()
			return serverErrorPage()
		}
		c.IDs, c.Applied = []int64{id}, true
		return jsonReply(http.StatusOK, ctypeModule, out)
	}
	recs, oe := s.search(m, v.Get("filter"), v.Get("order"))
	if oe != nil {
		c.Err = oe.Error()
		return moduleError(oe.message, oe.message, []any{oe.message}, strings.TrimPrefix(oe.name, "builtins."))
	}
	var prev, next any
	total, current := 1, 1
	if ps := v.Get("page_size"); ps != "" {
		size, err := strconv.Atoi(ps)
		if err != nil || size <= 0 {
			c.Err = "bad page_size"
			return serverErrorPage()
		}
		total = (len(recs) + size - 1) / size
		if p := v.Get("page"); p != "" {
			if current, err = strconv.Atoi(p); err != nil {
				c.Err = "bad page"
				return serverErrorPage()
			}
		}
		start, stop := min(max(size*(current-1), 0), len(recs)), min(max(size*current, 0), len(recs))
		recs = recs[start:stop]
		if current+1 <= total {
			next = current + 1
		}
		if current-1 > 0 && current-1 <= total {
			prev = current - 1
		}
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			c.Err = "bad limit"
			return serverErrorPage()
		}
		recs = recs[:min(n, len(recs))]
	}
	out := make([]any, 0, len(recs))
	for _, rec := range recs {
		p, err := s.project(m, rec, q)
		if err != nil {
			c.Err = err.Error()
			return serverErrorPage()
		}
		out = append(out, p)
		c.IDs = append(c.IDs, rec["id"].(int64))
	}
	c.Applied = true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"count": len(out), "prev": prev, "current": current, "next": next,
		"total_pages": total, "result": out})
}

// search answers the records of m matching filter (a JSON domain), in
// order (JSON, applied only with a filter, as the module does) or the
// model's. s.mu held.
func (s *Server) search(m *model, filter, order string) ([]map[string]any, *odooError) {
	recs := s.sorted(m.name)
	if filter == "" {
		return recs, nil
	}
	d, err := domain.ParseJSON([]byte(filter))
	if err != nil {
		return nil, &odooError{code: 200, name: "builtins.ValueError", message: "Invalid domain: " + err.Error()}
	}
	var kept []map[string]any
	for _, rec := range recs {
		ok, err := domain.Match(d, s.matchView(m, rec), nil)
		if err != nil {
			return nil, &odooError{code: 200, name: "builtins.ValueError", message: err.Error()}
		}
		if ok {
			kept = append(kept, rec)
		}
	}
	if order != "" {
		var o string
		if err := json.Unmarshal([]byte(order), &o); err != nil {
			return nil, &odooError{code: 200, name: "json.decoder.JSONDecodeError", message: err.Error()}
		}
		sortBy(kept, o)
	}
	return kept, nil
}

// sortBy sorts recs by an ORM order ("name desc, id").
func sortBy(recs []map[string]any, order string) {
	type key struct {
		name string
		desc bool
	}
	var keys []key
	for part := range strings.SplitSeq(order, ",") {
		f := strings.Fields(part)
		if len(f) > 0 {
			keys = append(keys, key{f[0], len(f) > 1 && strings.EqualFold(f[1], "desc")})
		}
	}
	slices.SortStableFunc(recs, func(a, b map[string]any) int {
		for _, k := range keys {
			c := compareValues(a[k.name], b[k.name])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func compareValues(a, b any) int {
	switch x := a.(type) {
	case int64:
		y, _ := b.(int64)
		return int(min(max(x-y, -1), 1))
	case float64:
		y, _ := b.(float64)
		return int(min(max(x-y, -1), 1))
	case string:
		y, _ := b.(string)
		return strings.Compare(x, y)
	case time.Time:
		y, _ := b.(time.Time)
		return x.Compare(y)
	}
	return 0
}

// matchView is rec as a domain sees it: many2one ids (false when empty),
// x2many id lists, datetimes as Odoo writes them. s.mu held.
func (s *Server) matchView(m *model, rec map[string]any) map[string]any {
	out := make(map[string]any, len(rec))
	for k, v := range rec {
		out[k] = v
	}
	for _, n := range m.order {
		f := m.fields[n]
		switch f.kind {
		case kMany2one:
			if id, _ := rec[n].(int64); id == 0 {
				out[n] = false
			}
		case kOne2many, kMany2many:
			ids := s.x2many(m, rec, f)
			xs := make([]any, len(ids))
			for i, id := range ids {
				xs[i] = id
			}
			out[n] = xs
		case kDatetime:
			if t, ok := rec[n].(time.Time); ok {
				out[n] = t.UTC().Format("2006-01-02 15:04:05")
			} else {
				out[n] = false
			}
		case kChar:
			if v, _ := rec[n].(string); v == "" {
				out[n] = false
			}
		case kBool:
			if _, ok := rec[n].(bool); !ok {
				out[n] = false
			}
		}
	}
	return out
}

func (s *Server) params(req *rpcRequest) (data map[string]any, filter json.RawMessage, ctx map[string]any, ok bool) {
	var p struct {
		Data    map[string]any  `json:"data"`
		Filter  json.RawMessage `json:"filter"`
		Context map[string]any  `json:"context"`
	}
	if err := decodeNumbers(req.Params, &p); err != nil || p.Data == nil {
		return nil, p.Filter, p.Context, false
	}
	return normalizeNumbers(p.Data).(map[string]any), p.Filter, p.Context, true
}

// writeArgs checks a POST's or PUT's model and data as the module does
// (a ValidationError for either; PUT's unknown model is guessed as POST's,
// no capture has it) and answers the error reply, or nil. s.mu held.
func (s *Server) writeArgs(req *rpcRequest, c *Call, verb string) (*model, map[string]any, json.RawMessage, *fault.Reply) {
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return nil, nil, nil, rpcError(nil, validationError("The model `%s` does not exist.", c.Model))
	}
	data, filter, _, ok := s.params(req)
	if !ok {
		c.Err = "no data"
		return nil, nil, nil, rpcError(nil, validationError("`data` parameter is not found on %s request body", verb))
	}
	return m, data, filter, nil
}

// post serves POST /api/<model>/.
func (s *Server) post(rt *route, _ *http.Request, req *rpcRequest, c *Call) *fault.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, data, _, bad := s.writeArgs(req, c, "POST")
	if bad != nil {
		return bad
	}
	id, ids, oe := s.createEkiclik(m, data)
	if oe != nil {
		c.Err = oe.Error()
		return rpcError(nil, oe)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, id)
}

// createEkiclik is create plus the Ekiclik module's side effects: a
// product.template with configurations makes a product.master (the id
// answered) and one product.template per configuration; a crm.lead makes
// the sale.order of its quotation. s.mu held.
func (s *Server) createEkiclik(m *model, data map[string]any) (int64, []int64, *odooError) {
	if s.ekiclik {
		switch m.name {
		case "product.template":
			if confs, ok := data["product"].([]any); ok {
				master := map[string]any{}
				for _, k := range []string{"name", "brand", "create_by", "fab_name", "categ_id"} {
					if v, ok := data[k]; ok {
						master[k] = v
					}
				}
				master["ref"] = data["product_ref"]
				mid, oe := s.create(s.models["product.master"], master)
				if oe != nil {
					return 0, nil, oe
				}
				ids := []int64{mid}
				for i, cf := range confs {
					cm, ok := cf.(map[string]any)
					if !ok {
						return 0, nil, validationError("product[%d] is not an object", i)
					}
					cm = cloneRecord(cm)
					cm["master_id"] = mid
					id, oe := s.create(m, cm)
					if oe != nil {
						return 0, nil, oe
					}
					ids = append(ids, id)
				}
				return mid, ids, nil
			}
		case "crm.lead":
			id, oe := s.create(m, data)
			if oe != nil {
				return 0, nil, oe
			}
			ids := []int64{id}
			if qa, ok := data["quotation_address"].(map[string]any); ok && qa["ek_order_id"] != nil {
				so, oe := s.create(s.models["sale.order"], map[string]any{"ek_order_id": fmt.Sprint(qa["ek_order_id"]), "state": "draft",
					"order_source": data["order_source"], "code_pos": data["code_pos"], "lead_id": id})
				if oe != nil {
					return 0, nil, oe
				}
				ids = append(ids, so)
			}
			return id, ids, nil
		}
	}
	id, oe := s.create(m, data)
	if oe != nil {
		return 0, nil, oe
	}
	return id, []int64{id}, nil
}

// put serves PUT /api/<model>/<id>/ and /api/<model>/ (with filter). The
// module swallows the write's errors: an unknown field or a missing id
// answer result false, a filter that matches nothing true.
func (s *Server) put(rt *route, r *http.Request, req *rpcRequest, c *Call) *fault.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, data, filter, bad := s.writeArgs(req, c, "PUT")
	if bad != nil {
		return bad
	}
	var ids []int64
	if id := rt.id; id != 0 {
		ids = []int64{id}
	} else {
		if len(filter) == 0 {
			// Guessed (no capture): the module reads params["filter"].
			c.Err = "no filter"
			return rpcError(nil, &odooError{code: 200, name: "builtins.KeyError", message: "'filter'"})
		}
		recs, oe := s.search(m, string(filter), "")
		if oe != nil {
			c.Err = oe.Error()
			return rpcResult(nil, false)
		}
		for _, rec := range recs {
			ids = append(ids, rec["id"].(int64))
		}
	}
	if oe := s.write(m, ids, data); oe != nil {
		c.Err = oe.Error()
		return rpcResult(nil, false)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, true)
}

// delete serves DELETE /api/<model>/<id>/ and /api/<model>/?filter=...:
// a bare {"result": true}, also when the filter matches nothing.
func (s *Server) delete(rt *route, r *http.Request, _ *rpcRequest, c *Call) *fault.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	var ids []int64
	if id := rt.id; id != 0 {
		if s.tables[m.name][id] == nil {
			e := missingError(m.name, id)
			c.Err = e.Error()
			return moduleError(e.message, e.message, []any{e.message}, "MissingError")
		}
		ids = []int64{id}
	} else {
		filter := r.URL.Query().Get("filter")
		if filter == "" {
			// Guessed (no capture): the module reads kwargs["filter"].
			c.Err = "no filter"
			return moduleError("'filter'", "'filter'", []any{"filter"}, "KeyError")
		}
		recs, oe := s.search(m, filter, "")
		if oe != nil {
			c.Err = oe.Error()
			return moduleError(oe.message, oe.message, []any{oe.message}, "ValueError")
		}
		for _, rec := range recs {
			ids = append(ids, rec["id"].(int64))
		}
	}
	for _, id := range ids {
		delete(s.tables[m.name], id)
	}
	c.IDs, c.Applied = ids, true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"result": true})
}

// object serves POST /object/<model>/<method> and
// /object/<model>/<id>/<method>: {"params": {"args", "kwargs"}} → the
// method's result. Only search, search_count, read and search_read are
// served; another method answers AttributeError (a guess).
func (s *Server) object(rt *route, r *http.Request, req *rpcRequest, c *Call) *fault.Reply {
	var p struct {
		Args   []any          `json:"args"`
		Kwargs map[string]any `json:"kwargs"`
	}
	_ = decodeNumbers(req.Params, &p)
	p.Args, _ = normalizeNumbers(p.Args).([]any)
	if p.Kwargs != nil {
		p.Kwargs = normalizeNumbers(p.Kwargs).(map[string]any)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return rpcError(req.ID, &odooError{code: 200, name: "builtins.KeyError", message: "'" + c.Model + "'"})
	}
	fn, id := rt.fn, rt.id
	arg := func(i int, name string) any {
		if p.Kwargs != nil {
			if v, ok := p.Kwargs[name]; ok {
				return v
			}
		}
		if i < len(p.Args) {
			return p.Args[i]
		}
		return nil
	}
	domainOf := func(v any) string {
		if v == nil {
			return "[]"
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	fields := func(v any) []string {
		xs, _ := v.([]any)
		var out []string
		for _, x := range xs {
			if n, ok := x.(string); ok {
				out = append(out, n)
			}
		}
		return out
	}
	var recs []map[string]any
	switch {
	case id != 0:
		if rec := s.tables[m.name][id]; rec != nil {
			recs = []map[string]any{rec}
		}
		if fn == "read" {
			out, oe := s.readFormat(m, recs, fields(arg(0, "fields")))
			if oe != nil {
				c.Err = oe.Error()
				return rpcError(req.ID, oe)
			}
			c.IDs, c.Applied = []int64{id}, true
			return rpcResult(req.ID, out)
		}
	case fn == "search", fn == "search_count", fn == "search_read":
		var oe *odooError
		if recs, oe = s.search(m, domainOf(arg(0, "domain")), ""); oe != nil {
			c.Err = oe.Error()
			return rpcError(req.ID, oe)
		}
		c.Applied = true
		switch fn {
		case "search_count":
			return rpcResult(req.ID, len(recs))
		case "search":
			ids := []int64{}
			for _, r := range recs {
				ids = append(ids, r["id"].(int64))
			}
			return rpcResult(req.ID, ids)
		}
		out, oe := s.readFormat(m, recs, fields(arg(1, "fields")))
		if oe != nil {
			c.Err = oe.Error()
			return rpcError(req.ID, oe)
		}
		return rpcResult(req.ID, out)
	}
	c.Err = "unknown method"
	return rpcError(req.ID, &odooError{code: 200, name: "builtins.AttributeError", message: fmt.Sprintf("type object '%s' has no attribute '%s'", m.name, fn)})
}

// readFormat is ORM read's answer: many2one [id, name], x2many ids,
// datetimes "2006-01-02 15:04:05", false for empty values. s.mu held.
func (s *Server) readFormat(m *model, recs []map[string]any, names []string) ([]any, *odooError) {
	if len(names) == 0 {
		names = m.order
	}
	out := []any{}
	for _, rec := range recs {
		row := map[string]any{"id": rec["id"]}
		for _, n := range names {
			f := m.field(n)
			if f == nil {
				return nil, &odooError{code: 200, name: "builtins.ValueError", message: fmt.Sprintf("Invalid field '%s' on model '%s'", n, m.name)}
			}
			v, _ := s.value(m, rec, f, nil)
			switch f.kind {
			case kMany2one:
				if id, ok := v.(int64); ok {
					name, _ := s.value(s.models[f.rel], s.tables[f.rel][id], s.models[f.rel].fields["display_name"], nil)
					v = []any{id, name}
				}
			case kDatetime:
				if t, ok := rec[n].(time.Time); ok {
					v = t.UTC().Format("2006-01-02 15:04:05")
				}
			}
			row[n] = v
		}
		out = append(out, row)
	}
	return out, nil
}
