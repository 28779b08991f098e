package helpdesk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// newDemo starts an in-memory Odoo Enterprise Helpdesk with demo data, adds
// a team of its own (so the output below does not depend on the demo
// records) and returns a Service on it.
func newDemo() (*odootest.Server, *helpdesk.Service, int64) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	client, err := odoo.New(srv.URL,
		odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(client) // the flavor is detected on first use
	if err != nil {
		log.Fatal(err)
	}
	team, err := srv.Create("helpdesk.team", map[string]any{"name": "Example Support"})
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"New", "In Progress", "Solved"} {
		_, err := srv.Create("helpdesk.stage", map[string]any{
			"name": name, "sequence": i, "fold": name == "Solved", "team_ids": []any{[]any{6, 0, []int64{team}}},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	return srv, hd, team
}

func ExampleTicketsService_List() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	for _, c := range []helpdesk.TicketCreate{
		{Name: "Printer on fire", TeamID: team, Priority: helpdesk.PriorityUrgent},
		{Name: "VPN is slow", TeamID: team, Priority: helpdesk.PriorityMedium},
		{Name: "New laptop", TeamID: team, Priority: helpdesk.PriorityLow},
	} {
		if _, err := hd.Tickets.Create(ctx, c); err != nil {
			log.Fatal(err)
		}
	}

	tickets, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{
		TeamID: team,
		State:  helpdesk.StateOpen,
		Sort:   helpdesk.SortPriority,
		Desc:   true,
		Limit:  2,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tickets {
		fmt.Printf("%-15s %-6s %s\n", t.Name, t.Priority, t.Stage.Name)
	}
	// Output:
	// Printer on fire urgent New
	// VPN is slow     medium New
}

func ExampleTicketsService_Create() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()

	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{
		Name:         "Ticket Subject",
		Description:  "<p>Ticket description</p>",
		TeamID:       team,
		Priority:     helpdesk.PriorityHigh,
		PartnerName:  "Customer Name",
		PartnerEmail: "customer@example.com",
	})
	if err != nil {
		log.Fatal(err)
	}
	t, err := hd.Tickets.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Name, "|", t.Team.Name, "|", t.Priority, "|", t.PartnerName, "<"+t.PartnerEmail+">")

	// Refused before any request:
	_, err = hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: ""})
	fmt.Println(err)
	// Output:
	// Ticket Subject | Example Support | high | Customer Name <customer@example.com>
	// helpdesk: invalid TicketCreate.Name: must not be empty
}

func ExampleTicketsService_MoveToStage() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "VPN is slow", TeamID: team})
	if err != nil {
		log.Fatal(err)
	}

	stages, err := hd.Stages.List(ctx, team)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range stages {
		if s.Name == "In Progress" {
			if err := hd.Tickets.MoveToStage(ctx, id, s.ID); err != nil {
				log.Fatal(err)
			}
		}
	}
	t, _ := hd.Tickets.Get(ctx, id)
	fmt.Println("moved to:", t.Stage.Name)

	closed, err := hd.Tickets.Close(ctx, id) // the first closing stage that is not a cancel stage; or Close(ctx, id, helpdesk.StageByName("Solved"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("closed in:", closed.Name)
	// Output:
	// moved to: In Progress
	// closed in: Solved
}

func ExampleMessagesService_Post() {
	srv, hd, team := newDemo()
	defer srv.Close()
	ctx := context.Background()
	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", TeamID: team})
	if err != nil {
		log.Fatal(err)
	}

	if _, err := hd.Messages.Post(ctx, id, helpdesk.MessagePost{Body: "<p>Checking the toner.</p>", Internal: true}); err != nil {
		log.Fatal(err)
	}
	if _, err := hd.Messages.Post(ctx, id, helpdesk.MessagePost{Body: "<p>We are on it.</p>"}); err != nil {
		log.Fatal(err)
	}

	msgs, err := hd.Messages.List(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range msgs {
		if m.Type == "comment" {
			fmt.Println(m.Subtype.Name+":", m.Body, "by", m.Author.Name)
		}
	}
	// Output:
	// Note: <p>Checking the toner.</p> by YourCompany, Mitchell Admin
	// Discussions: <p>We are on it.</p> by YourCompany, Mitchell Admin
}
