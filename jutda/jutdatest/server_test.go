package jutdatest_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

type reply struct {
	status int
	ctype  string
	allow  string
	body   string
}

func post(t *testing.T, s *jutdatest.Server, method string, form url.Values) reply {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if !form.Has("password") && !form.Has("passwd") { // a test's own credentials
		form.Set("user", jutdatest.DefaultLogin)
		form.Set("password", jutdatest.DefaultPassword)
	}
	resp, err := s.Client().PostForm(s.URL+"/api/"+method+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func read(t *testing.T, resp *http.Response) reply {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), string(b)}
}

func TestProtocolEnvelope(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	hc := s.Client()

	resp, err := hc.Get(s.URL + "/api/list_queues/")
	if err != nil {
		t.Fatal(err)
	}
	if r := read(t, resp); r.status != 405 || r.allow != "" || r.body != "" {
		t.Errorf("GET: %+v, want 405, no Allow header (the real code sets an attribute, not a header), empty body", r)
	}
	if r := post(t, s, "list_queues", url.Values{"user": {"api"}, "password": {"nope"}}); r.status != 403 || r.body != "" || r.ctype != "text/plain" {
		t.Errorf("bad password: %+v", r)
	}
	if r := post(t, s, "list_queues", url.Values{"username": {"api"}, "password": {jutdatest.DefaultPassword}}); r.status != 403 {
		t.Errorf("'username' instead of 'user': %+v, want 403 (the code reads 'user')", r)
	}
	if r := post(t, s, "frobnicate", nil); r.status != 400 || r.body != "" {
		t.Errorf("unknown method: %+v", r)
	}
	resp, _ = hc.Get(s.URL + "/api/help/")
	if r := read(t, resp); r.status != 200 || !strings.HasPrefix(r.ctype, "text/html") || !strings.Contains(r.body, "create_ticket") {
		t.Errorf("help: %+v", r)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, _ = noFollow.Post(s.URL+"/api/list_queues?x=1", "application/x-www-form-urlencoded", nil)
	if loc := resp.Header.Get("Location"); resp.StatusCode != 301 || loc != "/api/list_queues/?x=1" {
		t.Errorf("no trailing slash: %d Location %q, want Django's 301 to the path with its slash", resp.StatusCode, loc)
	}
	resp.Body.Close()
	resp, _ = hc.Post(s.URL+"/api/nothing/here", "application/x-www-form-urlencoded", nil)
	if r := read(t, resp); r.status != 404 || r.ctype != "text/html" || !strings.Contains(r.body, "Not Found") {
		t.Errorf("unknown path: %+v, want 404 text/html without charset", r)
	}
	// JSON bodies fill no POST dict: no credentials.
	resp, _ = hc.Post(s.URL+"/api/list_queues/", "application/json", strings.NewReader(`{"user":"api","password":"api-secret"}`))
	if r := read(t, resp); r.status != 403 {
		t.Errorf("JSON body: %+v", r)
	}
	// Multipart works like Django's request.POST.
	var mb bytes.Buffer
	mw := multipart.NewWriter(&mb)
	_ = mw.WriteField("user", jutdatest.DefaultLogin)
	_ = mw.WriteField("password", jutdatest.DefaultPassword)
	_ = mw.WriteField("username", "alice")
	mw.Close()
	resp, _ = hc.Post(s.URL+"/api/find_user/", mw.FormDataContentType(), &mb)
	if r := read(t, resp); r.status != 200 || r.body != "2" {
		t.Errorf("multipart find_user: %+v", r)
	}
	for _, c := range s.Calls() {
		if c.Form.Has("password") {
			t.Errorf("call log keeps the password: %+v", c)
		}
	}
}

func TestCreateTicketForm(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	base := func(kv ...string) url.Values {
		v := url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "<del>" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return v
	}
	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"everything missing", url.Values{}, "* queue\n  * This field is required.\n* title\n  * This field is required.\n* body\n  * This field is required."},
		{"unknown queue", base("queue", "7"), "* queue\n  * Select a valid choice. 7 is not one of the available choices."},
		{"padded queue", base("queue", "01"), "* queue\n  * Select a valid choice. 01 is not one of the available choices."},
		{"long title", base("title", strings.Repeat("ü", 101)), "* title\n  * Ensure this value has at most 100 characters (it has 101)."},
		{"blank title", base("title", "   "), "* title\n  * This field is required."},
		{"NUL", base("body", "a\x00b"), "* body\n  * Null characters are not allowed."},
		{"bad email", base("submitter_email", "nope@"), "* submitter_email\n  * Enter a valid email address."},
		{"inactive assignee", base("assigned_to", "9"), "* assigned_to\n  * Select a valid choice. 9 is not one of the available choices."},
		{"priority 0", base("priority", "0"), "* priority\n  * Select a valid choice. 0 is not one of the available choices."},
		{"bad due date", base("due_date", "tomorrow"), "* due_date\n  * Enter a valid date/time."},
		{"two fields in form order", base("priority", "9", "title", "<del>"), "* title\n  * This field is required.\n* priority\n  * Select a valid choice. 9 is not one of the available choices."},
	}
	for _, tc := range tests {
		r := post(t, s, "create_ticket", tc.form)
		if r.status != 400 || r.body != tc.want || r.ctype != "text/plain" {
			t.Errorf("%s: %d %q, want 400 %q", tc.name, r.status, r.body, tc.want)
		}
	}
	if n := len(s.Tickets()); n != 0 {
		t.Fatalf("%d tickets after refused forms", n)
	}
	r := post(t, s, "create_ticket", base("title", " 100 ü "+strings.Repeat("x", 93)+" ", "due_date", "2025-01-02 03:04", "assigned_to", "2",
		"submitter_email", "a@b.example"))
	if r.status != 200 || r.body != "1" {
		t.Fatalf("create: %+v", r)
	}
	tk, _ := s.Ticket(1)
	if tk.Priority != 3 || tk.AssignedTo != 2 || tk.DueDate != time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC) || strings.HasPrefix(tk.Title, " ") {
		t.Errorf("ticket %+v", tk)
	}
	if e := s.Emails(); len(e) != 2 || e[0].Template != "newticket_submitter" || e[1].To != "alice@helpdesk.example" {
		t.Errorf("emails %+v", e)
	}
}

