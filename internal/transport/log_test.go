package transport

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsAndErrorsNeverShowSecrets drives requests that carry a secret in
// every place the issue lists through a server that echoes them back, and
// checks every log line (text and JSON handlers) and every error string.
func TestLogsAndErrorsNeverShowSecrets(t *testing.T) {
	secrets := []string{
		"FORMPASS1", "CLIENTSEC2", "JSONPASS3", "QUERYKEY4", "QSESSION5",
		"BEARERTOK6", "COOKIESESS7", "ARGSECRET8", "SETCOOKIE9", "USERINFO10", "ERRTOKEN11", "APIKEYHDR12",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Set-Cookie", "session_id=SETCOOKIE9; Path=/; HttpOnly")
		w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
		if r.URL.Path == "/hijack" {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.Close()
			return
		}
		_, _ = w.Write(body) // echo: the response body carries the secrets too
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	for _, handler := range []string{"text", "json"} {
		t.Run(handler, func(t *testing.T) {
			var buf syncBuffer
			opts := &slog.HandlerOptions{Level: slog.LevelDebug}
			var h slog.Handler = slog.NewTextHandler(&buf, opts)
			if handler == "json" {
				h = slog.NewJSONHandler(&buf, opts)
			}
			c := New(Config{Logger: slog.New(h), LogBodies: true, Retry: Retry{Max: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
			c.AddSecret("ARGSECRET8")
			reqs := []*Request{
				{Method: "POST", URL: srv.URL + "/api/v2/authentication/oauth2/token",
					Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}},
					Body:   []byte("grant_type=password&username=bob&password=FORMPASS1&client_id=app&client_secret=CLIENTSEC2")},
				{Method: "POST", URL: srv.URL + "/web/session/authenticate",
					Header: http.Header{"Content-Type": {"application/json"}},
					Body:   []byte(`{"jsonrpc":"2.0","method":"call","params":{"db":"odoo","login":"bob","password":"JSONPASS3"}}`)},
				{Method: "GET", URL: srv.URL + "/api/tickets?api_key=QUERYKEY4&session_id=QSESSION5&limit=5"},
				{Method: "POST", URL: srv.URL + "/json/2/res.partner/search_read",
					Header: http.Header{"Authorization": {"bearer BEARERTOK6"}, "X-Api-Key": {"APIKEYHDR12"}},
					Body:   []byte(`{"domain":[]}`)},
				{Method: "POST", URL: srv.URL + "/web/dataset/call_kw/res.partner/read",
					Header: http.Header{"Cookie": {"session_id=COOKIESESS7; frontend_lang=en"}},
					Body:   []byte(`{}`)},
				{Method: "POST", URL: srv.URL + "/jsonrpc",
					Body: []byte(`{"jsonrpc":"2.0","method":"call","params":{"service":"object","method":"execute_kw","args":["odoo",2,"ARGSECRET8","res.partner","read",[[1]]]}}`)},
				{Method: "GET", URL: "http://bob:USERINFO10@" + host + "/x"},
			}
			for _, r := range reqs {
				resp, err := c.Do(t.Context(), r)
				if err != nil {
					t.Fatalf("%s: %v", r.URL, err)
				}
				if resp.StatusCode != 200 {
					t.Fatalf("%s: status %d", r.URL, resp.StatusCode)
				}
			}
			// Failures: refused connection and a dropped one, both with a
			// secret in the query.
			var errs []error
			for _, u := range []string{closedURL(t) + "?token=ERRTOKEN11", srv.URL + "/hijack?token=ERRTOKEN11&password=FORMPASS1"} {
				_, err := c.Do(t.Context(), &Request{Method: "POST", URL: u, Body: []byte("password=FORMPASS1"), Policy: NotIdempotent})
				var te *Error
				if !errors.As(err, &te) {
					t.Fatalf("%v: want *Error", err)
				}
				errs = append(errs, err)
			}
			out := buf.String()
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Errorf("log output contains %s:\n%s", s, out)
				}
				for _, err := range errs {
					for _, text := range []string{err.Error(), strings.TrimSpace(fmtAll(err))} {
						if strings.Contains(text, s) {
							t.Errorf("error contains %s: %s", s, text)
						}
					}
				}
			}
			// The logs must actually be there, or the test proves nothing.
			for _, want := range []string{"transport: attempt", "/web/session/authenticate", "attempt", "status", "200", "duration", redacted, "request_body", "response_body", "bob", "not-idempotent", "connection refused"} {
				if !strings.Contains(out, want) {
					t.Errorf("log output lacks %q:\n%s", want, out)
				}
			}
			if lines := strings.Count(out, "transport: attempt"); lines < len(reqs)+2 {
				t.Errorf("%d log lines, want at least %d", lines, len(reqs)+2)
			}
		})
	}
}

func fmtAll(err error) string {
	var b strings.Builder
	for e := err; e != nil; e = errors.Unwrap(e) {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestLogTruncatesBodies(t *testing.T) {
	big := strings.Repeat("a", 3*maxLogBody)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, big)
	}))
	defer srv.Close()
	var buf syncBuffer
	c := New(Config{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), LogBodies: true})
	resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	if err != nil || len(resp.Body) != len(big) {
		t.Fatalf("err %v", err)
	}
	out := buf.String()
	if !strings.Contains(out, "truncated") || len(out) > 2*maxLogBody {
		t.Fatalf("log line of %d bytes, want truncated body", len(out))
	}
}

func TestNoLoggerNoLogBodiesAtInfo(t *testing.T) {
	srv, _ := countingServer(t)
	var buf syncBuffer
	c := New(Config{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})), LogBodies: true})
	if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "" {
		t.Fatalf("logged at Info level: %s", buf.String())
	}
	c = New(Config{}) // nil Logger: must not panic
	if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
}

func TestLogLinePerAttempt(t *testing.T) {
	srv, _ := statusSequence(t, 502, 429)
	var buf syncBuffer
	c := New(Config{Retry: fastRetry, Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + "/web/version?password=x"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3:\n%s", len(lines), buf.String())
	}
	for i, want := range []string{"attempt=1 policy=idempotent status=502", "attempt=2 policy=idempotent status=429", "attempt=3 policy=idempotent status=200"} {
		if !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "method=GET") || !strings.Contains(lines[i], "/web/version?password=[REDACTED]") || !strings.Contains(lines[i], "duration=") {
			t.Errorf("line %d = %s, want %q, method, redacted URL and duration", i, lines[i], want)
		}
		if strings.Contains(lines[i], "request_body") {
			t.Errorf("bodies logged without LogBodies: %s", lines[i])
		}
	}
}
