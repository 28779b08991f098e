package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// fakeClock is a settable clock for odootest.WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type feedPartner struct {
	ID   int64  `odoo:"id,readonly"`
	Name string `odoo:"name"`
}

// TestChangesConcurrentWrites reads the feed while another goroutine
// creates and writes partners, several per second, across pages of 7
// (issue 22 §3): after the writes stop and settle, the feed has yielded
// every record in its latest state (every change seen at least once, none
// lost), and no call yields a (record, write_date) twice.
func TestChangesConcurrentWrites(t *testing.T) {
	clock := &fakeClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	srv := odootest.NewServer(odootest.WithClock(clock.Now))
	defer srv.Close()
	c := newClientFor(t, srv, odoo.JSONRPC)
	m := odoo.NewModel[feedPartner](c, "res.partner").WithPageSize(7)
	opts := &odoo.ChangesOptions{Settle: 2 * time.Second, Now: clock.Now}
	ctx := context.Background()

	done := make(chan struct{})
	go func() {
		defer close(done)
		var ids []int64
		for i := range 400 {
			if i%3 != 0 || len(ids) == 0 {
				id, err := srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Feed %d", i)})
				if err != nil {
					t.Error(err)
					return
				}
				ids = append(ids, id)
			} else if err := srv.Write("res.partner", []int64{ids[(i*7919)%len(ids)]}, map[string]any{"name": fmt.Sprintf("Feed %d rewritten", i)}); err != nil {
				t.Error(err)
				return
			}
			if i%6 == 5 {
				clock.Advance(400 * time.Millisecond) // about 15 writes a second
			}
		}
	}()

	seen := map[int64]string{} // id → latest write_date yielded
	var cursor odoo.Cursor
	poll := func() {
		once := map[string]bool{}
		for ch, err := range m.Changes(ctx, cursor, opts) {
			if err != nil {
				t.Fatal(err)
			}
			k := fmt.Sprint(ch.ID, ch.WriteDate)
			if once[k] {
				t.Errorf("%s yielded twice in one call", k)
			}
			once[k] = true
			if ch.WriteDate > seen[ch.ID] {
				seen[ch.ID] = ch.WriteDate
			}
			if ch.Record.ID != ch.ID {
				t.Errorf("change of %d carries record %d", ch.ID, ch.Record.ID)
			}
			cursor = ch.Cursor
		}
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			poll()
		}
	}
	clock.Advance(opts.Settle + time.Second)
	poll()

	var all []struct {
		ID        int64  `json:"id"`
		WriteDate string `json:"write_date"`
	}
	if err := c.SearchReadInto(ctx, "res.partner", domain.Domain{}, &odoo.SearchOptions{Fields: []string{"write_date"}, Context: map[string]any{"active_test": false}}, &all); err != nil {
		t.Fatal(err)
	}
	active := map[int64]bool{}
	for _, id := range srv.Search("res.partner", domain.Eq("active", true)) {
		active[id] = true
	}
	for _, r := range all {
		if active[r.ID] && seen[r.ID] != r.WriteDate {
			t.Errorf("record %d written at %s: the feed's latest is %q", r.ID, r.WriteDate, seen[r.ID])
		}
	}
	// A later call from the last cursor yields nothing new.
	for ch, err := range m.Changes(ctx, cursor, opts) {
		t.Errorf("after the end: %+v, %v", ch, err)
	}
}

