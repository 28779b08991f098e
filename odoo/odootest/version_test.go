package odootest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestVersionProfiles checks each version difference of version.go
// against the wording and shape its capture shows.
func TestVersionProfiles(t *testing.T) {
	type want struct {
		code          float64 // JSON-RPC error.code of a server error
		unknownMethod string
		callKWModel   string  // exception of an unknown model over call_kw
		callKWCode    float64 // and its error.code
		nameGet       bool
		formatted     bool
		postList      bool   // message_post answers [id]
		storedBody    string // "<p>x</p>" posted as a str
		json2Status   int    // POST /json/2/... with a bearer key
		sidLen        int
		carriers      bool
		yearCookie    bool
		badOp         string
	}
	cases := map[string]want{
		"16.0": {200, "type object 'helpdesk.ticket' has no attribute 'nope'", excKeyError, 200, true, false, false, "<p>x</p>", 404, 40, true, false, "Invalid leaf ('name', 'no_such_op', 'x')"},
		"17.0": {200, "The method 'nope' does not exist on the model 'helpdesk.ticket'", excKeyError, 200, true, false, false, "<p>&lt;p&gt;x&lt;/p&gt;</p>", 404, 40, false, true, "Invalid leaf ('name', 'no_such_op', 'x')"},
		"18.0": {200, "The method 'helpdesk.ticket.nope' does not exist", excNotFound, 404, false, false, false, "<p>&lt;p&gt;x&lt;/p&gt;</p>", 303, 84, false, true, "Invalid leaf ('name', 'no_such_op', 'x')"},
		"19.0": {0, "The method 'helpdesk.ticket.nope' does not exist", excNotFound, 404, false, true, true, "<p>&lt;p&gt;x&lt;/p&gt;</p>", 200, 84, false, true, "Invalid operator in condition ('name', 'no_such_op', 'x')"},
	}
	for _, v := range Versions {
		w := cases[v]
		t.Run(v, func(t *testing.T) {
			s := NewServer(WithVersion(v), WithFlavor(OCA), WithDemoData())
			defer s.Close()
			if s.Version() != v {
				t.Errorf("Version = %q", s.Version())
			}
			_, e := executeKw(t, s, "helpdesk.ticket", "nope", []any{}, nil)
			if e["code"] != w.code || e["data"].(map[string]any)["message"] != w.unknownMethod {
				t.Errorf("unknown method = %v %v, want %v %q", e["code"], e["data"].(map[string]any)["message"], w.code, w.unknownMethod)
			}
			_, e = executeKw(t, s, "helpdesk.ticket", "search", []any{[]any{[]any{"name", "no_such_op", "x"}}}, nil)
			if e["data"].(map[string]any)["message"] != w.badOp {
				t.Errorf("bad operator = %v, want %q", e["data"].(map[string]any)["message"], w.badOp)
			}
			_, e = executeKw(t, s, "helpdesk.ticket", "name_get", []any{[]any{1}}, nil)
			if (e == nil) != w.nameGet {
				t.Errorf("name_get error = %v, want exists=%v", e, w.nameGet)
			}
			_, e = executeKw(t, s, "helpdesk.ticket", "formatted_read_group", []any{[]any{}, []any{"stage_id"}, []any{"__count"}}, nil)
			if (e == nil) != w.formatted {
				t.Errorf("formatted_read_group error = %v, want exists=%v", e, w.formatted)
			}
			res, e := executeKw(t, s, "helpdesk.ticket", "message_post", []any{[]any{1}}, map[string]any{"body": "<p>x</p>", "message_type": "comment"})
			if e != nil {
				t.Fatal(e)
			}
			mid, _ := res.(float64)
			l, isList := res.([]any)
			if isList {
				mid = l[0].(float64)
			}
			if isList != w.postList {
				t.Errorf("message_post = %v, want a list: %v", res, w.postList)
			}
			if msg, _ := s.Record("mail.message", int64(mid)); msg["body"] != w.storedBody {
				t.Errorf("stored body = %q, want %q", msg["body"], w.storedBody)
			}
			res, _ = executeKw(t, s, "helpdesk.ticket", "message_post", []any{[]any{1}}, map[string]any{"body": "<p>x</p>", "body_is_html": true})
			if l, ok := res.([]any); ok {
				res = l[0]
			}
			if msg, _ := s.Record("mail.message", int64(res.(float64))); msg["body"] != "<p>x</p>" {
				t.Errorf("body_is_html body = %q", msg["body"])
			}
			j2 := doNoRedirect(t, s, "POST", "/json/2/helpdesk.ticket/search_count", map[string]string{"Authorization": "bearer " + DefaultAPIKey, "Content-Type": "application/json"}, `{"domain": []}`)
			if j2.StatusCode != w.json2Status {
				t.Errorf("JSON-2 = %d, want %d", j2.StatusCode, w.json2Status)
			}

			// web session: id length, cookie, carriers, unknown model
			login := doNoRedirect(t, s, "POST", "/web/session/authenticate", map[string]string{"Content-Type": "application/json"},
				fmt.Sprintf(`{"jsonrpc": "2.0", "method": "call", "params": {"db": %q, "login": "admin", "password": "admin"}, "id": 1}`, s.Database()))
			var sid string
			var exp time.Time
			for _, c := range login.Cookies() {
				if c.Name == "session_id" {
					sid, exp = c.Value, c.Expires
				}
			}
			if len(sid) != w.sidLen {
				t.Errorf("session id %d chars, want %d", len(sid), w.sidLen)
			}
			if year := time.Until(exp) > 30*24*time.Hour; year != w.yearCookie {
				t.Errorf("cookie Expires %v, want a year: %v", exp, w.yearCookie)
			}
			call := `{"jsonrpc": "2.0", "method": "call", "params": {"model": "helpdesk.ticket", "method": "search_count", "args": [[]], "kwargs": {}}, "id": 7}`
			byHeader := doNoRedirect(t, s, "POST", "/web/dataset/call_kw/helpdesk.ticket/search_count", map[string]string{"Content-Type": "application/json", "X-Openerp-Session-Id": sid}, call)
			if ok := !strings.Contains(readAll(t, byHeader), "error"); ok != w.carriers {
				t.Errorf("session in header works = %v, want %v", ok, w.carriers)
			}
			_, e = rpcCall(t, s.URL, "/web/dataset/call_kw/helpdesk.sla/search_read", map[string]any{"model": "helpdesk.sla", "method": "search_read", "args": []any{[]any{}}, "kwargs": map[string]any{}}, sid)
			if errName(e) != w.callKWModel || e["code"] != w.callKWCode {
				t.Errorf("unknown model over call_kw = %v %v, want %s %v", errName(e), e["code"], w.callKWModel, w.callKWCode)
			}
		})
	}
}

