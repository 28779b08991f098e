package ekiclik_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestSharedMeanings pins which shared meanings (package deskbridge) the
// errors of ekiclik match, on the same faults as odoo's and jutda's: an
// HTML 200 page answering a create is outcome unknown; a 429 is a
// *deskbridge.RateLimitError carrying Retry-After and, for a create, not
// applied; a missing record is deskbridge.ErrNotFound with its text said
// once.
func TestSharedMeanings(t *testing.T) {
	ctx := context.Background()
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := noRetryClient(t, srv)
	var err error
	customer := func() ekiclik.Customer { return ekiclik.Customer{Name: "Amina", Email: "amina@example.dz"} }

	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.HTML, Status: 200})
	_, err = c.CreateCustomer(ctx, customer())
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrNotApplied) {
		t.Errorf("create answered an HTML 200 page: err = %v; want deskbridge.ErrOutcomeUnknown only", err)
	}

	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.TooManyRequests, RetryAfter: "30"})
	_, err = c.CreateCustomer(ctx, customer())
	var rl *deskbridge.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second || !errors.Is(err, deskbridge.ErrRateLimited) ||
		!errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("create answered 429: err = %v; want a *deskbridge.RateLimitError (RetryAfter 30s) matching ErrRateLimited and ErrNotApplied", err)
	}

	_, err = c.Get(ctx, "res.partner", 99999, "", nil)
	var nf *deskbridge.NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, deskbridge.ErrNotFound) {
		t.Errorf("Get of a missing id: err = %v (%T); want a *deskbridge.NotFoundError", err, err)
	}
	if err != nil && strings.Count(err.Error(), "ekiclik:") != 1 {
		t.Errorf("Get of a missing id: %q says its prefix more than once", err)
	}
}

// TestNotImplementedIsNotApplied: a 501 answering a create refused it, as
// in odoo and jutda (the rule of deskbridge.ErrOutcomeUnknown).
func TestNotImplementedIsNotApplied(t *testing.T) {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := noRetryClient(t, srv)
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.Status, Status: 501})
	_, err := c.CreateCustomer(context.Background(), ekiclik.Customer{Name: "Amina", Email: "amina@example.dz"})
	if !errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("create answered 501: err = %v; want deskbridge.ErrNotApplied only", err)
	}
}

// noRetryClient is an ekiclik client on srv whose odoo.Client retries
// nothing, so each fault answers the call it is injected for.
func noRetryClient(t *testing.T, srv *ekiclitest.Server) *ekiclik.Client {
	t.Helper()
	oc, err := odoo.New(srv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword), odoo.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ekiclik.New(oc)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
