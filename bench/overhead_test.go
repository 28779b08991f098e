package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// seedOverhead gives an odootest server the overhead benchmark's 120
// tickets.
func seedOverhead(srv *odootest.Server) error {
	for i := range 120 {
		vals := map[string]any{
			"name": fmt.Sprintf("Ticket %d: printer on fire", i), "description": "<p>The printer is on fire, \"again\".</p>",
			"partner_id": int64(7 + i%10), "tag_ids": []any{int64(1 + i%3)}, "priority": fmt.Sprint(i % 4),
		}
		if i%2 == 0 {
			vals["partner_email"] = fmt.Sprintf("customer%d@example.com", i)
		}
		if _, err := srv.Create("helpdesk.ticket", vals); err != nil {
			return err
		}
	}
	return nil
}

// overheadServer starts an OCA odootest server holding the tickets of
// seedOverhead in a child process (see childServer) and answers a client
// over JSON-RPC and the hand-written baseline's login to it, each with
// its own default-configured http.Transport.
func overheadServer(tb testing.TB) (*odoo.Client, rpcTarget) {
	tb.Helper()
	url, db := childServer(tb)
	c, err := odoo.New(url, odoo.WithDatabase(db), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Authenticate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	t := rpcTarget{hc: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()},
		url: url, db: db, uid: c.UID(), password: odootest.DefaultPassword}
	return c, t
}

// BenchmarkSearchRead80 is one search_read of 80 tickets (the Ticket
// fields, ordered by id) against one odootest server over loopback HTTP:
// the hand-written net/http + encoding/json JSON-RPC call is the floor,
// the SDK's typed Model and map SearchRead are measured against it. The
// server runs in a child process: its work (~0.3 ms) is in every
// variant's ns/op, not in cpu-ns/op, the CPU time of the client alone.
func BenchmarkSearchRead80(b *testing.B) {
	c, t := overheadServer(b)
	ctx := context.Background()
	m := odoo.NewModel[Ticket](c, "helpdesk.ticket")
	opts := &odoo.SearchOptions{Limit: 80, Order: "id"}

	b.Run("impl=nethttp-json", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU(0)
		for b.Loop() {
			var out []rawTicket
			if err := nethttpSearchRead(ctx, t, 80, &out); err != nil || len(out) != 80 {
				b.Fatal(len(out), err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=deskbridge-typed", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU(0)
		for b.Loop() {
			out, err := m.SearchRead(ctx, domain.Domain{}, opts)
			if err != nil || len(out) != 80 {
				b.Fatal(len(out), err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=deskbridge-maps", func(b *testing.B) {
		o := &odoo.SearchOptions{Fields: ticketFields, Limit: 80, Order: "id"}
		b.ReportAllocs()
		cpu := startCPU(0)
		for b.Loop() {
			out, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, o)
			if err != nil || len(out) != 80 {
				b.Fatal(len(out), err)
			}
		}
		cpu.report(b)
	})
}

// TestSearchRead80Agrees checks the baseline and the SDK read the same 80
// tickets from the server.
func TestSearchRead80Agrees(t *testing.T) {
	c, target := overheadServer(t)
	ctx := context.Background()
	var raw []rawTicket
	if err := nethttpSearchRead(ctx, target, 80, &raw); err != nil {
		t.Fatal(err)
	}
	typed, err := odoo.NewModel[Ticket](c, "helpdesk.ticket").SearchRead(ctx, domain.Domain{}, &odoo.SearchOptions{Limit: 80, Order: "id"})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != 80 || len(typed) != 80 {
		t.Fatalf("baseline read %d, SDK %d tickets; want 80 each", len(raw), len(typed))
	}
	for i := range raw {
		email, _ := raw[i].Email.(string)
		if raw[i].ID != typed[i].ID || raw[i].Name != typed[i].Name || email != typed[i].Email || len(raw[i].Tags) != len(typed[i].Tags) {
			t.Errorf("ticket %d: baseline %+v, SDK %+v", i, raw[i], typed[i])
		}
	}
}
