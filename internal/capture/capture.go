// Package capture reads the request/response pairs recorded from real
// servers (testdata/fixtures/<set>/NN-name.json, the format
// testdata/fixtures/README.md describes) that the fakes' fidelity tests
// replay.
package capture

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// Capture is one recorded request and the real server's response.
type Capture struct {
	// File is the path Load read it from.
	File    string `json:"-"`
	Name    string `json:"name"`
	Note    string `json:"note"`
	Request struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Headers map[string]string `json:"headers"`
		Query   map[string]string `json:"query"`
		JSON    json.RawMessage   `json:"json"`
		// Text is a body that is not JSON, nil when the request had none.
		Text *string `json:"text"`
	} `json:"request"`
	Response struct {
		Status      int             `json:"status"`
		ContentType string          `json:"content_type"`
		JSON        json.RawMessage `json:"json"`
		// Text is a body that is not JSON, nil when the body is JSON.
		Text      *string           `json:"text"`
		SetCookie json.RawMessage   `json:"set_cookie"`
		Headers   map[string]string `json:"headers"`
	} `json:"response"`
}

// SetCookies is the response's Set-Cookie headers (the recorder stores
// one as a string, several as a list).
func (c *Capture) SetCookies() []string {
	if len(c.Response.SetCookie) == 0 {
		return nil
	}
	var one string
	if json.Unmarshal(c.Response.SetCookie, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(c.Response.SetCookie, &many)
	return many
}

// Serve writes the captured response to w: its content type, headers,
// Set-Cookie headers (each passed through cookie when it is not nil, e.g.
// to put a session id in for the recorder's "<session-id>"), status and
// body (Text, else JSON).
func (c *Capture) Serve(w http.ResponseWriter, cookie func(string) string) {
	r := c.Response
	w.Header().Set("Content-Type", r.ContentType)
	for k, v := range r.Headers {
		w.Header().Set(k, v)
	}
	for _, ck := range c.SetCookies() {
		if cookie != nil {
			ck = cookie(ck)
		}
		w.Header().Add("Set-Cookie", ck)
	}
	w.WriteHeader(r.Status)
	if r.Text != nil {
		_, _ = io.WriteString(w, *r.Text)
		return
	}
	_, _ = w.Write(r.JSON)
}

// Numbered reads the one capture of dir whose file name starts with
// number and a dash ("04" reads 04-*.json).
func Numbered(dir, number string) (*Capture, error) {
	files, err := filepath.Glob(filepath.Join(dir, number+"-*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) != 1 {
		return nil, fmt.Errorf("capture: %d files %s-*.json in %s, want 1", len(files), number, dir)
	}
	return read(files[0])
}

// MustNumbered is Numbered for a test: a missing or bad capture fails t.
func MustNumbered(t testing.TB, dir, number string) *Capture {
	t.Helper()
	c, err := Numbered(dir, number)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func read(file string) (*Capture, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	c := &Capture{File: file}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("capture: %s: %w", file, err)
	}
	return c, nil
}

// Load reads every *.json capture of dir, in file-name order (the order
// they were recorded in). A dir without captures is an error.
func Load(dir string) ([]Capture, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("capture: no captures in %s", dir)
	}
	sort.Strings(files)
	out := make([]Capture, len(files))
	for i, f := range files {
		c, err := read(f)
		if err != nil {
			return nil, err
		}
		out[i] = *c
	}
	return out, nil
}
