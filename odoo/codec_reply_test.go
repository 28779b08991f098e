package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// rpcAgrees checks fastRPCResult against encoding/json's ParseJSONRPCReply
// path (parseJSONRPCReplyStd) on body.
func rpcAgrees(t *testing.T, body []byte) bool {
	t.Helper()
	fast, ok := fastRPCResult(body)
	if !ok {
		return false
	}
	ref, err := parseJSONRPCReplyStd(200, "application/json", body)
	if err != nil {
		t.Fatalf("fastRPCResult accepted %q, ParseJSONRPCReply refused it: %v", body, err)
	}
	if !bytes.Equal(fast, ref) {
		t.Fatalf("fastRPCResult(%q) = %q, ParseJSONRPCReply = %q", body, fast, ref)
	}
	return true
}

var rpcCases = []struct {
	body string
	fast bool
}{
	{`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}]}`, true},
	{` {"result":false,"id":null,"jsonrpc":"2.0"} `, true},
	{`{"jsonrpc": "2.0", "id": 1, "error": null, "result": 3}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": 1, "result": 2}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": null}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "x"}}}`, false},
	{`{"jsonrpc": "2.0", "id": 1, "Result": 1}`, false},
	{`{"jsonrpc": "2.0", "id": 1}`, true}, // None: a null result
	{`{"id": 1}`, false},
	{`{"JSONRPC": "2.0", "id": 1}`, false},
	{`{"jsonrpc": "2.0", "error": null}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": [1, 2}`, false},
	{`{"jsonrpc": "2.0", "id": 1, "result": 1}}`, false},
	{`<html>502 Bad Gateway</html>`, false},
	{``, false},
	{`{}`, false},
	{`{"res\u0075lt": 1}`, false},
}

func TestFastRPCResultAgrees(t *testing.T) {
	for _, c := range rpcCases {
		if got := rpcAgrees(t, []byte(c.body)); got != c.fast {
			t.Errorf("fastRPCResult on %q: ok %v, want %v", c.body, got, c.fast)
		}
	}
}

func FuzzFastRPCResult(f *testing.F) {
	for _, c := range rpcCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rpcAgrees(t, b)
	})
}

// A method that returns None (message_unsubscribe, session/destroy) gets a
// reply without a "result" member on Odoo 16–19 (captures below; Odoo's
// http.py adds "result" only when it is not None). Both reply decoders read
// it as a null result, and a call answered so succeeds.
func TestReplyWithoutResultIsNull(t *testing.T) {
	for _, path := range []string{
		"odoo16/45-web-session-destroy.json",
		"odoo17/52-execute_kw-message_unsubscribe.json",
		"odoo18/52-execute_kw-message_unsubscribe.json",
		"odoo19/78-web-session-destroy.json",
	} {
		b, err := os.ReadFile(filepath.Join("../testdata/fixtures", path))
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Response struct {
				Status      int             `json:"status"`
				ContentType string          `json:"content_type"`
				JSON        json.RawMessage `json:"json"`
			} `json:"response"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		body := []byte(f.Response.JSON)
		if raw, ok := fastRPCResult(body); !ok || string(raw) != "null" {
			t.Errorf("%s: fastRPCResult = %q, %v; want null, true", path, raw, ok)
		}
		if raw, err := parseJSONRPCReplyStd(f.Response.Status, f.Response.ContentType, body); err != nil || string(raw) != "null" {
			t.Errorf("%s: parseJSONRPCReplyStd = %q, %v; want null, nil", path, raw, err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if req, _ := io.ReadAll(r.Body); bytes.Contains(req, []byte(`"authenticate"`)) {
				io.WriteString(w, `{"jsonrpc": "2.0", "id": 1, "result": 2}`)
				return
			}
			w.Header().Set("Content-Type", f.Response.ContentType)
			w.WriteHeader(f.Response.Status)
			w.Write(body)
		}))
		c, err := New(srv.URL, WithDatabase("helpdesk"), WithPassword("admin", "secret-pw"), WithProtocol(JSONRPC))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.Call(context.Background(), "helpdesk.ticket", "message_unsubscribe", []any{[]int64{19}},
			map[string]any{"partner_ids": []int64{3}})
		if err != nil || string(raw) != "null" {
			t.Errorf("%s: a call answered without result: %q, %v; want null, nil", path, raw, err)
		}
		srv.Close()
	}
}
