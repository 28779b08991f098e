package odootest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo"
)

// capture is one request/response pair recorded from a real Odoo 16.
type capture struct {
	Name    string `json:"name"`
	Request struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Headers map[string]string `json:"headers"`
		JSON    json.RawMessage   `json:"json"`
	} `json:"request"`
	Response struct {
		Status      int             `json:"status"`
		ContentType string          `json:"content_type"`
		JSON        json.RawMessage `json:"json"`
		Text        string          `json:"text"`
		SetCookie   string          `json:"set_cookie"`
	} `json:"response"`
}

const fixturesDir = "../../testdata/fixtures/odoo16"

// TestFidelityOdoo16 replays every real-server capture, in file order on
// one server, and compares the shape of each reply with the captured one:
// status, content type family, JSON keys and value types (recursively;
// lists by their first element), error names, codes and messages (digits
// blanked). Other values (ids, dates, session ids) are not compared.
//
// What the fake knowingly does differently (none of it changes a shape):
//   - Its demo data is its own: ids, names and counts differ from Odoo's
//     demo (Marc Demo is uid 3, not 6), so a captured "false" may be a
//     value here and the reverse; shapeDiff accepts false for an empty
//     string, list or many2one.
//   - Capture 47 did not record its non-JSON body; any non-JSON body gets
//     the same 400 reply.
//   - Tracebacks ("debug") are synthetic: first and last lines only, as the
//     captures were cut.
//   - The 404 page (captures 48, 49) is a shorter page of the same kind
//     (text/html, <title>Odoo</title>, frontend_lang cookie).
//   - psycopg2's message (capture 04) names a socket path we echo but do
//     not have.
//
// Ids the captures created (tickets 12-14, attachment 199) are mapped to
// the ones our server created; the captured session cookie to ours.
func TestFidelityOdoo16(t *testing.T) {
	dir := fixturesDir
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captures in %s: %v", dir, err)
	}
	sort.Strings(files)
	s := NewServer(WithVersion("16.0"), WithFlavor(OCA), WithDatabase("helpdesk"), WithDemoData(),
		WithProtocols(odoo.JSONRPC, odoo.WebSession)) // the captured server had neither JSON-2 nor REST v2
	defer s.Close()

	ids := map[string]float64{}     // captured created id -> ours
	sessions := map[string]string{} // captured session id -> ours
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var c capture
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		t.Run(c.Name, func(t *testing.T) {
			var body []byte
			if string(c.Request.JSON) == "null" || len(c.Request.JSON) == 0 {
				if c.Request.Method == http.MethodPost {
					body = []byte("this is not JSON {") // capture 47 sent a non-JSON body
				}
			} else {
				var req map[string]any
				if err := json.Unmarshal(c.Request.JSON, &req); err != nil {
					t.Fatal(err)
				}
				if p, ok := req["params"]; ok {
					req["params"] = mapIDs(p, ids)
				}
				body = mustJSON(t, req)
			}
			headers := map[string]string{}
			for k, v := range c.Request.Headers {
				if k == "Cookie" {
					sid := strings.TrimPrefix(v, "session_id=")
					if ours, ok := sessions[sid]; ok {
						sid = ours
					}
					v = "session_id=" + sid
				}
				headers[k] = v
			}
			got := doRaw(t, c.Request.Method, s.URL+c.Request.Path, headers, body)

			if got.Status != c.Response.Status {
				t.Errorf("status = %d, want %d (body %.200s)", got.Status, c.Response.Status, got.Body)
			}
			if ctypeFamily(got.CType) != ctypeFamily(c.Response.ContentType) {
				t.Errorf("content type = %q, want %q", got.CType, c.Response.ContentType)
			}
			if c.Response.SetCookie != "" && strings.HasPrefix(c.Response.SetCookie, "session_id=") {
				ck := got.Header.Get("Set-Cookie")
				if !strings.HasPrefix(ck, "session_id=") {
					t.Errorf("Set-Cookie = %q, want a session_id cookie", ck)
				}
				if c.Name == "web-session-authenticate-ok" {
					capSID := strings.TrimPrefix(strings.SplitN(c.Response.SetCookie, ";", 2)[0], "session_id=")
					sessions[capSID] = strings.TrimPrefix(strings.SplitN(ck, ";", 2)[0], "session_id=")
				}
			}
			if len(c.Response.JSON) == 0 {
				if c.Response.Text != "" && !strings.Contains(string(got.Body), firstLine(c.Response.Text)) && ctypeFamily(got.CType) != "text/html" {
					t.Errorf("body = %.100q, want like %.100q", got.Body, c.Response.Text)
				}
				if c.Response.Text == "Invalid JSON data" && string(got.Body) != c.Response.Text {
					t.Errorf("body = %q, want %q", got.Body, c.Response.Text)
				}
				return
			}
			var want any
			if err := json.Unmarshal(c.Response.JSON, &want); err != nil {
				t.Fatal(err)
			}
			for _, d := range shapeDiff("$", want, got.JSON) {
				t.Error(d)
			}
			compareErrors(t, want, got.JSON)
			learnIDs(c.Name, want, got.JSON, ids)
		})
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func ctypeFamily(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	return strings.TrimSpace(strings.ToLower(ct))
}

