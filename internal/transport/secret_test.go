package transport

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/leaktest"
)

// A copy of a Client, printed with any verb or walked with reflection,
// shows none of its registered secrets: the forms to mask live in a
// closure.
func TestClientCopyShowsNoSecret(t *testing.T) {
	c := New(Config{UserAgent: "app/1"})
	secrets := []string{"hunter2-correct-horse", "api-KEY-0123456789abcdef"}
	for _, s := range secrets {
		c.AddSecret(s)
	}
	cp := reflect.ValueOf(c).Elem().Interface() // a copy, without vet's copylocks
	leaktest.Check(t, secrets, c, cp)
	if c.secrets.count() != 2 {
		t.Errorf("count = %d", c.secrets.count())
	}
}

// Password "admin", Odoo's default: masked as a value and as a word, never
// inside other words.
func TestShortSecretMaskedOnlyAsValueOrWord(t *testing.T) {
	c := New(Config{})
	c.AddSecret("admin")
	c.AddSecret("odoo")
	tests := []struct{ in, want string }{
		{"Contact your administrator", "Contact your administrator"},
		{"The method 'admin_tool' does not exist", "The method 'admin_tool' does not exist"},
		{"sysadmin and admins", "sysadmin and admins"},
		{"user admin refused", "user [REDACTED] refused"},
		{`{"login":"admin","db":"x"}`, `{"login":"[REDACTED]","db":"x"}`},
		{"db=x&login=admin&x=1", "db=x&login=[REDACTED]&x=1"},
		{`<input value="admin">`, `<input value="[REDACTED]">`},
		{"admin", "[REDACTED]"},
		{"Basic YWRtaW4=", "Basic [REDACTED]"},
		{"odoo.example.com serves odoo_db", "[REDACTED].example.com serves odoo_db"},
	}
	for _, tt := range tests {
		if got := c.Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// encodings are the ways a server or page can echo a secret.
var encodings = []struct {
	name string
	enc  func(s string) string
}{
	{"raw", func(s string) string { return s }},
	{"json", func(s string) string { b, _ := json.Marshal(s); return string(b[1 : len(b)-1]) }},
	{"python json", func(s string) string { return asciiJSON(plainJSON(s)) }},
	{"json slash", func(s string) string { return strings.ReplaceAll(plainJSON(s), "/", `\/`) }},
	{"html", html.EscapeString},
	{"django html", djangoEscaper.Replace},
	{"query +", url.QueryEscape},
	{"query %20", func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }},
	{"query lower hex", func(s string) string { return lowerHexEscapes(url.QueryEscape(s)) }},
	{"path", url.PathEscape},
	{"base64", func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }},
	{"base64 raw", func(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) }},
	{"base64url", func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) }},
	{"base64url raw", func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }},
	// HTTP Basic and other base64 texts holding the secret at each of the
	// three byte alignments.
	{"basic", func(s string) string { return base64.StdEncoding.EncodeToString([]byte("alice:" + s)) }},
	{"basic2", func(s string) string { return base64.StdEncoding.EncodeToString([]byte("bob:" + s)) }},
	{"basic3", func(s string) string { return base64.URLEncoding.EncodeToString([]byte("dave:" + s + "\x00")) }},
}

// plainJSON is s JSON-escaped without Go's HTML escapes, as Python and
// most servers write it.
func plainJSON(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSpace(b.String())
	return out[1 : len(out)-1]
}

// Every secret in every encoding, as a value (in JSON, a form, HTML, after
// an auth scheme) and glued to letters inside a longer text: masked whole.
// Glued to letters only the base64 forms and secrets of 16 bytes or more
// are masked (a shorter secret there may be part of a word).
func TestRedactEveryEncoding(t *testing.T) {
	secrets := []string{`p@ss "wörd"/&<x> +`, "sk_live_0123456789/ABCDEF+ghij", "s3ssion-id-ffee"}
	c := New(Config{})
	for _, s := range secrets {
		c.AddSecret(s)
	}
	for _, s := range secrets {
		for _, e := range encodings {
			form := e.enc(s)
			for _, ctx := range []string{"echo: %s.", `{"x": "%s"}`, "a=%s&b=1", "<td>%s</td>", "Basic %s", "blob:QUJD%sQUJD"} {
				glued := strings.HasPrefix(ctx, "blob")
				if glued && len(s) < minFreeSecret && !strings.HasPrefix(e.name, "base64") && !strings.HasPrefix(e.name, "basic") {
					continue
				}
				in := fmt.Sprintf(ctx, form)
				out := c.Redact(in)
				if l := leaktest.Leak(out, s); l != "" {
					t.Errorf("%s in %q: %s survives: %q", e.name, ctx, l, out)
				}
				if !strings.HasPrefix(e.name, "basic") && !strings.HasPrefix(e.name, "base64") {
					if l := leaktest.Leak(out, form); l != "" {
						t.Errorf("%s in %q: %s of the encoded form survives: %q", e.name, ctx, l, out)
					}
				}
			}
		}
	}
}

