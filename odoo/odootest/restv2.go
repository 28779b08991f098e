package odootest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// restError is the REST v2 add-on's error body.
func restError(e *odooError) *reply {
	st := e.httpStatus()
	lines := strings.Split(e.debug(), "\n")
	tb := make([]any, len(lines))
	for i, l := range lines {
		tb[i] = l + "\n"
	}
	body := appendJSON(nil, &row{
		keys: []string{"code", "name", "message", "arguments", "traceback"},
		vals: []any{int64(st), e.Name, e.Message, []any{e.Message}, tb},
	})
	return &reply{status: st, ctype: ctypeJSON, body: body}
}

// oauthError is an RFC 6749 error that also carries the add-on's fields.
func oauthError(status int, code, desc string) *reply {
	name := excAccessDenied
	if status == http.StatusUnauthorized {
		name = excUnauthorized
	}
	body := appendJSON(nil, &row{
		keys: []string{"error", "error_description", "code", "name", "message", "arguments", "traceback"},
		vals: []any{code, desc, int64(status), name, desc, []any{desc}, []any{}},
	})
	return &reply{status: status, ctype: ctypeJSON, body: body}
}

func jsonReply(v any) *reply {
	return &reply{status: http.StatusOK, ctype: ctypeJSON, body: appendJSON(nil, v)}
}

// opREST parses an /api/v2/ route (nil: not one of the add-on's routes).
func (s *Server) opREST(r *http.Request, body []byte) *op {
	rest := strings.TrimPrefix(r.URL.Path, "/api/v2/")
	if rest == "authentication/oauth2/token" {
		return &op{proto: odoo.RESTv2, method: "token", errReply: restError, exec: func(ctx context.Context) *reply { return s.serveToken(ctx, r, body) }}
	}
	if rest == "authentication/oauth2/revoke" {
		return &op{proto: odoo.RESTv2, method: "revoke", errReply: restError, exec: func(ctx context.Context) *reply {
			form, _ := url.ParseQuery(string(body))
			tok := form.Get("token")
			s.amu.Lock()
			delete(s.tokens, tok)
			delete(s.refresh, tok)
			s.amu.Unlock()
			return jsonReply(true)
		}}
	}
	route, model, _ := strings.Cut(rest, "/")
	want := map[string]string{"search_read": http.MethodGet, "read": http.MethodGet, "create": http.MethodPost,
		"write": http.MethodPut, "unlink": http.MethodDelete, "call": http.MethodPost, "search": http.MethodGet, "search_count": http.MethodGet}
	verb, known := want[route]
	if !known || (route == "call") != (model == "") {
		return nil
	}
	o := &op{proto: odoo.RESTv2, model: model, method: route, errReply: restError}
	q := r.URL.Query()
	var in map[string]any
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := decodeJSON(body, &in); err != nil {
			o.exec = func(ctx context.Context) *reply {
				return restError(&odooError{Name: excBadRequest, Message: "Invalid JSON data", Status: http.StatusBadRequest})
			}
			return o
		}
	}
	if in == nil {
		in = map[string]any{}
	}
	if route == "call" {
		o.model, o.method = asString(in["model"]), asString(in["method"])
	}
	o.exec = func(ctx context.Context) *reply {
		if r.Method != verb && !(route == "write" && r.Method == http.MethodPatch) {
			return restError(&odooError{Name: "werkzeug.exceptions.MethodNotAllowed", Message: "The method is not allowed for the requested URL.", Status: http.StatusMethodNotAllowed})
		}
		tok, terr := s.checkToken(r)
		if terr != nil {
			s.logCall(ctx, Call{Protocol: odoo.RESTv2, Model: o.model, Method: o.method, Err: terr.Name + ": " + terr.Message})
			return restError(terr)
		}
		param := func(name string) (any, *odooError) {
			if v, ok := in[name]; ok {
				return v, nil
			}
			raw := q.Get(name)
			if raw == "" {
				return nil, nil
			}
			var v any
			if err := decodeJSON([]byte(raw), &v); err != nil {
				if name == "order" {
					return raw, nil
				}
				return nil, &odooError{Name: excBadRequest, Message: "Invalid JSON in parameter " + name, Status: http.StatusBadRequest}
			}
			return v, nil
		}
		var pos []any
		kw := map[string]any{}
		if c, ok := in["context"].(map[string]any); ok {
			kw["context"] = c
		} else if c, _ := param("context"); c != nil {
			kw["context"] = c
		}
		method := route
		switch route {
		case "search_read", "search", "search_count":
			for _, n := range []string{"domain", "fields", "limit", "offset", "order"} {
				v, err := param(n)
				if err != nil {
					return restError(err)
				}
				if v != nil {
					kw[n] = v
				}
			}
			if route != "search_read" {
				delete(kw, "fields")
			} else if _, ok := kw["limit"]; !ok && s.cfg.restLimit > 0 {
				kw["limit"] = int64(s.cfg.restLimit)
			}
			if route == "search_count" {
				delete(kw, "offset")
				delete(kw, "order")
			}
		case "read":
			ids, err := param("ids")
			if err != nil {
				return restError(err)
			}
			fields, err := param("fields")
			if err != nil {
				return restError(err)
			}
			pos = []any{ids}
			if fields != nil {
				kw["fields"] = fields
			}
		case "create":
			v, err := param("values")
			if err != nil {
				return restError(err)
			}
			pos = []any{v}
		case "write":
			ids, err := param("ids")
			if err != nil {
				return restError(err)
			}
			v, err := param("values")
			if err != nil {
				return restError(err)
			}
			pos = []any{ids, v}
		case "unlink":
			ids, err := param("ids")
			if err != nil {
				return restError(err)
			}
			pos = []any{ids}
		case "call":
			method = o.method
			pos, _ = in["args"].([]any)
			if k, ok := in["kwargs"].(map[string]any); ok {
				for key, v := range k {
					kw[key] = v
				}
			}
		}
		res, err := s.execute(ctx, odoo.RESTv2, tok.uid, o.model, method, pos, kw)
		if err != nil {
			return restError(err)
		}
		if route == "call" {
			return jsonReply(map[string]any{"result": res})
		}
		return jsonReply(res)
	}
	o.exec = s.restForms(route, o.exec)
	return o
}

