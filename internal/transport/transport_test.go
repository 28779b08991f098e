package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
)

// fastRetry keeps tests quick: 1ms..20ms backoff.
var fastRetry = Retry{Max: 3, WaitMin: time.Millisecond, WaitMax: 20 * time.Millisecond}

// statusSequence answers the given statuses in order, then 200 "ok".
func statusSequence(t *testing.T, codes ...int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		i := int(n.Add(1)) - 1
		if i < len(codes) {
			w.WriteHeader(codes[i])
			_, _ = io.WriteString(w, "fail "+itoa(int64(codes[i])))
			return
		}
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestDoRetriesByPolicy(t *testing.T) {
	tests := []struct {
		name       string
		policy     Policy
		codes      []int
		wantStatus int
		wantCalls  int
	}{
		{"idempotent 500 then ok", Idempotent, []int{500}, 200, 2},
		{"idempotent 502 502 then ok", Idempotent, []int{502, 502}, 200, 3},
		{"idempotent 503 then ok", Idempotent, []int{503}, 200, 2},
		{"idempotent 429 then ok", Idempotent, []int{429}, 200, 2},
		{"idempotent exhausted returns last", Idempotent, []int{500, 502, 503, 504, 500}, 504, 4},
		{"idempotent 404 not retried", Idempotent, []int{404}, 404, 1},
		{"idempotent 400 not retried", Idempotent, []int{400}, 400, 1},
		{"idempotent 501 not retried", Idempotent, []int{501}, 501, 1},
		{"not idempotent 503 not retried", NotIdempotent, []int{503}, 503, 1},
		{"not idempotent 500 not retried", NotIdempotent, []int{500}, 500, 1},
		{"not idempotent 429 not retried", NotIdempotent, []int{429}, 429, 1},
		{"first try ok", NotIdempotent, nil, 200, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := statusSequence(t, tt.codes...)
			c := New(Config{Retry: fastRetry})
			resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "/x", Body: []byte("{}"), Policy: tt.policy})
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if got := int(n.Load()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
			if resp.Attempts != tt.wantCalls {
				t.Errorf("Attempts = %d, want %d", resp.Attempts, tt.wantCalls)
			}
			wantBody := "ok"
			if tt.wantStatus != 200 {
				wantBody = "fail " + itoa(int64(tt.wantStatus))
			}
			if string(resp.Body) != wantBody {
				t.Errorf("body = %q, want %q", resp.Body, wantBody)
			}
		})
	}
}

