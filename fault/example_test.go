package fault_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// A test queues a fault on a fake, calls it through a client, then reads
// the fake's call log: the create ran although its reply was lost, and the
// client did not send it again.
func Example() {
	srv := odootest.NewServer()
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))

	srv.InjectFault(odootest.Fault{Model: "res.partner", Method: "create", Kind: fault.DropAfter})
	_, err := c.Create(context.Background(), "res.partner", odoo.Values{"name": "Ada"}, nil)
	fmt.Println(errors.Is(err, deskbridge.ErrOutcomeUnknown))
	for _, call := range srv.Calls() {
		if call.Method == "create" {
			fmt.Println(call.Model, call.Fault, call.Applied)
		}
	}
	fmt.Println(srv.Requests("res.partner", "create"), srv.PendingFaults())
	// Output:
	// true
	// res.partner drop-after true
	// 1 0
}

// Each kind's String is the name the call log records.
func ExampleKind_String() {
	fmt.Println(fault.DropAfter, fault.TooManyRequests, fault.Kind(99))
	// Output: drop-after 429 Kind(99)
}
