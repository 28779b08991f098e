package odoo_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/transport"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// attempts counts the requests the server saw for model.method, faults
// included.
func attempts(s *odootest.Server, model, method string) int {
	n := 0
	for _, r := range s.Calls() {
		if r.Model == model && r.Method == method {
			n++
		}
	}
	return n
}

// TestRetryOnlyWhereSafe: reads are retried on 5xx, 429 and lost replies;
// writes and unknown methods are not, once the request was sent.
func TestRetryOnlyWhereSafe(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		fault      odootest.Fault
		call       func(c *odoo.Client) error
		method     string
		wantErr    bool
		wantTries  int
		wantEffect int // applied calls
	}{
		{"read retried on 503", odootest.Fault{Method: "search_read", Kind: fault.Status, Status: 503, Times: 2},
			func(c *odoo.Client) error {
				_, err := c.SearchRead(ctx, "x_test.task", domain.Domain{}, &odoo.SearchOptions{Fields: []string{"name"}})
				return err
			}, "search_read", false, 3, 1},
		{"read retried on 429", odootest.Fault{Method: "search_count", Kind: fault.TooManyRequests, RetryAfter: "0"},
			func(c *odoo.Client) error {
				_, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil)
				return err
			},
			"search_count", false, 2, 1},
		{"read retried after lost reply", odootest.Fault{Method: "read", Kind: fault.DropAfter},
			func(c *odoo.Client) error { _, err := c.Read(ctx, "x_test.task", []int64{1}, nil); return err },
			"read", false, 2, 2},
		{"create not retried on 503", odootest.Fault{Method: "create", Kind: fault.Status, Status: 503},
			func(c *odoo.Client) error {
				_, err := c.Create(ctx, "x_test.task", odoo.Values{"name": "x"}, nil)
				return err
			}, "create", true, 1, 0},
		{"create not retried after lost reply", odootest.Fault{Method: "create", Kind: fault.DropAfter},
			func(c *odoo.Client) error {
				_, err := c.Create(ctx, "x_test.task", odoo.Values{"name": "x"}, nil)
				return err
			}, "create", true, 1, 1},
		{"unknown method not retried", odootest.Fault{Method: "message_post", Kind: fault.Status, Status: 502},
			func(c *odoo.Client) error {
				_, err := c.CallMethod(ctx, "x_test.task", "message_post", []any{[]int64{1}}, map[string]any{"body": "x"})
				return err
			}, "message_post", true, 1, 0},
		{"declared read-only method retried", odootest.Fault{Method: "message_post", Kind: fault.Status, Status: 502},
			func(c *odoo.Client) error {
				_, err := c.CallMethod(ctx, "x_test.task", "message_post", []any{[]int64{1}}, map[string]any{"body": "x"})
				return err
			}, "message_post", false, 2, 1},
	}
	for _, p := range protocols {
		for _, tc := range tests {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				s := newServer(t)
				opts := []odoo.Option{odoo.WithRetry(3, time.Millisecond, 5*time.Millisecond)}
				if strings.HasPrefix(tc.name, "declared") {
					opts = append(opts, odoo.WithReadOnlyMethods("message_post"))
				}
				c := newClient(t, s, p, opts...)
				if err := c.Authenticate(ctx); err != nil {
					t.Fatal(err)
				}
				tc.fault.Model = "x_test.task"
				s.InjectFault(tc.fault)
				err := tc.call(c)
				if (err != nil) != tc.wantErr {
					t.Fatalf("err = %v, want error %v", err, tc.wantErr)
				}
				if got := attempts(s, "x_test.task", tc.method); got != tc.wantTries {
					t.Errorf("%d attempts, want %d", got, tc.wantTries)
				}
				if got := s.CallCount("x_test.task", tc.method); got != tc.wantEffect {
					t.Errorf("applied %d times, want %d", got, tc.wantEffect)
				}
				if tc.wantErr && tc.fault.Kind == fault.DropAfter {
					var te *transport.Error
					if !errors.As(err, &te) || !te.MaybeSent {
						t.Errorf("lost reply error = %T %v, want *transport.Error with MaybeSent", err, err)
					}
				}
			})
		}
	}
}

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name string
		url  string
		opts []odoo.Option
	}{
		{"bad url", "ftp://x", nil},
		{"no host", "http://", nil},
		{"userinfo", "http://u:p@host", nil},
		{"password without db", "http://h", []odoo.Option{odoo.WithPassword("a", "b")}},
		{"api key without db", "http://h", []odoo.Option{odoo.WithAPIKey("a", "k")}},
		{"web with api key", "http://h", []odoo.Option{odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase("d"), odoo.WithAPIKey("a", "k")}},
		{"json2 with password", "http://h", []odoo.Option{odoo.WithProtocol(odoo.JSON2), odoo.WithPassword("a", "b")}},
		{"rest without client", "http://h", []odoo.Option{odoo.WithProtocol(odoo.RESTv2), odoo.WithPassword("a", "b")}},
		{"unknown protocol", "http://h", []odoo.Option{odoo.WithProtocol(odoo.Protocol(7))}},
	}
	for _, tc := range tests {
		if _, err := odoo.New(tc.url, tc.opts...); err == nil {
			t.Errorf("%s: New accepted", tc.name)
		} else if strings.Contains(err.Error(), "u:p") {
			t.Errorf("%s: error shows credentials: %v", tc.name, err)
		}
	}
	// Protocol inference.
	infer := []struct {
		opts []odoo.Option
		want odoo.Protocol
	}{
		{[]odoo.Option{odoo.WithDatabase("d"), odoo.WithPassword("a", "b")}, odoo.WebSession},
		{[]odoo.Option{odoo.WithDatabase("d"), odoo.WithAPIKey("a", "k")}, odoo.JSONRPC}, // until the version is read
		{[]odoo.Option{odoo.WithAPIKey("", "k")}, odoo.JSON2},
		{[]odoo.Option{odoo.WithPassword("a", "b"), odoo.WithOAuth2Client("i", "s")}, odoo.RESTv2},
	}
	for _, tc := range infer {
		c, err := odoo.New("https://odoo.example.com/", tc.opts...)
		if err != nil || c.Protocol() != tc.want || c.URL() != "https://odoo.example.com" {
			t.Errorf("New = %v, %v; want %v", c, err, tc.want)
		}
	}
	// No credentials: version works, calls say so.
	s := newServer(t)
	c, err := odoo.New(s.URL, odoo.WithDatabase(s.Database()))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := c.Version(context.Background()); err != nil || v.Major != 19 {
		t.Errorf("Version = %+v, %v", v, err)
	}
	if _, err := c.SearchCount(context.Background(), "x_test.task", domain.Domain{}, nil); !errors.Is(err, odoo.ErrNoCredentials) {
		t.Errorf("call without credentials: %v", err)
	}
}

