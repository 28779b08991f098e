package odoo_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

const parallelRecords, parallelPage = 10000, 200

// notePartner is a partner with a 500-byte comment, so that a page weighs
// about what a page of helpdesk tickets does (100 kB decoded).
type notePartner struct {
	ID      int64  `odoo:"id,readonly"`
	Name    string `odoo:"name"`
	Comment string `odoo:"comment"`
}

var (
	parallelOnce sync.Once
	parallelSrv  *odootest.Server
)

// parallelServer is a server with parallelRecords notePartners, shared by
// the benchmarks and the heap test (never closed: the process ends).
func parallelServer(tb testing.TB) *odootest.Server {
	parallelOnce.Do(func() {
		parallelSrv = odootest.NewServer()
		note := strings.Repeat("Customer called about the invoice again. ", 13)[:500]
		for i := range parallelRecords {
			if _, err := parallelSrv.Create("res.partner", map[string]any{"name": fmt.Sprintf("Bulk %05d", i), "comment": note}); err != nil {
				panic(err)
			}
		}
	})
	return parallelSrv
}

// parallelFirst is the id of the first bulk record.
func parallelFirst(tb testing.TB) int64 {
	ids := parallelServer(tb).Search("res.partner", domain.Eq("name", "Bulk 00000"))
	if len(ids) != 1 {
		tb.Fatalf("first bulk record: %v", ids)
	}
	return ids[0]
}

// latency delays every request by d before sending it: the injected
// per-request latency of issue 19 §2 (a network, a proxy, a stateless
// protocol's key check), which workers overlap.
type latency struct {
	d    time.Duration
	base http.RoundTripper
}

func (l latency) RoundTrip(r *http.Request) (*http.Response, error) {
	t := time.NewTimer(l.d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	return l.base.RoundTrip(r)
}

func latencyClient(tb testing.TB, srv *odootest.Server, d time.Duration) *odoo.Client {
	tb.Helper()
	c, err := odoo.New(srv.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithHTTPClient(&http.Client{Transport: latency{d, http.DefaultTransport}, Timeout: time.Minute}))
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Authenticate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkAllWorkers reads 10 000 records in pages of 200 with Model.All
// at 1 ms and 10 ms of latency per request: "keyset" is the sequential
// default (search_read id > last, 50 requests), "workers=N" the parallel
// path (one search, then 50 reads, N at a time).
func BenchmarkAllWorkers(b *testing.B) {
	srv := parallelServer(b)
	bulk := domain.Gt("id", int64(parallelFirst(b)-1)) // the 10 000 bulk records, cheap for the fake to find
	for _, lat := range []time.Duration{time.Millisecond, 10 * time.Millisecond} {
		c := latencyClient(b, srv, lat)
		for _, w := range []int{0, 1, 2, 4, 8} {
			name := fmt.Sprintf("latency=%s/workers=%d", lat, w)
			if w == 0 {
				name = fmt.Sprintf("latency=%s/keyset", lat)
			}
			m := odoo.NewModel[notePartner](c, "res.partner").WithPageSize(parallelPage).WithWorkers(w)
			b.Run(name, func(b *testing.B) {
				for range b.N {
					n := 0
					for _, err := range m.All(context.Background(), bulk, nil) {
						if err != nil {
							b.Fatal(err)
						}
						n++
					}
					if n != parallelRecords {
						b.Fatalf("%d records", n)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/read")
			})
		}
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC() // a second GC empties sync.Pool's victim cache
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestHelperParallelServer is not a test: run by TestAllWorkersHeap as a
// child process (PARALLEL_SERVER=1), it serves parallelServer and prints
// its URL, so that the server's own allocations stay out of the heap the
// test measures.
func TestHelperParallelServer(t *testing.T) {
	if os.Getenv("PARALLEL_SERVER") != "1" {
		return
	}
	srv := parallelServer(t)
	fmt.Printf("URL %s %s\n", srv.URL, srv.Database())
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes stdin
	os.Exit(0)
}

// TestAllWorkersHeap checks that Model.All with 4 workers holds at most 4
// pages (issue 19 §2): the live heap, sampled after a GC at each page of
// 10 000 records, stays within 4 times what one page's request weighs at
// its peak (its reply read whole plus the records decoded from it; the
// ids' list, 8 bytes a record, counted on top). The server runs in a child
// process so its allocations do not count.
func TestAllWorkersHeap(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperParallelServer$")
	cmd.Env = append(os.Environ(), "PARALLEL_SERVER=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	var url, db string
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "URL %s %s", &url, &db); err == nil {
			break
		}
	}
	if url == "" {
		t.Fatal("the server process printed no URL")
	}
	var replyBytes atomic.Int64
	c, err := odoo.New(url, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase(db), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithObserver(func(_ context.Context, e deskbridge.CallEvent) { replyBytes.Store(int64(e.ReplyBytes)) }))
	if err != nil {
		t.Fatal(err)
	}
	m := odoo.NewModel[notePartner](c, "res.partner").WithPageSize(parallelPage)
	ctx := context.Background()
	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}

	base := liveHeap()
	page, err := m.SearchRead(ctx, domain.Domain{}, &odoo.SearchOptions{Limit: parallelPage})
	if err != nil || len(page) != parallelPage {
		t.Fatal(len(page), err)
	}
	decoded := liveHeap() - base
	// A page is what one request of it costs at its peak: the reply's
	// bytes, read whole, and the records decoded from them.
	reply := uint64(replyBytes.Load())
	pageBytes := decoded + reply
	runtime.KeepAlive(page)
	page = nil

	const workers = 4
	base = liveHeap()
	var peak uint64
	n := 0
	for _, err := range m.WithWorkers(workers).All(ctx, domain.Domain{}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n%parallelPage == parallelPage/2 {
			if h := liveHeap(); h > base && h-base > peak {
				peak = h - base
			}
		}
		n++
	}
	ids := uint64(8 * n)
	t.Logf("one page %d kB (reply %d kB + decoded %d kB); peak live heap over the baseline %d kB = %.2f pages besides the %d kB of ids", pageBytes>>10, reply>>10, decoded>>10, peak>>10, float64(peak-min(peak, ids))/float64(pageBytes), ids>>10)
	if raceEnabled {
		return // the race detector's bookkeeping is on the heap too: the figure above is only logged
	}
	if peak > workers*pageBytes+ids {
		t.Errorf("peak live heap %d kB > %d pages of %d kB + %d kB of ids", peak>>10, workers, pageBytes>>10, ids>>10)
	}
}
