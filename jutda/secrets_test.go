package jutda_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/leaktest"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// TestSecretsNeverShown runs every method, every error status and the
// faults with debug logging (bodies included) into a buffer, against a
// server whose 500 page echoes the POST fields. The password, in any of
// its encodings, must appear in no log line and no error.
func TestSecretsNeverShown(t *testing.T) {
	const user, pw = "robot", `S3cr&t "pass" <word>='x'`
	forms := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), html.EscapeString(pw),
		strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(pw),
		"S3cr&t", "S3cr%26t"}
	s := newServer(t, jutdatest.WithUser(user, pw), jutdatest.WithDebugPages())
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := jutda.New(s.URL, jutda.WithPassword(user, pw), jutda.WithLogger(logger), jutda.WithLogBodies(true),
		jutda.WithRetry(2, time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	var errs []error
	check := func(err error) { errs = append(errs, err) }

	id, err := c.CreateTicket(ctx, newTicket)
	check(err)
	check(c.AddFollowup(ctx, id, "m", true))
	check(c.HoldTicket(ctx, id))
	check(c.UnholdTicket(ctx, id))
	check(c.Resolve(ctx, id, "r"))
	_, err = c.ListQueues(ctx)
	check(err)
	_, err = c.FindUser(ctx, "nobody")
	check(err)
	check(c.DeleteTicket(ctx, 999))
	check(c.DeleteTicket(ctx, id))
	for _, f := range []jutdatest.Fault{
		{Method: "create_ticket", Kind: fault.ServerPage}, // the debug page with the POST fields
		{Method: "list_queues", Kind: fault.ServerPage, Times: 3},
		{Method: "create_ticket", Kind: fault.Status, Status: 200, Body: "password=" + url.QueryEscape(pw)},
		{Method: "create_ticket", Kind: fault.Status, Status: 502, Body: "upstream said " + pw},
		{Method: "create_ticket", Kind: fault.ResetAfter},
		{Method: "create_ticket", Kind: fault.HTML},
		{Method: "list_queues", Kind: fault.Truncate, Times: 3},
	} {
		s.InjectFault(f)
		if f.Method == "list_queues" {
			_, err = c.ListQueues(ctx)
		} else {
			_, err = c.CreateTicket(ctx, newTicket)
		}
		if err == nil {
			t.Errorf("fault %v: no error", f.Kind)
		}
		check(err)
	}
	bad, _ := jutda.New(s.URL, jutda.WithPassword(user, pw+"x"), jutda.WithLogger(logger), jutda.WithLogBodies(true))
	_, err = bad.ListQueues(ctx)
	check(err)

	// The debug page did list the password: the client redacted it.
	var sawPage bool
	for _, call := range s.Calls() {
		if call.Status == 500 && strings.Contains(call.Body, html.EscapeString(pw)) {
			sawPage = true
		}
	}
	if !sawPage {
		t.Fatal("the debug page did not echo the password: the test proves nothing")
	}
	if logs.Len() == 0 || !strings.Contains(logs.String(), "[REDACTED]") {
		t.Fatalf("no redacted debug log: %q", logs.String())
	}
	for i, line := range strings.Split(logs.String(), "\n") {
		for _, f := range forms {
			if strings.Contains(line, f) {
				t.Errorf("log line %d shows the password (%q): %s", i, f, line)
			}
		}
	}
	nErrs := 0
	for _, err := range errs {
		if err == nil {
			continue
		}
		nErrs++
		for _, f := range forms {
			for _, msg := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(msg, f) {
					t.Errorf("error shows the password (%q): %s", f, msg)
				}
			}
		}
		var je *jutda.Error
		if errors.As(err, &je) && strings.Contains(je.Body, "S3cr") {
			t.Errorf("Error.Body shows the password: %q", je.Body)
		}
		var re *jutda.ResponseError
		if errors.As(err, &re) && strings.Contains(re.Body, "S3cr") {
			t.Errorf("ResponseError.Body shows the password: %q", re.Body)
		}
	}
	if nErrs < 10 {
		t.Errorf("only %d errors checked", nErrs)
	}

	// Printing the client.
	var slogged bytes.Buffer
	slog.New(slog.NewJSONHandler(&slogged, nil)).Info("client", "c", c)
	for _, out := range []string{fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%q", c),
		fmt.Sprintf("%v", *c), fmt.Sprintf("%+v", *c), fmt.Sprintf("%#v", *c), slogged.String()} {
		if strings.Contains(out, "S3cr") {
			t.Errorf("formatted client shows the password: %s", out)
		}
		if !strings.Contains(out, user) && !strings.Contains(out, "{") {
			t.Errorf("formatted client says nothing: %q", out)
		}
	}
}

