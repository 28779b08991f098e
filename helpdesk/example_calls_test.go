package helpdesk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// New wraps a logged-in *odoo.Client; the helpdesk flavor (Enterprise,
// OCA, ...) is detected on the first call.
func ExampleNew() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
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
	f, err := hd.Flavor(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Name)
	// Output: enterprise
}

// Get reads one ticket; a ticket that does not exist matches
// deskbridge.ErrNotFound.
func ExampleTicketsService_Get() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", TeamID: team, Priority: helpdesk.PriorityUrgent})
	if err != nil {
		log.Fatal(err)
	}

	t, err := hd.Tickets.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Name, t.Priority, t.Stage.Name, t.Team.Name)
	_, err = hd.Tickets.Get(ctx, 999999)
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound))
	// Output:
	// Printer on fire urgent New Example Support
	// true
}

// All iterates over every ticket that matches, one page at a time;
// breaking out of the loop stops fetching.
func ExampleTicketsService_All() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		if _, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: fmt.Sprintf("Ticket %d", i), TeamID: team}); err != nil {
			log.Fatal(err)
		}
	}

	n := 0
	for t, err := range hd.Tickets.All(ctx, &helpdesk.TicketListOptions{TeamID: team, PageSize: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		if n < 2 {
			fmt.Println(t.Name)
		}
		n++
	}
	fmt.Println(n, "tickets")
	// Output:
	// Ticket 1
	// Ticket 2
	// 5 tickets
}

// Update writes only the fields that are set (pointers, here made with
// deskbridge.Ptr); deskbridge.Ptr[int64](0) clears a many2one.
func ExampleTicketsService_Update() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "VPN is slow", TeamID: team, UserID: 2})
	if err != nil {
		log.Fatal(err)
	}

	err = hd.Tickets.Update(ctx, id, helpdesk.TicketUpdate{
		Name:     deskbridge.Ptr("VPN is slow from the Lyon office"),
		Priority: deskbridge.Ptr(helpdesk.PriorityHigh),
		UserID:   deskbridge.Ptr[int64](0), // unassign
	})
	if err != nil {
		log.Fatal(err)
	}
	t, _ := hd.Tickets.Get(ctx, id)
	fmt.Printf("%s, %s, assigned to %q\n", t.Name, t.Priority, t.User.Name)
	// Output: VPN is slow from the Lyon office, high, assigned to ""
}

// Close moves a ticket to its team's closing stage (or a given one, by
// id or name).
func ExampleTicketsService_Close() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "New laptop", TeamID: team})
	if err != nil {
		log.Fatal(err)
	}

	stage, err := hd.Tickets.Close(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("closed in", stage.Name)
	_, err = hd.Tickets.Close(ctx, id, helpdesk.StageByName("Archived"))
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound))
	// Output:
	// closed in Solved
	// true
}

// Upload attaches a file to a ticket; Download writes its content.
func ExampleAttachmentsService_Upload() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Invoice question", TeamID: team})
	if err != nil {
		log.Fatal(err)
	}

	a, err := hd.Attachments.Upload(ctx, id, helpdesk.AttachmentUpload{
		Name: "invoice.txt", MimeType: "text/plain", Content: strings.NewReader("INV-2024-117: 42.00 EUR"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Name, a.MimeType, a.Size, "bytes")
	// Output: invoice.txt text/plain 23 bytes
}

// Download writes an attachment's content to w and returns its size.
func ExampleAttachmentsService_Download() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, _ := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Invoice question", TeamID: team})
	a, err := hd.Attachments.Upload(ctx, id, helpdesk.AttachmentUpload{Name: "invoice.txt", Content: strings.NewReader("INV-2024-117")})
	if err != nil {
		log.Fatal(err)
	}

	var buf bytes.Buffer
	n, err := hd.Attachments.Download(ctx, a.ID, &buf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, buf.String())
	// Output: 12 INV-2024-117
}

// Add makes partners follow a ticket (they get its public messages);
// partners already following are left as they are.
func ExampleFollowersService_Add() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, _ := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", TeamID: team})
	partner, err := srv.Create("res.partner", map[string]any{"name": "Amina Khelifi", "email": "amina@example.dz"})
	if err != nil {
		log.Fatal(err)
	}

	if err := hd.Followers.Add(ctx, id, []int64{partner}); err != nil {
		log.Fatal(err)
	}
	if err := hd.Followers.Add(ctx, id, []int64{partner}); err != nil { // again: no change
		log.Fatal(err)
	}
	fs, err := hd.Followers.List(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range fs {
		if f.Partner.ID == partner {
			fmt.Println(f.Name, f.Email)
		}
	}
	// Output: Amina Khelifi amina@example.dz
}