func TestTicketMethods(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	id := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "t", SubmitterEmail: "c@x.example"})
	s.SetQueueCC(1, "", "cc@x.example")
	tests := []struct {
		name, method string
		form         url.Values
		status       int
		body         string
	}{
		{"no ticket field", "hold_ticket", url.Values{}, 400, "Invalid ticket ID"},
		{"ticket not a number", "hold_ticket", url.Values{"ticket": {"abc"}}, 500, "Server Error (500)"},
		{"empty ticket", "resolve", url.Values{"ticket": {""}, "resolution": {"r"}}, 500, "Server Error (500)"},
		{"unknown ticket", "unhold_ticket", url.Values{"ticket": {"99"}}, 400, "Invalid ticket ID"},
		{"no confirm", "delete_ticket", url.Values{"ticket": {"99"}}, 400, "No confirmation provided"},
		{"bad flag", "add_followup", url.Values{"ticket": {"1"}, "message": {"m"}, "public": {"yes"}}, 400, "Invalid 'public' flag"},
		{"blank message", "add_followup", url.Values{"ticket": {"1"}, "public": {"y"}}, 400, "Blank message"},
		{"flag before message", "add_followup", url.Values{"ticket": {"1"}, "public": {""}}, 400, "Invalid 'public' flag"},
		{"blank resolution", "resolve", url.Values{"ticket": {"1"}, "resolution": {""}}, 400, "Blank resolution"},
		{"unknown user", "find_user", url.Values{"username": {"Bob"}}, 400, "Invalid username provided"},
		{"no username", "find_user", nil, 400, "Invalid username provided"},
		{"hold, Python int", "hold_ticket", url.Values{"ticket": {" +1 "}}, 200, ""},
		{"followup, no flag", "add_followup", url.Values{"ticket": {"1"}, "message": {"default n"}}, 200, ""},
		{"last value wins", "unhold_ticket", url.Values{"ticket": {"99", "1"}}, 200, ""},
	}
	for _, tc := range tests {
		r := post(t, s, tc.method, tc.form)
		if r.status != tc.status || !strings.Contains(r.body, tc.body) || (tc.body == "" && r.body != "") {
			t.Errorf("%s: %d %q, want %d %q", tc.name, r.status, r.body, tc.status, tc.body)
		}
	}
	tk, _ := s.Ticket(id)
	if tk.OnHold || len(tk.Followups) != 1 || !tk.Followups[0].Public || tk.Followups[0].Comment != "default n" {
		t.Errorf("ticket %+v", tk)
	}
	if e := s.Emails(); len(e) != 2 || e[0].To != "c@x.example" || e[1].To != "cc@x.example" || e[1].Template != "updated_cc" {
		t.Errorf("emails %+v", e)
	}
	if r := post(t, s, "resolve", url.Values{"ticket": {"1"}, "resolution": {"done"}}); r.status != 200 {
		t.Fatal(r)
	}
	if tk, _ := s.Ticket(id); tk.Status != jutdatest.StatusResolved || tk.Resolution != "" || tk.Status.String() != "Resolved" {
		t.Errorf("resolved %+v", tk)
	}
	if r := post(t, s, "delete_ticket", url.Values{"ticket": {"1"}, "confirm": {"x"}}); r.status != 200 || len(s.Tickets()) != 0 {
		t.Errorf("delete: %+v", r)
	}
	s.AddUser("ghost", "")
	s.SetUserActive(4, false)
	if r := post(t, s, "find_user", url.Values{"username": {"ghost"}}); r.body != "4" {
		t.Errorf("inactive users are found: %+v", r)
	}
}

