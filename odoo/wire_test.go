package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/jarcoal/httpmock"
)

// wireReq is one request as the server saw it.
type wireReq struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Body   any // decoded JSON, or the form for the token route
}

// mockServer answers every protocol's routes with canned replies and
// records the requests.
type mockServer struct {
	mu   sync.Mutex
	reqs []wireReq
	// result returns the result of an ORM method.
	result func(method string) any
}

func cannedResult(method string) any {
	switch method {
	case "search_read", "read":
		return []any{map[string]any{"id": 1, "name": "A", "stage_id": []any{3, "New"}, "partner_email": false}}
	case "search":
		return []any{1, 2}
	case "search_count":
		return 2
	case "create":
		return []any{7, 8}
	case "write", "unlink":
		return true
	case "fields_get":
		return map[string]any{"name": map[string]any{"type": "char", "string": "Subject", "required": true}}
	case "name_search":
		return []any{[]any{1, "Deco Addict"}}
	case "read_group":
		return []any{map[string]any{"priority": "1", "priority_count": 3, "__domain": []any{}}}
	case "message_post":
		return 42
	case "context_get":
		return map[string]any{"uid": 2, "lang": "en_US"}
	}
	return nil
}

func jsonResp(req *http.Request, status int, v any) *http.Response {
	b, _ := json.Marshal(v)
	resp := httpmock.NewBytesResponse(status, b)
	resp.Header.Set("Content-Type", "application/json")
	resp.Request = req
	return resp
}

func (m *mockServer) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	w := wireReq{Method: req.Method, Path: req.URL.Path, Query: req.URL.Query(), Header: req.Header.Clone()}
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		f, _ := url.ParseQuery(string(body))
		w.Body = f
	} else if len(body) > 0 {
		_ = json.Unmarshal(body, &w.Body)
	}
	m.mu.Lock()
	m.reqs = append(m.reqs, w)
	m.mu.Unlock()
	res := m.result
	if res == nil {
		res = cannedResult
	}
	rpc := func(result any) *http.Response {
		return jsonResp(req, 200, map[string]any{"jsonrpc": "2.0", "id": 1, "result": result})
	}
	p := req.URL.Path
	switch {
	case p == "/jsonrpc":
		params := w.Body.(map[string]any)["params"].(map[string]any)
		switch params["method"] {
		case "authenticate":
			return rpc(2), nil
		case "version":
			return rpc(map[string]any{"server_version": "17.0", "server_version_info": []any{17, 0, 0, "final", 0, ""}, "protocol_version": 1}), nil
		}
		args := params["args"].([]any)
		return rpc(res(args[4].(string))), nil
	case p == "/web/session/authenticate":
		r := rpc(map[string]any{"uid": 2})
		r.Header.Add("Set-Cookie", "session_id=sid-secret-0123; Path=/; HttpOnly")
		return r, nil
	case strings.HasPrefix(p, "/web/dataset/call_kw/"):
		params := w.Body.(map[string]any)["params"].(map[string]any)
		return rpc(res(params["method"].(string))), nil
	case p == "/web/webclient/version_info":
		return rpc(map[string]any{"server_version": "16.0", "server_version_info": []any{16, 0, 0, "final", 0, ""}}), nil
	case p == "/web/version":
		return jsonResp(req, 200, map[string]any{"version": "19.0", "version_info": []any{19, 0, 0, "final", 0, ""}}), nil
	case strings.HasPrefix(p, "/json/2/"):
		parts := strings.Split(p, "/")
		return jsonResp(req, 200, res(parts[len(parts)-1])), nil
	case p == "/api/v2/authentication/oauth2/token":
		return jsonResp(req, 200, map[string]any{"access_token": "at-secret-1", "token_type": "Bearer", "expires_in": 3600, "refresh_token": "rt-secret-1"}), nil
	case p == "/api/v2/call":
		return jsonResp(req, 200, map[string]any{"result": res(w.Body.(map[string]any)["method"].(string))}), nil
	case strings.HasPrefix(p, "/api/v2/"):
		method := strings.Split(p, "/")[3]
		r := res(method)
		if method == "unlink" || method == "write" {
			r = true
		}
		return jsonResp(req, 200, r), nil
	}
	return httpmock.NewStringResponse(404, "<html>not found</html>"), nil
}

func (m *mockServer) requests() []wireReq {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]wireReq(nil), m.reqs...)
}

