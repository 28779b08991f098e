package helpdesk

// Reliability of the helpdesk services over every protocol and flavor: a
// lost reply to a create, a message post or a follower change is reported
// as deskbridge.ErrOutcomeUnknown and never sent twice; reads survive 5xx bursts
// and session expiry in the middle of All; bad arguments to every public
// method are refused before any request. See RELIABILITY.md.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// relEnv is newEnv with quick retries, the flavor already detected and
// an empty call log.
func relEnv(t *testing.T, f odootest.Flavor, p odoo.Protocol) *env {
	t.Helper()
	e := newEnv(t, f, p)
	base := e.client
	opts := []odoo.Option{odoo.WithDatabase(e.srv.Database()), odoo.WithProtocol(p), odoo.WithHTTPClient(e.srv.Client()),
		odoo.WithRetry(4, time.Millisecond, 20*time.Millisecond)}
	switch p {
	case odoo.JSON2:
		opts = append(opts, odoo.WithAPIKey("", odootest.DefaultAPIKey))
	case odoo.RESTv2:
		opts = append(opts, odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
			odoo.WithOAuth2Client(odootest.DefaultClientID, odootest.DefaultClientSecret))
	default:
		opts = append(opts, odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	}
	c, err := odoo.New(base.URL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	hd, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hd.Flavor(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.client, e.hd = c, hd
	e.srv.ResetCalls()
	return e
}

// TestReliabilityServices injects faults under the helpdesk services.
// Subtests are named <case>/<flavor>/<protocol>.
func TestReliabilityServices(t *testing.T) {
	type tcase struct {
		name string
		run  func(t *testing.T, e *env)
	}
	cases := []tcase{
		{"ticket_create_reply_lost", func(t *testing.T, e *env) {
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "create", Kind: fault.DropAfter})
			_, err := e.hd.Tickets.Create(e.ctx, TicketCreate{Name: "rel lost create", Description: "<p>x</p>", TeamID: e.fx.team})
			if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want deskbridge.ErrOutcomeUnknown", err)
			}
			if n := e.srv.CallCount("helpdesk.ticket", "create"); n != 1 {
				t.Errorf("call log: %d creates applied, want 1 (never resent)", n)
			}
			if n := len(e.srv.Search("helpdesk.ticket", domain.Eq("name", "rel lost create"))); n != 1 {
				t.Errorf("%d tickets, want 1", n)
			}
		}},
		{"message_post_reply_lost", func(t *testing.T, e *env) {
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "message_post", Kind: fault.DropAfter})
			_, err := e.hd.Messages.Post(e.ctx, e.fx.tickets[0], MessagePost{Body: "<p>rel lost post</p>"})
			if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want deskbridge.ErrOutcomeUnknown", err)
			}
			if n := e.srv.CallCount("helpdesk.ticket", "message_post"); n != 1 {
				t.Errorf("call log: %d posts applied, want 1", n)
			}
			d := domain.And(domain.Eq("model", "helpdesk.ticket"), domain.Eq("res_id", e.fx.tickets[0]), domain.ILike("body", "rel lost post"))
			if n := e.srv.Count("mail.message", d); n != 1 {
				t.Errorf("%d messages, want 1", n)
			}
		}},
		{"followers_add_reply_lost", func(t *testing.T, e *env) {
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "message_subscribe", Kind: fault.DropAfter})
			err := e.hd.Followers.Add(e.ctx, e.fx.tickets[1], []int64{e.fx.partner})
			if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want deskbridge.ErrOutcomeUnknown", err)
			}
			if n := e.srv.CallCount("helpdesk.ticket", "message_subscribe"); n != 1 {
				t.Errorf("call log: %d subscribes applied, want 1", n)
			}
		}},
		{"attachment_upload_truncated", func(t *testing.T, e *env) {
			e.srv.InjectFault(odootest.Fault{Model: "ir.attachment", Method: "create", Kind: fault.ShortBody})
			_, err := e.hd.Attachments.Upload(e.ctx, e.fx.tickets[0], AttachmentUpload{Name: "rel.txt", Content: strings.NewReader("hello")})
			if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want deskbridge.ErrOutcomeUnknown", err)
			}
			if n := e.srv.CallCount("ir.attachment", "create"); n != 1 {
				t.Errorf("call log: %d attachment creates applied, want 1", n)
			}
		}},
		{"ticket_update_502", func(t *testing.T, e *env) {
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "write", Kind: fault.Status, Status: 502})
			err := e.hd.Tickets.Update(e.ctx, e.fx.tickets[1], TicketUpdate{Name: deskbridge.Ptr("rel renamed")})
			var re *odoo.ResponseError
			if !errors.As(err, &re) || re.StatusCode != 502 {
				t.Fatalf("err = %v, want *odoo.ResponseError 502", err)
			}
			if n := attemptsOf(e.srv, "helpdesk.ticket", "write"); n != 1 {
				t.Errorf("%d write requests, want 1 (a write is not resent)", n)
			}
			if n := e.srv.CallCount("helpdesk.ticket", "write"); n != 0 {
				t.Errorf("write applied %d times", n)
			}
		}},
		{"ticket_list_503_burst", func(t *testing.T, e *env) {
			want, err := e.hd.Tickets.List(e.ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "search_read", Kind: fault.Status, Status: 503, Times: 3})
			got, err := e.hd.Tickets.List(e.ctx, nil)
			if err != nil {
				t.Fatalf("after a 503 burst: %v", err)
			}
			if !equalIDs(ticketIDs(got), ticketIDs(want)) {
				t.Errorf("after retries %d tickets, want %d", len(got), len(want))
			}
		}},
		{"ticket_all_session_expiry_midway", func(t *testing.T, e *env) {
			want := e.srv.Search("helpdesk.ticket", domain.Eq("active", true))
			seen := map[int64]bool{}
			n := 0
			for tk, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{PageSize: 5}) {
				if err != nil {
					t.Fatalf("after %d tickets: %v", n, err)
				}
				if seen[tk.ID] {
					t.Fatalf("ticket %d twice", tk.ID)
				}
				seen[tk.ID] = true
				if n++; n == 7 {
					e.srv.ExpireSessions()
					e.srv.ExpireTokens()
				}
			}
			if n != len(want) || len(want) < 20 {
				t.Errorf("All yielded %d tickets, the server has %d", n, len(want))
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range testFlavors {
				for _, p := range testProtocols {
					t.Run(string(f)+"/"+p.String(), func(t *testing.T) { tc.run(t, relEnv(t, f, p)) })
				}
			}
		})
	}
}