func TestListQueuesJSON(t *testing.T) {
	s := jutdatest.NewServer(jutdatest.WithQueue(`Café "<&>" ☃ 𝄞`))
	defer s.Close()
	r := post(t, s, "list_queues", nil)
	want := `[{"id": "2", "title": "Billing"}, {"id": "3", "title": "Caf\u00e9 \"<&>\" \u2603 \ud834\udd1e"}, {"id": "1", "title": "Support"}]` // by title
	if r.status != 200 || r.ctype != "text/json" || r.body != want {
		t.Errorf("list_queues: %d %s\n%s\nwant\n%s", r.status, r.ctype, r.body, want)
	}
}

func TestCredentialFieldsAndDebugPage(t *testing.T) {
	s := jutdatest.NewServer(jutdatest.WithCredentialFields("username", "passwd"), jutdatest.WithUser("u", "p<&>"), jutdatest.WithDebugPages())
	defer s.Close()
	if r := post(t, s, "list_queues", url.Values{"username": {"u"}, "passwd": {"p<&>"}, "user": {"x"}}); r.status != 200 {
		t.Errorf("custom fields: %+v", r)
	}
	r := post(t, s, "hold_ticket", url.Values{"username": {"u"}, "passwd": {"p<&>"}, "user": {"x"}, "ticket": {"x1"}})
	if r.status != 500 || !strings.Contains(r.body, "p&lt;&amp;&gt;") || !strings.Contains(r.body, "ValueError") {
		t.Errorf("debug page: %+v", r)
	}
	for _, c := range s.Calls() {
		if c.Form.Has("passwd") || c.Login != "u" {
			t.Errorf("call %+v", c)
		}
	}
}

