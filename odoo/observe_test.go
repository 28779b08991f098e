package odoo_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// events collects what an Observer is told.
type events struct {
	mu  sync.Mutex
	evs []deskbridge.CallEvent
}

func (e *events) observe(_ context.Context, ev deskbridge.CallEvent) {
	e.mu.Lock()
	e.evs = append(e.evs, ev)
	e.mu.Unlock()
}

func (e *events) of(method string) []deskbridge.CallEvent {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []deskbridge.CallEvent
	for _, ev := range e.evs {
		if ev.Method == method {
			out = append(out, ev)
		}
	}
	return out
}

func TestObserver(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			var got events
			c, err := srv.NewClient(p, odoo.WithObserver(got.observe), odoo.WithRetry(2, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "search_read", Kind: fault.Status, Status: 503})
			rows, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, &odoo.SearchOptions{Fields: []string{"name"}, Limit: 3})
			if err != nil || len(rows) != 3 {
				t.Fatalf("SearchRead: %d, %v", len(rows), err)
			}
			evs := got.of("search_read")
			if len(evs) != 2 {
				t.Fatalf("search_read events: %+v", evs)
			}
			for i, ev := range evs {
				wantStatus := 200
				if i == 0 {
					wantStatus = 503
				}
				if ev.System != "odoo" || ev.Protocol != p.String() || ev.Model != "helpdesk.ticket" || ev.Attempt != i+1 ||
					ev.Status != wantStatus || ev.ReplyBytes == 0 || ev.Duration <= 0 || ev.Err != nil || ev.HTTPMethod == "" || ev.Path == "" {
					t.Errorf("event %d: %+v", i, ev)
				}
				if p != odoo.RESTv2 && ev.RequestBytes == 0 {
					t.Errorf("event %d: no request bytes: %+v", i, ev)
				}
			}
			if p != odoo.JSON2 && len(got.of("authenticate")) == 0 {
				t.Errorf("no authenticate event: %+v", got.evs)
			}
			for _, ev := range got.evs {
				if s := fmt.Sprintf("%+v", ev); strings.Contains(s, odootest.DefaultPassword+"\"") || strings.Contains(s, odootest.DefaultAPIKey) {
					t.Errorf("secret in event: %s", s)
				}
			}
		})
	}
}

// TestObserverTransportError checks that a failed attempt is reported
// with its (redacted) error and no status.
func TestObserverTransportError(t *testing.T) {
	var got events
	const secret = "Sup3r-Secret-Pa55"
	c, err := odoo.New("http://127.0.0.1:1", odoo.WithDatabase("db"), odoo.WithPassword("me", secret),
		odoo.WithObserver(got.observe), odoo.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchCount(context.Background(), "res.partner", domain.Domain{}, nil); err == nil {
		t.Fatal("no error from a closed port")
	}
	evs := got.of("authenticate")
	if len(evs) != 1 || evs[0].Err == nil || evs[0].Status != 0 || strings.Contains(evs[0].Err.Error(), secret) {
		t.Fatalf("events %+v", got.evs)
	}
}

// Metrics from the observer, logged with log/slog: calls and bytes per
// model and method. A real program would feed Prometheus or OpenTelemetry
// the same way, without the SDK depending on them.
func ExampleWithObserver() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()

	type key struct{ model, method string }
	type stat struct{ calls, replyBytes int }
	var mu sync.Mutex
	stats := map[key]*stat{}
	observe := func(ctx context.Context, e deskbridge.CallEvent) {
		mu.Lock()
		defer mu.Unlock()
		k := key{e.Model, e.Method}
		if stats[k] == nil {
			stats[k] = &stat{}
		}
		stats[k].calls++
		stats[k].replyBytes += e.ReplyBytes
	}
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"), odoo.WithObserver(observe))
	ctx := context.Background()
	for range 3 {
		if _, err := c.SearchCount(ctx, "helpdesk.ticket", domain.Domain{}, nil); err != nil {
			fmt.Println(err)
			return
		}
	}

	// A text handler without the time, so the output is stable.
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))
	mu.Lock()
	defer mu.Unlock()
	for _, k := range []key{{"", "authenticate"}, {"helpdesk.ticket", "search_count"}} {
		log.Info("odoo calls", "model", k.model, "method", k.method, "calls", stats[k].calls, "reply_bytes>0", stats[k].replyBytes > 0)
	}
	// Output:
	// level=INFO msg="odoo calls" model="" method=authenticate calls=1 reply_bytes>0=true
	// level=INFO msg="odoo calls" model=helpdesk.ticket method=search_count calls=3 reply_bytes>0=true
}
