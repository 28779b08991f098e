package helpdesk_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Options go by pointer and nil means the defaults: every method taking a
// *TicketListOptions answers the same for nil as for the zero value.
func TestNilTicketListOptionsAreTheZeroValue(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithClock(func() time.Time { return now }))
	defer srv.Close()
	client, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	if err != nil {
		t.Fatal(err)
	}
	hd, err := helpdesk.New(client)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	team, err := srv.Create("helpdesk.team", map[string]any{"name": "Nil options"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Printer on fire", "Toner low", "Paper jam"} {
		if _, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: name, TeamID: team}); err != nil {
			t.Fatal(err)
		}
	}
	feed := &odoo.ChangesOptions{Now: func() time.Time { return now.Add(time.Minute) }}
	for _, tt := range []struct {
		name string
		call func(*helpdesk.TicketListOptions) ([]int64, error)
	}{
		{"Tickets.List", func(o *helpdesk.TicketListOptions) ([]int64, error) {
			ts, err := hd.Tickets.List(ctx, o)
			ids := make([]int64, len(ts))
			for i, tk := range ts {
				ids[i] = tk.ID
			}
			return ids, err
		}},
		{"Tickets.All", func(o *helpdesk.TicketListOptions) (ids []int64, err error) {
			for tk, err := range hd.Tickets.All(ctx, o) {
				if err != nil {
					return nil, err
				}
				ids = append(ids, tk.ID)
			}
			return ids, nil
		}},
		{"Tickets.Count", func(o *helpdesk.TicketListOptions) ([]int64, error) {
			n, err := hd.Tickets.Count(ctx, o)
			return []int64{n}, err
		}},
		{"Tickets.Changes", func(o *helpdesk.TicketListOptions) (ids []int64, err error) {
			for ch, err := range hd.Tickets.Changes(ctx, "", o, feed) {
				if err != nil {
					return nil, err
				}
				ids = append(ids, ch.Ticket.ID)
			}
			return ids, nil
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call(nil)
			if err != nil {
				t.Fatalf("nil options: %v", err)
			}
			want, err := tt.call(&helpdesk.TicketListOptions{})
			if err != nil {
				t.Fatalf("zero options: %v", err)
			}
			if len(got) == 0 || !slices.Equal(got, want) {
				t.Errorf("nil options gave %v, zero options %v", got, want)
			}
		})
	}
}
