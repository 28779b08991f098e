package ekiclitest

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/internal/capture"
)

// TestLogout replays capture odoo16/45: POST /web/session/destroy with the
// session answers 200 {"jsonrpc", "id"} without result and a new session
// cookie; the old session is gone (a route with it answers session
// expired), and without a session the route answers session expired.
func TestLogout(t *testing.T) {
	want := capture.MustNumbered(t, "../../testdata/fixtures/odoo16", "45")
	srv := NewServer()
	defer srv.Close()
	resp, body := post(t, srv, "POST", "/auth/", `{"params": {"login": "`+DefaultLogin+`", "password": "`+DefaultPassword+`", "db": "`+DefaultDatabase+`"}}`, "")
	sid := ""
	for _, ck := range resp.Cookies() {
		if ck.Name == "session_id" {
			sid = ck.Value
		}
	}
	if sid == "" {
		t.Fatalf("no session: %s", body)
	}
	resp, body = post(t, srv, want.Request.Method, want.Request.Path, string(want.Request.JSON), sid)
	var got, exp map[string]any
	_ = json.Unmarshal([]byte(body), &got)
	_ = json.Unmarshal(want.Response.JSON, &exp)
	delete(got, "id")
	delete(exp, "id")
	if resp.StatusCode != want.Response.Status || resp.Header.Get("Content-Type") != want.Response.ContentType || !reflect.DeepEqual(got, exp) {
		t.Errorf("destroy: %d %s %s, want %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body,
			want.Response.Status, want.Response.ContentType, want.Response.JSON)
	}
	var fresh *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "session_id" {
			fresh = ck
		}
	}
	if fresh == nil || fresh.Value == sid || fresh.MaxAge != 604800 || !fresh.HttpOnly {
		t.Errorf("destroy set %+v, want a new session like the capture's %s", fresh, want.Response.SetCookie)
	}
	if srv.SessionCount() != 0 {
		t.Errorf("%d sessions after destroy", srv.SessionCount())
	}
	for _, s := range []string{sid, fresh.Value, ""} {
		if _, body := post(t, srv, "POST", "/api/res.partner/", `{"params": {"data": {"name": "x"}}}`, s); !strings.Contains(body, `"code":100`) {
			t.Errorf("POST with session %q after destroy: %s", s, body)
		}
	}
	if _, body := post(t, srv, "POST", "/web/session/destroy", `{"jsonrpc": "2.0", "params": {}}`, ""); !strings.Contains(body, `"code":100`) {
		t.Errorf("destroy without session: %s", body)
	}
}
