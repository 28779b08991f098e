package odootest

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

func TestJSONRPCAuth(t *testing.T) {
	s := NewServer(WithVersion("17.0"), WithDatabase("db1"), WithUser("bob", "secret"), WithAPIKey("bob", "bob-key"))
	defer s.Close()
	bob := s.UserID("bob")
	if bob <= 2 {
		t.Fatalf("UserID(bob) = %d", bob)
	}
	common := func(method string, args ...any) (any, map[string]any) {
		return rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "common", "method": method, "args": args}, "")
	}
	tests := []struct {
		name     string
		method   string
		args     []any
		want     any
		wantName string
	}{
		{"admin", "authenticate", []any{"db1", "admin", "admin", map[string]any{}}, 2.0, ""},
		{"admin api key", "authenticate", []any{"db1", "admin", DefaultAPIKey, map[string]any{}}, 2.0, ""},
		{"bob login", "login", []any{"db1", "bob", "secret"}, float64(bob), ""},
		{"bob key", "authenticate", []any{"db1", "bob", "bob-key", map[string]any{}}, float64(bob), ""},
		{"admin key is not bob's", "authenticate", []any{"db1", "bob", DefaultAPIKey, map[string]any{}}, false, ""},
		{"wrong password", "authenticate", []any{"db1", "admin", "wrong", map[string]any{}}, false, ""},
		{"unknown user", "authenticate", []any{"db1", "nobody", "x", map[string]any{}}, false, ""},
		{"unknown db", "authenticate", []any{"nosuchdb", "admin", "admin", map[string]any{}}, nil, excOperational},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, e := common(tt.method, tt.args...)
			if tt.wantName != "" {
				if errName(e) != tt.wantName || e["code"] != 200.0 {
					t.Errorf("error = %v, want %s", e, tt.wantName)
				}
				return
			}
			if e != nil || res != tt.want {
				t.Errorf("= %v, %v; want %v", res, e, tt.want)
			}
		})
	}
	var ok, refused int
	for _, c := range s.Calls() {
		if c.Model != "" || (c.Method != "authenticate" && c.Method != "login") {
			t.Errorf("unexpected call log entry %+v", c)
		}
		if c.Applied {
			ok++
		} else if c.Err != "" {
			refused++
		}
	}
	if ok != 4 || refused != 4 {
		t.Errorf("call log: %d applied, %d refused logins; want 4 and 4", ok, refused)
	}
	res, _ := common("version")
	vi := res.(map[string]any)
	if vi["server_version"] != "17.0+e" || !reflect.DeepEqual(vi["server_version_info"], []any{17.0, 0.0, 0.0, "final", 0.0, "e"}) || vi["protocol_version"] != 1.0 {
		t.Errorf("version = %v", vi)
	}
	// execute_kw: the password, or an API key, of the uid
	exec := func(uid int64, pw string) map[string]any {
		_, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
			"args": []any{"db1", uid, pw, "res.partner", "search_count", []any{[]any{}}}}, "")
		return e
	}
	if e := exec(2, "admin"); e != nil {
		t.Errorf("execute_kw as admin: %v", e)
	}
	if e := exec(bob, "bob-key"); e != nil {
		t.Errorf("execute_kw with bob's key: %v", e)
	}
	for _, bad := range []struct {
		uid int64
		pw  string
	}{{2, "wrong"}, {bob, "admin"}, {999, "admin"}} {
		if e := exec(bad.uid, bad.pw); errName(e) != excAccessDenied || e["data"].(map[string]any)["message"] != "Access Denied" {
			t.Errorf("execute_kw uid %d pw %q = %v, want AccessDenied", bad.uid, bad.pw, e)
		}
	}
}

func TestNotJSONAndUnknownRoutes(t *testing.T) {
	s := NewServer(WithProtocols(odoo.JSONRPC))
	defer s.Close()
	rep := doRaw(t, "POST", s.URL+"/jsonrpc", map[string]string{"Content-Type": "application/json"}, []byte("{not json"))
	if rep.Status != 400 || !strings.HasPrefix(rep.CType, "text/html") || string(rep.Body) != "Invalid JSON data" {
		t.Errorf("non-JSON body: %d %s %q", rep.Status, rep.CType, rep.Body)
	}
	for _, path := range []string{"/json/2/res.partner/search_read", "/api/v2/search_read/res.partner", "/web/session/authenticate", "/nope"} {
		rep := doRaw(t, "POST", s.URL+path, map[string]string{"Content-Type": "application/json"}, []byte("{}"))
		if rep.Status != 404 || !strings.HasPrefix(rep.CType, "text/html") || !strings.Contains(string(rep.Body), "<title>Odoo</title>") {
			t.Errorf("%s on a JSON-RPC-only server: %d %s", path, rep.Status, rep.CType)
		}
	}
}

