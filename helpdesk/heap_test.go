package helpdesk

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

const heapTickets = 10000

// bigDatabase is an OCA server holding heapTickets tickets (about 1 kB of
// description each) and a Service over JSON-RPC.
func bigDatabase(tb testing.TB) (*odootest.Server, *Service) {
	tb.Helper()
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	tb.Cleanup(srv.Close)
	team, err := srv.Create("helpdesk.ticket.team", map[string]any{"name": "Bulk", "company_id": 1})
	if err != nil {
		tb.Fatal(err)
	}
	desc := "<p>" + strings.Repeat("The printer on the third floor is out of toner again. ", 18) + "</p>"
	for i := range heapTickets {
		if _, err := srv.Create("helpdesk.ticket", map[string]any{
			"name": fmt.Sprintf("Bulk ticket %05d", i), "description": desc, "team_id": team, "priority": "1",
		}); err != nil {
			tb.Fatal(err)
		}
	}
	hd, err := New(newClient(tb, srv, odoo.JSONRPC), WithFlavor(OCA))
	if err != nil {
		tb.Fatal(err)
	}
	return srv, hd
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// heapProfile iterates over every ticket with All and samples HeapInuse
// (after a GC) at the first ticket of each page, while the page is alive.
// It answers the baseline before the loop and the samples.
func heapProfile(tb testing.TB, hd *Service, pageSize int) (base uint64, samples []uint64) {
	tb.Helper()
	ctx := context.Background()
	base = heapInUse()
	n := 0
	for _, err := range hd.Tickets.All(ctx, &TicketListOptions{PageSize: pageSize}) {
		if err != nil {
			tb.Fatal(err)
		}
		if n%pageSize == 0 {
			samples = append(samples, heapInUse())
		}
		n++
	}
	if n < heapTickets {
		tb.Fatalf("All read %d tickets, want at least %d", n, heapTickets)
	}
	return base, samples
}

func maxOf(xs []uint64) uint64 {
	var m uint64
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

const mib = 1 << 20

// TestTicketsAllHeapFlat reads a 10 000-ticket database through All and
// checks that the heap in use does not grow with the tickets read: the
// last pages use no more than the first ones, whatever the page size.
func TestTicketsAllHeapFlat(t *testing.T) {
	_, hd := bigDatabase(t)
	for _, size := range []int{100, 1000} {
		base, s := heapProfile(t, hd, size)
		q := max(len(s)/4, 1)
		first, last := maxOf(s[:q]), maxOf(s[len(s)-q:])
		t.Logf("page %4d: %3d samples, baseline %.1f MiB, peak %.1f MiB (+%.2f), first quarter %.1f MiB, last quarter %.1f MiB",
			size, len(s), float64(base)/mib, float64(maxOf(s))/mib, (float64(maxOf(s))-float64(base))/mib, float64(first)/mib, float64(last)/mib)
		// Flat: the heap after 10 000 tickets is within 2 MiB of the heap
		// after the first pages (holding every ticket would add ~15 MiB).
		if last > first+2*mib {
			t.Errorf("page %d: heap grows while iterating: %.1f MiB in the first quarter, %.1f MiB in the last", size, float64(first)/mib, float64(last)/mib)
		}
	}
	// For scale: the same tickets kept in memory.
	base := heapInUse()
	all := make([]Ticket, 0, heapTickets)
	for tk, err := range hd.Tickets.All(context.Background(), &TicketListOptions{PageSize: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tk)
	}
	held := heapInUse()
	t.Logf("holding all %d tickets: +%.1f MiB", len(all), (float64(held)-float64(base))/mib)
	if held < base+5*mib {
		t.Errorf("holding %d tickets added only %.1f MiB: the flatness check above cannot tell", len(all), (float64(held)-float64(base))/mib)
	}
	runtime.KeepAlive(all)
}

// BenchmarkTicketsAllHeap reports the peak heap in use above the baseline
// (peak-MiB) while All reads the 10 000 tickets, per page size, and, as the
// baseline, for one List holding every ticket.
func BenchmarkTicketsAllHeap(b *testing.B) {
	_, hd := bigDatabase(b)
	for _, size := range []int{100, 1000, 5000} {
		b.Run(fmt.Sprintf("page=%d", size), func(b *testing.B) {
			var peak float64
			for b.Loop() {
				base, s := heapProfile(b, hd, size)
				peak = max(peak, (float64(maxOf(s))-float64(base))/mib)
			}
			b.ReportMetric(peak, "peak-MiB")
		})
	}
	// Baseline: one List of everything, the whole result held at once.
	b.Run("baseline=List", func(b *testing.B) {
		var peak float64
		for b.Loop() {
			base := heapInUse()
			all, err := hd.Tickets.List(context.Background(), nil)
			if err != nil || len(all) < heapTickets {
				b.Fatalf("List: %d tickets, %v", len(all), err)
			}
			peak = max(peak, (float64(heapInUse())-float64(base))/mib)
			runtime.KeepAlive(all)
		}
		b.ReportMetric(peak, "peak-MiB")
	})
}
