package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

const benchListTickets = 2000

// listDatabase is a server of flavor fl holding benchListTickets tickets
// (about 1 kB of description each, a customer, a tag) and a Service over
// JSON-RPC.
func listDatabase(b *testing.B, fl odootest.Flavor, hf Flavor) *Service {
	b.Helper()
	srv := odootest.NewServer(odootest.WithFlavor(fl), odootest.WithDemoData())
	b.Cleanup(srv.Close)
	team, err := srv.Create(hf.Team.Model, map[string]any{"name": "Bulk", "company_id": 1})
	if err != nil {
		b.Fatal(err)
	}
	tag, err := srv.Create(hf.Tag.Model, map[string]any{"name": "bulk"})
	if err != nil {
		b.Fatal(err)
	}
	desc := "<p>" + strings.Repeat("The printer on the third floor is out of toner again. ", 18) + "</p>"
	for i := range benchListTickets {
		if _, err := srv.Create("helpdesk.ticket", map[string]any{
			"name": fmt.Sprintf("Bulk ticket %05d", i), "description": desc, "team_id": team, "priority": "1",
			"partner_name": "Alice Example", "partner_email": "alice@example.com",
			hf.Ticket.Tags: []any{[]any{6, 0, []any{tag}}},
		}); err != nil {
			b.Fatal(err)
		}
	}
	hd, err := New(newClient(b, srv, odoo.JSONRPC), WithFlavor(hf))
	if err != nil {
		b.Fatal(err)
	}
	return hd
}

// BenchmarkTicketsList reads benchListTickets tickets with one List, per
// flavor (decode=typed), and the same search_read decoded through the
// flavor's run-time record type (decode=plan, the path of customised
// flavors and of WithTicketFields; before a4a8cae it was rows of
// map[string]json.RawMessage, BENCHMARKS.md §10).
func BenchmarkTicketsList(b *testing.B) {
	for _, fl := range []struct {
		name string
		srv  odootest.Flavor
		hf   Flavor
	}{{"oca", odootest.OCA, OCA}, {"enterprise", odootest.Enterprise, Enterprise}} {
		hd := listDatabase(b, fl.srv, fl.hf)
		ctx := context.Background()
		check := func(b *testing.B, ts []Ticket, err error) {
			if err != nil || len(ts) < benchListTickets {
				b.Fatalf("List: %d tickets, %v", len(ts), err)
			}
		}
		b.Run("flavor="+fl.name+"/decode=typed", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ts, err := hd.Tickets.List(ctx, nil)
				check(b, ts, err)
			}
		})
		b.Run("flavor="+fl.name+"/decode=plan", func(b *testing.B) {
			b.ReportAllocs()
			f := &fl.hf
			for b.Loop() {
				page, err := hd.searchTickets(ctx, f, false, domain.Domain{}, f.ticketFields(), 0, 0, f.ticketOrder(&TicketListOptions{}))
				if err != nil {
					b.Fatal(err)
				}
				ts, err := page.all()
				check(b, ts, err)
			}
		})
	}
}

