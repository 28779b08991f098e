package odootest_test

import (
	"context"
	"fmt"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// openTicket stands for your code under test: it talks to Odoo through the
// SDK and knows nothing of the fake.
func openTicket(ctx context.Context, c *odoo.Client, subject string) (int64, error) {
	return c.Create(ctx, "helpdesk.ticket", odoo.Values{"name": subject, "priority": "3"}, nil)
}

// In your test: point your code at the fake, then check what the server
// holds and how it was called (in a real test, t.Errorf instead of Println).
func Example_inYourTest() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))

	id, err := openTicket(context.Background(), c, "Printer on fire")

	ticket, _ := srv.Record("helpdesk.ticket", id)
	fmt.Println(err, ticket["name"], ticket["priority"], srv.CallCount("helpdesk.ticket", "create"))
	// Output: <nil> Printer on fire 3 1
}