// TestChangesSameSecond pages through 30 records written in one second
// with pages of 4, resuming from every cursor.
func TestChangesSameSecond(t *testing.T) {
	clock := &fakeClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	srv := odootest.NewServer(odootest.WithClock(clock.Now))
	defer srv.Close()
	var want []int64
	for i := range 30 {
		id, err := srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Same %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
	}
	clock.Advance(time.Minute)
	c := newClientFor(t, srv, odoo.JSONRPC)
	m := odoo.NewModel[feedPartner](c, "res.partner").WithPageSize(4)
	opts := &odoo.ChangesOptions{Settle: time.Second, Now: clock.Now, Where: domain.ILike("name", "Same")}
	var cursors []odoo.Cursor
	var got []int64
	for ch, err := range m.Changes(context.Background(), "", opts) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ch.ID)
		cursors = append(cursors, ch.Cursor)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i, cur := range cursors {
		var rest []int64
		for ch, err := range m.Changes(context.Background(), cur, opts) {
			if err != nil {
				t.Fatal(err)
			}
			rest = append(rest, ch.ID)
		}
		if fmt.Sprint(rest) != fmt.Sprint(want[i+1:]) {
			t.Errorf("from cursor %d: %v, want %v", i, rest, want[i+1:])
		}
	}
	for _, bad := range []odoo.Cursor{"x", "v1 2024-05-01 10:00:00 0", "v1 nope 10:00:00 3"} {
		for _, err := range m.Changes(context.Background(), bad, opts) {
			if !errors.Is(err, deskbridge.ErrInvalidArgument) {
				t.Errorf("cursor %q: %v", bad, err)
			}
		}
	}
}

func TestMissing(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c := newClientFor(t, srv, odoo.JSONRPC)
	m := odoo.NewModel[feedPartner](c, "res.partner").WithPageSize(2)
	a, _ := srv.Create("res.partner", map[string]any{"name": "Kept"})
	b, _ := srv.Create("res.partner", map[string]any{"name": "Archived", "active": false})
	d, _ := srv.Create("res.partner", map[string]any{"name": "Deleted"})
	if err := srv.Unlink("res.partner", []int64{d}); err != nil {
		t.Fatal(err)
	}
	got, err := m.Missing(context.Background(), []int64{a, b, d, 999999})
	if err != nil || fmt.Sprint(got) != fmt.Sprint([]int64{d, 999999}) {
		t.Errorf("Missing = %v, %v", got, err)
	}
}

// A sync job's loop: read the changes since the stored cursor, apply
// them, store the new cursor; run it again later to continue.
func ExampleModel_Changes() {
	clock := &fakeClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	srv := odootest.NewServer(odootest.WithClock(clock.Now))
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	partners := odoo.NewModel[feedPartner](c, "res.partner")
	opts := &odoo.ChangesOptions{Where: domain.ILike("name", "Sync"), Now: clock.Now}

	var cursor odoo.Cursor // stored by the job between runs; "" the first time
	sync := func() {
		for ch, err := range partners.Changes(context.Background(), cursor, opts) {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println(ch.WriteDate, ch.Record.Name)
			cursor = ch.Cursor
		}
	}
	a, _ := srv.Create("res.partner", map[string]any{"name": "Sync A"})
	_, _ = srv.Create("res.partner", map[string]any{"name": "Sync B"})
	clock.Advance(time.Minute) // the writes settle (ChangesOptions.Settle)
	sync()
	_ = srv.Write("res.partner", []int64{a}, map[string]any{"name": "Sync A, renamed"})
	clock.Advance(time.Minute)
	sync() // only what changed since
	// Output:
	// 2024-05-01 10:00:00 Sync A
	// 2024-05-01 10:00:00 Sync B
	// 2024-05-01 10:01:00 Sync A, renamed
}

// TestChangesRESTv2PageCap: through an add-on that caps pages at 3, the
// feed still yields every record once, crowded seconds included.
func TestChangesRESTv2PageCap(t *testing.T) {
	clock := &fakeClock{t: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}
	srv := odootest.NewServer(odootest.WithClock(clock.Now), odootest.WithRESTv2Forms(odootest.RESTv2Forms{MaxPage: 3}))
	defer srv.Close()
	var want []int64
	for i := range 20 {
		id, _ := srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Capped %d", i)})
		want = append(want, id)
		if i%8 == 7 {
			clock.Advance(time.Second)
		}
	}
	clock.Advance(time.Minute)
	c := newClientFor(t, srv, odoo.RESTv2)
	m := odoo.NewModel[feedPartner](c, "res.partner").WithPageSize(5)
	var got []int64
	for ch, err := range m.Changes(context.Background(), "", &odoo.ChangesOptions{Now: clock.Now, Where: domain.ILike("name", "Capped")}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ch.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
