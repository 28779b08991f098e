package jutda_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// New connects to a helpdesk; jutdatest stands in for a real one here.
func ExampleNew() {
	srv := jutdatest.NewServer()
	defer srv.Close()

	c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.URL() == srv.URL)
	// A Client prints without its password.
	fmt.Println(strings.Contains(fmt.Sprint(c), jutdatest.DefaultPassword))
	// Output:
	// true
	// false
}

// Opening a ticket from an invoice event: find the queue by name, then
// create the ticket for the customer's accounts-payable address.
func ExampleClient_CreateTicket() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	ctx := context.Background()

	type invoiceOverdue struct {
		Number, Customer, Email string
		Days                    int
	}
	ev := invoiceOverdue{Number: "INV-2024-117", Customer: "Acme", Email: "ap@acme.example", Days: 30}

	queues, err := c.ListQueues(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	var billing int64
	for _, q := range queues {
		if q.Title == "Billing" {
			billing = q.ID
		}
	}
	id, err := c.CreateTicket(ctx, jutda.TicketCreate{
		Queue:          billing,
		Title:          fmt.Sprintf("Invoice %s overdue (%d days)", ev.Number, ev.Days),
		Body:           fmt.Sprintf("%s has not paid %s.", ev.Customer, ev.Number),
		SubmitterEmail: ev.Email,
		Priority:       jutda.PriorityHigh,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	t, _ := srv.Ticket(id)
	fmt.Println(id, t.Queue, t.Title, t.Priority)
	fmt.Println(srv.Emails()[0].To, srv.Emails()[0].Template)
	// Output:
	// 1 2 Invoice INV-2024-117 overdue (30 days) 2
	// ap@acme.example newticket_submitter
}

// A title longer than 100 characters is refused before anything is sent.
func ExampleClient_CreateTicket_validation() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))

	_, err := c.CreateTicket(context.Background(), jutda.TicketCreate{Queue: 1, Title: fmt.Sprintf("%0101d", 0), Body: "b"})
	var ve *deskbridge.ArgumentError
	fmt.Println(errors.As(err, &ve), ve.Arg, len(srv.Calls()))
	fmt.Println(err)
	// Output:
	// true title 0
	// jutda: create_ticket: invalid title: 101 characters, at most 100
}

// A "private" follow-up: the client sends public=n, but the legacy server
// stores every API follow-up as public and e-mails the submitter.
func ExampleClient_AddFollowup() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	ctx := context.Background()
	id, _ := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 2, Title: "Invoice overdue", Body: "Unpaid", SubmitterEmail: "ap@acme.example"})

	if err := c.AddFollowup(ctx, id, "Called the customer: payment promised for Friday.", false); err != nil {
		fmt.Println(err)
		return
	}
	t, _ := srv.Ticket(id)
	f := t.Followups[len(t.Followups)-1]
	fmt.Println(f.Title, "public:", f.Public)
	last := srv.Emails()[len(srv.Emails())-1]
	fmt.Println(last.To, last.Template)
	// Output:
	// Comment Added public: true
	// ap@acme.example updated_submitter
}

// Resolving a ticket once the invoice is paid.
func ExampleClient_Resolve() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	ctx := context.Background()
	id, _ := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 2, Title: "Invoice overdue", Body: "Unpaid"})

	if err := c.Resolve(ctx, id, "Payment received on 2024-06-03."); err != nil {
		fmt.Println(err)
		return
	}
	t, _ := srv.Ticket(id)
	fmt.Println(t.Status, t.Followups[len(t.Followups)-1].Title)

	// A ticket that does not exist.
	err := c.Resolve(ctx, 404, "x")
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound), err)
	// Output:
	// Resolved Resolved
	// true jutda: resolve: HTTP 400 Bad Request: "Invalid ticket ID"
}

// Holding a ticket stops its escalation until it is taken off hold.
func ExampleClient_HoldTicket() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	ctx := context.Background()
	id, _ := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "Waiting for the customer", Body: "..."})

	_ = c.HoldTicket(ctx, id)
	t, _ := srv.Ticket(id)
	fmt.Println(t.OnHold)
	_ = c.UnholdTicket(ctx, id)
	t, _ = srv.Ticket(id)
	fmt.Println(t.OnHold)
	// Output:
	// true
	// false
}

func ExampleClient_ListQueues() {
	srv := jutdatest.NewServer(jutdatest.WithQueue("Sales"))
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))

	queues, err := c.ListQueues(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range queues {
		fmt.Println(q.ID, q.Title)
	}
	// Output:
	// 2 Billing
	// 3 Sales
	// 1 Support
}

func ExampleClient_FindUser() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	ctx := context.Background()

	bob, err := c.FindUser(ctx, "bob")
	fmt.Println(bob, err)
	_, err = c.FindUser(ctx, "mallory")
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound))
	// Output:
	// 3 <nil>
	// true
}

// A reply lost after the server created the ticket: the client does not
// send the create again, and says the outcome is unknown.
func ExampleTransportError() {
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	srv.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.ResetAfter})

	_, err := c.CreateTicket(context.Background(), jutda.TicketCreate{Queue: 1, Title: "t", Body: "b"})
	fmt.Println(errors.Is(err, deskbridge.ErrOutcomeUnknown), srv.Requests("", "create_ticket"), len(srv.Tickets()))
	// Output: true 1 1
}
