package odoo

import (
	"bytes"
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
	{`{"jsonrpc": "2.0", "id": 1}`, false},
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
