package deskbridge_test

import (
	"context"
	"fmt"
	"log"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Open tickets of a helpdesk, typed. The in-memory odootest server stands
// in for a real Odoo: against your own, pass its URL, database and
// credentials (odoo.WithAPIKey or odoo.WithPassword) instead.
func Example() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	ctx := context.Background()

	client, err := odoo.New(srv.URL,
		odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(client)
	if err != nil {
		log.Fatal(err)
	}
	open, err := hd.Tickets.List(ctx, helpdesk.TicketListOptions{State: helpdesk.StateOpen, Limit: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range open {
		fmt.Printf("#%d %-36s %s\n", t.ID, t.Name, t.Stage.Name)
	}
	// Output:
	// #1 Problem with the delivery of goods   New
	// #2 Damaged Products                     New
	// #3 Document related problems            In Progress
}