func TestWebSession(t *testing.T) {
	s := NewServer(WithVersion("16.0"))
	defer s.Close()
	// no session: code 100, id null
	for _, cookie := range []string{"", "0123456789abcdef0123456789abcdef01234567"} {
		rep := doRaw(t, "POST", s.URL+"/web/dataset/call_kw/res.partner/search_read", map[string]string{"Content-Type": "application/json", "Cookie": "session_id=" + cookie},
			mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "id": 7, "params": map[string]any{"model": "res.partner", "method": "search_read", "args": []any{[]any{}}, "kwargs": map[string]any{}}}))
		env := rep.JSON.(map[string]any)
		e, _ := env["error"].(map[string]any)
		if env["id"] != nil || e["code"] != 100.0 || e["message"] != "Odoo Session Expired" || errName(e) != excSessionExpired {
			t.Errorf("cookie %q: %s", cookie, rep.Body)
		}
	}
	// bad login
	if _, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": s.Database(), "login": "admin", "password": "wrong"}, ""); errName(e) != excAccessDenied {
		t.Errorf("bad login = %v", e)
	}
	// API keys are not web passwords
	if _, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": s.Database(), "login": "admin", "password": DefaultAPIKey}, ""); errName(e) != excAccessDenied {
		t.Errorf("login with an API key = %v", e)
	}
	if _, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": "other", "login": "admin", "password": "admin"}, ""); errName(e) != excAccessError {
		t.Errorf("login to another db = %v", e)
	}
	rep := doRaw(t, "POST", s.URL+"/web/session/authenticate", map[string]string{"Content-Type": "application/json"},
		mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{"db": s.Database(), "login": "admin", "password": "admin"}}))
	info := rep.JSON.(map[string]any)["result"].(map[string]any)
	if info["uid"] != 2.0 || info["db"] != s.Database() || info["server_version"] != "16.0+e" || info["partner_display_name"] != "YourCompany, Mitchell Admin" {
		t.Errorf("session info = %v", info)
	}
	sid := ""
	for _, c := range rep.Header["Set-Cookie"] {
		if strings.HasPrefix(c, "session_id=") {
			sid = strings.TrimPrefix(strings.SplitN(c, ";", 2)[0], "session_id=")
		}
	}
	if len(sid) != 40 {
		t.Fatalf("session cookie %q", rep.Header["Set-Cookie"])
	}
	call := func() (any, map[string]any) {
		return rpcCall(t, s.URL, "/web/dataset/call_kw/res.partner/search_count", map[string]any{"model": "res.partner", "method": "search_count", "args": []any{[]any{}}, "kwargs": map[string]any{"context": map[string]any{"lang": "en_US"}}}, sid)
	}
	if n, e := call(); e != nil || n.(float64) < 1 {
		t.Errorf("call_kw = %v, %v", n, e)
	}
	if res, e := rpcCall(t, s.URL, "/web/session/get_session_info", map[string]any{}, sid); e != nil || res.(map[string]any)["uid"] != 2.0 {
		t.Errorf("get_session_info = %v, %v", res, e)
	}
	if vi, _ := rpcCall(t, s.URL, "/web/webclient/version_info", map[string]any{}, ""); vi.(map[string]any)["server_serie"] != "16.0" {
		t.Errorf("version_info = %v", vi)
	}
	// ExpireSessions ends it
	s.ExpireSessions()
	if _, e := call(); errName(e) != excSessionExpired {
		t.Errorf("after ExpireSessions: %v", e)
	}
	// destroy ends a session too, and answers no result
	_, e := rpcCall(t, s.URL, "/web/session/authenticate", map[string]any{"db": s.Database(), "login": "admin", "password": "admin"}, "")
	if e != nil {
		t.Fatal(e)
	}
	if s.SessionCount() != 1 {
		t.Fatalf("SessionCount = %d", s.SessionCount())
	}
	s.amu.Lock()
	for k := range s.sessions {
		sid = k
	}
	s.amu.Unlock()
	d := doRaw(t, "POST", s.URL+"/web/session/destroy", map[string]string{"Content-Type": "application/json", "Cookie": "session_id=" + sid},
		mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "id": 45, "params": map[string]any{}}))
	if env := d.JSON.(map[string]any); len(env) != 2 || env["id"] != 45.0 {
		t.Errorf("destroy = %s", d.Body)
	}
	if _, e := call(); errName(e) != excSessionExpired {
		t.Errorf("after destroy: %v", e)
	}
}

