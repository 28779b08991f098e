package bench

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

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

// heapObjects is the heap's object bytes now, live or not yet collected,
// without forcing a GC (runtime/metrics, no stop of the world).
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// heapSampler polls heapObjects every 200 µs in a goroutine until stop,
// keeping the maximum: the peak the process really reaches (garbage not
// yet collected included), which the samples after a forced GC do not
// show.
type heapSampler struct {
	peak atomic.Uint64
	quit chan struct{}
	done chan struct{}
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{quit: make(chan struct{}), done: make(chan struct{})}
	s.peak.Store(heapObjects())
	go func() {
		defer close(s.done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-s.quit:
				return
			case <-t.C:
				if h := heapObjects(); h > s.peak.Load() {
					s.peak.Store(h)
				}
			}
		}
	}()
	return s
}

// stop ends the sampling and answers the peak.
func (s *heapSampler) stop() uint64 {
	close(s.quit)
	<-s.done
	return max(s.peak.Load(), heapObjects())
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

// peakWhile iterates seq to the end twice. The first pass answers the
// number of records and the peak heap in use above the heap before the
// loop, sampled (after a forced GC, so only live memory counts) at the
// first record of about 100 evenly spread pages, while that page is alive.
// The second pass forces no GC: peakNoGC is the highest heap (live and
// not yet collected objects) a goroutine sampled every 200 µs, above the
// heap before the pass, the peak the process really reaches.
func peakWhile[T any](tb testing.TB, pageSize int, seq iter.Seq2[T, error]) (n int, peak, first, last, peakNoGC float64) {
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
	// A second pass without forced GCs, sampled from a goroutine.
	runtime.GC()
	baseObjects := heapObjects()
	sampler := startHeapSampler()
	for _, err := range seq {
		if err != nil {
			tb.Fatal(err)
		}
	}
	peakNoGC = (float64(sampler.stop()) - float64(baseObjects)) / mib
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
	return n, peak, first, last, peakNoGC
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
	report := func(b *testing.B, run func() (int, float64, float64, float64, float64)) {
		var peak, growth, peakNoGC float64
		for b.Loop() {
			n, p, first, last, png := run()
			if n != heapRecords {
				b.Fatalf("read %d records, want %d", n, heapRecords)
			}
			peak, growth, peakNoGC = max(peak, p), max(growth, last-first), max(peakNoGC, png)
		}
		b.ReportMetric(peak, "peak-MiB")
		b.ReportMetric(peakNoGC, "peak-nogc-MiB")
		b.ReportMetric(growth, "growth-MiB")
	}
	// allAtOnce measures a baseline that reads everything in one call:
	// the heap held after it (forced GC), then in a second call the peak
	// sampled without forcing GC.
	allAtOnce := func(b *testing.B, read func() (int, any, error)) (int, float64, float64, float64, float64) {
		base := heapInUse()
		n, all, err := read()
		if err != nil {
			b.Fatal(err)
		}
		held := (float64(heapInUse()) - float64(base)) / mib
		runtime.KeepAlive(all)
		all = nil
		runtime.GC()
		baseObjects := heapObjects()
		sampler := startHeapSampler()
		if _, _, err := read(); err != nil {
			b.Fatal(err)
		}
		peakNoGC := (float64(sampler.stop()) - float64(baseObjects)) / mib
		return n, held, 0, held, peakNoGC
	}
	b.Run("api=Model.All", func(b *testing.B) {
		m := odoo.NewModel[Ticket](pagerClient(b), "helpdesk.ticket")
		b.Run("impl=baseline-all-at-once", func(b *testing.B) {
			report(b, func() (int, float64, float64, float64, float64) {
				return allAtOnce(b, func() (int, any, error) {
					all, err := m.SearchRead(ctx, domain.Domain{}, nil)
					return len(all), all, err
				})
			})
		})
		for _, size := range []int{100, 1000, 5000} {
			b.Run(fmt.Sprintf("impl=All-page%d", size), func(b *testing.B) {
				mp := m.WithPageSize(size)
				report(b, func() (int, float64, float64, float64, float64) {
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
			report(b, func() (int, float64, float64, float64, float64) {
				return allAtOnce(b, func() (int, any, error) {
					all, err := hd.Tickets.List(ctx, nil)
					return len(all), all, err
				})
			})
		})
		for _, size := range []int{100, 1000, 5000} {
			b.Run(fmt.Sprintf("impl=All-page%d", size), func(b *testing.B) {
				report(b, func() (int, float64, float64, float64, float64) {
					return peakWhile(b, size, hd.Tickets.All(ctx, &helpdesk.TicketListOptions{PageSize: size}))
				})
			})
		}
	})
}

// TestAllHeapFlat pages through the 100 000 tickets with Model.All and
// checks the heap does not grow with the records read.
func TestAllHeapFlat(t *testing.T) {
	m := odoo.NewModel[Ticket](pagerClient(t), "helpdesk.ticket").WithPageSize(1000)
	n, peak, first, last, _ := peakWhile(t, 1000, m.All(context.Background(), domain.Domain{}, nil))
	t.Logf("%d records: peak %.2f MiB, first quarter %.2f MiB, last quarter %.2f MiB", n, peak, first, last)
	if n != heapRecords {
		t.Fatalf("All read %d records, want %d", n, heapRecords)
	}
	if last > first+2 {
		t.Errorf("heap grows while iterating: %.2f MiB in the first quarter of the pages, %.2f MiB in the last", first, last)
	}
}
