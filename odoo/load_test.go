package odoo_test

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// loadDuration is how long TestLoad runs each protocol (all four at once):
// -load.duration, else $DESKBRIDGE_LOAD_DURATION, else 10s (2s with -short).
var loadDuration = flag.Duration("load.duration", 0, "how long TestLoad runs (default 10s, 2s with -short; or $DESKBRIDGE_LOAD_DURATION)")

func loadRunTime(t *testing.T) time.Duration {
	if *loadDuration > 0 {
		return *loadDuration
	}
	if v := os.Getenv("DESKBRIDGE_LOAD_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("DESKBRIDGE_LOAD_DURATION=%q: want a positive duration", v)
		}
		return d
	}
	if testing.Short() {
		return 2 * time.Second
	}
	return 10 * time.Second
}

const (
	loadWorkers = 64
	loadRate    = 20.0 // requests per second per client
)

// requestClock records when each HTTP request reached the server.
type requestClock struct {
	mu    sync.Mutex
	times []time.Time
}

func (rc *requestClock) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		rc.times = append(rc.times, time.Now())
		rc.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// TestLoad runs 64 goroutines sharing one Client per protocol, mixing
// reads and creates, against odootest with a rate limit of 20 requests
// per second: no create is lost or made twice (the records are counted
// and matched to the ids the creates answered) and the server sees 20
// requests per second, within 10%. Run it under -race.
func TestLoad(t *testing.T) {
	run := loadRunTime(t)
	// The protocols run at the same time, whatever -parallel says: t.Run
	// from several goroutines.
	var all sync.WaitGroup
	defer all.Wait()
	for _, p := range protocols {
		all.Go(func() { t.Run(p.String(), func(t *testing.T) { loadProtocol(t, p, run) }) })
	}
}

func loadProtocol(t *testing.T, p odoo.Protocol, run time.Duration) {
	{
		{
			s := newServer(t)
			var rc requestClock
			ts := httptest.NewServer(rc.wrap(s))
			t.Cleanup(ts.Close)
			c, err := odoo.New(ts.URL, append(protoOptions(s, p), odoo.WithRateLimit(loadRate, 1))...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			m := odoo.NewModel[Task](c, relModel)

			type created struct {
				id   int64
				name string
			}
			var (
				mu       sync.Mutex
				creates  []created
				reads    atomic.Int64
				failures atomic.Int64
			)
			stop := time.Now().Add(run)
			var wg sync.WaitGroup
			for g := range loadWorkers {
				wg.Go(func() {
					for i := 0; time.Now().Before(stop); i++ {
						if (g+i)%3 == 0 {
							name := fmt.Sprintf("load %s g%02d n%04d", p, g, i)
							id, err := m.Create(ctx, Task{Name: name, Hours: float64(i)}, nil)
							if err != nil {
								failures.Add(1)
								t.Errorf("create %s: %v", name, err)
								return
							}
							mu.Lock()
							creates = append(creates, created{id, name})
							mu.Unlock()
							continue
						}
						recs, err := m.SearchRead(ctx, domain.Le("id", taskCount), &odoo.SearchOptions{Limit: 5, Offset: i % 20, Order: "id"})
						if err != nil {
							failures.Add(1)
							t.Errorf("read: %v", err)
							return
						}
						if len(recs) != 5 || recs[0].ID != int64(i%20+1) {
							t.Errorf("read at offset %d: %d records, first %d", i%20, len(recs), recs[0].ID)
							return
						}
						reads.Add(1)
					}
				})
			}
			wg.Wait()
			if failures.Load() > 0 {
				t.FailNow()
			}

			// Zero lost or duplicate creates: every answered id holds its
			// record, the server has exactly these records, and the call
			// log shows one applied create each.
			names := map[string]int64{}
			for _, cr := range creates {
				if _, dup := names[cr.name]; dup {
					t.Errorf("%s created twice", cr.name)
				}
				names[cr.name] = cr.id
				rec, ok := s.Record(relModel, cr.id)
				if !ok || rec["name"] != cr.name {
					t.Errorf("id %d: record %v, want %q", cr.id, rec["name"], cr.name)
				}
			}
			onServer := s.Search(relModel, domain.Like("name", "load "+p.String()+" %"))
			if len(onServer) != len(creates) {
				t.Errorf("%d load records on the server, %d creates answered", len(onServer), len(creates))
			}
			if n := s.CallCount(relModel, "create"); n != len(creates) {
				t.Errorf("call log: %d creates applied, %d answered", n, len(creates))
			}

			// The limiter held: requests per second at the server within
			// 10% of the limit, measured while all the workers ran (from
			// the first request to the stop; the bucket of 1 adds no
			// burst). After the stop the workers finish the calls they had
			// queued at the limiter, still at the limit.
			rc.mu.Lock()
			times := rc.times
			rc.mu.Unlock()
			first, steady := times[0], 0
			for _, at := range times {
				if !at.After(stop) {
					steady++
				}
			}
			rate := float64(steady-1) / stop.Sub(first).Seconds()
			all := float64(len(times)-1) / times[len(times)-1].Sub(first).Seconds()
			t.Logf("%s: %d requests in %.2fs = %.1f req/s while running, %d in %.2fs = %.1f req/s with the drain (limit %.0f); %d creates, %d reads, %d workers",
				p, steady, stop.Sub(first).Seconds(), rate, len(times), times[len(times)-1].Sub(first).Seconds(), all, loadRate, len(creates), reads.Load(), loadWorkers)
			for _, r := range []float64{rate, all} {
				if math.Abs(r-loadRate)/loadRate > 0.10 {
					t.Errorf("%.1f requests/s, want %.0f ± 10%%", r, loadRate)
				}
			}
			if len(creates) == 0 || reads.Load() == 0 {
				t.Errorf("%d creates, %d reads: want both", len(creates), reads.Load())
			}
		}
	}
}