func json2(t *testing.T, s *Server, path, key string, headers map[string]string, body any) *httpReply {
	t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if key != "" {
		h["Authorization"] = "bearer " + key
	}
	for k, v := range headers {
		h[k] = v
	}
	return doRaw(t, "POST", s.URL+path, h, mustJSON(t, body))
}

func TestJSON2(t *testing.T) {
	s := NewServer(WithVersion("19.0"), WithFlavor(OCA), WithDemoData())
	defer s.Close()
	ok := json2(t, s, "/json/2/helpdesk.ticket/search_read", DefaultAPIKey, map[string]string{"X-Odoo-Database": s.Database()},
		map[string]any{"domain": []any{[]any{"priority", "=", "3"}}, "fields": []any{"name", "priority"}, "limit": 2, "order": "id", "context": map[string]any{"lang": "en_US"}})
	rows, isList := ok.JSON.([]any)
	if ok.Status != 200 || !isList || len(rows) != 2 || rows[0].(map[string]any)["priority"] != "3" {
		t.Fatalf("search_read = %d %s", ok.Status, ok.Body)
	}
	id := rows[0].(map[string]any)["id"]
	if rep := json2(t, s, "/json/2/helpdesk.ticket/read", DefaultAPIKey, nil, map[string]any{"ids": []any{id}, "fields": []any{"name"}}); rep.Status != 200 || len(rep.JSON.([]any)) != 1 {
		t.Errorf("read = %d %s", rep.Status, rep.Body)
	}
	if rep := json2(t, s, "/json/2/helpdesk.ticket/write", DefaultAPIKey, nil, map[string]any{"ids": []any{id}, "vals": map[string]any{"name": "renamed"}}); rep.JSON != true {
		t.Errorf("write = %d %s", rep.Status, rep.Body)
	}
	if rep := json2(t, s, "/json/2/res.partner/create", DefaultAPIKey, nil, map[string]any{"vals_list": []any{map[string]any{"name": "A"}, map[string]any{"name": "B"}}}); len(rep.JSON.([]any)) != 2 {
		t.Errorf("create = %d %s", rep.Status, rep.Body)
	}
	errs := []struct {
		name       string
		path, key  string
		headers    map[string]string
		body       any
		status     int
		excName    string
		argsLength int
	}{
		{"no key", "/json/2/res.partner/search_read", "", nil, map[string]any{}, 401, excUnauthorized, 2},
		{"bad key", "/json/2/res.partner/search_read", "nope", nil, map[string]any{}, 401, excUnauthorized, 2},
		{"unknown model", "/json/2/helpdesk.sla/search_read", DefaultAPIKey, nil, map[string]any{}, 404, excNotFound, 2},
		{"unknown method", "/json/2/res.partner/frobnicate", DefaultAPIKey, nil, map[string]any{}, 404, excNotFound, 2},
		{"validation", "/json/2/helpdesk.ticket/create", DefaultAPIKey, nil, map[string]any{"vals_list": []any{map[string]any{"description": "x"}}}, 422, excValidation, 1},
		{"missing", "/json/2/helpdesk.ticket/unlink", DefaultAPIKey, nil, map[string]any{"ids": []any{99999}}, 404, excMissingError, 1},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			rep := json2(t, s, tt.path, tt.key, tt.headers, tt.body)
			e, _ := rep.JSON.(map[string]any)
			if rep.Status != tt.status || e["name"] != tt.excName || len(e["arguments"].([]any)) != tt.argsLength {
				t.Errorf("= %d %s; want %d %s", rep.Status, rep.Body, tt.status, tt.excName)
			}
			for _, k := range []string{"name", "message", "arguments", "context", "debug"} {
				if _, ok := e[k]; !ok {
					t.Errorf("error body lacks %q", k)
				}
			}
		})
	}
	// Another database answers werkzeug's HTML 404 (odoo19/50).
	if rep := json2(t, s, "/json/2/res.partner/search_read", DefaultAPIKey, map[string]string{"X-Odoo-Database": "other"}, map[string]any{}); rep.Status != 404 || !strings.HasPrefix(rep.CType, "text/html") {
		t.Errorf("other database = %d %s %s", rep.Status, rep.CType, rep.Body)
	}
	if rep := json2(t, s, "/json/2/res.partner/search_read", "nope", nil, map[string]any{}); rep.JSON.(map[string]any)["message"] != "Invalid apikey" {
		t.Errorf("bad key message = %s", rep.Body)
	}
	v := doRaw(t, "GET", s.URL+"/web/version", nil, nil)
	if vi := v.JSON.(map[string]any); v.Status != 200 || vi["version"] != "19.0" {
		t.Errorf("/web/version = %d %s", v.Status, v.Body)
	}
}

