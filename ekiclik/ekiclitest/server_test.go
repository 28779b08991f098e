package ekiclitest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func post(t *testing.T, srv *Server, method, path, body, sid string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if sid != "" {
		req.AddCookie(&http.Cookie{Name: "session_id", Value: sid})
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServerRoutes(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	// No session: JSON routes answer code 100, HTTP routes redirect.
	_, body := post(t, srv, "POST", "/api/res.partner/", `{"params": {"data": {"name": "x"}}}`, "")
	if !strings.Contains(body, `"code":100`) || !strings.Contains(body, "SessionExpiredException") {
		t.Errorf("no session POST: %s", body)
	}
	resp, _ := post(t, srv, "GET", "/api/res.partner/", "", "")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/web/login") {
		t.Errorf("no session GET: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Login, then create and read back.
	resp, body = post(t, srv, "POST", "/web/session/authenticate", `{"jsonrpc": "2.0", "params": {"login": "`+DefaultLogin+`", "password": "`+DefaultPassword+`", "db": "`+DefaultDatabase+`"}}`, "")
	var sid string
	for _, c := range resp.Cookies() {
		if c.Name == "session_id" {
			sid = c.Value
		}
	}
	if sid == "" || !strings.Contains(body, `"uid":2`) {
		t.Fatalf("login: %s", body)
	}
	_, body = post(t, srv, "POST", "/api/res.partner/", `{"params": {"data": {"name": "Amina", "email": "a@example.dz"}}}`, sid)
	var created struct {
		Result int64 `json:"result"`
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.Result <= 0 {
		t.Errorf("create: %s", body)
	}
	_, body = post(t, srv, "GET", "/api/res.partner/?query=%7Bid,name%7D&filter="+url.QueryEscape(`[["email","=","a@example.dz"]]`), "", sid)
	var page map[string]any
	if err := json.Unmarshal([]byte(body), &page); err != nil || page["count"] != 1.0 || page["next"] != nil ||
		page["result"].([]any)[0].(map[string]any)["id"] != float64(created.Result) {
		t.Errorf("page: %s", body)
	}
	// Bad JSON, unknown route, unknown model, missing data.
	if resp, _ := post(t, srv, "POST", "/api/res.partner/", `{"params": `, sid); resp.StatusCode != 400 {
		t.Errorf("bad JSON: %d", resp.StatusCode)
	}
	if resp, _ := post(t, srv, "GET", "/nowhere", "", sid); resp.StatusCode != 404 {
		t.Errorf("unknown route: %d", resp.StatusCode)
	}
	if _, body := post(t, srv, "POST", "/api/x.y/", `{"params": {"data": {}}}`, sid); !strings.Contains(body, "The model `x.y` does not exist.") {
		t.Errorf("unknown model: %s", body)
	}
	if _, body := post(t, srv, "PUT", "/api/res.partner/", `{"params": {"filter": []}}`, sid); !strings.Contains(body, "`data` parameter is not found") {
		t.Errorf("no data: %s", body)
	}
	// /auth/ with a bad password: AccessDenied (capture 02).
	if _, body := post(t, srv, "POST", "/auth/", `{"params": {"login": "x", "password": "y", "db": "z"}}`, ""); !strings.Contains(body, `"name":"odoo.exceptions.AccessDenied"`) {
		t.Errorf("/auth/ refused: %s", body)
	}
	if srv.CallCount("res.partner", "create") != 1 || srv.CallCount("", "authenticate") != 1 {
		t.Errorf("call log: %+v", srv.Calls())
	}
}

// TestGetMissingIDEcho: with the query {id} the module answers the id it
// was given without reading the record; with any other field, 400 HTML.
func TestGetMissingIDEcho(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	resp, body := post(t, srv, "POST", "/auth/", `{"params": {"login": "`+DefaultLogin+`", "password": "`+DefaultPassword+`", "db": "`+DefaultDatabase+`"}}`, "")
	sid := ""
	for _, c := range resp.Cookies() {
		sid = c.Value
	}
	if sid == "" || strings.Contains(body, "session_id") {
		t.Fatalf("/auth/: the session is in the cookie only: %s", body)
	}
	if _, body := post(t, srv, "GET", "/api/res.partner/999999999/?query=%7Bid%7D", "", sid); body != `{"id":999999999}` {
		t.Errorf("{id}: %s", body)
	}
	if resp, _ := post(t, srv, "GET", "/api/res.partner/999999999/?query=%7Bid,name%7D", "", sid); resp.StatusCode != 400 {
		t.Errorf("{id,name}: %d", resp.StatusCode)
	}
}

// mustCreate is Create for test setup: a refused record panics.
func mustCreate(s *Server, model string, vals map[string]any) int64 {
	id, err := s.Create(model, vals)
	if err != nil {
		panic(err)
	}
	return id
}
