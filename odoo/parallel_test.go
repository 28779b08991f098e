package odoo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

type bulkPartner struct {
	ID   int64  `odoo:"id,readonly"`
	Name string `odoo:"name"`
}

// bulkServer holds n partners named "Bulk %05d".
func bulkServer(tb testing.TB, n int) *odootest.Server {
	tb.Helper()
	srv := odootest.NewServer()
	tb.Cleanup(srv.Close)
	for i := range n {
		if _, err := srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Bulk %05d", i)}); err != nil {
			tb.Fatal(err)
		}
	}
	return srv
}

// TestAllWorkersConcurrentInserts reads every record with 1, 2, 4 and 8
// workers while records are inserted (issue 19 §2): each
// record that existed at the start is yielded exactly once, in id order,
// and none is repeated.
func TestAllWorkersConcurrentInserts(t *testing.T) {
	srv := bulkServer(t, 1500)
	c := newClientFor(t, srv, odoo.JSONRPC)
	ctx := context.Background()
	bulk := domain.ILike("name", "Bulk")
	for _, w := range []int{1, 2, 4, 8} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			before := srv.Search("res.partner", bulk)
			m := odoo.NewModel[bulkPartner](c, "res.partner").WithPageSize(100).WithWorkers(w)
			seen := map[int64]int{}
			var last int64
			for p, err := range m.All(ctx, bulk, nil) {
				if err != nil {
					t.Fatal(err)
				}
				seen[p.ID]++
				if len(seen)%37 == 0 {
					// Insert while the workers are fetching ahead: new
					// records land on pages not read yet and behind.
					for j := range 3 {
						if _, err := srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Bulk new %d-%d-%d", w, len(seen), j)}); err != nil {
							t.Fatal(err)
						}
					}
				}
				if p.ID <= last {
					t.Fatalf("id %d after %d: not in id order", p.ID, last)
				}
				last = p.ID
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("id %d yielded %d times", id, n)
				}
			}
			for _, id := range before {
				if seen[id] != 1 {
					t.Errorf("id %d skipped", id)
				}
			}
		})
	}
}

// TestSearchReadWorkers checks that SearchRead with workers answers what
// one search_read does, in the same order.
func TestSearchReadWorkers(t *testing.T) {
	srv := bulkServer(t, 700)
	c := newClientFor(t, srv, odoo.JSONRPC)
	ctx := context.Background()
	m := odoo.NewModel[bulkPartner](c, "res.partner").WithPageSize(64)
	for _, opts := range []*odoo.SearchOptions{nil, {Order: "name desc"}, {Order: "name desc", Offset: 10}} {
		want, err := m.SearchRead(ctx, domain.ILike("name", "Bulk"), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []int{2, 4} {
			got, err := m.WithWorkers(w).SearchRead(ctx, domain.ILike("name", "Bulk"), opts)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("workers %d, %+v: %d records (err %v), want %d in the same order", w, opts, len(got), err, len(want))
			}
		}
	}
}

// TestAllWorkersBreak checks that breaking out stops the fetches.
func TestAllWorkersBreak(t *testing.T) {
	srv := bulkServer(t, 2000)
	c := newClientFor(t, srv, odoo.JSONRPC)
	m := odoo.NewModel[bulkPartner](c, "res.partner").WithPageSize(50).WithWorkers(4)
	calls := srv.CallCount("res.partner", "search_read")
	n := 0
	for _, err := range m.All(context.Background(), domain.Domain{}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 120 {
			break
		}
	}
	if got := srv.CallCount("res.partner", "search_read") - calls; got > 3+4 {
		t.Errorf("%d pages read for 120 records of pages of 50 with 4 workers", got)
	}
}

// A big read with four requests in flight: the records still come in id
// order, and at most four pages are held.
func ExampleModel_WithWorkers() {
	srv := odootest.NewServer()
	defer srv.Close()
	for i := range 1000 {
		_, _ = srv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Bulk %04d", i)})
	}
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	partners := odoo.NewModel[bulkPartner](c, "res.partner").WithPageSize(100).WithWorkers(4)

	n, last := 0, ""
	for p, err := range partners.All(context.Background(), domain.ILike("name", "Bulk"), nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		n, last = n+1, p.Name
	}
	fmt.Println(n, last)
	// Output: 1000 Bulk 0999
}