// TestTicketsTypedMatchesRows checks that the typed decoder (ticketRow)
// and the rows it replaced give the same tickets, field for field, in
// every flavor and protocol, also for a flavor with unmapped fields (which
// must stay zero) and for a customised flavor (which takes the run-time
// plan, ticket_plan.go; "rows" below are that plan's tickets).
func TestTicketsTypedMatchesRows(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// Close one ticket so that every field, close date included, is set
		// on some ticket.
		if _, err := e.hd.Tickets.Close(e.ctx, e.fx.tickets[0]); err != nil {
			t.Fatal(err)
		}
		f, err := e.hd.flavorPtr(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !f.typedTickets() {
			t.Fatalf("the detected %s flavor does not use the typed decoder", f.Name)
		}
		unmapped := *f
		unmapped.Ticket.Type, unmapped.Ticket.Tags, unmapped.Ticket.CloseDate, unmapped.Ticket.Number = "", "", "", ""
		custom := *f
		custom.Ticket.Number = "name" // not a built-in name: the run-time plan
		if custom.typedTickets() {
			t.Fatal("a flavor reading the number from name uses the typed decoder")
		}
		for _, fl := range []*Flavor{f, &unmapped} {
			typed, err := e.hd.searchTickets(e.ctx, fl, true, domain.Domain{}, fl.ticketFields(), 0, 0, "id asc")
			if err != nil {
				t.Fatal(err)
			}
			rows, err := e.hd.searchTickets(e.ctx, fl, false, domain.Domain{}, fl.ticketFields(), 0, 0, "id asc")
			if err != nil {
				t.Fatal(err)
			}
			got, err := typed.all()
			if err != nil {
				t.Fatal(err)
			}
			want, err := rows.all()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) < len(e.fx.tickets) {
				t.Fatalf("%d tickets, want at least %d", len(got), len(e.fx.tickets))
			}
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("ticket %d:\ntyped %+v\nrows  %+v", i, got[i], want[i])
					}
				}
				t.Fatalf("typed %d tickets, rows %d", len(got), len(want))
			}
			var closed, typedOnes, tagged, numbered bool
			for _, tk := range got {
				closed = closed || !tk.ClosedAt.IsZero()
				typedOnes = typedOnes || tk.Type.ID != 0
				tagged = tagged || len(tk.TagIDs) > 0
				numbered = numbered || tk.Number != ""
			}
			if fl == f && !(closed && typedOnes && tagged) {
				t.Errorf("the fixture does not exercise every field: closed %v, type %v, tags %v", closed, typedOnes, tagged)
			}
			if fl == &unmapped && (closed || typedOnes || tagged || numbered) {
				t.Errorf("unmapped fields read: closed %v, type %v, tags %v, number %v", closed, typedOnes, tagged, numbered)
			}
		}
		// Get and List go through the same decoder as All.
		hd, err := New(e.client, WithFlavor(custom))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range e.fx.tickets {
			a, err := e.hd.Tickets.Get(e.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			b, err := hd.Tickets.Get(e.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			b.Number = a.Number // custom reads it from name
			if !reflect.DeepEqual(a, b) {
				t.Errorf("Get(%d): typed %+v, rows %+v", id, a, b)
			}
		}
	})
}

// TestTicketFromRowID checks the id as every integer is read, by odoo's
// integer rule (helpdesk has none of its own): an integral float is the
// integer, a fraction the codec's *odoo.ResponseError naming the call and
// the field (it was helpdesk's own plain error naming helpdesk.ticket.id),
// on the built-in flavors' rows and on a run-time plan's.
func TestTicketFromRowID(t *testing.T) {
	custom := OCA
	custom.Ticket.Number = "name" // not a built-in name: a run-time plan
	for _, f := range []Flavor{OCA, Enterprise, custom} {
		e := newEnv(t, odootest.OCA, odoo.JSONRPC)
		if f.Ticket.Number != "number" && f.Ticket.Number != "name" {
			e = newEnv(t, odootest.Enterprise, odoo.JSONRPC)
		}
		hd, err := New(e.client, WithFlavor(f))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			id   any
			want int64
		}{{3, 3}, {json.Number("3.0"), 3}, {json.Number("3e0"), 3}, {json.Number("1.5"), 0}} {
			e.srv.HandleMethod("helpdesk.ticket", "search_read", func(context.Context, odootest.MethodCall) (any, error) {
				return []any{map[string]any{"id": c.id, "name": "T"}}, nil
			})
			got, err := hd.Tickets.List(context.Background(), nil)
			if c.want == 0 {
				wantFieldError(t, fmt.Sprintf("%s id %v", f.Name, c.id), err, "helpdesk.ticket", "search_read", "[0].id")
				continue
			}
			if err != nil || len(got) != 1 || got[0].ID != c.want {
				t.Errorf("%s id %v: %+v, %v", f.Name, c.id, got, err)
			}
		}
	}
}
