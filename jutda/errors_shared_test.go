package jutda_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// TestSharedMeanings pins which shared meanings (package deskbridge) the
// errors of jutda match: a state-changing call's error matches exactly one
// of ErrOutcomeUnknown and ErrNotApplied, by the rule in
// deskbridge.ErrOutcomeUnknown's doc; a 429 is a *deskbridge.RateLimitError
// carrying Retry-After, as odoo's; reads carry no outcome.
func TestSharedMeanings(t *testing.T) {
	ctx := context.Background()
	srv := jutdatest.NewServer()
	defer srv.Close()
	c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword), jutda.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	outcome := func(what string, err error, wantUnknown bool) {
		t.Helper()
		unknown, notApplied := errors.Is(err, deskbridge.ErrOutcomeUnknown), errors.Is(err, deskbridge.ErrNotApplied)
		if err == nil || unknown != wantUnknown || notApplied == wantUnknown {
			t.Errorf("%s: err = %v: outcome unknown %v, not applied %v; want outcome unknown %v and the other not",
				what, err, unknown, notApplied, wantUnknown)
		}
	}
	// An HTML 200 page answering a create is not the protocol's answer.
	srv.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.HTML, Status: 200})
	_, err = c.CreateTicket(ctx, newTicket)
	outcome("create answered an HTML 200 page", err, true)
	// A 400 form error refused it.
	_, err = c.CreateTicket(ctx, jutda.TicketCreate{Queue: 999, Title: "x", Body: "y"})
	outcome("create refused with 400", err, false)
	// A 429 with Retry-After: one shape, RetryAfter carried, not applied.
	srv.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.TooManyRequests, RetryAfter: "30"})
	_, err = c.CreateTicket(ctx, newTicket)
	var rl *deskbridge.RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != 30*time.Second || rl.System != "jutda" || !errors.Is(err, deskbridge.ErrRateLimited) {
		t.Errorf("create answered 429: err = %v (%T); want a *deskbridge.RateLimitError with RetryAfter 30s", err, err)
	}
	var je *jutda.Error
	if !errors.As(err, &je) || je.StatusCode != 429 {
		t.Errorf("create answered 429: err = %v does not unwrap to the *jutda.Error", err)
	}
	outcome("create answered 429", err, false)
	// A read answered 429: rate limited, no outcome.
	srv.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.TooManyRequests, RetryAfter: "30"})
	_, err = c.ListQueues(ctx)
	if !errors.As(err, &rl) || errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("read answered 429: err = %v; want a *deskbridge.RateLimitError with no outcome", err)
	}
	// A create that never left (nothing listens).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dead, err := jutda.New("http://"+addr, jutda.WithPassword("api", "pw"), jutda.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = dead.CreateTicket(ctx, newTicket)
	outcome("create to a refused port", err, false)
}
