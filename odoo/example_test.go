package odoo_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// A fresh client and a search_read of helpdesk tickets. The in-memory
// server stands in for a real Odoo: use its URL, database and login.
func Example() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()

	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	if err != nil {
		panic(err)
	}
	tickets, err := c.SearchRead(context.Background(), "helpdesk.ticket", domain.Eq("stage_id.name", "New"),
		&odoo.SearchOptions{Fields: []string{"name", "stage_id"}, Limit: 2, Order: "id"})
	if err != nil {
		panic(err)
	}
	for _, t := range tickets {
		fmt.Println(t["id"], t["name"], t["stage_id"])
	}
	// Output:
	// 1 Problem with the delivery of goods [1 New]
	// 2 Damaged Products [1 New]
}

// Ticket is a typed helpdesk ticket: the tags name the fields to read.
type Ticket struct {
	ID       int64         `odoo:"id"`
	Name     string        `odoo:"name"`
	Stage    odoo.Many2One `odoo:"stage_id"`
	User     odoo.Many2One `odoo:"user_id"`
	Priority string        `odoo:"priority"`
	Tags     odoo.IDs      `odoo:"tag_ids,omitempty"`
}

// Typed access: NewModel decodes into structs, All pages through a model
// by id, one request per page, and stops fetching when the loop breaks.
func ExampleModel_All() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))

	tickets := odoo.NewModel[Ticket](c, "helpdesk.ticket").WithPageSize(10)
	fmt.Println(tickets.Fields())
	n := 0
	for t, err := range tickets.All(context.Background(), domain.Domain{}, nil) {
		if err != nil {
			panic(err)
		}
		if n < 3 {
			fmt.Printf("%d %s, stage %q, assigned to %q\n", t.ID, t.Name, t.Stage.Name, t.User.Name)
		}
		n++
		if n == 25 {
			break // no more pages are fetched
		}
	}
	fmt.Println(n, "tickets,", srv.CallCount("helpdesk.ticket", "search_read"), "requests")
	// Output:
	// [id name stage_id user_id priority tag_ids]
	// 1 Problem with the delivery of goods, stage "New", assigned to "Marc Demo"
	// 2 Damaged Products, stage "New", assigned to "Mitchell Admin"
	// 3 Document related problems, stage "In Progress", assigned to ""
	// 25 tickets, 3 requests
}

// CreateMany creates records from Values (or tagged structs), with x2many
// commands, in one request; Create creates one.
func ExampleClient_CreateMany() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	ids, err := c.CreateMany(ctx, "helpdesk.ticket", []odoo.Values{
		{"name": "Printer on fire", "team_id": 1, "priority": "3", "tag_ids": odoo.Commands{odoo.Set(1, 2)}},
		{"name": "Printer still on fire", "team_id": 1},
	}, nil)
	if err != nil {
		panic(err)
	}
	t, err := odoo.NewModel[Ticket](c, "helpdesk.ticket").Get(ctx, ids[0], nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(ids), t.Name, t.Priority, t.Tags)
	// Output:
	// 2 Printer on fire 3 [1 2]
}

// CallMethod runs any other method, here message_post on a ticket
// (MessagePost does this one for you, on every version).
func ExampleClient_CallMethod() {
	// message_post answers the message id up to Odoo 18 and [id] on 19;
	// Client.MessagePost reads both.
	srv := odootest.NewServer(odootest.WithVersion("18.0"), odootest.WithDemoData())
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	var messageID int64
	err := c.CallMethodInto(ctx, "helpdesk.ticket", "message_post", []any{[]int64{1}}, map[string]any{
		"body": "<p>Looking into it.</p>", "body_is_html": true, "message_type": "comment", "subtype_xmlid": "mail.mt_note",
	}, &messageID)
	if err != nil {
		panic(err)
	}
	msgs, _ := c.Read(ctx, "mail.message", []int64{messageID}, &odoo.ReadOptions{Fields: []string{"body", "model", "res_id"}})
	fmt.Println(msgs[0]["body"], msgs[0]["model"], msgs[0]["res_id"])
	// Output:
	// <p>Looking into it.</p> helpdesk.ticket 1
}

// MessagePost posts in a record's chatter; the HTML body stays HTML on
// every version, and 19's [id] reads as the id.
func ExampleClient_MessagePost() {
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithVersion("19.0"))
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	ctx := context.Background()

	id, err := c.MessagePost(ctx, "helpdesk.ticket", 1, "<p>Looking <b>into</b> it.</p>", nil)
	if err != nil {
		panic(err)
	}
	msgs, _ := c.Read(ctx, "mail.message", []int64{id}, &odoo.ReadOptions{Fields: []string{"body"}})
	fmt.Println(msgs[0]["body"], c.Protocol())
	// Output:
	// <p>Looking <b>into</b> it.</p> web
}

// Server errors match the package's sentinels with errors.Is, and carry
// the model, method and exception with errors.As.
func ExampleError() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	ctx := context.Background()

	bad, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "wrong"))
	err := bad.Authenticate(ctx)
	fmt.Println(errors.Is(err, odoo.ErrAccessDenied))

	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	_, err = c.Create(ctx, "helpdesk.ticket", odoo.Values{"description": "no subject"}, nil)
	var oe *odoo.Error
	if errors.Is(err, odoo.ErrValidation) && errors.As(err, &oe) {
		fmt.Println(oe.Model, oe.Method, oe.Name)
	}
	_, err = c.SearchRead(ctx, "helpdesk.nope", domain.Domain{}, nil)
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound))
	// Output:
	// true
	// helpdesk.ticket create odoo.exceptions.ValidationError
	// true
}
