package helpdesk

import (
	"context"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Server errors reach the caller unchanged, matching the odoo sentinels.
func TestServerErrorsPropagate(t *testing.T) {
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			e := newEnv(t, odootest.OCA, p)
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "write", Kind: fault.OdooError,
				ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "You are not allowed to modify 'Helpdesk Ticket' records."})
			err := e.hd.Tickets.Assign(e.ctx, e.fx.tickets[0], e.fx.user)
			var oe *odoo.Error
			if !errors.Is(err, odoo.ErrAccess) || !errors.As(err, &oe) || oe.Model != "helpdesk.ticket" {
				t.Errorf("Assign = %v, want an *odoo.Error matching odoo.ErrAccess", err)
			}
			if u := m2oID(e, "helpdesk.ticket", e.fx.tickets[0], "user_id"); u != e.fx.user {
				// the fixture assigned tickets[0] to the user already; the refused write changed nothing
				t.Errorf("user_id %d", u)
			}
		})
	}
}

// An error on a later page is yielded once, after the tickets already
// read, and ends the iteration.
func TestTicketsAllErrorMidway(t *testing.T) {
	e := newEnv(t, odootest.Enterprise, odoo.JSONRPC)
	if _, err := e.hd.Flavor(e.ctx); err != nil {
		t.Fatal(err)
	}
	var got, errs int
	for _, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{PageSize: 2}) {
		if err != nil {
			errs++
			if !errors.Is(err, odoo.ErrUser) {
				t.Errorf("err = %v, want odoo.ErrUser", err)
			}
			continue
		}
		got++
		if got == 1 {
			// the first page is in hand: refuse the next request
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "search_read", Kind: fault.OdooError,
				ErrorName: "odoo.exceptions.UserError", ErrorMessage: "boom"})
		}
	}
	if got != 2 || errs != 1 {
		t.Errorf("%d tickets then %d errors, want 2 then 1", got, errs)
	}

	// Cancelling the context stops the iteration with ctx's error.
	ctx, cancel := context.WithCancel(e.ctx)
	n := 0
	var last error
	for _, err := range e.hd.Tickets.All(ctx, &TicketListOptions{PageSize: 2}) {
		if err != nil {
			last = err
			break
		}
		n++
		if n == 2 {
			cancel()
		}
	}
	cancel()
	if n != 2 || !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %d tickets, err %v; want 2 and context.Canceled", n, last)
	}
}

// A server without helpdesk answers deskbridge.ErrUnsupported on first use, and the
// failed detection is tried again on the next call.
func TestDetectionFailureNotKept(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
	defer srv.Close()
	hd, _ := New(newClient(t, srv, odoo.JSONRPC))
	for range 2 {
		if _, err := hd.Tickets.List(t.Context(), nil); !errors.Is(err, deskbridge.ErrUnsupported) {
			t.Fatalf("List = %v, want deskbridge.ErrUnsupported", err)
		}
	}
	if n := srv.CallCount("ir.model", "search_read"); n != 2 {
		t.Errorf("%d detections, want 2 (a failure is not kept)", n)
	}
}

// A ticket that does not exist gives an error matching
// deskbridge.ErrNotFound from every call that names one, reads and writes
// alike (the package doc says so); the writes also match
// deskbridge.ErrNotApplied.
func TestMissingTicketIsNotFound(t *testing.T) {
	for _, flavor := range []odootest.Flavor{odootest.Enterprise, odootest.OCA} {
		t.Run(string(flavor), func(t *testing.T) {
			e := newEnv(t, flavor, odoo.JSONRPC)
			const missing = 999999
			calls := []struct {
				name  string
				write bool
				call  func() error
			}{
				{"Get", false, func() error { _, err := e.hd.Tickets.Get(e.ctx, missing); return err }},
				{"Close", true, func() error { _, err := e.hd.Tickets.Close(e.ctx, missing); return err }},
				{"Update", true, func() error {
					return e.hd.Tickets.Update(e.ctx, missing, TicketUpdate{Name: deskbridge.Ptr("x")})
				}},
				{"Delete", true, func() error { return e.hd.Tickets.Delete(e.ctx, []int64{missing}) }},
				{"MoveToStage", true, func() error { return e.hd.Tickets.MoveToStage(e.ctx, missing, e.fx.stageWIP) }},
				{"Assign", true, func() error { return e.hd.Tickets.Assign(e.ctx, missing, e.fx.user) }},
				{"Messages.Post", true, func() error {
					_, err := e.hd.Messages.Post(e.ctx, missing, MessagePost{Body: "hello"})
					return err
				}},
				{"Followers.Add", true, func() error { return e.hd.Followers.Add(e.ctx, missing, []int64{e.fx.partner}) }},
			}
			// The chatter lists of a missing ticket are empty, as the
			// package doc says (Odoo searches by res_id).
			msgs, err1 := e.hd.Messages.List(e.ctx, missing)
			fols, err2 := e.hd.Followers.List(e.ctx, missing)
			atts, err3 := e.hd.Attachments.List(e.ctx, missing)
			if len(msgs)+len(fols)+len(atts) != 0 || err1 != nil || err2 != nil || err3 != nil {
				t.Errorf("lists of a missing ticket: %d messages (%v), %d followers (%v), %d attachments (%v); want empty, nil",
					len(msgs), err1, len(fols), err2, len(atts), err3)
			}
			for _, c := range calls {
				err := c.call()
				if !errors.Is(err, deskbridge.ErrNotFound) {
					t.Errorf("%s of a missing ticket: err = %v; want deskbridge.ErrNotFound", c.name, err)
				}
				if c.write && errors.Is(err, deskbridge.ErrOutcomeUnknown) {
					t.Errorf("%s of a missing ticket: err = %v matches deskbridge.ErrOutcomeUnknown", c.name, err)
				}
			}
		})
	}
}
