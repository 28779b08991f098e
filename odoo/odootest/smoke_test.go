package odootest

import "testing"

func TestJSONRPCRoundTrip(t *testing.T) {
	s := NewServer(WithFlavor(OCA))
	defer s.Close()
	uid, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "common", "method": "authenticate",
		"args": []any{s.Database(), DefaultLogin, DefaultPassword, map[string]any{}}}, "")
	if e != nil || uid != float64(2) {
		t.Fatalf("authenticate = %v, %v; want 2", uid, e)
	}
	id := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "x", "description": "y", "priority": "2"}}, nil)
	res := mustExec(t, s, "helpdesk.ticket", "search_read", []any{[]any{[]any{"priority", "=", "2"}}},
		map[string]any{"fields": []any{"name", "stage_id", "number"}})
	rows, _ := res.([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["id"] != id || rows[0].(map[string]any)["number"] != "HT00001" {
		t.Fatalf("search_read = %v; want the ticket %v", res, id)
	}
	if _, e := executeKw(t, s, "helpdesk.sla", "search_read", []any{[]any{}}, nil); errName(e) != excUserError {
		t.Fatalf("unknown model error = %v", e)
	}
}
