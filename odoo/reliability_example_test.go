package odoo_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// A create whose reply is lost is not sent again: its error matches
// ErrOutcomeUnknown, and the caller looks at the server before repeating
// it. Any other error of a create means nothing was created.
func ExampleClient_Create_outcomeUnknown() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	// The server creates the partner, then the connection drops.
	srv.InjectFault(odootest.Fault{Model: "res.partner", Method: "create", Kind: fault.DropAfter})
	vals := odoo.Values{"name": "Ada Lovelace", "ref": "import-0042"}
	_, err := c.Create(ctx, "res.partner", vals, nil)
	if errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		// Find it by a key of our own instead of creating it twice.
		ids, err := c.Search(ctx, "res.partner", domain.Eq("ref", "import-0042"), nil)
		fmt.Println("outcome unknown; found", len(ids), "partner(s)", err)
	}
	// Output:
	// outcome unknown; found 1 partner(s) <nil>
}

// Invalid arguments are refused before any request, with an
// *deskbridge.ArgumentError that names the argument.
func ExampleClient_Read_invalidArgument() {
	c, _ := odoo.New("https://odoo.example.com", odoo.WithDatabase("prod"), odoo.WithPassword("bot", "secret"))
	_, err := c.Read(context.Background(), "res.partner", []int64{7, -1}, nil)
	var ae *deskbridge.ArgumentError
	fmt.Println(errors.As(err, &ae), errors.Is(err, deskbridge.ErrInvalidArgument), ae.Arg)
	fmt.Println(err)
	// Output:
	// true true ids[1]
	// odoo: Client.Read: invalid ids[1]: must be a positive id, got -1
}