func TestRetryMaxDefault(t *testing.T) {
	srv, n := statusSequence(t, 500, 500, 500, 500, 500, 500)
	c := New(Config{Retry: Retry{WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
	resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 500 || n.Load() != 5 || resp.Attempts != 5 {
		t.Fatalf("status %d, calls %d, attempts %d; want 500, 5, 5 (1 + default 4 retries)", resp.StatusCode, n.Load(), resp.Attempts)
	}
}

func TestRetryMaxNegativeDisablesRetries(t *testing.T) {
	srv, n := statusSequence(t, 500, 500)
	c := New(Config{Retry: Retry{Max: -1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
	resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 500 || n.Load() != 1 || resp.Attempts != 1 {
		t.Fatalf("status %d, calls %d, attempts %d; want 500, 1, 1", resp.StatusCode, n.Load(), resp.Attempts)
	}
}

// closedURL returns the URL of a listener that is already closed, so every
// dial is refused.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return "http://" + addr + "/jsonrpc"
}

func TestNotIdempotentConnectionRefusedIsRetried(t *testing.T) {
	for _, p := range []Policy{Idempotent, NotIdempotent} {
		t.Run(p.String(), func(t *testing.T) {
			c := New(Config{Retry: fastRetry})
			_, err := c.Do(t.Context(), &Request{Method: "POST", URL: closedURL(t), Body: []byte("x"), Policy: p})
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if te.MaybeSent {
				t.Error("MaybeSent = true for a refused connection")
			}
			if te.Attempts != fastRetry.Max+1 {
				t.Errorf("Attempts = %d, want %d", te.Attempts, fastRetry.Max+1)
			}
			if te.Method != "POST" || te.Path != "/jsonrpc" {
				t.Errorf("Method/Path = %q %q", te.Method, te.Path)
			}
			var op *net.OpError
			if !errors.As(err, &op) || op.Op != "dial" {
				t.Errorf("errors.As(*net.OpError) failed or not dial: %v", err)
			}
		})
	}
}

// flakyDialer fails the first n dials with a dial error, then dials.
func flakyDialer(n int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var mu sync.Mutex
	left := n
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		mu.Lock()
		fail := left > 0
		left--
		mu.Unlock()
		if fail {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("injected refusal")}
		}
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}
}

func TestNotIdempotentDialErrorThenSuccess(t *testing.T) {
	srv, n := statusSequence(t)
	hc := &http.Client{Transport: &http.Transport{DialContext: flakyDialer(2)}}
	c := New(Config{HTTPClient: hc, Retry: fastRetry})
	resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL, Body: []byte("create"), Policy: NotIdempotent})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Attempts != 3 || n.Load() != 1 {
		t.Fatalf("status %d attempts %d calls %d; want 200 3 1", resp.StatusCode, resp.Attempts, n.Load())
	}
}

// hijackServer reads the whole request, then drops the connection without
// answering.
func hijackServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		n.Add(1)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestDroppedAfterWrite(t *testing.T) {
	tests := []struct {
		policy    Policy
		wantCalls int
	}{
		{NotIdempotent, 1},
		{Idempotent, fastRetry.Max + 1},
	}
	for _, tt := range tests {
		t.Run(tt.policy.String(), func(t *testing.T) {
			srv, n := hijackServer(t)
			c := New(Config{Retry: fastRetry})
			resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "/web/dataset/call_kw", Body: []byte(`{"method":"create"}`), Policy: tt.policy})
			if resp != nil {
				t.Fatalf("resp = %v, want nil", resp)
			}
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if !te.MaybeSent {
				t.Error("MaybeSent = false after the server read the request")
			}
			if te.Attempts != tt.wantCalls || int(n.Load()) != tt.wantCalls {
				t.Errorf("Attempts %d, server saw %d; want %d", te.Attempts, n.Load(), tt.wantCalls)
			}
			if !strings.Contains(err.Error(), "may have reached the server") {
				t.Errorf("error text %q does not say the request may have been applied", err)
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	const limit = 1 << 10
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantErr bool
	}{
		{"at limit", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(make([]byte, limit))
		}, false},
		{"content-length over limit", func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write(make([]byte, limit+1))
		}, true},
		{"chunked over limit", func(w http.ResponseWriter, r *http.Request) {
			for range 4 {
				_, _ = w.Write(make([]byte, limit/2+1))
				w.(http.Flusher).Flush()
			}
		}, true},
		{"endless stream", func(w http.ResponseWriter, r *http.Request) {
			chunk := make([]byte, 512)
			for {
				if _, err := w.Write(chunk); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				if r.Context().Err() != nil {
					return
				}
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := New(Config{MaxBodySize: limit, Retry: fastRetry})
			done := make(chan struct{})
			var resp *Response
			var err error
			go func() {
				defer close(done)
				resp, err = c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Do did not cut off the body")
			}
			if !tt.wantErr {
				if err != nil || len(resp.Body) != limit {
					t.Fatalf("err %v, body %d bytes", err, len(resp.Body))
				}
				return
			}
			if !errors.Is(err, deskbridge.ErrBodyTooLarge) {
				t.Fatalf("err = %v, want deskbridge.ErrBodyTooLarge", err)
			}
			var be *BodyTooLargeError
			if !errors.As(err, &be) || be.Limit != limit {
				t.Fatalf("BodyTooLargeError = %+v", be)
			}
			var te *Error
			if !errors.As(err, &te) || te.Attempts != 1 {
				t.Fatalf("want *Error after 1 attempt (a too-large body is not retried), got %v", err)
			}
		})
	}
}

func TestHeadWithLargeContentLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1073741824")
	}))
	defer srv.Close()
	c := New(Config{MaxBodySize: 1024})
	resp, err := c.Do(t.Context(), &Request{Method: http.MethodHead, URL: srv.URL})
	if err != nil {
		t.Fatalf("HEAD: %v", err)
	}
	if resp.StatusCode != 200 || len(resp.Body) != 0 || resp.Header.Get("Content-Length") != "1073741824" {
		t.Fatalf("resp = %v, %v", resp, resp.Header)
	}
}

func TestUserAgent(t *testing.T) {
	tests := []struct {
		cfgUA, callerUA, want string
	}{
		{"", "", "deskbridge/" + Version + " (+go)"},
		{"myapp/1.2", "", "myapp/1.2 deskbridge/" + Version + " (+go)"},
		{"myapp/1.2", "curl/8", "myapp/1.2 deskbridge/" + Version + " (+go)"},
	}
	for _, tt := range tests {
		var got atomic.Value
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got.Store(r.Header.Get("User-Agent"))
		}))
		c := New(Config{UserAgent: tt.cfgUA})
		h := http.Header{}
		if tt.callerUA != "" {
			h.Set("User-Agent", tt.callerUA)
		}
		if _, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL, Header: h}); err != nil {
			t.Fatal(err)
		}
		srv.Close()
		if got.Load() != tt.want || c.UserAgent() != tt.want {
			t.Errorf("UA sent %q, UserAgent() %q, want %q", got.Load(), c.UserAgent(), tt.want)
		}
		if tt.callerUA != "" && h.Get("User-Agent") != tt.callerUA {
			t.Error("Do modified the caller's header")
		}
	}
}