func TestFaults(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Status, Status: 503, Body: "busy", Times: 2})
	s.InjectFault(jutdatest.Fault{Method: "find_user", Kind: fault.TooManyRequests, RetryAfter: "7"})
	if n := s.PendingFaults(); n != 3 {
		t.Fatalf("pending %d", n)
	}
	for range 2 {
		if r := post(t, s, "list_queues", nil); r.status != 503 || r.body != "busy" {
			t.Errorf("fault: %+v", r)
		}
	}
	if r := post(t, s, "list_queues", nil); r.status != 200 {
		t.Errorf("after the fault: %+v", r)
	}
	resp, _ := s.Client().PostForm(s.URL+"/api/find_user/", url.Values{"user": {"api"}, "password": {jutdatest.DefaultPassword}, "username": {"bob"}})
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Errorf("429: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp.Body.Close()
	s.InjectFault(jutdatest.Fault{Kind: fault.HTML, Status: 502})
	if r := post(t, s, "hold_ticket", url.Values{"ticket": {"1"}}); r.status != 502 || !strings.Contains(r.body, "<h1>Bad Gateway</h1>") {
		t.Errorf("html: %+v", r)
	}
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.ResetAfter})
	_, err := s.Client().PostForm(s.URL+"/api/create_ticket/", url.Values{"user": {"api"}, "password": {jutdatest.DefaultPassword},
		"queue": {"1"}, "title": {"t"}, "body": {"b"}})
	if err == nil || len(s.Tickets()) != 1 {
		t.Errorf("drop after: err %v, %d tickets", err, len(s.Tickets()))
	}
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.Truncate})
	resp, err = s.Client().PostForm(s.URL+"/api/create_ticket/", url.Values{"user": {"api"}, "password": {jutdatest.DefaultPassword},
		"queue": {"1"}, "title": {"t"}, "body": {"b"}})
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(s.Tickets()) != 2 {
		t.Errorf("truncate: err %v, %d tickets", err, len(s.Tickets()))
	}
	s.InjectFault(jutdatest.Fault{Kind: fault.Delay, Delay: 10 * time.Millisecond})
	start := time.Now()
	if r := post(t, s, "list_queues", nil); r.status != 200 || time.Since(start) < 10*time.Millisecond {
		t.Errorf("delay: %+v after %v", r, time.Since(start))
	}
	s.InjectFault(jutdatest.Fault{Kind: fault.ResetBefore, Times: 5})
	s.ClearFaults()
	if s.PendingFaults() != 0 {
		t.Error("ClearFaults left faults")
	}
	var faults []string
	for _, c := range s.Calls() {
		if c.Fault != "" {
			faults = append(faults, c.Fault)
		}
	}
	if got := strings.Join(faults, ","); got != "status,status,429,html,reset-after,truncate,delay" {
		t.Errorf("faults in the log: %s", got)
	}
	if s.CallCount("", "create_ticket") != 2 || s.Requests("", "list_queues") != 4 {
		t.Errorf("create applied %d, list attempts %d", s.CallCount("", "create_ticket"), s.Requests("", "list_queues"))
	}
	s.ResetCalls()
	if len(s.Calls()) != 0 {
		t.Error("ResetCalls")
	}
	if fault.SlowBody.String() != "slow-body" || fault.Kind(99).String() != "Kind(99)" {
		t.Error("fault.Kind.String")
	}
}

// TestConcurrentCreates: ids are unique and every create is logged once.
func TestConcurrentCreates(t *testing.T) {
	s := jutdatest.NewServer()
	defer s.Close()
	var wg sync.WaitGroup
	ids := make(chan string, 64)
	for range 8 {
		wg.Go(func() {
			for range 8 {
				r := post(t, s, "create_ticket", url.Values{"queue": {"2"}, "title": {"t"}, "body": {"b"}})
				ids <- r.body
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Errorf("duplicate id %s", id)
		}
		seen[id] = true
	}
	if len(seen) != 64 || len(s.Tickets()) != 64 || s.CallCount("", "create_ticket") != 64 {
		t.Errorf("%d ids, %d tickets, %d creates", len(seen), len(s.Tickets()), s.CallCount("", "create_ticket"))
	}
}

func TestClockAndLogger(t *testing.T) {
	at := time.Date(2024, 6, 3, 10, 0, 0, 0, time.UTC)
	var logs strings.Builder
	s := jutdatest.NewServer(jutdatest.WithClock(func() time.Time { return at }),
		jutdatest.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	defer s.Close()
	post(t, s, "create_ticket", url.Values{"queue": {"1"}, "title": {"t"}, "body": {"b"}})
	tk, _ := s.Ticket(1)
	if !tk.Created.Equal(at) || !tk.Followups[0].Date.Equal(at) {
		t.Errorf("dates %v %v", tk.Created, tk.Followups[0].Date)
	}
	if !strings.Contains(logs.String(), "method=create_ticket") || strings.Contains(logs.String(), jutdatest.DefaultPassword) {
		t.Errorf("log %q", logs.String())
	}
}