func doNoRedirect(t *testing.T, s *Server, method, path string, headers map[string]string, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWithVersionRefusesOthers(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "15.0") {
			t.Errorf("WithVersion(\"15.0\") panic = %v", r)
		}
	}()
	NewServer(WithVersion("15.0")).Close()
}

// TestMultiDatabaseAndLockout: WithDatabases without a filter (odoo16/72-77)
// and the web-login lockout (odoo16/78-80).
func TestMultiDatabaseAndLockout(t *testing.T) {
	s := NewServer(WithVersion("16.0"), WithDatabases("a", "b"))
	defer s.Close()
	if res, _ := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "db", "method": "list", "args": []any{}}, ""); len(res.([]any)) != 2 {
		t.Errorf("db.list = %v", res)
	}
	noSess := doNoRedirect(t, s, "POST", "/web/dataset/call_kw/res.partner/search_count", map[string]string{"Content-Type": "application/json"},
		`{"jsonrpc": "2.0", "method": "call", "params": {"model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {}}, "id": 1}`)
	if noSess.StatusCode != 404 {
		t.Errorf("call_kw without a session on several databases = %d, want 404", noSess.StatusCode)
	}
	for i := range 10 {
		if _, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": "b", "login": "admin", "password": "wrong"}, ""); errName(e) != excAccessDenied {
			t.Fatalf("failure %d = %v", i, e)
		}
	}
	_, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": "b", "login": "admin", "password": "admin"}, "")
	if errName(e) != excAccessDenied || !strings.Contains(e["data"].(map[string]any)["message"].(string), "Too many login failures") {
		t.Errorf("11th login = %v", e)
	}
	if res, _ := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "common", "method": "authenticate", "args": []any{"b", "admin", "admin", map[string]any{}}}, ""); res != 2.0 {
		t.Errorf("/jsonrpc login during the lockout = %v, want 2", res)
	}
	f := NewServer(WithVersion("16.0"), WithDatabases("a", "b"), WithDBFilter("a"))
	defer f.Close()
	if _, e := rpcCall(t, f.URL, "/web/session/authenticate", map[string]any{"db": "b", "login": "admin", "password": "admin"}, ""); errName(e) != excAccessError {
		t.Errorf("web login on a filtered-out database = %v", e)
	}
	if res, _ := rpcCall(t, f.URL, "/jsonrpc", map[string]any{"service": "common", "method": "authenticate", "args": []any{"b", "admin", "admin", map[string]any{}}}, ""); res != 2.0 {
		t.Errorf("/jsonrpc on a filtered-out database = %v, want 2", res)
	}
}

// JSON-2's 415 for a form body and 422 for ids on a model method
// (fixtures README, odoo19).
func TestJSON2ContentTypeAndModelIDs(t *testing.T) {
	s := NewServer(WithVersion("19.0"))
	defer s.Close()
	form := doNoRedirect(t, s, "POST", "/json/2/res.partner/search_count", map[string]string{"Authorization": "bearer " + DefaultAPIKey, "Content-Type": "application/x-www-form-urlencoded"}, "domain=[]")
	if form.StatusCode != http.StatusUnsupportedMediaType || !strings.HasPrefix(form.Header.Get("Content-Type"), "text/html") {
		t.Errorf("form body = %d %s", form.StatusCode, form.Header.Get("Content-Type"))
	}
	rep := json2(t, s, "/json/2/res.partner/search_count", DefaultAPIKey, nil, map[string]any{"ids": []any{1}, "domain": []any{}})
	if rep.Status != 422 || rep.JSON.(map[string]any)["name"] != excUnprocessable {
		t.Errorf("ids on search_count = %d %s", rep.Status, rep.Body)
	}
}

// A server without WithVersion answers as DefaultVersion.
func TestDefaultVersion(t *testing.T) {
	s := NewServer(WithFlavor(OCA), WithDemoData())
	defer s.Close()
	if s.Version() != DefaultVersion {
		t.Errorf("Version = %q", s.Version())
	}
	res, e := executeKw(t, s, "helpdesk.ticket", "message_post", []any{[]any{1}}, map[string]any{"body": "<p>x</p>"})
	l, ok := res.([]any)
	if e != nil || !ok || len(l) != 1 {
		t.Fatalf("message_post = %v, %v; want [id]", res, e)
	}
	if msg, _ := s.Record("mail.message", int64(l[0].(float64))); msg["body"] != "<p>&lt;p&gt;x&lt;/p&gt;</p>" {
		t.Errorf("body = %q", msg["body"])
	}
}