// restToken runs the OAuth2 token endpoint with form fields.
func restToken(t *testing.T, s *Server, form url.Values) *httpReply {
	t.Helper()
	return doRaw(t, "POST", s.URL+"/api/v2/authentication/oauth2/token", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, []byte(form.Encode()))
}

func restCall(t *testing.T, s *Server, method, path, tok string, body any) *httpReply {
	t.Helper()
	h := map[string]string{"Authorization": "Bearer " + tok, "DATABASE": s.Database(), "Content-Type": "application/json"}
	var b []byte
	if body != nil {
		b = mustJSON(t, body)
	}
	return doRaw(t, method, s.URL+path, h, b)
}

func TestRESTv2(t *testing.T) {
	clk := &fixedClock{t: epoch}
	s := NewServer(WithFlavor(OCA), WithDemoData(), WithClock(clk.now), WithTokenTTL(10*time.Minute), WithOAuth2Client("c2", "s2"), WithOAuth2Client("c 3", "s&3"))
	defer s.Close()
	pw := url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"admin"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}
	rep := restToken(t, s, pw)
	tok := rep.JSON.(map[string]any)
	if rep.Status != 200 || tok["token_type"] != "Bearer" || tok["expires_in"] != 600.0 || tok["access_token"] == "" || tok["refresh_token"] == "" {
		t.Fatalf("token = %d %s", rep.Status, rep.Body)
	}
	at := tok["access_token"].(string)

	q := url.Values{"domain": {`[["priority", "=", "3"]]`}, "fields": {`["name", "priority"]`}, "limit": {"3"}, "order": {"id desc"}}
	sr := restCall(t, s, "GET", "/api/v2/search_read/helpdesk.ticket?"+q.Encode(), at, nil)
	rows, _ := sr.JSON.([]any)
	if sr.Status != 200 || len(rows) != 3 || rows[0].(map[string]any)["priority"] != "3" || rows[0].(map[string]any)["id"].(float64) < rows[1].(map[string]any)["id"].(float64) {
		t.Fatalf("search_read = %d %s", sr.Status, sr.Body)
	}
	cr := restCall(t, s, "POST", "/api/v2/create/res.partner", at, map[string]any{"values": map[string]any{"name": "Rest"}})
	id, isNum := cr.JSON.(float64)
	if cr.Status != 200 || !isNum {
		t.Fatalf("create = %d %s", cr.Status, cr.Body)
	}
	if cl := restCall(t, s, "POST", "/api/v2/create/res.partner", at, map[string]any{"values": []any{map[string]any{"name": "R1"}, map[string]any{"name": "R2"}}}); len(cl.JSON.([]any)) != 2 {
		t.Errorf("create list = %d %s", cl.Status, cl.Body)
	}
	if w := restCall(t, s, "PUT", "/api/v2/write/res.partner", at, map[string]any{"ids": []any{id}, "values": map[string]any{"name": "Rest 2"}}); w.JSON != true {
		t.Errorf("write = %d %s", w.Status, w.Body)
	}
	rd := restCall(t, s, "GET", "/api/v2/read/res.partner?"+url.Values{"ids": {mustString(t, []any{id})}, "fields": {`["name"]`}}.Encode(), at, nil)
	if r := rd.JSON.([]any); len(r) != 1 || r[0].(map[string]any)["name"] != "Rest 2" {
		t.Errorf("read = %d %s", rd.Status, rd.Body)
	}
	cl := restCall(t, s, "POST", "/api/v2/call", at, map[string]any{"model": "res.partner", "method": "name_search", "args": []any{"Rest 2"}, "kwargs": map[string]any{"limit": 5}})
	if r := cl.JSON.(map[string]any)["result"].([]any); len(r) != 1 {
		t.Errorf("call = %d %s", cl.Status, cl.Body)
	}
	if u := restCall(t, s, "DELETE", "/api/v2/unlink/res.partner", at, map[string]any{"ids": []any{id}}); u.JSON != true {
		t.Errorf("unlink = %d %s", u.Status, u.Body)
	}
	// errors keep the add-on's shape
	checkErr := func(rep *httpReply, status int, name string) {
		t.Helper()
		e, _ := rep.JSON.(map[string]any)
		if rep.Status != status || e["name"] != name || e["code"] != float64(status) {
			t.Errorf("= %d %s; want %d %s", rep.Status, rep.Body, status, name)
		}
		for _, k := range []string{"code", "name", "message", "arguments", "traceback"} {
			if _, ok := e[k]; !ok {
				t.Errorf("error body lacks %q", k)
			}
		}
	}
	checkErr(restCall(t, s, "DELETE", "/api/v2/unlink/res.partner", at, map[string]any{"ids": []any{id}}), 404, excMissingError)
	checkErr(restCall(t, s, "GET", "/api/v2/search_read/helpdesk.sla", at, nil), 422, excUserError)
	checkErr(restCall(t, s, "GET", "/api/v2/search_read/res.partner", "bogus", nil), 401, excUnauthorized)
	checkErr(restToken(t, s, url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"nope"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}), 400, excAccessDenied)
	if bad := restToken(t, s, url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"admin"}, "client_id": {"c2"}, "client_secret": {"wrong"}}); bad.Status != 401 || bad.JSON.(map[string]any)["error"] != "invalid_client" {
		t.Errorf("bad client = %d %s", bad.Status, bad.Body)
	}
	// tokens expire with the clock; the refresh grant gives a new one
	clk.t = clk.t.Add(11 * time.Minute)
	checkErr(restCall(t, s, "GET", "/api/v2/search_read/res.partner", at, nil), 401, excUnauthorized)
	ref := restToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
	at2, _ := ref.JSON.(map[string]any)["access_token"].(string)
	if ref.Status != 200 || at2 == "" || at2 == at {
		t.Fatalf("refresh = %d %s", ref.Status, ref.Body)
	}
	if r := restCall(t, s, "GET", "/api/v2/search_read/res.partner?limit=1", at2, nil); r.Status != 200 {
		t.Errorf("with the refreshed token: %d %s", r.Status, r.Body)
	}
	// a refresh token is single-use
	if again := restToken(t, s, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}}); again.Status != 400 {
		t.Errorf("reused refresh token = %d %s", again.Status, again.Body)
	}
	s.ExpireTokens()
	checkErr(restCall(t, s, "GET", "/api/v2/search_read/res.partner", at2, nil), 401, excUnauthorized)
	// Basic auth for the client works too (x/oauth2's default)
	req := url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {DefaultAPIKey}}
	basic := doRaw(t, "POST", s.URL+"/api/v2/authentication/oauth2/token", map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basicAuth("c2", "s2")}, []byte(req.Encode()))
	if basic.Status != 200 {
		t.Errorf("basic auth token = %d %s", basic.Status, basic.Body)
	}
	escaped := doRaw(t, "POST", s.URL+"/api/v2/authentication/oauth2/token", map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basicAuth(url.QueryEscape("c 3"), url.QueryEscape("s&3"))}, []byte(req.Encode()))
	if escaped.Status != 200 {
		t.Errorf("form-encoded basic auth token = %d %s", escaped.Status, escaped.Body)
	}
}

