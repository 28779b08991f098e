package jutda_test

import (
	"context"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
)

// TestRealEmailsAccepted: the server's Django EmailValidator accepts a
// dotless "localhost" domain and internationalised domains; the client
// used to refuse them before sending.
func TestRealEmailsAccepted(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	for _, e := range []string{"root@localhost", "x@bücher.example"} {
		id, err := c.CreateTicket(context.Background(), jutda.TicketCreate{Queue: 1, Title: "t", Body: "b", SubmitterEmail: e})
		if err != nil {
			t.Errorf("%s: %v", e, err)
			continue
		}
		if tk, _ := s.Ticket(id); tk.SubmitterEmail != e {
			t.Errorf("%s: stored %q", e, tk.SubmitterEmail)
		}
	}
}

// TestRealAssigneeWithoutSettingsIsOutcomeUnknown: the server saves the
// ticket, then fails with 500 reading the assignee's missing settings
// row. The client must not say the ticket was not created.
func TestRealAssigneeWithoutSettingsIsOutcomeUnknown(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	s.SetUserSettings(2, nil)
	_, err := c.CreateTicket(context.Background(), jutda.TicketCreate{Queue: 1, Title: "t", Body: "b", AssignedTo: 2})
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !errors.Is(err, jutda.ErrServer) {
		t.Fatalf("err = %v, want outcome unknown", err)
	}
	if n := len(s.Tickets()); n != 1 || s.Requests("", jutda.MethodCreateTicket) != 1 {
		t.Errorf("%d tickets after %d attempts, want 1 ticket, 1 attempt (never retried)", n, s.Requests("", jutda.MethodCreateTicket))
	}
	if err := c.AddFollowup(context.Background(), 1, "m", false); !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("followup: %v, want outcome unknown", err)
	}
}
