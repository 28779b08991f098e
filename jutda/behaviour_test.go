package jutda_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

func newServer(t *testing.T, opts ...jutdatest.Option) *jutdatest.Server {
	t.Helper()
	s := jutdatest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s
}

// proxyTo forwards requests to the server at base (a front server's own
// paths, so that its redirects stay within its origin).
func proxyTo(t *testing.T, base string) http.Handler {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return httputil.NewSingleHostReverseProxy(u)
}

func newClient(t *testing.T, s *jutdatest.Server, opts ...jutda.Option) *jutda.Client {
	t.Helper()
	opts = append([]jutda.Option{jutda.WithRetry(3, time.Millisecond, 5*time.Millisecond)}, opts...)
	c, err := jutda.New(s.URL, append([]jutda.Option{jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestTicketLifecycle runs every method against jutdatest and checks the
// server's state after each.
func TestTicketLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s)

	queues, err := c.ListQueues(ctx)
	if err != nil || !reflect.DeepEqual(queues, []jutda.Queue{{2, "Billing"}, {1, "Support"}}) {
		t.Fatalf("ListQueues = %v, %v", queues, err)
	}
	bob, err := c.FindUser(ctx, "bob")
	if err != nil || bob != 3 {
		t.Fatalf("FindUser(bob) = %d, %v", bob, err)
	}
	due := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	id, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 2, Title: "  Invoice 117 overdue ", Body: "Second reminder",
		SubmitterEmail: "ap@customer.example", AssignedTo: bob, Priority: jutda.PriorityHigh, DueDate: due})
	if err != nil {
		t.Fatal(err)
	}
	tk, ok := s.Ticket(id)
	if !ok || tk.Queue != 2 || tk.Title != "Invoice 117 overdue" || tk.Description != "Second reminder" || tk.AssignedTo != bob ||
		tk.Priority != 2 || !tk.DueDate.Equal(due) || tk.Status != jutdatest.StatusOpen || tk.SubmitterEmail != "ap@customer.example" {
		t.Fatalf("stored ticket %+v", tk)
	}
	if len(tk.Followups) != 1 || tk.Followups[0].Title != "Ticket Opened & Assigned to bob" {
		t.Errorf("followups %+v", tk.Followups)
	}

	if err := c.HoldTicket(ctx, id); err != nil {
		t.Fatal(err)
	}
	if tk, _ := s.Ticket(id); !tk.OnHold {
		t.Error("not on hold")
	}
	if err := c.UnholdTicket(ctx, id); err != nil {
		t.Fatal(err)
	}
	if tk, _ := s.Ticket(id); tk.OnHold {
		t.Error("still on hold")
	}
	if err := c.AddFollowup(ctx, id, "Customer says paid", false); err != nil {
		t.Fatal(err)
	}
	if err := c.Resolve(ctx, id, "Payment received"); err != nil {
		t.Fatal(err)
	}
	tk, _ = s.Ticket(id)
	if tk.Status != jutdatest.StatusResolved || len(tk.Followups) != 3 || tk.Followups[2].Title != "Resolved" ||
		tk.Followups[2].Comment != "Payment received" || tk.Resolution != "" {
		t.Errorf("resolved ticket %+v", tk)
	}
	// The legacy trap: a "private" follow-up is public and e-mailed.
	if f := tk.Followups[1]; !f.Public || f.Comment != "Customer says paid" {
		t.Errorf("followup %+v, want public (the server's `if public:` quirk)", f)
	}
	var templates []string
	for _, e := range s.Emails() {
		if e.To == "ap@customer.example" {
			templates = append(templates, e.Template)
		}
	}
	if want := []string{"newticket_submitter", "updated_submitter", "resolved_submitter"}; !reflect.DeepEqual(templates, want) {
		t.Errorf("submitter e-mails %v, want %v", templates, want)
	}

	if err := c.DeleteTicket(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Ticket(id); ok {
		t.Error("ticket still there")
	}
	for _, m := range []string{"list_queues", "find_user", "create_ticket", "hold_ticket", "unhold_ticket", "add_followup", "resolve", "delete_ticket"} {
		if n := s.CallCount("", m); n != 1 {
			t.Errorf("%s applied %d times", m, n)
		}
	}
}

// TestServerErrors: every error status the server gives, as typed errors.
func TestServerErrors(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s)
	id := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "t", Description: "d"})

	bad, err := jutda.New(s.URL, jutda.WithPassword(jutdatest.DefaultLogin, "wrong"))
	if err != nil {
		t.Fatal(err)
	}
	s.AddUser("gone", "gone-pw")
	gone, _ := jutda.New(s.URL, jutda.WithPassword("gone", "gone-pw"))
	s.SetUserActive(int64(len(s.Users())), false)
	wrongBase, _ := jutda.New(s.URL+"/nowhere", jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	// A front server that redirects POSTs (within its origin: another
	// origin is refused) turns them into GETs: 405.
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := strings.CutPrefix(r.URL.Path, "/real"); ok {
			r.URL.Path = p
			proxyTo(t, s.URL).ServeHTTP(w, r)
			return
		}
		http.Redirect(w, r, "/real"+r.URL.Path, http.StatusFound)
	}))
	t.Cleanup(front.Close)
	redirected, _ := jutda.New(front.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))

	tests := []struct {
		name   string
		err    error
		status int
		text   string
		is     error
	}{
		{"bad password", func() error { _, err := bad.ListQueues(ctx); return err }(), 403, "", jutda.ErrAccessDenied},
		{"inactive user", gone.HoldTicket(ctx, id), 403, "", jutda.ErrAccessDenied},
		{"unknown path", wrongBase.HoldTicket(ctx, id), 404, "", deskbridge.ErrNotFound},
		{"GET after redirect", redirected.HoldTicket(ctx, id), 405, "", jutda.ErrBadMethod},
		{"missing ticket", c.HoldTicket(ctx, 999), 400, "Invalid ticket ID", deskbridge.ErrNotFound},
		{"missing ticket unhold", c.UnholdTicket(ctx, 999), 400, "Invalid ticket ID", deskbridge.ErrNotFound},
		{"missing ticket delete", c.DeleteTicket(ctx, 999), 400, "Invalid ticket ID", deskbridge.ErrNotFound},
		{"missing ticket followup", c.AddFollowup(ctx, 999, "m", true), 400, "Invalid ticket ID", deskbridge.ErrNotFound},
		{"missing ticket resolve", c.Resolve(ctx, 999, "r"), 400, "Invalid ticket ID", deskbridge.ErrNotFound},
		{"unknown user", func() error { _, err := c.FindUser(ctx, "nobody"); return err }(), 400, "Invalid username provided", deskbridge.ErrNotFound},
		{"unknown queue", func() error {
			_, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 9, Title: "t", Body: "b"})
			return err
		}(), 400, "* queue\n  * Select a valid choice. 9 is not one of the available choices.", jutda.ErrRejected},
		{"unknown assignee", func() error {
			_, err := c.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "t", Body: "b", AssignedTo: 77})
			return err
		}(), 400, "* assigned_to\n  * Select a valid choice. 77 is not one of the available choices.", jutda.ErrRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var je *jutda.Error
			if !errors.As(tc.err, &je) {
				t.Fatalf("err = %T %v, want *jutda.Error", tc.err, tc.err)
			}
			if je.StatusCode != tc.status || (tc.text != "" && je.Body != tc.text) || !errors.Is(tc.err, tc.is) {
				t.Errorf("err = %+v (%v), want %d %q matching %v", je, tc.err, tc.status, tc.text, tc.is)
			}
			if contains(tc.err.Error(), "wrong") || contains(tc.err.Error(), jutdatest.DefaultPassword) {
				t.Errorf("error shows a password: %v", tc.err)
			}
		})
	}
	if tk, _ := s.Ticket(id); tk.OnHold || len(tk.Followups) != 0 || tk.Status != jutdatest.StatusOpen {
		t.Errorf("refused calls changed the ticket: %+v", tk)
	}
}