func mustString(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRESTv2DefaultLimit(t *testing.T) {
	for _, limit := range []int{0, 5} {
		s := NewServer(WithFlavor(OCA), WithDemoData(), WithRESTv2DefaultLimit(limit))
		rep := restToken(t, s, url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"admin"}, "client_id": {DefaultClientID}, "client_secret": {DefaultClientSecret}})
		at := rep.JSON.(map[string]any)["access_token"].(string)
		all := len(restCall(t, s, "GET", "/api/v2/search_read/helpdesk.ticket", at, nil).JSON.([]any))
		capped := len(restCall(t, s, "GET", "/api/v2/search_read/helpdesk.ticket?limit=7", at, nil).JSON.([]any))
		want := int(s.Count("helpdesk.ticket", domain.Eq("active", true)))
		if limit > 0 {
			want = limit
		}
		if all != want || capped != 7 {
			t.Errorf("default limit %d: %d records without a limit (want %d), %d with limit=7", limit, all, want, capped)
		}
		s.Close()
	}
}

func TestStartTLS(t *testing.T) {
	s := NewUnstartedServer(WithVersion("18.0"))
	s.StartTLS()
	defer s.Close()
	if !strings.HasPrefix(s.URL, "https://") {
		t.Fatalf("URL = %s", s.URL)
	}
	body := strings.NewReader(`{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", "method": "version", "args": []}}`)
	resp, err := s.Client().Post(s.URL+"/jsonrpc", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct{ Result map[string]any }
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.Result["server_serie"] != "18.0" {
		t.Errorf("version over TLS = %v, %v", env, err)
	}
}

func TestJSONRPCServicesAndProtocolSubsets(t *testing.T) {
	s := NewServer(WithProtocols(odoo.JSON2, odoo.JSONRPC), WithDatabase("x"))
	defer s.Close()
	if res, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "db", "method": "list", "args": []any{}}, ""); e != nil || !reflect.DeepEqual(res, []any{"x"}) {
		t.Errorf("db.list = %v %v", res, e)
	}
	// object.execute takes the method's arguments inline
	if res, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute",
		"args": []any{"x", 2, "admin", "res.partner", "search", []any{[]any{"id", "=", 3}}}}, ""); e != nil || !reflect.DeepEqual(res, []any{3.0}) {
		t.Errorf("execute = %v %v", res, e)
	}
	if _, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "nope", "method": "x", "args": []any{}}, ""); errName(e) != excKeyError {
		t.Errorf("unknown service = %v", e)
	}
	if _, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
		"args": []any{"other", 2, "admin", "res.partner", "search", []any{[]any{}}}}, ""); errName(e) != excOperational {
		t.Errorf("execute_kw on an unknown db = %v", e)
	}
	// JSON-2 and JSON-RPC only: no web session, no REST v2
	if rep := doRaw(t, "POST", s.URL+"/web/session/authenticate", map[string]string{"Content-Type": "application/json"}, []byte(`{"params": {}}`)); rep.Status != 404 {
		t.Errorf("web session on a JSON-2 server = %d", rep.Status)
	}
	if rep := json2(t, s, "/json/2/res.partner/search_count", DefaultAPIKey, map[string]string{"X-Odoo-Database": "x"}, map[string]any{"domain": []any{}}); rep.Status != 200 {
		t.Errorf("JSON-2 = %d %s", rep.Status, rep.Body)
	}
	if rep := doRaw(t, "GET", s.URL+"/api/v2/search_read/res.partner", nil, nil); rep.Status != 404 {
		t.Errorf("REST v2 on a JSON-2 server = %d", rep.Status)
	}
}