// TestRedirectToOtherHostRefused: net/http replays a POST body on 307/308,
// so a redirect to another origin (host name or port) would hand it the
// password.
func TestRedirectToOtherHostRefused(t *testing.T) {
	var leaked atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		_, _ = w.Write([]byte("1"))
	}))
	defer evil.Close()
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1) // another host name, same machine
	s := newServer(t)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/real/"):
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/real")
			proxyTo(t, s.URL).ServeHTTP(w, r)
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			http.Redirect(w, r, "/real"+strings.TrimPrefix(r.URL.Path, "/moved"), http.StatusTemporaryRedirect)
		case strings.HasPrefix(r.URL.Path, "/port/"):
			// The same host, another port: another origin.
			http.Redirect(w, r, s.URL+strings.TrimPrefix(r.URL.Path, "/port"), http.StatusTemporaryRedirect)
		default:
			http.Redirect(w, r, evilURL+r.URL.Path, http.StatusPermanentRedirect)
		}
	}))
	defer front.Close()
	for _, hc := range []*http.Client{nil, {}} {
		opts := []jutda.Option{jutda.WithRetry(-1, 0, 0)}
		if hc != nil {
			opts = append(opts, jutda.WithHTTPClient(hc))
		}
		c, err := jutda.New(front.URL, append([]jutda.Option{jutda.WithPassword("api", "topsecret")}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateTicket(context.Background(), newTicket)
		if err == nil || !contains(err.Error(), "redirect refused") || leaked.Load() != 0 {
			t.Errorf("client %v: err %v, other host got %d requests", hc, err, leaked.Load())
		}
		port, err := jutda.New(front.URL+"/port", append([]jutda.Option{jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := port.CreateTicket(context.Background(), newTicket); err == nil || !contains(err.Error(), "redirect refused") {
			t.Errorf("client %v: redirect to another port: err %v, want refused", hc, err)
		}
		// A 307 within the origin is followed.
		same, err := jutda.New(front.URL+"/moved", append([]jutda.Option{jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := same.CreateTicket(context.Background(), newTicket); err != nil {
			t.Errorf("same-host redirect: %v", err)
		}
	}
	if n := len(s.Tickets()); n != 2 {
		t.Errorf("%d tickets through same-origin redirects and refused ones, want 2", n)
	}
}

// A Client, a copy of it (*c) and its options, printed with every verb
// (%s of a copy used to print the password through fmt's bad-verb
// dereference), logged, encoded and walked with reflection, show no
// password.
func TestPrintingClientAndCopyShowsNoSecret(t *testing.T) {
	const pw = "pw-Jutda-Print-Check-0042"
	opts := []jutda.Option{jutda.WithRetry(-1, 0, 0), jutda.WithCredentialFields("user", "password")}
	c, err := jutda.New("https://support.example.com/helpdesk", append([]jutda.Option{jutda.WithPassword("api", pw)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	cp := reflect.ValueOf(c).Elem().Interface() // *c, without vet's copylocks
	leaktest.Check(t, []string{pw}, c, cp, opts)
	if got := fmt.Sprintf("%s", cp); strings.Contains(got, pw) {
		t.Errorf("%%s of a copy: %s", got)
	}
}

// A hostile server echoing the form (password included) as a raw dump, an
// HTML debug page, JSON, a URL with the password in its query, or with the
// password at every offset from 150 to 250 (across the 200-byte snippet
// cut), on an error status and on a 200 that is not an id: no piece of the
// password in the error's Error(), %v, %+v, %#v, %s, %q, %x, slog, JSON,
// a reflection walk, the debug log lines or a recovered panic.
func TestHostileEchoesNeverLeak(t *testing.T) {
	const pw = "pw-Jutda-Hostile-Echo-5fa3c1"
	type echo struct {
		name   string
		status int
		body   func(form string, off int) string
	}
	echoes := []echo{
		{"raw dump", 500, func(form string, _ int) string { return "POST /api/create_ticket/\n\n" + form }},
		{"HTML debug page", 500, func(form string, _ int) string {
			return `<table><tr><td>password</td><td><pre>'` + html.EscapeString(pw) + `'</pre></td></tr></table>` + html.EscapeString(form)
		}},
		{"JSON", 400, func(form string, _ int) string {
			return `{"error": "bad form", "echo": "` + url.QueryEscape(form) + `", "pw": "` + pw + `"}`
		}},
		{"URL", 403, func(string, int) string {
			return "see https://support.example.com/login?next=/api/&password=" + url.QueryEscape(pw)
		}},
		{"not an id", 200, func(form string, _ int) string { return "<html>" + form + "</html>" }},
	}
	for off := 150; off <= 250; off++ {
		echoes = append(echoes, echo{fmt.Sprintf("straddling %d", off), 502, func(_ string, off int) string {
			return strings.Repeat("Bad gateway. ", off/13+1)[:off-1] + " " + pw + " was sent"
		}})
	}
	for i, e := range echoes {
		off := 150 + i - 5
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			w.WriteHeader(e.status)
			_, _ = io.WriteString(w, e.body(r.PostForm.Encode(), off))
		}))
		var logs bytes.Buffer
		c, err := jutda.New(ts.URL, jutda.WithPassword("api", pw), jutda.WithRetry(-1, 0, 0), jutda.WithLogBodies(true),
			jutda.WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.CreateTicket(t.Context(), newTicket)
		ts.Close()
		if err == nil {
			t.Fatalf("%s: no error", e.name)
		}
		leaktest.Check(t, []string{pw}, err)
		if l := leaktest.Leak(logs.String()+leaktest.Recovered(func() { panic(err) }), pw); l != "" {
			t.Errorf("%s: logs or panic show %s", e.name, l)
		}
	}
}
