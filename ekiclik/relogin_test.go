package ekiclik

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestReloginHonoursDeadline: while one call holds a slow login (10 s), a
// call with a deadline of its own returns at its deadline, before the
// login ends. ekiclik used to wait on a plain mutex: 1.8 s
// and a nil error for a 100 ms deadline (issue 18).
func TestReloginHonoursDeadline(t *testing.T) {
	srv := newFake(t)
	entered := make(chan struct{}, 1)
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == "/web/session/authenticate" {
			select {
			case entered <- struct{}{}:
			default:
			}
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newClient(t, srv, odoo.WithHTTPClient(hc))
	srv.InjectFault(ekiclitest.Fault{Method: "authenticate", Kind: fault.Delay, Delay: 10 * time.Second})
	holder, release := context.WithCancel(context.Background())
	defer release()
	done := make(chan error, 1)
	go func() {
		_, err := c.List(holder, ModelPartner, domain.Domain{}, &ListOptions{Query: "{id}"})
		done <- err
	}()
	<-entered // the first call is in its login
	const deadline = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx, ModelPartner, domain.Domain{}, &ListOptions{Query: "{id}"})
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	select {
	case <-done:
		t.Error("the second call returned only after the held login ended")
	default: // the login is still held: the call did not wait for it
	}
	// The bound: within 1.2x the caller's deadline (measured alone:
	// 1.00x-1.01x). A deadline of a second leaves the scheduler 200 ms.
	if limit := deadline * 12 / 10; elapsed > limit {
		t.Errorf("returned after %v for a %v deadline (%.2fx), want within 1.2x", elapsed, deadline, float64(elapsed)/float64(deadline))
	}
	t.Logf("returned after %v for a %v deadline (%.2fx)", elapsed, deadline, float64(elapsed)/float64(deadline))
	release()
	<-done
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