func TestUserCreatedOverTheWireCanLogIn(t *testing.T) {
	s := NewServer()
	defer s.Close()
	uid := mustExec(t, s, "res.users", "create", []any{map[string]any{"login": "carol", "name": "Carol", "password": "c4rol"}}, nil)
	auth := func(pw string) any {
		res, _ := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "common", "method": "authenticate", "args": []any{s.Database(), "carol", pw, map[string]any{}}}, "")
		return res
	}
	if got := auth("c4rol"); got != uid {
		t.Errorf("authenticate = %v, want %v", got, uid)
	}
	mustExec(t, s, "res.users", "write", []any{[]any{uid}, map[string]any{"password": "new"}}, nil)
	if got := auth("c4rol"); got != false {
		t.Errorf("old password = %v, want false", got)
	}
	if got := auth("new"); got != uid {
		t.Errorf("new password = %v, want %v", got, uid)
	}
	rows := mustExec(t, s, "res.users", "read", []any{[]any{uid}}, map[string]any{"fields": []any{"password", "partner_id"}}).([]any)
	if r := rows[0].(map[string]any); r["password"] != "" || r["partner_id"].([]any)[1] != "Carol" {
		t.Errorf("read = %v", r)
	}
	mustExec(t, s, "res.users", "write", []any{[]any{uid}, map[string]any{"active": false}}, nil)
	if got := auth("new"); got != false {
		t.Errorf("archived user authenticates: %v", got)
	}
}
