package odootest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/deskbridge/deskbridge/fault"
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

// Faults make the next matching request fail; the call log tells whether
// the server applied the call before the connection dropped.
func ExampleServer_faults() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
	defer srv.Close()
	srv.InjectFault(odootest.Fault{Model: "res.partner", Method: "create", Kind: fault.DropAfter})

	body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{
		"service": "object", "method": "execute_kw", "args": []any{srv.Database(), 2, odootest.DefaultPassword,
			"res.partner", "create", []any{map[string]any{"name": "Lost reply"}}}}})
	_, err := http.Post(srv.URL+"/jsonrpc", "application/json", bytes.NewReader(body))
	fmt.Println(err != nil, srv.CallCount("res.partner", "create"))
	// Output: true 1
}

// The ORM helpers set up and inspect data without the wire.
func ExampleServer_Create() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	team, _ := srv.Create("helpdesk.ticket.team", map[string]any{"name": "Support"})
	id, _ := srv.Create("helpdesk.ticket", map[string]any{"name": "Printer on fire", "description": "<p>Smoke</p>", "team_id": team})
	rec, _ := srv.Record("helpdesk.ticket", id)
	fmt.Println(rec["number"], rec["team_id"], rec["stage_id"], rec["partner_id"])
	// Output: HT00001 [1 Support] false false
}

// A fake pinned to a version answers as that real version does: here the
// unknown-method wording of Odoo 16 and 18 (capture odoo18/63;
// 16's wording as the fixtures README records it).
func ExampleWithVersion() {
	for _, v := range []string{"16.0", "18.0"} {
		srv := odootest.NewServer(odootest.WithVersion(v), odootest.WithFlavor(odootest.OCA))
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{
			"service": "object", "method": "execute_kw", "args": []any{srv.Database(), 2, odootest.DefaultPassword,
				"helpdesk.ticket", "no_such_method", []any{}}}})
		resp, err := http.Post(srv.URL+"/jsonrpc", "application/json", bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		var reply struct {
			Error struct {
				Code int
				Data struct{ Name, Message string }
			}
		}
		_ = json.NewDecoder(resp.Body).Decode(&reply)
		resp.Body.Close()
		fmt.Println(srv.Version(), reply.Error.Code, reply.Error.Data.Name, reply.Error.Data.Message)
		srv.Close()
	}
	// Output:
	// 16.0 200 builtins.AttributeError type object 'helpdesk.ticket' has no attribute 'no_such_method'
	// 18.0 200 builtins.AttributeError The method 'helpdesk.ticket.no_such_method' does not exist
}
