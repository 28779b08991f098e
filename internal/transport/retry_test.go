package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{" 120 ", 120 * time.Second, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{"99999999999999999", time.Duration(int64(1<<63-1) / int64(time.Second) * int64(time.Second)), true},
		{"Tue, 24 Nov 2026 18:00:30 GMT", 30 * time.Second, true}, // IMF-fixdate
		{"Tuesday, 24-Nov-26 18:01:00 GMT", time.Minute, true},    // RFC 850
		{"Tue Nov 24 18:00:05 2026", 5 * time.Second, true},       // asctime
		{"Tue, 24 Nov 2026 17:00:00 GMT", 0, true},                // past
		{"Tue, 24 Nov 2026 18:00:30 +0000", 0, false},             // not an HTTP date
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	c := New(Config{})
	c.now = func() time.Time { return now }
	const lo, hi = 10 * time.Millisecond, 2 * time.Second
	resp := func(code int, ra string) *http.Response {
		h := http.Header{}
		if ra != "" {
			h.Set("Retry-After", ra)
		}
		return &http.Response{StatusCode: code, Header: h}
	}
	tests := []struct {
		name    string
		attempt int
		resp    *http.Response
		min     time.Duration
		max     time.Duration
	}{
		{"429 seconds", 0, resp(429, "1"), time.Second, time.Second},
		{"503 seconds capped", 0, resp(503, "3600"), hi, hi},
		{"503 date", 0, resp(503, "Tue, 24 Nov 2026 18:00:01 GMT"), time.Second, time.Second},
		{"429 date capped", 0, resp(429, "Wed, 25 Nov 2026 18:00:00 GMT"), hi, hi},
		{"429 zero floors at min", 0, resp(429, "0"), lo, lo},
		{"500 ignores Retry-After", 0, resp(500, "1"), lo, lo},
		{"429 garbage falls back", 1, resp(429, "later"), lo, 2 * lo},
		{"error attempt 0", 0, nil, lo, lo},
		{"error attempt 3", 3, nil, 4 * lo, 8 * lo},
		{"error attempt 40 capped", 40, nil, hi / 2, hi},
		{"error attempt 200 capped", 200, nil, hi / 2, hi},
	}
	for _, tt := range tests {
		for range 20 { // jitter
			got := c.backoff(lo, hi, tt.attempt, tt.resp)
			if got < tt.min || got > tt.max {
				t.Fatalf("%s: backoff = %v, want in [%v, %v]", tt.name, got, tt.min, tt.max)
			}
		}
	}
}

// retryAfterServer answers 429 or 503 with the given Retry-After once, then
// 200, recording when each request arrived.
func retryAfterServer(t *testing.T, code int, retryAfter func() string) (*httptest.Server, func() []time.Time) {
	t.Helper()
	var mu sync.Mutex
	var seen []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, time.Now())
		first := len(seen) == 1
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", retryAfter())
			w.WriteHeader(code)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []time.Time {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Time(nil), seen...)
	}
}

// A Retry-After longer than WaitMax, or than the context has left, is not
// cut short and retried early (the server would refuse again): the 429 or
// 503 comes back at once, after one attempt, with its Retry-After for the
// caller. One within both is waited for and retried.
func TestRetryAfterBeyondBudgetReturnsAtOnce(t *testing.T) {
	const waitMax = 60 * time.Millisecond
	tests := []struct {
		name     string
		code     int
		ra       func() string
		attempts int
	}{
		{"429 seconds over WaitMax", 429, func() string { return "1" }, 1},
		{"503 seconds over WaitMax", 503, func() string { return "2" }, 1},
		{"503 HTTP date over WaitMax", 503, func() string { return time.Now().Add(time.Hour).UTC().Format(http.TimeFormat) }, 1},
		{"429 zero seconds", 429, func() string { return "0" }, 2},
		{"429 date in the past", 429, func() string { return time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat) }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, seen := retryAfterServer(t, tt.code, tt.ra)
			c := New(Config{Retry: Retry{Max: 2, WaitMin: time.Millisecond, WaitMax: waitMax}})
			resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != tt.attempts || len(seen()) != tt.attempts {
				t.Fatalf("status %d attempts %d calls %d, want %d", resp.StatusCode, resp.Attempts, len(seen()), tt.attempts)
			}
			if tt.attempts == 1 {
				if resp.StatusCode != tt.code {
					t.Fatalf("status %d, want the %d itself", resp.StatusCode, tt.code)
				}
				if d, ok := c.RetryAfter(resp.StatusCode, resp.Header); !ok || d <= waitMax {
					t.Errorf("RetryAfter = %v, %v", d, ok)
				}
			} else if resp.StatusCode != 200 {
				t.Fatalf("status %d after a retry", resp.StatusCode)
			}
		})
	}
	// The context's deadline: a wait within WaitMax but past the deadline
	// is not slept into.
	srv, seen := retryAfterServer(t, 429, func() string { return "30" })
	c := New(Config{Retry: Retry{Max: 2, WaitMin: time.Millisecond, WaitMax: time.Minute}})
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	resp, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL})
	if err != nil || resp.StatusCode != 429 || len(seen()) != 1 {
		t.Fatalf("Retry-After 30s, deadline 5s, WaitMax 1m: %v %v, %d calls; want the 429 at once", resp, err, len(seen()))
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	var n atomic.Int32
	answered := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		defer func() {
			select {
			case answered <- struct{}{}:
			default:
			}
		}()
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(503)
	}))
	defer srv.Close()
	c := New(Config{Retry: Retry{Max: 5, WaitMin: time.Millisecond, WaitMax: time.Hour}})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-answered
		cancel()
	}()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Do took %v after cancel", d)
	}
	var te *Error
	if !errors.As(err, &te) || te.Attempts != 1 || !te.MaybeSent {
		t.Fatalf("want *Error{Attempts: 1, MaybeSent: true}, got %#v", te)
	}
	if n.Load() != 1 {
		t.Fatalf("server saw %d requests", n.Load())
	}
}

func TestDeadlineDuringAttemptNotRetried(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := New(Config{Retry: fastRetry})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL, Policy: Idempotent})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	var te *Error
	if !errors.As(err, &te) || te.Attempts != 1 || !te.MaybeSent {
		t.Fatalf("want *Error{Attempts: 1, MaybeSent: true}, got %#v", te)
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "120", "-1", "Tue, 24 Nov 2026 18:00:30 GMT", "Tuesday, 24-Nov-26 18:01:00 GMT", "Tue Nov 24 18:00:05 2026", "", " 5 ", "1e3", "99999999999999999999"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := parseRetryAfter(v, now)
		if d < 0 {
			t.Fatalf("parseRetryAfter(%q) = %v < 0", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("parseRetryAfter(%q) = %v, false", v, d)
		}
		c := New(Config{})
		c.now = func() time.Time { return now }
		h := http.Header{"Retry-After": {v}}
		w := c.backoff(time.Millisecond, time.Second, 0, &http.Response{StatusCode: 429, Header: h})
		if w < time.Millisecond || w > time.Second {
			t.Fatalf("backoff with Retry-After %q = %v, outside [1ms, 1s]", v, w)
		}
	})
}
