package odootest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// A test starts an Odoo with demo data and calls it over JSON-RPC.
func Example() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer srv.Close()

	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{
		"service": "object", "method": "execute_kw", "args": []any{srv.Database(), 2, odootest.DefaultPassword,
			"helpdesk.ticket.stage", "search_read", []any{[]any{[]any{"closed", "=", true}}}, map[string]any{"fields": []string{"name"}}}}})
	resp, err := http.Post(srv.URL+"/jsonrpc", "application/json", bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var reply struct{ Result []struct{ Name string } }
	_ = json.NewDecoder(resp.Body).Decode(&reply)
	fmt.Println(reply.Result, srv.CallCount("helpdesk.ticket.stage", "search_read"))
	// Output: [{Done} {Cancelled} {Rejected}] 1
}
