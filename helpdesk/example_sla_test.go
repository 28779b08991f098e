package helpdesk_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// SLA policies and a ticket's SLA status on the OCA helpdesk with its SLA
// module (helpdesk_mgmt_sla 18.0): the same calls and types as on
// Enterprise.
func ExampleSLAsService_List() {
	srv := odootest.NewServer(odootest.WithVersion("18.0"), odootest.WithFlavor(odootest.OCA),
		odootest.WithDemoData(), odootest.WithSLAModule())
	defer srv.Close()
	client, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(client)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	team := srv.Search("helpdesk.ticket.team", domain.Eq("name", "Helpdesk"))[0]

	policies, err := hd.SLAs.List(ctx, team)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range policies {
		fmt.Printf("%s: %v, until stage %s\n", p.Name, p.Time, p.Stage.Name)
	}
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", Description: "<p>Smoke</p>", TeamID: team})
	if err != nil {
		log.Fatal(err)
	}
	statuses, err := hd.SLAStatus.ForTicket(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range statuses {
		fmt.Printf("%s: %s (server: %s), deadline set: %v\n", s.SLA.Name, s.Status, s.ServerStatus, !s.Deadline.IsZero())
	}
	// Output:
	// General SLA: 2h0m0s, until stage Done
	// General SLA: ongoing (server: in_progress), deadline set: true
}

// The catalog cache: the second read of the tags costs no request.
func ExampleWithCatalogCache() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer srv.Close()
	client, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(client, helpdesk.WithCatalogCache(5*time.Minute))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for range 3 {
		tags, err := hd.Tags.List(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(len(tags), "tags;", srv.CallCount("helpdesk.ticket.tag", ""), "request for them so far")
	}
	// a tag created through the same Service shows at once
	if _, err := hd.Tags.Create(ctx, "Printer", 3); err != nil {
		log.Fatal(err)
	}
	tags, err := hd.Tags.List(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(tags), "tags after Tags.Create")
	// Output:
	// 3 tags; 1 request for them so far
	// 3 tags; 1 request for them so far
	// 3 tags; 1 request for them so far
	// 4 tags after Tags.Create
}
