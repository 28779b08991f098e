package jutdatest_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// These tests pin what the fake once did differently from the real
// server (django-helpdesk's api.py and TicketForm.save on Django 3.2).

func TestRealCreateTicketMailsQueueCCs(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	s.SetQueueCC(1, "new@x.example", "upd@x.example")
	s.SetQueueCC(2, "same@x.example", "same@x.example")
	form := func(q string) url.Values {
		return url.Values{"queue": {q}, "title": {"t"}, "body": {"b"}, "submitter_email": {"c@x.example"}, "assigned_to": {"2"}}
	}
	if r := post(t, s, "create_ticket", form("1")); r.status != 200 {
		t.Fatal(r)
	}
	if r := post(t, s, "create_ticket", form("2")); r.status != 200 {
		t.Fatal(r)
	}
	var got []string
	for _, e := range s.Emails() {
		got = append(got, e.To+" "+e.Template)
	}
	want := []string{"c@x.example newticket_submitter", "alice@helpdesk.example assigned_owner", "new@x.example newticket_cc", "upd@x.example newticket_cc",
		"c@x.example newticket_submitter", "alice@helpdesk.example assigned_owner", "same@x.example newticket_cc"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("emails:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRealFollowupMailsAssignee(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	alice := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "a", AssignedTo: 2})
	mine := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "m", AssignedTo: 1}) // the API user's own
	quiet := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "q", AssignedTo: 3})
	s.SetUserSettings(3, &jutdatest.UserSettings{EmailOnTicketAssign: true, EmailOnAPIChange: false})
	for _, id := range []int64{alice, mine, quiet} {
		if r := post(t, s, "add_followup", url.Values{"ticket": {strconv.FormatInt(id, 10)}, "message": {"m"}}); r.status != 200 {
			t.Fatal(r)
		}
	}
	if e := s.Emails(); len(e) != 1 || e[0].To != "alice@helpdesk.example" || e[0].Template != "updated_owner" || e[0].Ticket != alice {
		t.Errorf("emails %+v, want only updated_owner to alice", e)
	}
	// resolve reads the setting with getattr on a dict: never the owner.
	if r := post(t, s, "resolve", url.Values{"ticket": {strconv.FormatInt(alice, 10)}, "resolution": {"r"}}); r.status != 200 || len(s.Emails()) != 1 {
		t.Errorf("resolve: %+v, emails %+v", r, s.Emails())
	}
}

func TestRealAssigneeWithoutSettings(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	s.SetUserSettings(2, nil)
	r := post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}, "assigned_to": {"2"}})
	if r.status != 500 || r.ctype != "text/html" || !strings.Contains(r.body, "Server Error (500)") {
		t.Errorf("create: %+v, want the 500 page", r)
	}
	tks := s.Tickets()
	if len(tks) != 1 || tks[0].AssignedTo != 2 {
		t.Fatalf("the ticket is saved before the 500: %+v", tks)
	}
	if c := s.Calls(); !c[len(c)-1].Applied {
		t.Errorf("call log: %+v, want applied", c[len(c)-1])
	}
	r = post(t, s, "add_followup", url.Values{"ticket": {strconv.FormatInt(tks[0].ID, 10)}, "message": {"m"}})
	if tk, _ := s.Ticket(tks[0].ID); r.status != 500 || len(tk.Followups) != 2 {
		t.Errorf("followup: %d, %d follow-ups, want 500 after saving it", r.status, len(tk.Followups))
	}
	r = post(t, s, "resolve", url.Values{"ticket": {strconv.FormatInt(tks[0].ID, 10)}, "resolution": {"r"}})
	if tk, _ := s.Ticket(tks[0].ID); r.status != 500 || len(tk.Followups) != 3 || tk.Status != jutdatest.StatusOpen {
		t.Errorf("resolve: %d, %+v, want 500 after the follow-up, before the status", r.status, tk)
	}
	// The API user's own tickets never read the settings.
	s.SetUserSettings(1, nil)
	if r := post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}, "assigned_to": {"1"}}); r.status != 200 {
		t.Errorf("self-assigned: %+v", r)
	}
}

func TestRealAssignedToFullName(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	s.SetUserFullName(3, "Bob Builder")
	if r := post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}, "assigned_to": {"3"}}); r.status != 200 {
		t.Fatal(r)
	}
	if tk, _ := s.Ticket(1); tk.Followups[0].Title != "Ticket Opened & Assigned to Bob Builder" {
		t.Errorf("title %q", tk.Followups[0].Title)
	}
}

func TestRealInternationalEmails(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	for _, e := range []string{"root@localhost", "x@bücher.example", "a@[127.0.0.1]"} {
		if r := post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}, "submitter_email": {e}}); r.status != 200 {
			t.Errorf("%s: %+v, Django's EmailValidator accepts it", e, r)
		}
	}
	if r := post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}, "submitter_email": {"bob@x"}}); r.status != 400 {
		t.Errorf("bob@x: %+v, want 400", r)
	}
}

func TestRealIDTooLarge(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	if r := post(t, s, "hold_ticket", url.Values{"ticket": {"99999999999999999999"}}); r.status != 500 || r.ctype != "text/html" {
		t.Errorf("huge id: %+v, want the 500 page", r)
	}
	if r := post(t, s, "hold_ticket", url.Values{"ticket": {"9223372036854775807"}}); r.status != 400 || r.body != "Invalid ticket ID" {
		t.Errorf("largest int64: %+v, want 400 Invalid ticket ID", r)
	}
}

func TestRealHelpPage(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	r := post(t, s, "help", nil)
	if !strings.Contains(r.body, "<em>user</em> and <em>password</em>") || !strings.Contains(r.body, "username=susan") {
		t.Errorf("help page: the prose says user, the sample username=: %s", r.body)
	}
}
