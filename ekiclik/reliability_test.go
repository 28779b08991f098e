package ekiclik

// Reliability tests for issue 12: faults from ekiclitest's hooks, and for
// each the call's outcome and the server's call log (a create or update
// never runs twice; a read is retried or fails with a typed error).

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/transport"
	"github.com/deskbridge/deskbridge/odoo"
)

func newCustomer() Customer {
	return Customer{Name: "Amina", Email: "amina@example.dz", Phone: "0556000000"}
}

func loggedIn(t *testing.T, srv *ekiclitest.Server, opts ...odoo.Option) *Client {
	t.Helper()
	c := newClient(t, srv, opts...)
	if err := c.Authenticate(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReliabilityReplyLostAfterCreate(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.DropAfter})
	_, err := c.CreateCustomer(ctxT(t), newCustomer())
	var ue *outcomeUnknownError
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !errors.As(err, &ue) || ue.Op != "create" || ue.Model != ModelPartner {
		t.Fatalf("err = %v, want deskbridge.ErrOutcomeUnknown", err)
	}
	var te *transport.Error
	if !errors.As(err, &te) || !te.MaybeSent {
		t.Errorf("cause %v, want a transport error that may have been sent", err)
	}
	// The server ran it exactly once and the client did not send it again.
	if srv.Requests(ModelPartner, "create") != 1 || srv.CallCount(ModelPartner, "create") != 1 || srv.Count(ModelPartner, domain.Eq("email", "amina@example.dz")) != 1 {
		t.Errorf("sent %d, applied %d, records %d", srv.Requests(ModelPartner, "create"), srv.CallCount(ModelPartner, "create"), srv.Count(ModelPartner, domain.Eq("email", "amina@example.dz")))
	}
}

func TestReliabilityResetBeforeApplied(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	mustCreate(t, srv, ModelSaleOrder, map[string]any{"ek_order_id": "1416", "state": "draft"})
	srv.InjectFault(ekiclitest.Fault{Method: "write", Kind: fault.DropBefore})
	_, err := c.UpdateOrderStatus(ctxT(t), 1416, OrderStatusUpdate{State: OrderInPreparation})
	// The request was written, so the client cannot know the server did
	// not act: outcome unknown, never re-sent.
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	if srv.Requests(ModelSaleOrder, "write") != 1 || srv.CallCount(ModelSaleOrder, "write") != 0 {
		t.Errorf("sent %d, applied %d", srv.Requests(ModelSaleOrder, "write"), srv.CallCount(ModelSaleOrder, "write"))
	}
	// Reads are retried over the same fault.
	srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.DropBefore, Times: 2})
	if _, err := c.List(ctxT(t), ModelUser, domain.Domain{}, nil); err != nil {
		t.Errorf("read after 2 resets: %v", err)
	}
}

func TestReliabilityConnectionRefused(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv, odoo.WithRetry(1, time.Millisecond, 2*time.Millisecond))
	srv.Close()
	_, err := c.CreateCustomer(ctxT(t), newCustomer())
	var te *transport.Error
	if !errors.Is(err, deskbridge.ErrNotApplied) || !errors.As(err, &te) || te.MaybeSent {
		t.Errorf("err = %v, want not applied (never sent)", err)
	}
}

func TestReliabilityBurstsOnReads(t *testing.T) {
	for _, st := range []int{502, 503} {
		srv := newFake(t)
		c := loggedIn(t, srv)
		srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.Status, Status: st, Times: 3})
		recs, err := c.List(ctxT(t), ModelUser, domain.Domain{}, &ListOptions{Query: Select("login")})
		if err != nil || recs.Count != 1 {
			t.Fatalf("%d burst: %+v, %v", st, recs, err)
		}
		if srv.Requests(ModelUser, "read") != 4 || srv.CallCount(ModelUser, "read") != 1 {
			t.Errorf("%d burst: %d requests, %d served", st, srv.Requests(ModelUser, "read"), srv.CallCount(ModelUser, "read"))
		}
		// A burst longer than the retries: a typed error with the status.
		srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.Status, Status: st, Times: 10})
		_, err = c.List(ctxT(t), ModelUser, domain.Domain{}, nil)
		var re *odoo.ResponseError
		if !errors.As(err, &re) || re.StatusCode != st {
			t.Errorf("%d long burst: %v", st, err)
		}
	}
}

func TestReliabilityBurstOnCreateNotRetried(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.Status, Status: 502, Times: 3, Apply: true})
	_, err := c.CreateCustomer(ctxT(t), newCustomer())
	var re *odoo.ResponseError
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !errors.As(err, &re) || re.StatusCode != 502 {
		t.Fatalf("err = %v", err)
	}
	if srv.Requests(ModelPartner, "create") != 1 || srv.CallCount(ModelPartner, "create") != 1 {
		t.Errorf("sent %d, applied %d", srv.Requests(ModelPartner, "create"), srv.CallCount(ModelPartner, "create"))
	}
}

