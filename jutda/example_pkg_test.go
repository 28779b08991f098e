package jutda_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// A client for a helpdesk (here the in-memory jutdatest), a ticket
// opened in a queue, followed up and resolved.
func Example() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	ctx := context.Background()

	c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "Printer on fire", Body: "Third floor, next to the kitchen."})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := c.AddFollowup(ctx, id, "Facilities are on their way.", true); err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Resolve(ctx, id, "Fire out, printer replaced."); err != nil {
		fmt.Println(err)
		return
	}
	t, _ := srv.Ticket(id)
	fmt.Println(t.Title, "-", t.Status)
	// Output: Printer on fire - Resolved
}

// DeleteTicket deletes a ticket for good; deleting it again matches
// deskbridge.ErrNotFound.
func ExampleClient_DeleteTicket() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	id, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "Duplicate of #12", Body: "Opened twice."})
	if err != nil {
		fmt.Println(err)
		return
	}

	if err := c.DeleteTicket(ctx, id); err != nil {
		fmt.Println(err)
		return
	}
	_, exists := srv.Ticket(id)
	err = c.DeleteTicket(ctx, id)
	fmt.Println(exists, errors.Is(err, deskbridge.ErrNotFound))
	// Output: false true
}
