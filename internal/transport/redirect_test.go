package transport

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/deskbridge/deskbridge"
)

// A 307/308 to another host never gets
// the request body (it carries the password): the redirect is refused with
// deskbridge.ErrRedirectRefused, after one attempt, and the other host sees nothing.
// Same-host redirects are followed.
func TestSafeRedirectDefault(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.Add(1)
		b, _ := io.ReadAll(r.Body)
		t.Errorf("the other host got %s %s with body %q", r.Method, r.URL, b)
	}))
	defer elsewhere.Close()
	var origin atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin.Add(1)
		switch r.URL.Path {
		case "/away":
			// another host name for the same machine
			other := strings.Replace(elsewhere.URL, "127.0.0.1", "localhost", 1)
			http.Redirect(w, r, other+"/steal?session_id=s3cr3t", http.StatusTemporaryRedirect)
		case "/here":
			http.Redirect(w, r, "/final", http.StatusPermanentRedirect)
		case "/final":
			b, _ := io.ReadAll(r.Body)
			_, _ = w.Write(b)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		}
	}))
	defer srv.Close()

	c := New(Config{Retry: fastRetry})
	body := []byte("login=admin&password=hunter2")

	// The check holds even when the caller's own policy follows everything.
	followAll := New(Config{Retry: fastRetry, HTTPClient: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}})
	for i, c := range []*Client{c, followAll} {
		origin.Store(0)
		_, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "/away", Body: body, Policy: Idempotent})
		var te *Error
		if !errors.Is(err, deskbridge.ErrRedirectRefused) || !errors.As(err, &te) || te.Attempts != 1 {
			t.Fatalf("client %d, cross-host 307: err = %v, want deskbridge.ErrRedirectRefused after 1 attempt", i, err)
		}
		if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error leaks a secret: %v", err)
		}
		if other.Load() != 0 || origin.Load() != 1 {
			t.Errorf("client %d: origin saw %d requests, other host %d; want 1 and 0", i, origin.Load(), other.Load())
		}
	}

	resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "/here", Body: body, Policy: Idempotent})
	if err != nil || resp.StatusCode != 200 || string(resp.Body) != string(body) {
		t.Fatalf("same-host 308: resp %+v err %v, want the body echoed", resp, err)
	}

	if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + "/loop"}); !errors.Is(err, deskbridge.ErrRedirectRefused) {
		t.Errorf("redirect loop: err = %v, want deskbridge.ErrRedirectRefused", err)
	}
}

func TestSafeRedirectDowngrade(t *testing.T) {
	mk := func(u string) *http.Request { r, _ := http.NewRequest("POST", u, nil); return r }
	if err := SafeRedirect(mk("http://odoo.example.com/jsonrpc"), []*http.Request{mk("https://odoo.example.com/jsonrpc")}); !errors.Is(err, deskbridge.ErrRedirectRefused) {
		t.Errorf("https -> http: %v, want deskbridge.ErrRedirectRefused", err)
	}
	// Another port is another origin (TestOriginComparison has the rest).
	if err := SafeRedirect(mk("https://odoo.example.com:8443/x"), []*http.Request{mk("https://odoo.example.com/x")}); !errors.Is(err, deskbridge.ErrRedirectRefused) {
		t.Errorf("another port of the same host: %v, want deskbridge.ErrRedirectRefused", err)
	}
	if err := SafeRedirect(mk("https://evil.example.net/x"), []*http.Request{mk("https://odoo.example.com/x")}); !errors.Is(err, deskbridge.ErrRedirectRefused) {
		t.Errorf("another host: %v, want deskbridge.ErrRedirectRefused", err)
	}
}

// A debug page (Django, Werkzeug) echoes posted fields HTML-escaped: a
// registered secret is redacted in that form too.
func TestRedactHTMLEscapedSecret(t *testing.T) {
	c := New(Config{})
	c.AddSecret(`p<w>&"1'`)
	for _, page := range []string{
		`<td>password</td><td>p&lt;w&gt;&amp;&#34;1&#39;</td>`,   // markupsafe, Go
		`<td>password</td><td>p&lt;w&gt;&amp;&quot;1&#x27;</td>`, // Django
	} {
		if got := c.Redact(page); strings.Contains(got, "p&lt;w&gt;") {
			t.Errorf("Redact(%q) = %q, the HTML-escaped secret is still there", page, got)
		}
	}
}
