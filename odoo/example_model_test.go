package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Partner is a typed res.partner: the odoo tags name the fields read and
// written; omitempty leaves zero values out of a create or write.
type Partner struct {
	ID      int64         `odoo:"id"`
	Name    string        `odoo:"name"`
	Email   string        `odoo:"email,omitempty"`
	Company odoo.Many2One `odoo:"parent_id,omitempty"`
}

// NewModel binds a Go type to an Odoo model: its calls read and write
// that type, and Err reports a bad tag before any request.
func ExampleNewModel() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	partners := odoo.NewModel[Partner](c, "res.partner")
	if err := partners.Err(); err != nil {
		panic(err)
	}
	fmt.Println(partners.Name(), partners.Fields())
	id, err := partners.Create(ctx, Partner{Name: "Ada Lovelace", Email: "ada@example.com"}, nil)
	if err != nil {
		panic(err)
	}
	found, err := partners.SearchRead(ctx, domain.Eq("email", "ada@example.com"), nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(found), found[0].ID == id, found[0].Name)
	// Output:
	// res.partner [id name email parent_id]
	// 1 true Ada Lovelace
}

// Get reads one record; one that does not exist matches
// deskbridge.ErrNotFound (and odoo.ErrMissing).
func ExampleModel_Get() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	tickets := odoo.NewModel[Ticket](c, "helpdesk.ticket")
	t, err := tickets.Get(ctx, 1, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d %s, stage %q\n", t.ID, t.Name, t.Stage.Name)
	_, err = tickets.Get(ctx, 999999, nil)
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound), errors.Is(err, odoo.ErrMissing))
	// Output:
	// 1 Problem with the delivery of goods, stage "New"
	// true true
}

// Create creates one record from Values (a map), a map or a tagged
// struct and returns its id; opts carries an Odoo context for the call
// (here: no "created" message in the chatter).
func ExampleClient_Create() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	id, err := c.Create(ctx, "helpdesk.ticket", odoo.Values{"name": "Printer on fire", "team_id": 1, "priority": "3"},
		&odoo.CallOptions{Context: map[string]any{"tracking_disable": true}})
	if err != nil {
		panic(err)
	}
	recs, err := c.Read(ctx, "helpdesk.ticket", []int64{id}, &odoo.ReadOptions{Fields: []string{"name", "priority"}})
	if err != nil {
		panic(err)
	}
	fmt.Println(recs[0]["name"], recs[0]["priority"])
	// Output:
	// Printer on fire 3
}

// Write changes fields of records, given by id; a missing id refuses the
// whole call, and nothing is written.
func ExampleClient_Write() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	if err := c.Write(ctx, "helpdesk.ticket", []int64{1, 2}, odoo.Values{"priority": "2"}, nil); err != nil {
		panic(err)
	}
	n, _ := c.SearchCount(ctx, "helpdesk.ticket", domain.And(domain.In("id", 1, 2), domain.Eq("priority", "2")), nil)
	fmt.Println(n, "tickets now high priority")
	err := c.Write(ctx, "helpdesk.ticket", []int64{1, 999999}, odoo.Values{"priority": "0"}, nil)
	fmt.Println(errors.Is(err, odoo.ErrMissing), errors.Is(err, deskbridge.ErrNotApplied))
	// Output:
	// 2 tickets now high priority
	// true true
}

// FromEnv connects to the server the ODOO_* variables name (ODOO_URL,
// ODOO_DB, ODOO_LOGIN with ODOO_PASSWORD or ODOO_API_KEY, ...), logged
// in. Here the variables are set for the in-memory server.
func ExampleFromEnv() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	for k, v := range map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin"} {
		os.Setenv(k, v)
		defer os.Unsetenv(k)
	}

	c, err := odoo.FromEnv(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logged in as uid", c.UID(), "over", c.Protocol())
	// Output: logged in as uid 2 over web
}
