package helpdesk

import (
	"context"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// A REST v2 add-on that pages GET search_read by default (80 in its
// documentation, 2 here) must not cut the lists that read every row: a
// ticket's messages, its followers, the teams.
func TestRESTv2DefaultLimitCutsNothing(t *testing.T) {
	ctx := context.Background()
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithRESTv2DefaultLimit(2))
	t.Cleanup(srv.Close)
	hd, err := New(newClient(t, srv, odoo.RESTv2))
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := hd.Tickets.Create(ctx, TicketCreate{Name: "Many notes"})
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if _, err := hd.Messages.Post(ctx, ticket, MessagePost{Body: "<p>note</p>", Internal: true}); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := hd.Messages.List(ctx, ticket)
	if err != nil {
		t.Fatal(err)
	}
	want := int(srv.Count("mail.message", domain.And(domain.Eq("model", "helpdesk.ticket"), domain.Eq("res_id", ticket))))
	if len(msgs) != want || want < 5 {
		t.Errorf("Messages.List: %d messages, the server has %d (4 notes and more)", len(msgs), want)
	}
	teams, err := hd.Teams.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := int(srv.Count("helpdesk.team", domain.Domain{})); len(teams) != want || want <= 2 {
		t.Errorf("Teams.List: %d teams, the server has %d", len(teams), want)
	}
}
