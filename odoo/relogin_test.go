package odoo_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestReloginHonoursDeadline: while one call holds a slow login (10 s), a
// call with a deadline of its own returns at its deadline, before the
// login ends and within 1.2x of that deadline, for each protocol that logs in (issue 18).
func TestReloginHonoursDeadline(t *testing.T) {
	for _, tc := range []struct {
		p            odoo.Protocol
		path, method string
	}{
		{odoo.WebSession, "/web/session/authenticate", "authenticate"},
		{odoo.JSONRPC, "/jsonrpc", "authenticate"},
		{odoo.RESTv2, "/api/v2/authentication/oauth2/token", "token"},
	} {
		t.Run(tc.p.String(), func(t *testing.T) {
			s := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
			defer s.Close()
			entered := make(chan struct{}, 1)
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if r.URL.Path == tc.path {
					select {
					case entered <- struct{}{}:
					default:
					}
				}
				return http.DefaultTransport.RoundTrip(r)
			})}
			c := newClient(t, s, tc.p, odoo.WithHTTPClient(hc))
			defer c.Close()
			s.InjectFault(odootest.Fault{Method: tc.method, Kind: fault.Delay, Delay: 10 * time.Second})
			holder, release := context.WithCancel(context.Background())
			defer release()
			done := make(chan error, 1)
			go func() { done <- c.Authenticate(holder) }()
			<-entered
			const deadline = time.Second
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			start := time.Now()
			_, err := c.SearchCount(ctx, "res.partner", domain.Domain{}, nil)
			elapsed := time.Since(start)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v, want the deadline", err)
			}
			select {
			case <-done:
				t.Error("the second call returned only after the held login ended")
			default:
			}
			// The bound: within 1.2x the caller's deadline (measured alone:
			// 1.00x-1.01x). A deadline of a second leaves the scheduler 200 ms.
			if limit := deadline * 12 / 10; elapsed > limit {
				t.Errorf("returned after %v for a %v deadline (%.2fx), want within 1.2x", elapsed, deadline, float64(elapsed)/float64(deadline))
			}
			t.Logf("returned after %v for a %v deadline (%.2fx)", elapsed, deadline, float64(elapsed)/float64(deadline))
			release()
			<-done
		})
	}
}