// attemptsOf counts the requests of model.method that reached the server.
func attemptsOf(s *odootest.Server, model, method string) int {
	n := 0
	for _, r := range s.Calls() {
		if r.Model == model && r.Method == method {
			n++
		}
	}
	return n
}

// TestReliabilityServiceBadInput completes TestValidationSendsNothing: a
// nil context, unknown priorities and negative paging, on every service,
// are refused with a typed error before any request.
func TestReliabilityServiceBadInput(t *testing.T) {
	var nilCtx context.Context // a careless caller's nil context
	type tcase struct {
		name string
		call func(ctx context.Context, hd *Service) error
	}
	cases := []tcase{
		{"Tickets.Create unknown priority", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", Priority: "urgent"})
			return err
		}},
		{"Tickets.Create negative stage", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", StageID: -1})
			return err
		}},
		{"Tickets.Create negative partner", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(ctx, TicketCreate{Name: "x", PartnerID: -2})
			return err
		}},
		{"Tickets.Create nil context", func(_ context.Context, hd *Service) error {
			_, err := hd.Tickets.Create(nilCtx, TicketCreate{Name: "x"})
			return err
		}},
		{"Tickets.List negative limit", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.List(ctx, &TicketListOptions{Limit: -1})
			return err
		}},
		{"Tickets.List negative offset", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.List(ctx, &TicketListOptions{Offset: -1})
			return err
		}},
		{"Tickets.List nil context", func(_ context.Context, hd *Service) error {
			_, err := hd.Tickets.List(nilCtx, nil)
			return err
		}},
		{"Tickets.All unknown priority", func(ctx context.Context, hd *Service) error {
			for _, err := range hd.Tickets.All(ctx, &TicketListOptions{Priority: "9"}) {
				return err
			}
			return fmt.Errorf("All yielded nothing")
		}},
		{"Tickets.Get negative id", func(ctx context.Context, hd *Service) error {
			_, err := hd.Tickets.Get(ctx, -1)
			return err
		}},
		{"Tickets.Assign zero ticket", func(ctx context.Context, hd *Service) error { return hd.Tickets.Assign(ctx, 0, 2) }},
		{"Tickets.Update nil context", func(_ context.Context, hd *Service) error {
			return hd.Tickets.Update(nilCtx, 1, TicketUpdate{Name: deskbridge.Ptr("x")})
		}},
		{"Teams.List nil context", func(_ context.Context, hd *Service) error { _, err := hd.Teams.List(nilCtx); return err }},
		{"Tags.List nil context", func(_ context.Context, hd *Service) error { _, err := hd.Tags.List(nilCtx); return err }},
		{"Types.List nil context", func(_ context.Context, hd *Service) error { _, err := hd.Types.List(nilCtx); return err }},
		{"Stages.List nil context", func(_ context.Context, hd *Service) error { _, err := hd.Stages.List(nilCtx, 0); return err }},
		{"Messages.Post zero ticket", func(ctx context.Context, hd *Service) error {
			_, err := hd.Messages.Post(ctx, 0, MessagePost{Body: "x"})
			return err
		}},
		{"Messages.Post negative author", func(ctx context.Context, hd *Service) error {
			_, err := hd.Messages.Post(ctx, 1, MessagePost{Body: "x", AuthorID: -1})
			return err
		}},
		{"Followers.Add zero ticket", func(ctx context.Context, hd *Service) error { return hd.Followers.Add(ctx, 0, []int64{3}) }},
		{"Attachments.Upload zero ticket", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.Upload(ctx, 0, AttachmentUpload{Name: "x", Content: strings.NewReader("x")})
			return err
		}},
		{"Attachments.DownloadBytes zero id", func(ctx context.Context, hd *Service) error {
			_, err := hd.Attachments.DownloadBytes(ctx, 0)
			return err
		}},
		{"Flavor nil context", func(_ context.Context, hd *Service) error { _, err := hd.Flavor(nilCtx); return err }},
	}
	for _, f := range testFlavors {
		srv := odootest.NewServer(odootest.WithFlavor(f))
		t.Cleanup(srv.Close)
		for _, p := range testProtocols {
			for _, tc := range cases {
				t.Run(string(f)+"/"+p.String()+"/"+tc.name, func(t *testing.T) {
					hd, err := New(newClient(t, srv, p)) // not logged in, flavor not detected
					if err != nil {
						t.Fatal(err)
					}
					srv.ResetCalls()
					err = tc.call(t.Context(), hd)
					if !errors.Is(err, deskbridge.ErrInvalidArgument) {
						t.Fatalf("err = %v, want deskbridge.ErrInvalidArgument", err)
					}
					if calls := srv.Calls(); len(calls) != 0 {
						t.Errorf("%d requests reached the server: %+v", len(calls), calls)
					}
				})
			}
		}
	}
	if _, err := New(nil); err == nil {
		t.Error("New(nil) accepted")
	}
}