func TestRedactValueDeep(t *testing.T) {
	c := New(Config{})
	const pw = "hunter2-correct-horse"
	c.AddSecret(pw)
	type inner struct{ Note string }
	type errLike struct {
		Message   string
		Arguments []any
		Data      map[string]any
		In        *inner
		Vals      [2]string
		private   string
	}
	e := &errLike{
		Message:   "bad " + pw,
		Arguments: []any{"x " + pw, []any{map[string]any{"pw": pw, pw: 1}, []any{[]any{pw}}}, 3.0, inner{Note: pw}},
		Data:      map[string]any{"debug": "tb " + pw, "ctx": map[string]any{"password": pw}},
		In:        &inner{Note: pw},
		Vals:      [2]string{pw, "ok"},
		private:   "untouched",
	}
	c.RedactValue(e)
	var all []string
	leaktest.Walk(reflect.ValueOf(e), 0, map[uintptr]bool{}, func(s string) { all = append(all, s) })
	if l := leaktest.Leak(strings.Join(all, " "), pw); l != "" {
		t.Errorf("%s survives RedactValue: %#v", l, e)
	}
	if e.Vals[1] != "ok" || e.private != "untouched" || e.Arguments[2] != 3.0 {
		t.Errorf("RedactValue changed what holds no secret: %#v", e)
	}
	c.RedactValue(nil)
}

// A 307 to another port of the same host, or to another host name, gets
// nothing: no body, no Authorization, no cookie. The call fails with
// deskbridge.ErrRedirectRefused naming the refused origin.
func TestRedirectToAnotherOriginSendsNothing(t *testing.T) {
	var other atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.Add(1)
		b, _ := io.ReadAll(r.Body)
		t.Errorf("another origin got %s %s, Authorization %q, Cookie %q, body %q", r.Method, r.URL, r.Header.Get("Authorization"), r.Header.Get("Cookie"), b)
	}))
	defer elsewhere.Close()
	var origin atomic.Int32
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin.Add(1)
		switch r.URL.Path {
		case "/port":
			http.Redirect(w, r, elsewhere.URL+"/steal", http.StatusTemporaryRedirect)
		case "/host":
			http.Redirect(w, r, strings.Replace(srvURL, "127.0.0.1", "localhost", 1)+"/steal", http.StatusTemporaryRedirect)
		case "/steal":
			b, _ := io.ReadAll(r.Body)
			t.Errorf("same port, other host name got Authorization %q, body %q", r.Header.Get("Authorization"), b)
		}
	}))
	defer srv.Close()
	srvURL = srv.URL
	c := New(Config{Retry: fastRetry})
	for _, path := range []string{"/port", "/host"} {
		origin.Store(0)
		_, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + path, Policy: Idempotent,
			Header: http.Header{"Authorization": {"bearer KEY-0123456789"}, "Cookie": {"session_id=SID-0123456789"}},
			Body:   []byte(`{"password":"hunter2-correct-horse"}`)})
		if !errors.Is(err, deskbridge.ErrRedirectRefused) || !strings.Contains(err.Error(), "another origin") {
			t.Fatalf("%s: err = %v, want deskbridge.ErrRedirectRefused to another origin", path, err)
		}
		if l := leaktest.Leak(err.Error(), "KEY-0123456789", "SID-0123456789", "hunter2-correct-horse"); l != "" {
			t.Errorf("%s: error shows %s", path, l)
		}
		if origin.Load() != 1 {
			t.Errorf("%s: origin saw %d requests, want 1", path, origin.Load())
		}
	}
	if other.Load() != 0 {
		t.Errorf("the other port saw %d requests", other.Load())
	}
}

func TestOriginComparison(t *testing.T) {
	mk := func(u string) *http.Request { r, _ := http.NewRequest("POST", u, nil); return r }
	tests := []struct {
		from, to string
		ok       bool
	}{
		{"https://odoo.example.com/x", "https://odoo.example.com/y", true},
		{"https://odoo.example.com/x", "https://ODOO.example.com:443/y", true},
		{"http://odoo.example.com/x", "http://odoo.example.com:80/y", true},
		{"https://odoo.example.com/x", "https://odoo.example.com:8443/x", false},
		{"http://127.0.0.1:8069/x", "http://127.0.0.1:8070/x", false},
		{"https://odoo.example.com/x", "http://odoo.example.com/x", false},
		{"http://odoo.example.com/x", "https://odoo.example.com/x", false},
		{"https://odoo.example.com/x", "https://evil.example.net/x", false},
	}
	for _, tt := range tests {
		err := SafeRedirect(mk(tt.to), []*http.Request{mk(tt.from)})
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, deskbridge.ErrRedirectRefused)) {
			t.Errorf("%s -> %s: err = %v, want allowed %v", tt.from, tt.to, err, tt.ok)
		}
	}
}