// TestFormErrors: the server's form errors are readable field by field.
func TestFormErrors(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	// Two errors at once, found by the server only (the client cannot
	// know the queues or the users).
	_, err := c.CreateTicket(context.Background(), jutda.TicketCreate{Queue: 5, Title: "t", Body: "b", AssignedTo: 40})
	var je *jutda.Error
	if !errors.As(err, &je) {
		t.Fatal(err)
	}
	want := map[string][]string{
		"queue":       {"Select a valid choice. 5 is not one of the available choices."},
		"assigned_to": {"Select a valid choice. 40 is not one of the available choices."},
	}
	if got := je.FormErrors(); !reflect.DeepEqual(got, want) {
		t.Errorf("FormErrors = %v, want %v", got, want)
	}
	if !strings.Contains(err.Error(), "* queue * Select a valid choice. 5") {
		t.Errorf("message %q", err)
	}
	if (&jutda.Error{StatusCode: 400, Body: "Blank message"}).FormErrors() != nil {
		t.Error("plain text parsed as form errors")
	}
}

// TestRateLimitAndUserAgent: the limiter paces calls; the User-Agent names
// the caller and the SDK.
func TestRateLimitAndUserAgent(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s, jutda.WithRateLimit(20, 1), jutda.WithUserAgent("billing-bot/2"))
	start := time.Now()
	for range 11 {
		if _, err := c.FindUser(context.Background(), "bob"); err != nil {
			t.Fatal(err)
		}
	}
	// 11 calls at 20/s with a burst of 1: at least 10 intervals of 50ms.
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("11 calls took %v, want ≥ 500ms at 20/s", d)
	}
	c2, mock := mockClient(t, jutda.WithUserAgent("billing-bot/2"))
	var ua string
	mock.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		ua = r.Header.Get("User-Agent")
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
	})
	if err := c2.HoldTicket(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ua, "billing-bot/2 deskbridge/") {
		t.Errorf("User-Agent %q", ua)
	}
}
