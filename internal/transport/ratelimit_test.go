package transport

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.Add(1) }))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRateLimitSpacing(t *testing.T) {
	// Burst 1 at 50/s: the first request is free, each next one waits
	// 20ms, so 6 requests need at least 100ms however they are issued.
	tests := []struct {
		name       string
		concurrent bool
	}{
		{"sequential", false},
		{"concurrent", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := countingServer(t)
			c := New(Config{RateLimit: 50, Burst: 1})
			start := time.Now()
			var wg sync.WaitGroup
			for range 6 {
				do := func() {
					if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL}); err != nil {
						t.Error(err)
					}
				}
				if tt.concurrent {
					wg.Go(do)
				} else {
					do()
				}
			}
			wg.Wait()
			if d := time.Since(start); d < 100*time.Millisecond {
				t.Fatalf("6 requests at 50/s burst 1 took %v, want ≥ 100ms", d)
			}
			if n.Load() != 6 {
				t.Fatalf("server saw %d requests", n.Load())
			}
		})
	}
}

func TestRateLimitCountsRetries(t *testing.T) {
	srv, n := statusSequence(t, 500, 500)
	c := New(Config{RateLimit: 50, Burst: 1, Retry: Retry{Max: 3, WaitMin: time.Microsecond, WaitMax: time.Microsecond}})
	start := time.Now()
	resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 3 || n.Load() != 3 {
		t.Fatalf("attempts %d calls %d", resp.Attempts, n.Load())
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Fatalf("3 attempts at 50/s took %v, want ≥ 40ms", d)
	}
}

func TestRateLimitWaitCancelled(t *testing.T) {
	srv, n := countingServer(t)
	c := New(Config{RateLimit: rate.Every(time.Hour), Burst: 1})
	if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL}); err != nil {
		t.Fatal(err) // uses the only token
	}

	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(10*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.Do(ctx, &Request{Method: "POST", URL: srv.URL, Policy: NotIdempotent})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("returned after %v", d)
		}
		var te *Error
		if !errors.As(err, &te) || te.MaybeSent || te.Attempts != 1 {
			t.Fatalf("want *Error{MaybeSent: false, Attempts: 1}, got %#v", te)
		}
	})
	t.Run("deadline shorter than the wait", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		start := time.Now()
		_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("returned after %v, want at once", d)
		}
	})
	if n.Load() != 1 {
		t.Fatalf("server saw %d requests, want 1", n.Load())
	}
}
