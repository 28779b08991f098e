package jutda_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
)

// TestValidationBeforeSending: bad arguments are a *deskbridge.ArgumentError naming
// the field, and nothing reaches the server.
func TestValidationBeforeSending(t *testing.T) {
	ctx := context.Background()
	ok := jutda.TicketCreate{Queue: 1, Title: "t", Body: "b"}
	mod := func(f func(*jutda.TicketCreate)) jutda.TicketCreate { t := ok; f(&t); return t }
	create := func(ct jutda.TicketCreate) func(c *jutda.Client) error {
		return func(c *jutda.Client) error { _, err := c.CreateTicket(ctx, ct); return err }
	}
	tests := []struct {
		name, method, field string
		call                func(c *jutda.Client) error
	}{
		{"no queue", "create_ticket", "queue", create(mod(func(t *jutda.TicketCreate) { t.Queue = 0 }))},
		{"negative queue", "create_ticket", "queue", create(mod(func(t *jutda.TicketCreate) { t.Queue = -2 }))},
		{"empty title", "create_ticket", "title", create(mod(func(t *jutda.TicketCreate) { t.Title = "" }))},
		{"blank title", "create_ticket", "title", create(mod(func(t *jutda.TicketCreate) { t.Title = " \t\n" }))},
		{"101-character title", "create_ticket", "title", create(mod(func(t *jutda.TicketCreate) { t.Title = strings.Repeat("é", 101) }))},
		{"NUL in title", "create_ticket", "title", create(mod(func(t *jutda.TicketCreate) { t.Title = "a\x00b" }))},
		{"bad UTF-8 title", "create_ticket", "title", create(mod(func(t *jutda.TicketCreate) { t.Title = "a\xffb" }))},
		{"empty body", "create_ticket", "body", create(mod(func(t *jutda.TicketCreate) { t.Body = "" }))},
		{"bad email", "create_ticket", "submitter_email", create(mod(func(t *jutda.TicketCreate) { t.SubmitterEmail = "not an address" }))},
		{"named email", "create_ticket", "submitter_email", create(mod(func(t *jutda.TicketCreate) { t.SubmitterEmail = "Bob <bob@x.example>" }))},
		{"dotless domain", "create_ticket", "submitter_email", create(mod(func(t *jutda.TicketCreate) { t.SubmitterEmail = "bob@x" }))},
		{"negative assignee", "create_ticket", "assigned_to", create(mod(func(t *jutda.TicketCreate) { t.AssignedTo = -1 }))},
		{"priority 6", "create_ticket", "priority", create(mod(func(t *jutda.TicketCreate) { t.Priority = 6 }))},
		{"priority -1", "create_ticket", "priority", create(mod(func(t *jutda.TicketCreate) { t.Priority = -1 }))},
		{"due year 10000", "create_ticket", "due_date", create(mod(func(t *jutda.TicketCreate) { t.DueDate = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }))},
		{"delete 0", "delete_ticket", "ticket", func(c *jutda.Client) error { return c.DeleteTicket(ctx, 0) }},
		{"hold -1", "hold_ticket", "ticket", func(c *jutda.Client) error { return c.HoldTicket(ctx, -1) }},
		{"unhold 0", "unhold_ticket", "ticket", func(c *jutda.Client) error { return c.UnholdTicket(ctx, 0) }},
		{"followup 0", "add_followup", "ticket", func(c *jutda.Client) error { return c.AddFollowup(ctx, 0, "m", true) }},
		{"followup blank", "add_followup", "message", func(c *jutda.Client) error { return c.AddFollowup(ctx, 1, "  ", true) }},
		{"resolve 0", "resolve", "ticket", func(c *jutda.Client) error { return c.Resolve(ctx, 0, "r") }},
		{"resolve blank", "resolve", "resolution", func(c *jutda.Client) error { return c.Resolve(ctx, 1, "") }},
		{"find empty", "find_user", "username", func(c *jutda.Client) error { _, err := c.FindUser(ctx, ""); return err }},
		{"nil context", "hold_ticket", "ctx", func(c *jutda.Client) error {
			var nilCtx context.Context
			return c.HoldTicket(nilCtx, 1)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, mock := mockClient(t)
			err := tc.call(c)
			var ve *deskbridge.ArgumentError
			if !errors.As(err, &ve) || !errors.Is(err, deskbridge.ErrInvalidArgument) {
				t.Fatalf("err = %T %v, want *deskbridge.ArgumentError", err, err)
			}
			if ve.Op != "jutda."+tc.method || ve.Arg != tc.field {
				t.Errorf("error names %s/%s, want %s/%s", ve.Op, ve.Arg, tc.method, tc.field)
			}
			if !contains(err.Error(), tc.method+": invalid "+tc.field+": ") {
				t.Errorf("message %q does not name the field", err)
			}
			if errors.Is(err, jutda.ErrRejected) {
				t.Error("a client-side refusal matches ErrInvalid (the server's 400)")
			}
			if n := mock.GetTotalCallCount(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

// TestValidationAccepts: the limits themselves are fine, and priority 0 is 3.
func TestValidationAccepts(t *testing.T) {
	c, mock := mockClient(t)
	got := capture(t, mock, "/api/create_ticket/", 200, "text/plain", "1")
	for _, ct := range []jutda.TicketCreate{
		{Queue: 1, Title: strings.Repeat("é", 100), Body: "b"},
		{Queue: 1, Title: "  " + strings.Repeat("x", 100) + "  ", Body: "b"}, // the server strips
		{Queue: 1, Title: "t", Body: "b", Priority: 5, SubmitterEmail: "a.b+c@sub.example.org"},
	} {
		if _, err := c.CreateTicket(context.Background(), ct); err != nil {
			t.Errorf("%+v: %v", ct, err)
		}
	}
	if len(*got) != 3 || (*got)[0].form.Get("priority") != "3" || (*got)[2].form.Get("priority") != "5" {
		t.Fatalf("requests %v", *got)
	}
}

// TestNewValidation: New refuses what cannot work, without echoing
// credentials.
func TestNewValidation(t *testing.T) {
	tests := []struct {
		name, url, user, pw, field string
		opts                       []jutda.Option
	}{
		{"ftp", "ftp://h", "u", "p", "base URL", nil},
		{"relative", "/helpdesk", "u", "p", "base URL", nil},
		{"no host", "http://", "u", "p", "base URL", nil},
		{"userinfo", "https://u:hunter2@h", "u", "p", "base URL", nil},
		{"query", "https://h/?x=1", "u", "p", "base URL", nil},
		{"fragment", "https://h/#x", "u", "p", "base URL", nil},
		{"control char", "https://h/\x7f", "u", "p", "base URL", nil},
		{"no user", "https://h", " ", "p", "user", nil},
		{"no password", "https://h", "u", "", "password", nil},
		{"same fields", "https://h", "u", "p", "credential fields", []jutda.Option{jutda.WithCredentialFields("x", "x")}},
		{"empty field", "https://h", "u", "p", "credential fields", []jutda.Option{jutda.WithCredentialFields("", "p")}},
		{"negative rate", "https://h", "u", "p", "rate limit", []jutda.Option{jutda.WithRateLimit(-1, 1)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := jutda.New(tc.url, append([]jutda.Option{jutda.WithPassword(tc.user, tc.pw)}, tc.opts...)...)
			var ve *deskbridge.ArgumentError
			if !errors.As(err, &ve) || ve.Arg != tc.field {
				t.Fatalf("err = %v, want a *deskbridge.ArgumentError on %s", err, tc.field)
			}
			if contains(err.Error(), "hunter2") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
	if _, err := jutda.New("https://h"); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("New without WithPassword: err = %v, want ErrInvalidArgument", err)
	}
	c, err := jutda.New(" https://h.example/helpdesk/ ", jutda.WithPassword("u", "p"))
	if err != nil || c.URL() != "https://h.example/helpdesk" {
		t.Fatalf("New = %v, %v", c, err)
	}
}
