package main

import (
	"context"
	"fmt"
	"log"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// The README's first sample: a client, the helpdesk services on it, and
// the open tickets. The in-memory server stands in for your Odoo.
func Example() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	ctx, url, password := context.Background(), srv.URL, odootest.DefaultPassword

	client, err := odoo.New(url, odoo.WithDatabase("odoo"), odoo.WithPassword("admin", password))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(client) // detects Enterprise Helpdesk or OCA helpdesk_mgmt
	if err != nil {
		log.Fatal(err)
	}
	open, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{State: helpdesk.StateOpen, Limit: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range open {
		fmt.Println(t.ID, t.Name, "|", t.Stage.Name)
	}
	// Output:
	// 1 Problem with the delivery of goods | New
	// 2 Damaged Products | New
	// 3 Document related problems | In Progress
}
