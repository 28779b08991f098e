package helpdesk

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestTicketsAllWorkers checks that All with workers yields what the
// sequential All does, in the same order, for each sort.
func TestTicketsAllWorkers(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	for i := range 450 {
		if _, err := srv.Create("helpdesk.ticket", map[string]any{"name": fmt.Sprintf("Bulk %03d", i), "team_id": 1, "priority": fmt.Sprint(i % 4)}); err != nil {
			t.Fatal(err)
		}
	}
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ids := func(opts TicketListOptions) []int64 {
		var out []int64
		for tk, err := range hd.Tickets.All(ctx, &opts) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tk.ID)
		}
		return out
	}
	for _, opts := range []TicketListOptions{{PageSize: 50}, {PageSize: 64, Sort: SortPriority, Desc: true}, {PageSize: 100, Sort: SortName, Search: "Bulk"}} {
		want := ids(opts)
		for _, w := range []int{2, 4, 8} {
			o := opts
			o.Workers = w
			if got := ids(o); !slices.Equal(got, want) {
				t.Errorf("%+v: %d tickets, want the %d of the sequential All in its order", o, len(got), len(want))
			}
		}
	}
	if _, err := hd.Tickets.List(ctx, &TicketListOptions{Workers: -1}); err == nil {
		t.Error("negative Workers accepted")
	}
}

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestTicketsChanges(t *testing.T) {
	clock := &testClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithClock(clock.Now))
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	team, _ := srv.Create("helpdesk.team", map[string]any{"name": "Feed"})
	var mine []int64
	for i := range 25 {
		id, err := hd.Tickets.Create(ctx, TicketCreate{Name: fmt.Sprintf("Feed %d", i), TeamID: team})
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, id)
		if i%4 == 3 {
			clock.Advance(time.Second)
		}
	}
	feed := &odoo.ChangesOptions{Now: clock.Now, Settle: time.Second}
	read := func(cursor odoo.Cursor) ([]int64, odoo.Cursor) {
		var got []int64
		for ch, err := range hd.Tickets.Changes(ctx, cursor, &TicketListOptions{TeamID: team, PageSize: 3}, feed) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ch.Ticket.ID)
			cursor = ch.Cursor
		}
		return got, cursor
	}
	clock.Advance(2 * time.Second)
	got, cursor := read("")
	if !slices.Equal(got, mine) {
		t.Fatalf("first read %v, want %v", got, mine)
	}
	if err := hd.Tickets.Update(ctx, mine[3], TicketUpdate{Name: deskbridge.Ptr("Feed 3, again")}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Second)
	if got, _ := read(cursor); !slices.Equal(got, []int64{mine[3]}) {
		t.Errorf("after one update: %v", got)
	}
	if err := hd.Tickets.Delete(ctx, []int64{mine[0]}); err != nil {
		t.Fatal(err)
	}
	if gone, err := hd.Tickets.Missing(ctx, mine[:2]); err != nil || !slices.Equal(gone, mine[:1]) {
		t.Errorf("Missing = %v, %v", gone, err)
	}
}

// TestTicketsAllRESTv2PageCap: a short page over REST v2 is not the end.
func TestTicketsAllRESTv2PageCap(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithRESTv2Forms(odootest.RESTv2Forms{MaxPage: 3}))
	defer srv.Close()
	c, err := srv.NewClient(odoo.RESTv2)
	if err != nil {
		t.Fatal(err)
	}
	hd, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want, err := hd.Tickets.Count(ctx, nil)
	if err != nil || want <= 3 {
		t.Fatalf("Count %d, %v", want, err)
	}
	n := 0
	for _, err := range hd.Tickets.All(ctx, &TicketListOptions{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if int64(n) != want {
		t.Errorf("All yielded %d of %d tickets through a 3-record page cap", n, want)
	}
}