func TestReliability429RetryAfter(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.Status, Status: 429, Header: http.Header{"Retry-After": {"0"}}})
	if _, err := c.List(ctxT(t), ModelUser, domain.Domain{}, nil); err != nil {
		t.Fatal(err)
	}
	// On a write, 429 is a refusal: not applied, not re-sent.
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.Status, Status: 429, Header: http.Header{"Retry-After": {"1"}}})
	_, err := c.CreateCustomer(ctxT(t), newCustomer())
	if !errors.Is(err, deskbridge.ErrNotApplied) || srv.Requests(ModelPartner, "create") != 1 {
		t.Errorf("err = %v, sent %d", err, srv.Requests(ModelPartner, "create"))
	}
}

func TestReliabilityHTML(t *testing.T) {
	for _, st := range []int{200, 502} {
		srv := newFake(t)
		c := loggedIn(t, srv, odoo.WithRetry(1, time.Millisecond, 2*time.Millisecond))
		// Reads: a 200 page is not retried (nothing says a retry helps), a
		// 502 one is, until the retries are used up.
		srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.HTML, Status: st, Times: 2})
		_, err := c.List(ctxT(t), ModelUser, domain.Domain{}, nil)
		var re *odoo.ResponseError
		if !errors.As(err, &re) || re.StatusCode != st || !strings.Contains(re.Body, "<html>") {
			t.Fatalf("HTML %d read: %v", st, err)
		}
		wantReads := 1
		if st == 502 {
			wantReads = 2
		}
		if n := srv.Requests(ModelUser, "read"); n != wantReads {
			t.Errorf("HTML %d read sent %d times, want %d", st, n, wantReads)
		}
		// Writes: the page may hide an applied call.
		srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.HTML, Status: st, Apply: true})
		_, err = c.CreateCustomer(ctxT(t), newCustomer())
		if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !errors.As(err, &re) || re.StatusCode != st {
			t.Errorf("HTML %d create: %v", st, err)
		}
		if srv.Requests(ModelPartner, "create") != 1 || srv.CallCount(ModelPartner, "create") != 1 {
			t.Errorf("HTML %d create: sent %d, applied %d", st, srv.Requests(ModelPartner, "create"), srv.CallCount(ModelPartner, "create"))
		}
	}
}

func TestReliabilityTruncatedJSON(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	// A read cut mid-body is retried and succeeds.
	srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.Truncate})
	recs, err := c.List(ctxT(t), ModelUser, domain.Domain{}, nil)
	if err != nil || recs.Count != 1 {
		t.Fatalf("read after a cut body: %+v, %v", recs, err)
	}
	if srv.Requests(ModelUser, "read") != 2 {
		t.Errorf("%d reads, want 2", srv.Requests(ModelUser, "read"))
	}
	// A create cut mid-reply was applied once; the client says so.
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.Truncate})
	_, err = c.CreatePointOfSale(ctxT(t), PointOfSale{Name: "P", Email: "p@example.com", Code: "C"})
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Fatalf("err = %v", err)
	}
	if srv.Requests(ModelPartner, "create") != 1 || srv.CallCount(ModelPartner, "create") != 1 {
		t.Errorf("sent %d, applied %d", srv.Requests(ModelPartner, "create"), srv.CallCount(ModelPartner, "create"))
	}
	// Garbage with status 200 on a write: outcome unknown, snippet quoted.
	srv.InjectFault(ekiclitest.Fault{Method: "write", Kind: fault.Garbage, Apply: true})
	_, err = c.UpdatePartner(ctxT(t), "p@example.com", PartnerUpdate{Name: "Q"})
	var re *odoo.ResponseError
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !errors.As(err, &re) || !strings.Contains(re.Body, "garbage") {
		t.Errorf("garbage: %v", err)
	}
}

func TestReliabilityContextDeadline(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.Delay, Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.List(ctx, ModelUser, domain.Domain{}, nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
		t.Errorf("read: %v after %v", err, time.Since(start))
	}
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.Delay, Delay: 5 * time.Second})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	_, err = c.CreateCustomer(ctx2, newCustomer())
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("create: %v", err)
	}
	if srv.Requests(ModelPartner, "create") > 1 {
		t.Errorf("create sent %d times", srv.Requests(ModelPartner, "create"))
	}
}

func TestReliabilitySessionExpiryMidPaging(t *testing.T) {
	srv := newFake(t)
	for i := range 6 {
		mustCreate(t, srv, ModelPartner, map[string]any{"name": string(rune('A' + i))})
	}
	c := loggedIn(t, srv)
	seen := int64(0)
	for page := 1; page <= 3; page++ {
		if page == 2 {
			srv.ExpireSessions()
		}
		recs, err := c.List(ctxT(t), ModelPartner, domain.Domain{}, &ListOptions{Query: Select("name"), PageSize: 2, Page: page})
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		seen += recs.Count
	}
	if seen != 6 || srv.CallCount("", "authenticate") != 2 {
		t.Errorf("records %d, logins %d", seen, srv.CallCount("", "authenticate"))
	}
}

func TestReliabilityBodyCap(t *testing.T) {
	srv := newFake(t)
	for range 50 {
		mustCreate(t, srv, ModelPartner, map[string]any{"name": strings.Repeat("x", 100)})
	}
	c := loggedIn(t, srv, odoo.WithMaxBodySize(2048))
	_, err := c.List(ctxT(t), ModelPartner, domain.Domain{}, nil)
	if !errors.Is(err, deskbridge.ErrBodyTooLarge) {
		t.Errorf("err = %v, want deskbridge.ErrBodyTooLarge", err)
	}
}