// checkToken validates the bearer token and DATABASE header.
func (s *Server) checkToken(r *http.Request) (*token, *odooError) {
	if db := r.Header.Get("DATABASE"); db != "" && !s.visibleDatabase(db) {
		return nil, &odooError{Name: excNotFound, Message: "Database " + pyRepr(db) + " not found.", Status: http.StatusNotFound}
	}
	at := bearer(r)
	if at == "" {
		return nil, &odooError{Name: excUnauthorized, Message: "No access token was provided in request!", Status: http.StatusUnauthorized}
	}
	s.amu.Lock()
	tok := s.tokens[at]
	s.amu.Unlock()
	if tok == nil {
		return nil, &odooError{Name: excUnauthorized, Message: "Access token is invalid or expired!", Status: http.StatusUnauthorized}
	}
	if !s.cfg.clock().Before(tok.expires) {
		s.amu.Lock()
		delete(s.tokens, at)
		s.amu.Unlock()
		return nil, &odooError{Name: excUnauthorized, Message: "Access token is invalid or expired!", Status: http.StatusUnauthorized}
	}
	return tok, nil
}

// serveToken is the OAuth2 token endpoint (password and refresh_token
// grants; client credentials in the form or in Basic auth).
func (s *Server) serveToken(ctx context.Context, r *http.Request, body []byte) *reply {
	if r.Method != http.MethodPost {
		return oauthError(http.StatusMethodNotAllowed, "invalid_request", "The method is not allowed for the requested URL.")
	}
	form := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var in map[string]any
		if err := json.Unmarshal(body, &in); err == nil {
			for k, v := range in {
				if sv, ok := v.(string); ok {
					form.Set(k, sv)
				}
			}
		}
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	for k, vs := range r.URL.Query() {
		if form.Get(k) == "" && len(vs) > 0 {
			form.Set(k, vs[0])
		}
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		// RFC 6749 2.3.1: the client credentials are form-encoded first
		// (golang.org/x/oauth2 does so)
		if dec, err := url.QueryUnescape(u); err == nil {
			u = dec
		}
		if dec, err := url.QueryUnescape(p); err == nil {
			p = dec
		}
		id, secret = u, p
	}
	rec := Call{Protocol: odoo.RESTv2, Method: "token", Login: form.Get("username")}
	if want, ok := s.cfg.clients[id]; !ok || want != secret {
		rec.Err = "invalid_client"
		s.logCall(ctx, rec)
		return oauthError(http.StatusUnauthorized, "invalid_client", "Invalid client credentials.")
	}
	var uid int64
	switch form.Get("grant_type") {
	case "password":
		uid = s.checkPassword(form.Get("username"), form.Get("password"), true)
		if uid == 0 {
			rec.Err = excAccessDenied + ": Access Denied"
			s.logCall(ctx, rec)
			return oauthError(http.StatusBadRequest, "invalid_grant", "Access Denied")
		}
	case "refresh_token":
		rt := form.Get("refresh_token")
		s.amu.Lock()
		uid = s.refresh[rt]
		delete(s.refresh, rt)
		s.amu.Unlock()
		if uid == 0 {
			rec.Err = "invalid_grant"
			s.logCall(ctx, rec)
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid refresh token.")
		}
		rec.Login = s.loginOf(uid)
	default:
		rec.Err = "unsupported_grant_type"
		s.logCall(ctx, rec)
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type.")
	}
	at, rt := newSecret(20), newSecret(20)
	login := s.loginOf(uid)
	s.amu.Lock()
	s.tokens[at] = &token{uid: uid, login: login, expires: s.cfg.clock().Add(s.cfg.tokenTTL)}
	s.refresh[rt] = uid
	s.amu.Unlock()
	rec.Applied = true
	s.logCall(ctx, rec)
	return jsonReply(&row{
		keys: []string{"access_token", "token_type", "expires_in", "refresh_token", "scope"},
		vals: []any{at, "Bearer", int64(s.cfg.tokenTTL / time.Second), rt, "all"},
	})
}