// protocolOptions are the credentials each protocol needs in tests.
func protocolOptions(p Protocol) []Option {
	switch p {
	case JSONRPC:
		return []Option{WithProtocol(JSONRPC), WithDatabase("db1"), WithPassword("admin", "pw-secret")}
	case WebSession:
		return []Option{WithProtocol(WebSession), WithDatabase("db1"), WithPassword("admin", "pw-secret")}
	case JSON2:
		return []Option{WithProtocol(JSON2), WithDatabase("db1"), WithAPIKey("", "key-secret")}
	default:
		return []Option{WithProtocol(RESTv2), WithDatabase("db1"), WithPassword("admin", "pw-secret"), WithOAuth2Client("cid", "csecret")}
	}
}

func newMockClient(t *testing.T, p Protocol, m *mockServer, extra ...Option) *Client {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(m.respond)
	opts := append(protocolOptions(p), WithHTTPClient(&http.Client{Transport: mt}), WithRetry(-1, 0, 0))
	c, err := New("http://odoo.test", append(opts, extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON in test: %v: %s", err, s)
	}
	return v
}

func TestWireShapes(t *testing.T) {
	ctx := context.Background()
	dom := domain.Eq("stage_id", 1)
	type want struct {
		method, path string
		query        url.Values // REST GET routes
		body         string     // JSON; for JSON-RPC: [model, method, args, kwargs]
	}
	cases := []struct {
		name  string
		run   func(c *Client) error
		rpc   want // JSONRPC and WebSession: body is [args, kwargs]
		json2 want
		rest  want
	}{
		{
			name: "search_read",
			run: func(c *Client) error {
				_, err := c.SearchRead(ctx, "helpdesk.ticket", dom, &SearchOptions{Fields: []string{"name"}, Offset: 5, Limit: 10, Order: "id desc", Context: map[string]any{"lang": "fr_FR"}})
				return err
			},
			rpc:   want{body: `[[[["stage_id","=",1]]], {"fields":["name"],"offset":5,"limit":10,"order":"id desc","context":{"lang":"fr_FR","tz":"UTC"}}]`},
			json2: want{body: `{"domain":[["stage_id","=",1]],"fields":["name"],"offset":5,"limit":10,"order":"id desc","context":{"lang":"fr_FR","tz":"UTC"}}`},
			rest: want{method: "GET", path: "/api/v2/search_read/helpdesk.ticket", query: url.Values{
				"domain": {`[["stage_id","=",1]]`}, "fields": {`["name"]`}, "offset": {"5"}, "limit": {"10"}, "order": {"id desc"}, "context": {`{"lang":"fr_FR","tz":"UTC"}`}}},
		},
		{
			name: "read",
			run: func(c *Client) error {
				_, err := c.Read(ctx, "helpdesk.ticket", []int64{1, 2}, &ReadOptions{Fields: []string{"name", "stage_id"}})
				return err
			},
			rpc:   want{body: `[[[1,2]], {"fields":["name","stage_id"],"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"ids":[1,2],"fields":["name","stage_id"],"context":{"tz":"UTC"}}`},
			rest:  want{method: "GET", path: "/api/v2/read/helpdesk.ticket", query: url.Values{"ids": {"[1,2]"}, "fields": {`["name","stage_id"]`}, "context": {`{"tz":"UTC"}`}}},
		},
		{
			name: "search",
			run: func(c *Client) error {
				_, err := c.Search(ctx, "helpdesk.ticket", dom, &SearchOptions{Limit: 3})
				return err
			},
			rpc:   want{body: `[[[["stage_id","=",1]]], {"limit":3,"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"domain":[["stage_id","=",1]],"limit":3,"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"helpdesk.ticket","method":"search","args":[[["stage_id","=",1]]],"kwargs":{"limit":3,"context":{"tz":"UTC"}}}`},
		},
		{
			name: "search_count",
			run: func(c *Client) error {
				_, err := c.SearchCount(ctx, "helpdesk.ticket", dom, nil)
				return err
			},
			rpc:   want{body: `[[[["stage_id","=",1]]], {"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"domain":[["stage_id","=",1]],"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"helpdesk.ticket","method":"search_count","args":[[["stage_id","=",1]]],"kwargs":{"context":{"tz":"UTC"}}}`},
		},
		{
			name: "create",
			run: func(c *Client) error {
				_, err := c.CreateMany(ctx, "helpdesk.ticket", []Values{{"name": "A", "tag_ids": Commands{Set(1, 2)}}, {"name": "B", "user_id": Many2One{}}}, nil)
				return err
			},
			rpc:   want{body: `[[[{"name":"A","tag_ids":[[6,0,[1,2]]]},{"name":"B","user_id":false}]], {"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"vals_list":[{"name":"A","tag_ids":[[6,0,[1,2]]]},{"name":"B","user_id":false}],"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/create/helpdesk.ticket", body: `{"values":[{"name":"A","tag_ids":[[6,0,[1,2]]]},{"name":"B","user_id":false}],"context":{"tz":"UTC"}}`},
		},
		{
			name: "write",
			run: func(c *Client) error {
				return c.Write(ctx, "helpdesk.ticket", []int64{12}, Values{"stage_id": Many2One{ID: 2}, "tag_ids": Commands{Link(3), Unlink(4)}}, nil)
			},
			rpc:   want{body: `[[[12], {"stage_id":2,"tag_ids":[[4,3,0],[3,4,0]]}], {"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"ids":[12],"vals":{"stage_id":2,"tag_ids":[[4,3,0],[3,4,0]]},"context":{"tz":"UTC"}}`},
			rest:  want{method: "PUT", path: "/api/v2/write/helpdesk.ticket", body: `{"ids":[12],"values":{"stage_id":2,"tag_ids":[[4,3,0],[3,4,0]]},"context":{"tz":"UTC"}}`},
		},
		{
			name:  "unlink",
			run:   func(c *Client) error { return c.Unlink(ctx, "helpdesk.ticket", []int64{13, 14}, nil) },
			rpc:   want{body: `[[[13,14]], {"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"ids":[13,14],"context":{"tz":"UTC"}}`},
			rest:  want{method: "DELETE", path: "/api/v2/unlink/helpdesk.ticket", body: `{"ids":[13,14],"context":{"tz":"UTC"}}`},
		},
		{
			name: "fields_get",
			run: func(c *Client) error {
				_, err := c.FieldsGet(ctx, "helpdesk.ticket", &FieldsGetOptions{Attributes: []string{"type", "string"}})
				return err
			},
			rpc:   want{body: `[[], {"attributes":["type","string"],"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"attributes":["type","string"],"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"helpdesk.ticket","method":"fields_get","args":[],"kwargs":{"attributes":["type","string"],"context":{"tz":"UTC"}}}`},
		},
		{
			name: "name_search",
			run: func(c *Client) error {
				_, err := c.NameSearch(ctx, "res.partner", "Deco", &NameSearchOptions{Limit: 3})
				return err
			},
			rpc:   want{body: `[["Deco"], {"limit":3,"context":{"tz":"UTC"}}]`},
			json2: want{body: `{"name":"Deco","limit":3,"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"res.partner","method":"name_search","args":["Deco"],"kwargs":{"limit":3,"context":{"tz":"UTC"}}}`},
		},
		{
			name: "read_group",
			run: func(c *Client) error {
				_, err := c.ReadGroup(ctx, "helpdesk.ticket", domain.Domain{}, []string{"priority"}, &ReadGroupOptions{Aggregates: []string{"id:count"}})
				return err
			},
			// JSON-2 means Odoo 19: formatted_read_group, all by name.
			rpc:   want{body: `[[[], ["id:count"], ["priority"]], {"lazy":true,"context":{"tz":"UTC"}}]`},
			json2: want{path: "/json/2/helpdesk.ticket/formatted_read_group", body: `{"domain":[],"groupby":["priority"],"aggregates":["__count","id:count"],"context":{"tz":"UTC"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"helpdesk.ticket","method":"read_group","args":[[],["id:count"],["priority"]],"kwargs":{"lazy":true,"context":{"tz":"UTC"}}}`},
		},
		{
			name: "message_post",
			run: func(c *Client) error {
				_, err := c.CallMethod(ctx, "helpdesk.ticket", "message_post", []any{[]int64{12}}, map[string]any{"body": "<p>hi</p>", "context": map[string]any{"tz": "Europe/Brussels"}})
				return err
			},
			rpc:   want{body: `[[[12]], {"body":"<p>hi</p>","context":{"tz":"Europe/Brussels"}}]`},
			json2: want{body: `{"ids":[12],"body":"<p>hi</p>","context":{"tz":"Europe/Brussels"}}`},
			rest:  want{method: "POST", path: "/api/v2/call", body: `{"model":"helpdesk.ticket","method":"message_post","args":[[12]],"kwargs":{"body":"<p>hi</p>","context":{"tz":"Europe/Brussels"}}}`},
		},
	}
	model := func(name string) string {
		if name == "name_search" {
			return "res.partner"
		}
		return "helpdesk.ticket"
	}
	for _, p := range []Protocol{JSONRPC, WebSession, JSON2, RESTv2} {
		for _, tc := range cases {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				m := &mockServer{}
				c := newMockClient(t, p, m, WithContext(map[string]any{"tz": "UTC"}))
				if err := tc.run(c); err != nil {
					t.Fatalf("call: %v", err)
				}
				reqs := m.requests()
				last := reqs[len(reqs)-1]
				mdl := model(tc.name)
				method := tc.name
				var w want
				switch p {
				case JSONRPC:
					w = want{method: "POST", path: "/jsonrpc"}
					var ak []any
					_ = json.Unmarshal([]byte(tc.rpc.body), &ak)
					w.body = mustJSONString(t, map[string]any{"jsonrpc": "2.0", "method": "call", "params": map[string]any{
						"service": "object", "method": "execute_kw",
						"args": []any{"db1", 2, "pw-secret", mdl, method, ak[0], ak[1]}}})
				case WebSession:
					w = want{method: "POST", path: "/web/dataset/call_kw/" + mdl + "/" + method}
					var ak []any
					_ = json.Unmarshal([]byte(tc.rpc.body), &ak)
					w.body = mustJSONString(t, map[string]any{"jsonrpc": "2.0", "method": "call", "params": map[string]any{
						"model": mdl, "method": method, "args": ak[0], "kwargs": ak[1]}})
					if got := last.Header.Get("Cookie"); got != "session_id=sid-secret-0123" {
						t.Errorf("Cookie = %q", got)
					}
				case JSON2:
					w = want{method: "POST", path: "/json/2/" + mdl + "/" + method, body: tc.json2.body}
					if tc.json2.path != "" {
						w.path = tc.json2.path
					}
					if got := last.Header.Get("Authorization"); got != "bearer key-secret" {
						t.Errorf("Authorization = %q", got)
					}
					if got := last.Header.Get("X-Odoo-Database"); got != "db1" {
						t.Errorf("X-Odoo-Database = %q", got)
					}
				case RESTv2:
					w = tc.rest
					if got := last.Header.Get("Authorization"); got != "Bearer at-secret-1" {
						t.Errorf("Authorization = %q", got)
					}
					if got := last.Header.Get("DATABASE"); got != "db1" {
						t.Errorf("DATABASE = %q", got)
					}
				}
				if last.Method != w.method || last.Path != w.path {
					t.Errorf("request = %s %s, want %s %s", last.Method, last.Path, w.method, w.path)
				}
				if w.query != nil && !reflect.DeepEqual(last.Query, w.query) {
					t.Errorf("query = %v\nwant    %v", last.Query, w.query)
				}
				if w.query == nil && len(last.Query) > 0 {
					t.Errorf("unexpected query %v", last.Query)
				}
				if w.body == "" {
					if last.Body != nil {
						t.Errorf("unexpected body %v", last.Body)
					}
				} else {
					got := last.Body
					if gm, ok := got.(map[string]any); ok && (p == JSONRPC || p == WebSession) {
						delete(gm, "id")
					}
					if !reflect.DeepEqual(got, mustJSON(t, w.body)) {
						t.Errorf("body = %s\nwant   %s", mustJSONString(t, got), w.body)
					}
				}
				if last.Method != "GET" && last.Header.Get("Content-Type") != "application/json" {
					t.Errorf("Content-Type = %q", last.Header.Get("Content-Type"))
				}
			})
		}
	}
}

func mustJSONString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWireAuthentication(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		proto Protocol
		check func(t *testing.T, first wireReq)
	}{
		{JSONRPC, func(t *testing.T, r wireReq) {
			want := mustJSON(t, `{"jsonrpc":"2.0","method":"call","params":{"service":"common","method":"authenticate","args":["db1","admin","pw-secret",{}]}}`)
			delete(r.Body.(map[string]any), "id")
			if r.Path != "/jsonrpc" || !reflect.DeepEqual(r.Body, want) {
				t.Errorf("auth = %s %v", r.Path, r.Body)
			}
		}},
		{WebSession, func(t *testing.T, r wireReq) {
			want := mustJSON(t, `{"jsonrpc":"2.0","method":"call","params":{"db":"db1","login":"admin","password":"pw-secret"}}`)
			delete(r.Body.(map[string]any), "id")
			if r.Path != "/web/session/authenticate" || !reflect.DeepEqual(r.Body, want) {
				t.Errorf("auth = %s %v", r.Path, r.Body)
			}
			if r.Header.Get("Cookie") != "" {
				t.Errorf("login sent a cookie: %q", r.Header.Get("Cookie"))
			}
		}},
		{RESTv2, func(t *testing.T, r wireReq) {
			want := url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"pw-secret"}, "client_id": {"cid"}, "client_secret": {"csecret"}}
			if r.Method != "POST" || r.Path != "/api/v2/authentication/oauth2/token" || !reflect.DeepEqual(r.Body, want) {
				t.Errorf("token request = %s %s %v", r.Method, r.Path, r.Body)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.proto.String(), func(t *testing.T) {
			m := &mockServer{}
			c := newMockClient(t, tc.proto, m)
			// Two calls: one login only.
			for range 2 {
				if _, err := c.Search(ctx, "res.partner", domain.Domain{}, nil); err != nil {
					t.Fatal(err)
				}
			}
			reqs := m.requests()
			if len(reqs) != 3 {
				t.Fatalf("%d requests, want login + 2 calls", len(reqs))
			}
			tc.check(t, reqs[0])
			if ua := reqs[1].Header.Get("User-Agent"); !strings.Contains(ua, "deskbridge/") {
				t.Errorf("User-Agent = %q", ua)
			}
		})
	}
}

func TestWireVersion(t *testing.T) {
	tests := []struct {
		proto       Protocol
		path        string
		major       int
		wantVersion string
	}{
		{JSONRPC, "/jsonrpc", 17, "17.0"},
		{WebSession, "/web/webclient/version_info", 16, "16.0"},
		{JSON2, "/web/version", 19, "19.0"},
		{RESTv2, "/web/webclient/version_info", 16, "16.0"},
	}
	for _, tc := range tests {
		t.Run(tc.proto.String(), func(t *testing.T) {
			m := &mockServer{}
			c := newMockClient(t, tc.proto, m)
			v, err := c.Version(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v.ServerVersion != tc.wantVersion || v.Major != tc.major {
				t.Errorf("version = %+v", v)
			}
			reqs := m.requests()
			if len(reqs) != 1 || reqs[0].Path != tc.path {
				t.Fatalf("requests = %+v, want one to %s (no login)", reqs, tc.path)
			}
			if reqs[0].Header.Get("Authorization") != "" || reqs[0].Header.Get("Cookie") != "" {
				t.Errorf("version sent credentials")
			}
		})
	}
}

// TestWireNoSecretInBodyOfOtherRoutes checks the JSON-2 and REST bodies do
// not carry the credentials (they travel in headers only).
func TestWireNoSecretInBodies(t *testing.T) {
	for _, p := range []Protocol{JSON2, RESTv2, WebSession} {
		m := &mockServer{}
		c := newMockClient(t, p, m)
		if _, err := c.SearchRead(context.Background(), "res.partner", domain.Domain{}, nil); err != nil {
			t.Fatal(err)
		}
		for _, r := range m.requests() {
			if r.Path == "/web/session/authenticate" || strings.HasSuffix(r.Path, "/token") {
				continue
			}
			b, _ := json.Marshal(r.Body)
			for _, s := range []string{"pw-secret", "key-secret", "csecret"} {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s: %s body holds a secret: %s", p, r.Path, b)
				}
			}
		}
	}
}

// TestRESTRefreshFallsBackToPassword: a 401 triggers a refresh; when the
// refresh token is refused too, a new password grant; then the replay.
func TestRESTRefreshFallsBackToPassword(t *testing.T) {
	var mu sync.Mutex
	var grants []string
	calls := 0
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if req.URL.Path == "/api/v2/authentication/oauth2/token" {
			body, _ := io.ReadAll(req.Body)
			form, _ := url.ParseQuery(string(body))
			grants = append(grants, form.Get("grant_type"))
			if form.Get("grant_type") == "refresh_token" {
				return jsonResp(req, 400, map[string]any{"error": "invalid_grant"}), nil
			}
			n := len(grants)
			return jsonResp(req, 200, map[string]any{"access_token": fmt.Sprintf("at-%d", n), "token_type": "Bearer", "expires_in": 3600, "refresh_token": fmt.Sprintf("rt-%d", n)}), nil
		}
		calls++
		if req.Header.Get("Authorization") == "Bearer at-1" && calls > 1 {
			return jsonResp(req, 401, map[string]any{"name": "werkzeug.exceptions.Unauthorized", "message": "token expired"}), nil
		}
		return jsonResp(req, 200, map[string]any{"result": 5}), nil
	})
	c, err := New("http://odoo.test", WithProtocol(RESTv2), WithPassword("admin", "pw"), WithOAuth2Client("cid", "cs"),
		WithHTTPClient(&http.Client{Transport: mt}), WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		n, err := c.SearchCount(context.Background(), "res.partner", domain.Domain{}, nil)
		if err != nil || n != 5 {
			t.Fatalf("call %d: %d, %v", i, n, err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"password", "refresh_token", "password"}; !reflect.DeepEqual(grants, want) {
		t.Errorf("grants = %v, want %v", grants, want)
	}
	if calls != 3 {
		t.Errorf("%d API requests, want 3 (ok, 401, replay)", calls)
	}
}
