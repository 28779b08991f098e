package helpdesk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// How many open tickets a team has, without reading them.
func ExampleTicketsService_Count() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"Printer on fire", "Toner low"} {
		if _, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: name, TeamID: team}); err != nil {
			log.Fatal(err)
		}
	}
	n, err := hd.Tickets.Count(ctx, &helpdesk.TicketListOptions{TeamID: team, State: helpdesk.StateOpen})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "open tickets")
	// Output: 2 open tickets
}

func TestTicketsCount(t *testing.T) {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	for _, opts := range []helpdesk.TicketListOptions{
		{},
		{TeamID: team},
		{State: helpdesk.StateOpen},
		{State: helpdesk.StateClosed, Limit: 1},
		{Priority: helpdesk.PriorityHigh, Sort: helpdesk.SortName},
		{Search: "product"},
		{Where: domain.Gt("id", 3)},
	} {
		all := opts
		all.Limit = 0
		want, err := hd.Tickets.List(ctx, &all)
		if err != nil {
			t.Fatal(err)
		}
		n, err := hd.Tickets.Count(ctx, &opts)
		if err != nil || n != int64(len(want)) {
			t.Errorf("Count(%+v) = %d, %v; List has %d", opts, n, err, len(want))
		}
	}
	if _, err := hd.Tickets.Count(ctx, &helpdesk.TicketListOptions{TeamID: -1}); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("bad option: %v", err)
	}
}

// A sync job reads the tickets changed since its stored cursor. The clock
// is the fake's, so that the writes have settled (odoo.ChangesOptions).
func ExampleTicketsService_Changes() {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	client, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	hd, _ := helpdesk.New(client)
	ctx := context.Background()
	team, _ := srv.Create("helpdesk.team", map[string]any{"name": "Sync"})
	_, _ = hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", TeamID: team})
	_, _ = hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Toner low", TeamID: team})
	feed := &odoo.ChangesOptions{Now: func() time.Time { return now.Add(time.Minute) }}

	var cursor odoo.Cursor // stored between runs
	for ch, err := range hd.Tickets.Changes(ctx, cursor, &helpdesk.TicketListOptions{TeamID: team}, feed) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ch.Ticket.Name)
		cursor = ch.Cursor
	}
	// Output:
	// Printer on fire
	// Toner low
}