func TestModelAllUntyped(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s, odoo.JSONRPC)
	m := odoo.NewModel[map[string]any](c, "x_test.task").WithPageSize(10)
	n := 0
	for r, err := range m.All(context.Background(), domain.Domain{}, &odoo.SearchOptions{Fields: []string{"name"}}) {
		if err != nil {
			t.Fatal(err)
		}
		if r["name"] == "" {
			t.Fatal("no name")
		}
		n++
	}
	if n != taskCount {
		t.Errorf("%d records", n)
	}
}

func TestContextMerge(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	id, err := s.Create("res.partner", map[string]any{"name": "Archived Partner", "active": false})
	if err != nil {
		t.Fatal(err)
	}
	d := domain.Eq("id", id)
	for _, p := range protocols {
		// The client's context shows archived records; a call's own
		// context overrides it.
		c := newClient(t, s, p, odoo.WithContext(map[string]any{"active_test": false, "lang": "en_US"}))
		n, err := c.SearchCount(ctx, "res.partner", d, nil)
		if err != nil || n != 1 {
			t.Errorf("%s: client context: count = %d, %v; want 1", p, n, err)
		}
		n, err = c.SearchCount(ctx, "res.partner", d, &odoo.CallOptions{Context: map[string]any{"active_test": true}})
		if err != nil || n != 0 {
			t.Errorf("%s: call context: count = %d, %v; want 0", p, n, err)
		}
		recs, err := c.SearchRead(ctx, "res.partner", d, &odoo.SearchOptions{Fields: []string{"name"}, Context: map[string]any{"active_test": true}})
		if err != nil || len(recs) != 0 {
			t.Errorf("%s: search_read with call context = %v, %v", p, recs, err)
		}
		var out []map[string]any
		if err := c.CallMethodInto(ctx, "res.partner", "search_read", []any{d}, map[string]any{"fields": []string{"name"}, "context": map[string]any{"active_test": true}}, &out); err != nil || len(out) != 0 {
			t.Errorf("%s: Call with kwargs context = %v, %v", p, out, err)
		}
	}
}

