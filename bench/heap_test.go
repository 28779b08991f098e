package bench

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"runtime"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
)

const (
	heapRecords = 100000
	mib         = 1 << 20
)

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// pagerClient is an SDK client over JSON-RPC to a pager of heapRecords
// tickets (with a body cap raised for the baseline's one huge reply).
func pagerClient(tb testing.TB) *odoo.Client {
	tb.Helper()
	srv := newPager(tb, heapRecords)
	c, err := odoo.New(srv.URL, odoo.WithDatabase("bench"), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithPassword("admin", "admin"), odoo.WithMaxBodySize(1<<30), odoo.WithHTTPClient(&http.Client{Transport: srv.Client().Transport}))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// peakWhile iterates seq to the end and answers the number of records and
// the peak heap in use above the heap before the loop, sampled (after a
// GC, so only live memory counts) at the first record of about 100 evenly
// spread pages, while that page is alive.
func peakWhile[T any](tb testing.TB, pageSize int, seq iter.Seq2[T, error]) (n int, peak, first, last float64) {
	tb.Helper()
	base := heapInUse()
	every := max(1, heapRecords/pageSize/100) * pageSize
	var samples []float64
	for _, err := range seq {
		if err != nil {
			tb.Fatal(err)
		}
		if n%every == 0 {
			samples = append(samples, (float64(heapInUse())-float64(base))/mib)
		}
		n++
	}
	for _, s := range samples {
		peak = max(peak, s)
	}
	q := max(1, len(samples)/4)
	for _, s := range samples[:q] {
		first = max(first, s)
	}
	for _, s := range samples[len(samples)-q:] {
		last = max(last, s)
	}
	return n, peak, first, last
}

// BenchmarkAllHeap100k reads 100 000 tickets through odoo Model.All and
// helpdesk Tickets.All, per page size, and reports the peak heap in use
// above the start (peak-MiB) and its growth from the first to the last
// quarter of the pages (growth-MiB: flat is ~0). The baseline reads
// every record in one call (Model.SearchRead, Tickets.List) and holds
// them: its figure is the heap after the call, the records alone (the
// reply's bytes, freed by then, come on top at the peak).
func BenchmarkAllHeap100k(b *testing.B) {
	ctx := context.Background()
	report := func(b *testing.B, run func() (int, float64, float64, float64)) {
		var peak, growth float64
		for b.Loop() {
			n, p, first, last := run()
			if n != heapRecords {
				b.Fatalf("read %d records, want %d", n, heapRecords)
			}
			peak, growth = max(peak, p), max(growth, last-first)
		}
		b.ReportMetric(peak, "peak-MiB")
		b.ReportMetric(growth, "growth-MiB")
	}
	b.Run("api=Model.All", func(b *testing.B) {
		m := odoo.NewModel[Ticket](pagerClient(b), "helpdesk.ticket")
		b.Run("impl=baseline-all-at-once", func(b *testing.B) {
			report(b, func() (int, float64, float64, float64) {
				base := heapInUse()
				all, err := m.SearchRead(ctx, domain.Domain{}, nil)
				if err != nil {
					b.Fatal(err)
				}
				held := (float64(heapInUse()) - float64(base)) / mib
				runtime.KeepAlive(all)
				return len(all), held, 0, held
			})
		})
		for _, size := range []int{100, 1000, 5000} {
			b.Run(fmt.Sprintf("impl=All-page%d", size), func(b *testing.B) {
				mp := m.WithPageSize(size)
				report(b, func() (int, float64, float64, float64) {
					return peakWhile(b, size, mp.All(ctx, domain.Domain{}, nil))
				})
			})
		}
	})
	b.Run("api=helpdesk.Tickets.All", func(b *testing.B) {
		hd, err := helpdesk.New(pagerClient(b), helpdesk.WithFlavor(helpdesk.OCA))
		if err != nil {
			b.Fatal(err)
		}
		b.Run("impl=baseline-all-at-once", func(b *testing.B) {
			report(b, func() (int, float64, float64, float64) {
				base := heapInUse()
				all, err := hd.Tickets.List(ctx, helpdesk.TicketListOptions{})
				if err != nil {
					b.Fatal(err)
				}
				held := (float64(heapInUse()) - float64(base)) / mib
				runtime.KeepAlive(all)
				return len(all), held, 0, held
			})
		})
		for _, size := range []int{100, 1000, 5000} {
			b.Run(fmt.Sprintf("impl=All-page%d", size), func(b *testing.B) {
				report(b, func() (int, float64, float64, float64) {
					return peakWhile(b, size, hd.Tickets.All(ctx, helpdesk.TicketListOptions{PageSize: size}))
				})
			})
		}
	})
}

// TestAllHeapFlat pages through the 100 000 tickets with Model.All and
// checks the heap does not grow with the records read.
func TestAllHeapFlat(t *testing.T) {
	m := odoo.NewModel[Ticket](pagerClient(t), "helpdesk.ticket").WithPageSize(1000)
	n, peak, first, last := peakWhile(t, 1000, m.All(context.Background(), domain.Domain{}, nil))
	t.Logf("%d records: peak %.2f MiB, first quarter %.2f MiB, last quarter %.2f MiB", n, peak, first, last)
	if n != heapRecords {
		t.Fatalf("All read %d records, want %d", n, heapRecords)
	}
	if last > first+2 {
		t.Errorf("heap grows while iterating: %.2f MiB in the first quarter of the pages, %.2f MiB in the last", first, last)
	}
}
