package odootest

import (
	"context"
	"net/http"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

// json2Error is the JSON-2 error body with its HTTP status.
func json2Error(e *odooError) *reply {
	st := e.httpStatus()
	args := []any{e.Message}
	if e.Name == excUnauthorized {
		args = []any{e.Message, int64(st)}
	}
	body := appendJSON(nil, &row{
		keys: []string{"name", "message", "arguments", "context", "debug"},
		vals: []any{e.Name, e.Message, args, map[string]any{}, e.debug()},
	})
	return &reply{status: st, ctype: ctypeJSON, body: body}
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// opJSON2 parses POST /json/2/<model>/<method>.
func (s *Server) opJSON2(r *http.Request, body []byte) *op {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/json/2/"), "/")
	o := &op{proto: odoo.JSON2, errReply: json2Error}
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return &op{proto: noProtocol, exec: func(context.Context) *reply { return notFoundPage() }}
	}
	o.model, o.method = parts[0], parts[1]
	o.exec = func(ctx context.Context) *reply {
		if r.Method != http.MethodPost {
			return json2Error(&odooError{Name: "werkzeug.exceptions.MethodNotAllowed", Message: "The method is not allowed for the requested URL.", Status: http.StatusMethodNotAllowed})
		}
		if db := r.Header.Get("X-Odoo-Database"); db != "" && db != s.cfg.database {
			return json2Error(&odooError{Name: excNotFound, Message: "Database " + pyRepr(db) + " not found.", Status: http.StatusNotFound})
		}
		key := bearer(r)
		s.mu.RLock()
		uid := s.st.apiKey[key]
		s.mu.RUnlock()
		if key == "" || uid == 0 {
			e := &odooError{Name: excUnauthorized, Message: "Invalid apikey", Status: http.StatusUnauthorized}
			s.logCall(CallRecord{Protocol: odoo.JSON2, Model: o.model, Method: o.method, Err: e.Name + ": " + e.Message})
			return json2Error(e)
		}
		kw := map[string]any{}
		if len(strings.TrimSpace(string(body))) > 0 {
			if err := decodeJSON(body, &kw); err != nil {
				return json2Error(&odooError{Name: excBadRequest, Message: "Invalid JSON data", Status: http.StatusBadRequest})
			}
		}
		var pos []any
		if mt := methods[o.method]; mt != nil && mt.recordMethod() {
			ids, ok := kw["ids"]
			if !ok {
				ids = []any{}
			}
			pos = []any{ids}
		}
		delete(kw, "ids")
		s.mu.RLock()
		unknown := s.st.models[o.model] == nil
		s.mu.RUnlock()
		if unknown {
			e := &odooError{Name: excNotFound, Message: "the model " + pyRepr(o.model) + " does not exist", Status: http.StatusNotFound}
			s.logCall(CallRecord{Protocol: odoo.JSON2, Model: o.model, Method: o.method, Err: e.Name + ": " + e.Message})
			return json2Error(e)
		}
		res, err := s.execute(ctx, odoo.JSON2, uid, o.model, o.method, pos, kw)
		if err != nil {
			if err.Name == excAttributeError {
				err = &odooError{Name: excNotFound, Message: "the method " + pyRepr(o.method) + " does not exist on the model " + pyRepr(o.model), Status: http.StatusNotFound}
			}
			return json2Error(err)
		}
		return &reply{status: http.StatusOK, ctype: ctypeJSON, body: appendJSON(nil, res)}
	}
	return o
}

// opWebVersion answers GET /web/version (Odoo 19, no key needed).
func (s *Server) opWebVersion(r *http.Request) *op {
	return &op{proto: odoo.JSON2, method: "version", errReply: json2Error, exec: func(context.Context) *reply {
		vi := s.versionInfo()
		s.logCall(CallRecord{Protocol: odoo.JSON2, Method: "version", Applied: true})
		return &reply{status: http.StatusOK, ctype: ctypeJSON, body: appendJSON(nil, map[string]any{
			"version": vi["server_version"], "version_info": vi["server_version_info"]})}
	}}
}
