package capture

import (
	"os"
	"path/filepath"
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
	if b.Request.Text == nil || *b.Request.Text != "raw" || b.Response.Text != "Invalid JSON data" {
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