func TestCallContextForms(t *testing.T) {
	s := newServer(t)
	ctx := context.Background()
	id, err := s.Create("res.partner", map[string]any{"name": "Archived Partner", "active": false})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range protocols {
		c := newClient(t, s, p, odoo.WithContext(map[string]any{"lang": "en_US"}))
		for _, cx := range []any{map[string]any{"active_test": false}, odoo.Values{"active_test": false}, map[string]bool{"active_test": false}} {
			var n int64
			err := c.CallMethodInto(ctx, "res.partner", "search_count", []any{domain.Eq("id", id)}, map[string]any{"context": cx}, &n)
			if err != nil || n != 1 {
				t.Errorf("%s: context %T: count = %d, %v", p, cx, n, err)
			}
		}
	}
}

func TestMaxBodySize(t *testing.T) {
	s := newServer(t)
	for _, p := range protocols {
		c := newClient(t, s, p, odoo.WithMaxBodySize(600))
		_, err := c.SearchRead(context.Background(), "x_test.task", domain.Domain{}, nil)
		if !errors.Is(err, deskbridge.ErrBodyTooLarge) {
			t.Errorf("%s: err = %v, want ErrBodyTooLarge", p, err)
		}
	}
}

func TestRateLimit(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s, odoo.JSON2, odoo.WithRateLimit(50, 1))
	start := time.Now()
	for range 6 {
		if _, err := c.SearchCount(context.Background(), "x_test.task", domain.Domain{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// 6 requests at 50/s with a burst of 1 take at least 5 intervals.
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("6 calls took %v, want >= 100ms at 50/s", d)
	}
}

func TestLogsHoldNoSecrets(t *testing.T) {
	const pw, key, secret = "pw-Log9-secret", "key-Log9-secret", "client-Log9-secret"
	s := newServer(t, odootest.WithUser("bot", pw), odootest.WithAPIKey("bot", key), odootest.WithOAuth2Client("cid", secret))
	var buf strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx := context.Background()
	for _, p := range protocols {
		opts := []odoo.Option{odoo.WithProtocol(p), odoo.WithDatabase(s.Database()), odoo.WithLogger(logger), odoo.WithRetry(-1, 0, 0)}
		switch p {
		case odoo.JSON2:
			opts = append(opts, odoo.WithAPIKey("", key))
		case odoo.RESTv2:
			opts = append(opts, odoo.WithPassword("bot", pw), odoo.WithOAuth2Client("cid", secret))
		case odoo.JSONRPC:
			opts = append(opts, odoo.WithAPIKey("bot", key))
		default:
			opts = append(opts, odoo.WithPassword("bot", pw))
		}
		c, err := odoo.New(s.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err != nil {
			t.Fatal(err)
		}
		logger.Info("client", "client", c)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	if strings.Count(out, "\n") < 8 {
		t.Fatalf("too few log lines:\n%s", out)
	}
	for _, sec := range []string{pw, key, secret} {
		if strings.Contains(out, sec) {
			t.Errorf("logs show %q:\n%s", sec, out)
		}
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestContextCancellation(t *testing.T) {
	s := newServer(t)
	for _, p := range protocols {
		c := newClient(t, s, p, odoo.WithRetry(3, time.Millisecond, 5*time.Millisecond))
		if err := c.Authenticate(context.Background()); err != nil {
			t.Fatal(err)
		}
		s.InjectFault(odootest.Fault{Model: "x_test.task", Kind: fault.Delay, Delay: 5 * time.Second})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		start := time.Now()
		_, err := c.SearchRead(ctx, "x_test.task", domain.Domain{}, nil)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want DeadlineExceeded", p, err)
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("%s: the call outlived its context", p)
		}
		s.ClearFaults()
	}
}

// TestRetryZero: WithRetry(0, ...) sends each call once (no retries), as
// its doc says, on every protocol. Before the fix a max of 0 silently
// meant the default 4 retries (5 attempts).
func TestRetryZero(t *testing.T) {
	ctx := context.Background()
	for _, p := range protocols {
		for _, tc := range []struct {
			max, want int
		}{{0, 1}, {-1, 1}, {2, 3}} {
			s := newServer(t)
			c := newClient(t, s, p, odoo.WithRetry(tc.max, time.Millisecond, time.Millisecond))
			s.InjectFault(odootest.Fault{Model: "x_test.task", Method: "search_count", Kind: fault.Status, Status: 503, Times: 9})
			if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err == nil {
				t.Errorf("%s: WithRetry(%d): no error from a 503", p, tc.max)
			}
			if got := attempts(s, "x_test.task", "search_count"); got != tc.want {
				t.Errorf("%s: WithRetry(%d): %d attempts, want %d", p, tc.max, got, tc.want)
			}
		}
	}
}