// countingRT counts requests and delegates.
type countingRT struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (c *countingRT) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	r = r.Clone(r.Context())
	r.Header.Set("X-Via", "counting")
	return c.next.RoundTrip(r)
}

func TestCallerHTTPClientIsUsedNotMutated(t *testing.T) {
	var via atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusFound)
			return
		}
		via.Store(r.Header.Get("X-Via"))
	}))
	defer srv.Close()
	rt := &countingRT{next: http.DefaultTransport}
	var redirects atomic.Int32
	check := func(*http.Request, []*http.Request) error { redirects.Add(1); return nil }
	hc := &http.Client{Transport: rt, CheckRedirect: check, Timeout: time.Minute}
	c := New(Config{HTTPClient: hc})
	resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + "/old"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || rt.n.Load() != 2 || redirects.Load() != 1 || via.Load() != "counting" {
		t.Fatalf("status %d, rt calls %d, redirects %d, via %v", resp.StatusCode, rt.n.Load(), redirects.Load(), via.Load())
	}
	if hc.Transport != rt || hc.Timeout != time.Minute || hc.Jar != nil {
		t.Fatal("caller's http.Client was modified")
	}
}

func TestInvalidURLHasNoSecret(t *testing.T) {
	c := New(Config{})
	for _, u := range []string{"::bad\x7f?password=hunter2", "/relative?token=hunter2", "http://h/%zz?password=hunter2"} {
		_, err := c.Do(t.Context(), &Request{Method: "GET", URL: u})
		var te *Error
		if !errors.As(err, &te) {
			t.Fatalf("%q: err = %v, want *Error", u, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("%q: error leaks the secret: %v", u, err)
		}
	}
}

func TestConcurrentDo(t *testing.T) {
	srv, n := statusSequence(t, 500, 503)
	c := New(Config{Retry: fastRetry, Logger: discardDebugLogger()})
	c.AddSecret("s3cret")
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := Idempotent
			if i%2 == 1 {
				p = NotIdempotent
			}
			resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL + "?token=s3cret", Body: []byte("password=s3cret"), Policy: p})
			if err != nil {
				t.Error(err)
				return
			}
			if resp.Attempts < 1 {
				t.Error("Attempts not set")
			}
		}()
	}
	wg.Wait()
	if n.Load() < 16 {
		t.Fatalf("server saw %d requests", n.Load())
	}
}

func discardDebugLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// dropListener accepts connections, reads one byte (the start of a
// ClientHello or of a request line) and closes them: the TLS handshake or
// the request cannot complete.
func dropListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = conn.Read(make([]byte, 1))
			_ = conn.Close()
		}
	}()
	t.Cleanup(func() { _ = ln.Close(); <-done })
	return ln.Addr().String()
}

func TestTLSAndEarlyDrop(t *testing.T) {
	addr := dropListener(t)
	tests := []struct {
		name          string
		url           string
		policy        Policy
		wantAttempts  int
		wantMaybeSent bool
	}{
		// The TLS handshake fails: no request byte was written.
		{"tls handshake not idempotent", "https://" + addr + "/x", NotIdempotent, fastRetry.Max + 1, false},
		// Plain HTTP: the server read the start of the request; what it did
		// with it is unknown.
		{"plain drop not idempotent", "http://" + addr + "/x", NotIdempotent, 1, true},
		{"plain drop idempotent", "http://" + addr + "/x", Idempotent, fastRetry.Max + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(Config{Retry: fastRetry})
			_, err := c.Do(t.Context(), &Request{Method: "POST", URL: tt.url, Body: []byte("x"), Policy: tt.policy})
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if te.Attempts != tt.wantAttempts || te.MaybeSent != tt.wantMaybeSent {
				t.Fatalf("Attempts %d MaybeSent %v, want %d %v (%v)", te.Attempts, te.MaybeSent, tt.wantAttempts, tt.wantMaybeSent, err)
			}
		})
	}
}

