package helpdesk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// customServer is a demo server whose tickets have two custom fields.
func customServer(tb testing.TB) (*odootest.Server, *odoo.Client) {
	srv := odootest.NewServer(odootest.WithDemoData())
	err := srv.AddFields("helpdesk.ticket",
		odootest.Field{Name: "x_customer_ref", Type: odootest.TypeChar, String: "Customer reference"},
		odootest.Field{Name: "x_units", Type: odootest.TypeInteger, String: "Units affected"},
		odootest.Field{Name: "x_site_id", Type: odootest.TypeMany2one, Relation: "res.partner", String: "Site"})
	if err != nil {
		log.Fatal(err)
	}
	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	return srv, c
}

// Custom x_ fields through the typed API: named once on the Service,
// written with Extra, read back with TicketField.
func ExampleWithTicketFields() {
	srv, client := customServer(nil)
	defer srv.Close()
	ctx := context.Background()
	hd, err := helpdesk.New(client, helpdesk.WithTicketFields("x_customer_ref", "x_units"))
	if err != nil {
		log.Fatal(err)
	}
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Scanner jams", TeamID: 1,
		Extra: map[string]any{"x_customer_ref": "ACME-7", "x_units": 3}})
	if err != nil {
		log.Fatal(err)
	}
	t, err := hd.Tickets.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	ref, _ := helpdesk.TicketField[string](t, "x_customer_ref")
	units, _ := helpdesk.TicketField[int64](t, "x_units")
	fmt.Println(t.Name, ref, units)
	// Output: Scanner jams ACME-7 3
}

func TestTicketExtraFields(t *testing.T) {
	srv, client := customServer(t)
	defer srv.Close()
	ctx := context.Background()
	hd, err := helpdesk.New(client, helpdesk.WithTicketFields("x_customer_ref", "x_units", "x_site_id"))
	if err != nil {
		t.Fatal(err)
	}
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Custom", TeamID: 1, Extra: map[string]any{"x_customer_ref": "R-1", "x_site_id": 3}})
	if err != nil {
		t.Fatal(err)
	}
	if err := hd.Tickets.Update(ctx, id, helpdesk.TicketUpdate{Extra: map[string]any{"x_units": 12}}); err != nil {
		t.Fatal(err)
	}
	check := func(how string, tk helpdesk.Ticket) {
		t.Helper()
		ref, err1 := helpdesk.TicketField[string](tk, "x_customer_ref")
		units, err2 := helpdesk.TicketField[int64](tk, "x_units")
		site, err3 := helpdesk.TicketField[odoo.Many2One](tk, "x_site_id")
		if ref != "R-1" || units != 12 || site.ID != 3 || site.Name == "" || err1 != nil || err2 != nil || err3 != nil {
			t.Errorf("%s: %q %d %v (%v %v %v); extra %s", how, ref, units, site, err1, err2, err3, tk.Extra)
		}
	}
	tk, err := hd.Tickets.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	check("Get", tk)
	list, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{Search: "Custom"})
	if err != nil || len(list) != 1 {
		t.Fatalf("List: %d, %v", len(list), err)
	}
	check("List", list[0])
	for tk, err := range hd.Tickets.All(ctx, &helpdesk.TicketListOptions{Search: "Custom", Workers: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		check("All", tk)
	}
	// An empty field reads as the zero value; an unread name is refused.
	other, _ := hd.Tickets.Get(ctx, 1)
	if ref, err := helpdesk.TicketField[string](other, "x_customer_ref"); err != nil || ref != "" {
		t.Errorf("empty field: %q, %v", ref, err)
	}
	if _, err := helpdesk.TicketField[string](other, "x_nope"); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("unread field: %v", err)
	}
	// Without the option Extra stays nil; a bad name is refused by New.
	plain, _ := helpdesk.New(client)
	if tk, _ := plain.Tickets.Get(ctx, id); tk.Extra != nil {
		t.Errorf("Extra without WithTicketFields: %v", tk.Extra)
	}
	if _, err := helpdesk.New(client, helpdesk.WithTicketFields("x bad")); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("bad name: %v", err)
	}
}
