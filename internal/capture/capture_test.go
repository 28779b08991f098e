package capture

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Load(dir); err == nil {
		t.Error("empty dir: no error")
	}
	write("02-b.json", `{"name": "b", "request": {"method": "POST", "path": "/x", "text": "raw"},
		"response": {"status": 400, "text": "Invalid JSON data", "set_cookie": ["a=1", "b=2"]}}`)
	write("01-a.json", `{"name": "a", "request": {"json": {"k": 1}}, "response": {"status": 200, "json": {"result": 1}, "set_cookie": "s=1"}}`)
	write("notes.txt", "not a capture")
	cs, err := Load(dir)
	if err != nil || len(cs) != 2 {
		t.Fatalf("Load: %d, %v", len(cs), err)
	}
	a, b := cs[0], cs[1]
	if a.Name != "a" || a.File != filepath.Join(dir, "01-a.json") || string(a.Response.JSON) != `{"result": 1}` || a.Request.Text != nil {
		t.Errorf("first %+v", a)
	}
	if b.Request.Text == nil || *b.Request.Text != "raw" || b.Response.Text == nil || *b.Response.Text != "Invalid JSON data" {
		t.Errorf("second %+v", b)
	}
	if got := a.SetCookies(); len(got) != 1 || got[0] != "s=1" {
		t.Errorf("one cookie: %q", got)
	}
	if got := b.SetCookies(); len(got) != 2 || got[1] != "b=2" {
		t.Errorf("two cookies: %q", got)
	}
	write("03-bad.json", "{")
	if _, err := Load(dir); err == nil {
		t.Error("bad JSON: no error")
	}
}

func TestNumberedAndServe(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"01-login.json": `{"name": "login", "response": {"status": 200, "content_type": "application/json", "json": {"result": 1},
			"set_cookie": ["session_id=<session-id>; Path=/", "tz=UTC"]}}`,
		"02-page.json": `{"name": "page", "response": {"status": 303, "content_type": "text/html", "text": "<p>moved</p>", "headers": {"Location": "/web/login"}}}`,
		"03-a.json":    `{}`,
		"03-b.json":    `{}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Numbered(dir, "03"); err == nil {
		t.Error("two files 03-*: no error")
	}
	if _, err := Numbered(dir, "04"); err == nil {
		t.Error("no file 04-*: no error")
	}
	login := MustNumbered(t, dir, "01")
	if login.Name != "login" {
		t.Fatalf("MustNumbered: %+v", login)
	}
	w := httptest.NewRecorder()
	login.Serve(w, func(c string) string { return strings.ReplaceAll(c, "<session-id>", "abc") })
	if w.Code != 200 || w.Body.String() != `{"result": 1}` || w.Header().Get("Content-Type") != "application/json" ||
		strings.Join(w.Header().Values("Set-Cookie"), "|") != "session_id=abc; Path=/|tz=UTC" {
		t.Errorf("login served %d %q %v", w.Code, w.Body, w.Header())
	}
	page, _ := Numbered(dir, "02")
	w = httptest.NewRecorder()
	page.Serve(w, nil)
	if w.Code != 303 || w.Body.String() != "<p>moved</p>" || w.Header().Get("Location") != "/web/login" || w.Header().Get("Set-Cookie") != "" {
		t.Errorf("page served %d %q %v", w.Code, w.Body, w.Header())
	}
}