// zeros is an endless body of n zero bytes read in small pieces, like a
// chunked reply.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), z.n, 32<<10)]
	clear(p)
	z.n -= int64(len(p))
	return len(p), nil
}

// allocated returns the bytes f allocates (runtime.MemStats.TotalAlloc),
// an upper bound of the heap it adds at its peak: the least of three runs,
// as TotalAlloc also counts what other goroutines (a previous test's
// server winding down) allocate meanwhile.
func allocated(f func()) uint64 {
	best := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

// A lying Content-Length costs the head start, not what it announces; a
// body over the cap costs the cap, not 1.5 or 2 times it.
func TestReadBodyMemory(t *testing.T) {
	const mib = 1 << 20
	lying := func() {
		resp := &http.Response{Body: io.NopCloser(strings.NewReader("0123456789")), ContentLength: 32 * mib}
		if b, err := readBody(resp, DefaultMaxBodySize); err != nil || string(b) != "0123456789" {
			t.Fatalf("readBody = %q, %v", b, err)
		}
	}
	if got := allocated(func() {
		for range 10 {
			lying()
		}
	}) / 10; got > raceFactor*(bodyHeadStart+4<<10) {
		t.Errorf("a 10-byte reply announcing 32 MiB allocates %d bytes, want at most %d", got, raceFactor*(bodyHeadStart+4<<10))
	}
	if n := testing.AllocsPerRun(10, lying); n > raceFactor*4 {
		t.Errorf("%.0f allocations per lying reply", n)
	}

	over := func() {
		resp := &http.Response{Body: io.NopCloser(&zeros{100 * mib}), ContentLength: -1}
		if _, err := readBody(resp, DefaultMaxBodySize); !errors.Is(err, deskbridge.ErrBodyTooLarge) {
			t.Fatalf("100 MiB against 64 MiB: err = %v", err)
		}
	}
	if got, limit := allocated(over), uint64(raceFactor*(DefaultMaxBodySize*3/2)); got > limit {
		t.Errorf("a 100 MiB chunked reply against the 64 MiB cap allocated %.1f MiB, want under %.0f MiB", float64(got)/mib, float64(limit)/mib)
	} else {
		t.Logf("100 MiB chunked reply against the 64 MiB cap: %.1f MiB allocated", float64(got)/mib)
	}

	for _, n := range []int64{0, 1, bodyHeadStart - 1, bodyHeadStart, bodyHeadStart + 1, 2*bodyHeadStart + 1, 3*mib + 7} {
		for _, cl := range []int64{-1, n} {
			var b []byte
			var err error
			got := allocated(func() {
				b, err = readBody(&http.Response{Body: io.NopCloser(&zeros{n}), ContentLength: cl}, DefaultMaxBodySize)
			})
			if err != nil || int64(len(b)) != n {
				t.Fatalf("%d bytes (Content-Length %d): %d bytes, %v", n, cl, len(b), err)
			}
			// Chunks double, so the last may be half empty: 2n at most
			// without a length, plus n to join them; with a length, n/2
			// of chunks and the one buffer of n.
			limit := uint64(raceFactor * (3*n + 2*bodyHeadStart))
			if cl >= 0 {
				limit = uint64(raceFactor * (3*n/2 + 2*bodyHeadStart))
			}
			if got > limit {
				t.Errorf("%d bytes (Content-Length %d): %d allocated, want at most %d", n, cl, got, limit)
			}
		}
	}
	// A Content-Length shorter than the body: the extra bytes are read
	// (net/http would have stopped at the length; a caller's RoundTripper
	// might not) and still bounded by the cap.
	resp := &http.Response{Body: io.NopCloser(&zeros{2000}), ContentLength: 10}
	if b, err := readBody(resp, 1000); !errors.Is(err, deskbridge.ErrBodyTooLarge) {
		t.Errorf("2000 bytes announced as 10 against a cap of 1000: %d bytes, %v", len(b), err)
	}
}

// The same through Do and a real chunked reply.
func TestDoChunkedOverCapMemory(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 32<<10)
		for range (100 << 20) / len(buf) {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := New(Config{Retry: Retry{Max: -1}})
	got := allocated(func() {
		if _, err := c.Do(t.Context(), &Request{URL: srv.URL}); !errors.Is(err, deskbridge.ErrBodyTooLarge) {
			t.Fatalf("err = %v, want deskbridge.ErrBodyTooLarge", err)
		}
	})
	if limit := uint64(raceFactor * (DefaultMaxBodySize * 3 / 2)); got > limit {
		t.Errorf("Do of a 100 MiB chunked reply allocated %.1f MiB, want under %.0f MiB", float64(got)/(1<<20), float64(limit)/(1<<20))
	} else {
		t.Logf("Do of a 100 MiB chunked reply against the 64 MiB cap: %.1f MiB allocated", float64(got)/(1<<20))
	}
}