// compareErrors checks JSON-RPC error code and exception name.
func compareErrors(t *testing.T, want, got any) {
	t.Helper()
	we, _ := want.(map[string]any)["error"].(map[string]any)
	ge, _ := got.(map[string]any)["error"].(map[string]any)
	if we == nil {
		return
	}
	if ge == nil {
		t.Errorf("no error in reply, want %v", we["data"].(map[string]any)["name"])
		return
	}
	if we["code"] != ge["code"] {
		t.Errorf("error code = %v, want %v", ge["code"], we["code"])
	}
	if errName(we) != errName(ge) {
		t.Errorf("error name = %v, want %v (message %v)", errName(ge), errName(we), ge["data"].(map[string]any)["message"])
	}
	if w, g := we["data"].(map[string]any)["message"], ge["data"].(map[string]any)["message"]; errName(we) != excOperational && !sameMessageShape(fmt.Sprint(w), fmt.Sprint(g)) {
		t.Errorf("error message = %q, want like %q", g, w)
	}
}

// sameMessageShape compares messages with digits and quoted values
// blanked (ids and names differ between runs).
func sameMessageShape(a, b string) bool {
	norm := func(s string) string {
		var out strings.Builder
		for _, r := range s {
			if r >= '0' && r <= '9' {
				r = '#'
			}
			out.WriteRune(r)
		}
		return out.String()
	}
	return norm(a) == norm(b)
}

// learnIDs maps the ids a capture created to the ids our server created.
func learnIDs(name string, want, got any, ids map[string]float64) {
	if !strings.Contains(name, "create") {
		return
	}
	w, _ := want.(map[string]any)["result"]
	g, _ := got.(map[string]any)["result"]
	switch wv := w.(type) {
	case float64:
		if gv, ok := g.(float64); ok {
			ids[fmt.Sprint(wv)] = gv
		}
	case []any:
		gl, _ := g.([]any)
		for i := range wv {
			if i < len(gl) {
				ids[fmt.Sprint(wv[i])] = gl[i].(float64)
			}
		}
	}
}

// mapIDs replaces captured created ids by ours in request params (only in
// the ORM arguments: numbers after the model and method).
func mapIDs(v any, ids map[string]float64) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if k == "limit" || k == "offset" {
				out[k] = e
				continue
			}
			out[k] = mapIDs(e, ids)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mapIDs(e, ids)
		}
		return out
	case float64:
		if n, ok := ids[fmt.Sprint(x)]; ok {
			return n
		}
	}
	return v
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// shapeDiff lists where got's shape differs from want's. Odoo answers
// false for an empty string, list or many2one, so false matches those.
func shapeDiff(path string, want, got any) []string {
	wt, gt := jsonType(want), jsonType(got)
	if wt != gt {
		if (want == false && (gt == "string" || gt == "array")) || (got == false && (wt == "string" || wt == "array")) {
			return nil
		}
		return []string{fmt.Sprintf("%s: type %s, want %s (got %.80v)", path, gt, wt, got)}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k := range w {
			if _, ok := g[k]; !ok {
				out = append(out, fmt.Sprintf("%s: missing key %q", path, k))
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s: extra key %q", path, k))
			}
		}
		for _, k := range sortedKeys(w) {
			if gv, ok := g[k]; ok {
				out = append(out, shapeDiff(path+"."+k, w[k], gv)...)
			}
		}
	case []any:
		g := got.([]any)
		if len(w) > 0 && len(g) > 0 {
			out = append(out, shapeDiff(path+"[0]", w[0], g[0])...)
		}
		if (len(w) == 0) != (len(g) == 0) && !strings.HasSuffix(path, "_ids") && !strings.HasSuffix(path, "web_tours") {
			out = append(out, fmt.Sprintf("%s: %d elements, want %d", path, len(g), len(w)))
		}
	}
	sort.Strings(out)
	return out
}

func TestShapeDiff(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
		diffs     int
	}{
		{"same", `{"a": 1, "b": [1, "x"]}`, `{"a": 2, "b": [5, "y"]}`, 0},
		{"false for empty string", `{"a": "x"}`, `{"a": false}`, 0},
		{"false for many2one", `{"a": false}`, `{"a": [1, "x"]}`, 0},
		{"missing key", `{"a": 1, "b": 2}`, `{"a": 1}`, 1},
		{"extra key", `{"a": 1}`, `{"a": 1, "c": 2}`, 1},
		{"type", `{"a": 1}`, `{"a": "1"}`, 1},
		{"number is not false", `{"a": 1}`, `{"a": false}`, 1},
		{"nested list element", `[{"a": 1}]`, `[{"b": 1}]`, 2},
		{"empty result", `{"result": [{"a": 1}]}`, `{"result": []}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w, g any
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.got), &g); err != nil {
				t.Fatal(err)
			}
			if d := shapeDiff("$", w, g); len(d) != tt.diffs {
				t.Errorf("shapeDiff = %q, want %d differences", d, tt.diffs)
			}
		})
	}
}