func TestTLSCertificate(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.WriteString(w, "tls ok")
	}))
	defer srv.Close()

	// Default client: the test certificate is not trusted, and a retry
	// cannot change that.
	_, err := New(Config{Retry: fastRetry}).Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	var te *Error
	if !errors.As(err, &te) || te.Attempts != 1 || te.MaybeSent {
		t.Fatalf("untrusted cert: err = %v, want *Error after 1 attempt, not sent", err)
	}
	// The caller's client trusts it: its TLS config is used.
	resp, err := New(Config{HTTPClient: srv.Client()}).Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
	if err != nil || string(resp.Body) != "tls ok" || n.Load() != 1 {
		t.Fatalf("caller's TLS client: %v, calls %d", err, n.Load())
	}
}

func TestHostHeaderAndNilArgs(t *testing.T) {
	var host atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { host.Store(r.Host) }))
	defer srv.Close()
	c := New(Config{})
	if _, err := c.Do(t.Context(), &Request{URL: srv.URL, Header: http.Header{"Host": {"odoo.example.com"}}}); err != nil {
		t.Fatal(err)
	}
	if host.Load() != "odoo.example.com" {
		t.Errorf("Host = %v", host.Load())
	}
	var te *Error
	if _, err := c.Do(t.Context(), nil); !errors.As(err, &te) {
		t.Errorf("nil Request: %v", err)
	}
	//lint:ignore SA1012 testing the nil guard
	if _, err := c.Do(nil, &Request{URL: srv.URL}); !errors.As(err, &te) { //nolint:staticcheck
		t.Errorf("nil Context: %v", err)
	}
}

var errNoRedirect = errors.New("redirects refused")

func TestCallerCheckRedirect(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Redirect(w, r, "/elsewhere?session_id=s3cr3t", http.StatusFound)
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		check   func(*http.Request, []*http.Request) error
		wantErr error
	}{
		{"error is not retried", func(*http.Request, []*http.Request) error { return errNoRedirect }, errNoRedirect},
		{"use last response", func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n.Store(0)
			c := New(Config{HTTPClient: &http.Client{CheckRedirect: tt.check}, Retry: fastRetry})
			resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL + "/login"})
			if n.Load() != 1 {
				t.Errorf("server saw %d requests, want 1", n.Load())
			}
			if tt.wantErr != nil {
				var te *Error
				if !errors.Is(err, tt.wantErr) || !errors.As(err, &te) || te.Attempts != 1 {
					t.Fatalf("err = %v, want %v after 1 attempt", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("error leaks the redirect URL's session: %v", err)
				}
				return
			}
			if err != nil || resp.StatusCode != http.StatusFound {
				t.Fatalf("resp %v err %v, want the 302", resp, err)
			}
		})
	}
}

// A reply cut in the middle of its body is a transport failure: retried
// for reads, reported (MaybeSent) for writes.
func TestTruncatedBody(t *testing.T) {
	tests := []struct {
		policy    Policy
		wantCalls int32
	}{
		{Idempotent, 2},
		{NotIdempotent, 1},
	}
	for _, tt := range tests {
		t.Run(tt.policy.String(), func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Content-Length", "100")
					_, _ = io.WriteString(w, `{"result": [`)
					w.(http.Flusher).Flush()
					panic(http.ErrAbortHandler) // drop the connection
				}
				_, _ = io.WriteString(w, `{"result": []}`)
			}))
			defer srv.Close()
			c := New(Config{Retry: fastRetry})
			resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: srv.URL, Body: []byte("{}"), Policy: tt.policy})
			if n.Load() != tt.wantCalls {
				t.Fatalf("server saw %d requests, want %d", n.Load(), tt.wantCalls)
			}
			if tt.policy == Idempotent {
				if err != nil || string(resp.Body) != `{"result": []}` || resp.Attempts != 2 {
					t.Fatalf("resp %v err %v", resp, err)
				}
				return
			}
			var te *Error
			if !errors.As(err, &te) || !te.MaybeSent || te.Attempts != 1 || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("err = %v, want *Error{MaybeSent, 1 attempt} wrapping io.ErrUnexpectedEOF", err)
			}
		})
	}
}

func TestRetryOptionZeroDisablesRetries(t *testing.T) {
	for _, max := range []int{0, -1} {
		srv, n := statusSequence(t, 500, 500)
		c := New(Config{Retry: RetryOption(max, time.Millisecond, time.Millisecond)})
		resp, err := c.Do(t.Context(), &Request{Method: "GET", URL: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 500 || n.Load() != 1 || resp.Attempts != 1 {
			t.Fatalf("RetryOption(%d): status %d, calls %d, attempts %d; want 500, 1, 1", max, resp.StatusCode, n.Load(), resp.Attempts)
		}
	}
}
