package odootest

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzJSONRPC feeds arbitrary bodies to the JSON-RPC and web routes: the
// server must answer (never panic) with JSON, or Odoo's 400 for non-JSON.
func FuzzJSONRPC(f *testing.F) {
	s := NewUnstartedServer(WithFlavor(OCA), WithDemoData())
	n := 0
	f.Add("/jsonrpc", `{"jsonrpc": "2.0", "method": "call", "params": {"service": "object", "method": "execute_kw", "args": ["odoo", 2, "admin", "helpdesk.ticket", "search_read", [[["stage_id.closed", "=", false]]], {"fields": ["name"], "limit": 3}]}, "id": 1}`)
	f.Add("/jsonrpc", `{"jsonrpc": "2.0", "method": "call", "params": {"service": "object", "method": "execute_kw", "args": ["odoo", 2, "admin", "res.partner", "create", [{"name": "x", "child_ids": [[0, 0, {"name": "y"}]]}]]}, "id": 2}`)
	f.Add("/jsonrpc", `{"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "authenticate", "args": ["odoo", "admin", "admin", {}]}}`)
	f.Add("/web/dataset/call_kw", `{"params": {"model": "res.partner", "method": "read", "args": [[1]]}}`)
	f.Add("/jsonrpc", `{"params": {"service": "object", "method": "execute_kw", "args": ["odoo", 2, "admin", "helpdesk.ticket", "write", [[1], {"tag_ids": [[6, 0, "x"]], "priority": 3}]]}}`)
	f.Add("/jsonrpc", `not json`)
	f.Fuzz(func(t *testing.T, path, body string) {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		req := httptest.NewRequest("POST", "http://odoo"+strings.Map(func(r rune) rune {
			if r < 0x21 || r > 0x7e || r == '?' || r == '#' || r == '%' {
				return -1
			}
			return r
		}, path), bytes.NewReader([]byte(body)))
		if n++; n%500 == 0 { // keep the store small: creates accumulate
			s = NewUnstartedServer(WithFlavor(OCA), WithDemoData())
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		ct := rec.Header().Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "application/json"):
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("invalid JSON reply %q", rec.Body.Bytes())
			}
		case strings.HasPrefix(ct, "text/html"):
			if rec.Code != 400 && rec.Code != 404 {
				t.Fatalf("HTML reply with status %d", rec.Code)
			}
		default:
			t.Fatalf("reply content type %q (status %d)", ct, rec.Code)
		}
	})
}
