package helpdesk_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// demoPair starts two demo servers, an Enterprise source and an OCA
// destination with the source reference field, and returns Services.
func demoPair() (src, dst *helpdesk.Service, closeAll func()) {
	a := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	b := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	// EnsureSourceField creates this custom field (see its example).
	if err := b.AddFields("helpdesk.ticket", odootest.Field{Name: helpdesk.DefaultSourceRefField, Type: odootest.TypeChar}); err != nil {
		log.Fatal(err)
	}
	service := func(s *odootest.Server) *helpdesk.Service {
		c, err := odoo.New(s.URL, odoo.WithDatabase(s.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
		if err != nil {
			log.Fatal(err)
		}
		hd, err := helpdesk.New(c)
		if err != nil {
			log.Fatal(err)
		}
		return hd
	}
	return service(a), service(b), func() { a.Close(); b.Close() }
}

func ExampleTransfer() {
	src, dst, closeAll := demoPair()
	defer closeAll()
	ctx := context.Background()

	cfg := helpdesk.TransferConfig{
		Service:      dst,
		Name:         "EU helpdesk",
		StageMapping: map[string]string{"On Hold": "Awaiting", "Solved": "Done"},
		Options:      helpdesk.TransferOptions{Messages: true, Followers: true, Attachments: true, Note: true},
	}
	if _, err := helpdesk.CheckDestination(ctx, cfg); err != nil {
		log.Fatal(err) // names what the destination lacks
	}
	rep, err := helpdesk.Transfer(ctx, src, cfg, []int64{3, 4}, nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range rep.Tickets {
		fmt.Printf("#%d %s: %s, %d messages, %d followers, %d attachments\n",
			t.SourceID, t.Name, t.Status, t.Messages.Transferred, t.Followers.Transferred, t.Attachments.Transferred)
	}

	// A second run finds the tickets on the destination: nothing is copied twice.
	rep, err = helpdesk.Transfer(ctx, src, cfg, []int64{3, 4}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Totals.Skipped, "skipped")
	// Output:
	// #3 Document related problems: done, 4 messages, 2 followers, 0 attachments
	// #4 Invoice shows the wrong amount: done, 2 messages, 3 followers, 1 attachments
	// 2 skipped
}

func ExampleCheckDestination() {
	_, dst, closeAll := demoPair()
	defer closeAll()
	chk, err := helpdesk.CheckDestination(context.Background(), helpdesk.TransferConfig{
		Service:        dst,
		SourceRefField: "x_not_there",
		StageMapping:   map[string]string{"Solved": "Finished"},
	})
	fmt.Println(chk.Flavor, chk.OK())
	for _, m := range chk.Missing {
		fmt.Println("missing:", m)
	}
	fmt.Println(err != nil)
	// Output:
	// oca false
	// missing: field helpdesk.ticket.x_not_there (the source field: EnsureSourceField creates it)
	// missing: stage "Finished" (mapped from "Solved")
	// true
}

func ExampleEnsureSourceField() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithVersion("18.0"))
	defer srv.Close()
	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	dst, err := helpdesk.New(c)
	if err != nil {
		log.Fatal(err)
	}
	// Creates helpdesk.ticket.x_deskbridge_source through ir.model.fields
	// (the user needs the Settings right); a second call does nothing.
	for range 2 {
		if err := helpdesk.EnsureSourceField(context.Background(), dst, ""); err != nil {
			log.Fatal(err)
		}
	}
	fields, err := c.FieldsGet(context.Background(), "helpdesk.ticket", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fields[helpdesk.DefaultSourceRefField].Type)
	// Output:
	// char
}

func ExampleOpenHistory() {
	src, dst, closeAll := demoPair()
	defer closeAll()
	dir, err := os.MkdirTemp("", "history")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	hist, err := helpdesk.OpenHistory(filepath.Join(dir, "transfers.jsonl"))
	if err != nil {
		log.Fatal(err)
	}
	cfg := helpdesk.TransferConfig{Service: dst, Name: "oca",
		Options: helpdesk.TransferOptions{Messages: true, History: hist}}
	for range 2 { // the second run skips both tickets: two records each
		if _, err := helpdesk.Transfer(context.Background(), src, cfg, []int64{3, 4}, nil); err != nil {
			log.Fatal(err)
		}
	}
	recs, err := hist.Records()
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range recs {
		fmt.Println(r.Destination, r.SourceID, r.Status)
	}
	n, _ := hist.Transfers("", "oca")
	fmt.Println("ticket 3 transferred", n[3], "time(s)")
	// Unordered output:
	// oca 3 done
	// oca 4 done
	// oca 3 skipped-already-transferred
	// oca 4 skipped-already-transferred
	// ticket 3 transferred 1 time(s)
}

func ExampleParseDestinations() {
	cfg, err := helpdesk.ParseDestinations([]byte(`{
	  "destinations": {
	    "eu": {"url": "https://eu.example.com", "database": "eu", "login": "bot", "password_env": "EU_PASSWORD",
	           "stage_mapping": {"In Progress": "Work in progress"}, "close_stage": "Solved"}
	  }
	}`))
	if err != nil {
		log.Fatal(err)
	}
	eu, err := cfg.Get("eu")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(eu, eu.CloseStage)
	// Output:
	// eu (https://eu.example.com, database eu, login bot) "Solved"
}
