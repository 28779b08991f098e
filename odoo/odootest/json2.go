package odootest

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

// json2Error is the JSON-2 error body with its HTTP status.
func json2Error(e *odooError) *reply {
	st := e.httpStatus()
	if e.Status == 0 && (e.Name == excValueError || e.Name == excTypeError || e.Name == excKeyError) {
		st = http.StatusInternalServerError // a Python error, not an Odoo one (odoo19/39-42)
	}
	body := appendJSON(nil, &row{
		keys: []string{"name", "message", "arguments", "context", "debug"},
		vals: []any{e.Name, e.Message, e.arguments(), map[string]any{}, e.debug()},
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

// JSON-2's werkzeug exceptions (odoo19: 33, 34, 37, 45, 49).
const (
	excUnprocessable = "werkzeug.exceptions.UnprocessableEntity"
)

// json2HTTPError is a werkzeug HTTP exception as JSON-2 renders it:
// arguments end with the status (odoo19/33: ["Invalid apikey", 401]).
func json2HTTPError(name, msg string, status int) *odooError {
	return &odooError{Name: name, Message: msg, Status: status, args: []any{msg, int64(status)}}
}

// noDatabasePage is werkzeug's 404 for a X-Odoo-Database naming no
// database (odoo19/50: HTML, not JSON).
func noDatabasePage() *reply {
	return &reply{status: http.StatusNotFound, ctype: ctypeHTMLText, body: []byte("<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n")}
}

// opJSON2 parses POST /json/2/<model>/<method> (Odoo 19, odoo19/02-58).
func (s *Server) opJSON2(r *http.Request, body []byte) *op {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/json/2/"), "/")
	o := &op{proto: odoo.JSON2, errReply: json2Error}
	if len(parts) == 2 {
		o.model, o.method = parts[0], parts[1]
	}
	o.exec = func(ctx context.Context) *reply {
		if db := r.Header.Get("X-Odoo-Database"); (db != "" && !s.visibleDatabase(db)) || (db == "" && s.multiDB()) {
			// odoo19/50; without the header on a server of several
			// databases none is selected (fixtures README).
			return noDatabasePage()
		}
		if ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";"); ct == "application/x-www-form-urlencoded" || ct == "multipart/form-data" {
			// a form body (fixtures README, odoo19: 415 HTML; the capture
			// is held out, the page is werkzeug's UnsupportedMediaType)
			return &reply{status: http.StatusUnsupportedMediaType, ctype: ctypeHTMLText, body: []byte("<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>The server does not support the media type transmitted in the request.</p>\n")}
		}
		if r.Method != http.MethodPost || o.model == "" || o.method == "" {
			// GET (odoo19/49) and /json/2/<model> (odoo19/51).
			return json2Error(json2HTTPError(excNotFound, "Did you mean POST /json/2/<model>/<method>?", http.StatusNotFound))
		}
		key := bearer(r)
		s.mu.RLock()
		uid := s.st.apiKey[key]
		s.mu.RUnlock()
		if key == "" || uid == 0 {
			msg := "Invalid apikey" // odoo19/33, 58
			if r.Header.Get("Authorization") == "" {
				msg = `Missing "Authorization" or Sec-headers for interactive usage.` // odoo19/77
			}
			e := json2HTTPError(excUnauthorized, msg, http.StatusUnauthorized)
			s.logCall(ctx, Call{Protocol: odoo.JSON2, Model: o.model, Method: o.method, Err: e.Name + ": " + e.Message})
			rep := json2Error(e)
			rep.header = http.Header{"Www-Authenticate": {"Bearer "}}
			return rep
		}
		kw := map[string]any{}
		if len(strings.TrimSpace(string(body))) > 0 {
			var v any
			if err := decodeJSON(body, &v); err != nil {
				// odoo19/45: Python's json error text; ours is Go's.
				return json2Error(json2HTTPError(excBadRequest, "could not parse the body as json: "+pyJSONError(body, err), http.StatusBadRequest))
			}
			// null and [[]] are taken as {} (odoo19/46, 47).
			if m, ok := v.(map[string]any); ok {
				kw = m
			}
		}
		if e := checkJSON2Args(o.method, kw); e != nil {
			return json2Error(e)
		}
		if mt := methods[o.method]; mt != nil && !mt.recordMethod() && kw["ids"] != nil {
			// ids on an @api.model method (fixtures README: 422; the
			// capture is held out, the message is a guess)
			return json2Error(json2HTTPError(excUnprocessable, "cannot call "+o.model+"."+o.method+" with ids", http.StatusUnprocessableEntity))
		}
		var pos []any
		if mt := methods[o.method]; mt != nil && mt.recordMethod() {
			ids, ok := kw["ids"]
			if !ok {
				ids = []any{}
			}
			pos = []any{ids}
		} else if ids, ok := kw["ids"]; ok && mt == nil {
			pos = []any{ids} // a HandleMethod method sees its records as over JSON-RPC
		}
		delete(kw, "ids")
		s.mu.RLock()
		unknown := s.st.models[o.model] == nil && !s.hasHandler(o.model)
		s.mu.RUnlock()
		if unknown {
			e := json2HTTPError(excNotFound, "the model "+pyRepr(o.model)+" does not exist", http.StatusNotFound) // odoo19/34
			s.logCall(ctx, Call{Protocol: odoo.JSON2, Model: o.model, Method: o.method, Err: e.Name + ": " + e.Message})
			return json2Error(e)
		}
		res, err := s.execute(ctx, odoo.JSON2, uid, o.model, o.method, pos, kw)
		if err != nil {
			if err.Name == excAttributeError {
				err = json2HTTPError(excNotFound, err.Message, http.StatusNotFound) // odoo19/35
			}
			return json2Error(err)
		}
		if id, ok := res.(int64); ok && o.method == "create" {
			res = []int64{id} // any recordset answers a list of ids (odoo19/07)
		}
		return &reply{status: http.StatusOK, ctype: ctypeJSON, body: appendJSON(nil, res)}
	}
	return o
}

// opWebVersion answers GET /web/version (Odoo 19, no key needed).
func (s *Server) opWebVersion(r *http.Request) *op {
	sid, _ := s.sessionOf(r)
	return &op{proto: odoo.JSON2, method: "version", errReply: json2Error, exec: func(ctx context.Context) *reply {
		vi := s.versionInfo()
		s.logCall(ctx, Call{Protocol: odoo.JSON2, Method: "version", Applied: true})
		rep := &reply{status: http.StatusOK, ctype: ctypeJSON, body: appendJSON(nil, map[string]any{
			"version": vi["server_version"], "version_info": vi["server_version_info"]})}
		if sid == "" {
			s.withCookie(rep, s.prof.sessionID(), 1) // a new anonymous session (odoo19/01)
		}
		return rep
	}}
}

// json2Required are the arguments without a default of the ORM methods
// (Odoo 19 models.py signatures); JSON-2 binds the body to them with
// inspect.signature and answers 422 for a missing or an unexpected one
// (odoo19/37, 38, 46, 47).
var json2Required = map[string][]string{
	"search":          {"domain"},
	"search_count":    {"domain"},
	"create":          {"vals_list"},
	"write":           {"vals"},
	"read_group":      {"domain", "fields", "groupby"},
	"web_search_read": {"domain", "specification"},
	"default_get":     {"fields_list"},
}

// json2OpenKwargs are the methods that take **kwargs (message_post).
var json2OpenKwargs = map[string]bool{"message_post": true}

func checkJSON2Args(method string, kw map[string]any) *odooError {
	mt := methods[method]
	if mt == nil {
		return nil // unknown method: the ORM answers
	}
	for _, name := range json2Required[method] {
		if _, ok := kw[name]; !ok {
			return json2HTTPError(excUnprocessable, "missing a required argument: "+pyRepr(name), http.StatusUnprocessableEntity)
		}
	}
	if json2OpenKwargs[method] {
		return nil
	}
	for _, k := range sortedKeys(kw) {
		if k != "context" && k != "ids" && !slices.Contains(mt.params, k) {
			return json2HTTPError(excUnprocessable, "got an unexpected keyword argument "+pyRepr(k), http.StatusUnprocessableEntity)
		}
	}
	return nil
}
