package transport

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/time/rate"
)

// Version is the SDK version reported in the User-Agent header.
const Version = "0.1.0"

// DefaultMaxBodySize caps a response body when Config.MaxBodySize is zero.
const DefaultMaxBodySize int64 = 64 << 20

// Policy says whether a request may be sent again.
type Policy int

const (
	// ByMethod, the zero value, is Idempotent for GET, HEAD and OPTIONS
	// and NotIdempotent for every other method: a request whose caller
	// said nothing is never sent twice once written.
	ByMethod Policy = iota
	// Idempotent requests (reads) are retried on transport errors, 429 and
	// 5xx replies.
	Idempotent
	// NotIdempotent requests (create, write, unlink, message_post, unknown
	// methods) are retried only when the request provably never reached the
	// server: a dial error, a TLS handshake error, or no byte of the request
	// written. Never once the request was written.
	NotIdempotent
)

// String returns "by-method", "idempotent" or "not-idempotent".
func (p Policy) String() string {
	switch p {
	case NotIdempotent:
		return "not-idempotent"
	case ByMethod:
		return "by-method"
	}
	return "idempotent"
}

// resolve answers Idempotent or NotIdempotent for a request of method.
func (p Policy) resolve(method string) Policy {
	if p != ByMethod {
		return p
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return Idempotent
	}
	return NotIdempotent
}

// Retry configures retries. The zero value means the defaults.
type Retry struct {
	// Max is the number of retries after the first attempt; 0 means the
	// default (DefaultRetries), so that a Config's zero value keeps the
	// defaults; a negative value disables retries. The clients' public
	// WithRetry options, where 0 means none, build theirs with
	// RetryOption.
	Max int
	// WaitMin and WaitMax bound the exponential backoff (with jitter). A
	// server's Retry-After longer than WaitMax (or than the context has
	// left) is not cut short: the 429 or 503 reply is returned at once.
	// Zero means 100ms and 10s.
	WaitMin, WaitMax time.Duration
}

// DefaultRetries is the number of retries after a failed attempt when a
// client's options say nothing (no WithRetry).
const DefaultRetries = 4

// RetryOption is the Retry of a client's public WithRetry(max, waitMin,
// waitMax): max retries after the first attempt, 0 or a negative max
// none; zero waits are the defaults (100ms and 10s).
func RetryOption(max int, waitMin, waitMax time.Duration) Retry {
	if max <= 0 {
		max = -1
	}
	return Retry{Max: max, WaitMin: waitMin, WaitMax: waitMax}
}

// Config configures a Client. The zero value is usable.
type Config struct {
	// HTTPClient sends the requests; nil means a client with safe timeouts.
	// A caller's client keeps its transport (proxies, TLS, tracing).
	HTTPClient *http.Client
	// UserAgent is put before "deskbridge/<Version> (+go)", e.g. "myapp/1.2".
	UserAgent string
	// RateLimit is the sustained requests per second (0: unlimited), Burst
	// the bucket size (0 means 1 when RateLimit is set).
	RateLimit rate.Limit
	Burst     int
	// Retry configures retries.
	Retry Retry
	// MaxBodySize caps a response body; 0 means DefaultMaxBodySize.
	MaxBodySize int64
	// Logger receives debug lines per attempt; nil discards them.
	Logger *slog.Logger
	// LogBodies also logs request and response bodies (redacted) at debug.
	LogBodies bool
	// Observer, when set, is told about every attempt (observe.go).
	Observer deskbridge.Observer
}

// Request is one HTTP request. Body is kept in memory so it can be replayed.
type Request struct {
	Method string // "" means GET
	URL    string // absolute
	// Header is copied, never modified; User-Agent is always ours, a Host
	// entry sets the request's Host.
	Header http.Header
	Body   []byte
	// Policy's zero value, ByMethod, retries GET, HEAD and OPTIONS only:
	// set Idempotent for a POST that reads (JSON-RPC search_read).
	Policy Policy
	// Final, when set, is asked about a reply the Policy would retry (429,
	// 5xx): true makes it the answer, not retried. A protocol whose server
	// reports its own errors in a 500 (Odoo's JSON-2) says so here, as a
	// retry repeats the same error.
	Final func(status int, body []byte) bool
	// NoRedirect returns a redirect as the Response instead of following
	// it (an add-on's route answers a missing session with a redirect to
	// its login page, which the caller must see).
	NoRedirect bool
}

// Response is a fully read HTTP response. Any status is a Response, not an
// error: callers decode their protocol's error bodies themselves.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	Attempts   int // attempts made, 1 when the first one answered
}

// BodyTooLargeError reports a response body that exceeded the cap; reading
// stopped at Limit bytes.
type BodyTooLargeError struct {
	Limit int64
}

func (e *BodyTooLargeError) Error() string {
	return "transport: response body exceeds the limit of " + itoa(e.Limit) + " bytes"
}

// Is reports whether target is deskbridge.ErrBodyTooLarge.
func (e *BodyTooLargeError) Is(target error) bool { return target == deskbridge.ErrBodyTooLarge }

// Error is a transport failure after the retries allowed: no usable HTTP
// response came back. It never holds credentials.
type Error struct {
	Method   string
	Path     string // URL path only, without query
	Attempts int
	// MaybeSent is true when the request may have reached the server, so a
	// non-idempotent call may have been applied.
	MaybeSent bool
	Err       error
}

func (e *Error) Error() string {
	s := "transport: " + e.Method + " " + e.Path + ": "
	if e.MaybeSent {
		s += "request may have reached the server: "
	}
	msg := "unknown error"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	unit := " attempts)"
	if e.Attempts == 1 {
		unit = " attempt)"
	}
	return s + msg + " (after " + itoa(int64(e.Attempts)) + unit
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Client sends Requests. It is safe for concurrent use.
type Client struct {
	cfg     Config
	ua      string
	maxBody int64
	limiter *rate.Limiter // nil: unlimited
	log     *slog.Logger  // nil: discard
	hc      *http.Client  // wraps the caller's client, never mutates it
	rc      *retryablehttp.Client
	inner   http.RoundTripper // the caller's; nil: see transportFor
	own     *http.Transport   // ours, when the caller gave no http.Client
	now     func() time.Time  // injectable clock for Retry-After dates

	secrets secretSet

	stdOnce sync.Once
	std     *http.Client
}

// New returns a Client for cfg. cfg.HTTPClient, when set, is wrapped (its
// Transport, Jar, CheckRedirect and Timeout are used) but never modified.
// Every redirect is checked by SafeRedirect before the caller's
// CheckRedirect (or net/http's limit of 10 hops).
func New(cfg Config) *Client {
	c := &Client{cfg: cfg, now: time.Now}
	c.ua = "deskbridge/" + Version + " (+go)"
	if ua := strings.TrimSpace(cfg.UserAgent); ua != "" {
		c.ua = ua + " " + c.ua
	}
	c.maxBody = cfg.MaxBodySize
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBodySize
	}
	if cfg.RateLimit > 0 && cfg.RateLimit != rate.Inf {
		burst := cfg.Burst
		if burst <= 0 {
			burst = 1
		}
		c.limiter = rate.NewLimiter(cfg.RateLimit, burst)
	}
	c.log = cfg.Logger

	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		// A nil Transport stays nil: like net/http, use whatever
		// http.DefaultTransport is at the time of the request.
		c.inner = cfg.HTTPClient.Transport
		hc.Jar = cfg.HTTPClient.Jar
		hc.CheckRedirect = cfg.HTTPClient.CheckRedirect
		hc.Timeout = cfg.HTTPClient.Timeout
	} else {
		c.own = defaultTransport()
	}
	hc.CheckRedirect = safeRedirect(hc.CheckRedirect)
	hc.Transport = &roundTripper{c: c}
	c.hc = hc

	waitMin, waitMax := cfg.Retry.WaitMin, cfg.Retry.WaitMax
	if waitMin <= 0 {
		waitMin = 100 * time.Millisecond
	}
	if waitMax <= 0 {
		waitMax = 10 * time.Second
	}
	if waitMax < waitMin {
		waitMax = waitMin
	}
	retryMax := cfg.Retry.Max
	switch {
	case retryMax == 0:
		retryMax = DefaultRetries
	case retryMax < 0:
		retryMax = 0
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:   hc,
		Logger:       nil, // its lines carry full URLs; we log ourselves
		RetryWaitMin: waitMin,
		RetryWaitMax: waitMax,
		RetryMax:     retryMax,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		// Hand the last response or error back to Do instead of
		// retryablehttp's "giving up after" error (which quotes the URL).
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: beginAttempt,
	}
	return c
}

// transportFor returns the RoundTripper that sends a hop: the caller's, or
// else our tuned clone of http.DefaultTransport — unless
// http.DefaultTransport was replaced (httpmock.Activate, instrumentation),
// which is then honoured as net/http would.
func (c *Client) transportFor() http.RoundTripper {
	if c.inner != nil {
		return c.inner
	}
	dt := http.DefaultTransport
	if _, std := dt.(*http.Transport); std && c.own != nil {
		return c.own
	}
	return dt
}

// defaultTransport is http.DefaultTransport with explicit timeouts for every
// phase but the body: no overall deadline, contexts govern, and a response
// header timeout generous enough for a slow, large Odoo reply.
func defaultTransport() *http.Transport {
	var t *http.Transport
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		t = dt.Clone()
	} else {
		t = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true}
	}
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 2 * time.Minute
	t.ExpectContinueTimeout = time.Second
	t.IdleConnTimeout = 90 * time.Second
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 16
	return t
}

// Do sends req, retrying as its Policy allows, and reads the whole body
// (up to the cap). ctx bounds the rate-limit wait, every attempt and backoff.
//
// Any HTTP status is a *Response. When the retries allowed are used up on a
// retryable status (429, 5xx), the last Response is returned without error.
// A NotIdempotent request is never sent again once it may have been written,
// so the caller sees its 429 or 5xx Response as is.
//
// A failure without a usable response is a *Error (errors.As) whose
// MaybeSent says whether the server may have acted on the request; it
// wraps the cause, so errors.Is(err, context.Canceled),
// errors.Is(err, deskbridge.ErrBodyTooLarge) and errors.As(err, **net.OpError) work.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if req == nil {
		return nil, &Error{Err: errors.New("nil Request")}
	}
	if ctx == nil {
		return nil, &Error{Method: req.Method, Err: errors.New("nil Context")}
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	u, err := url.Parse(req.URL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		// url.Parse errors quote the whole URL, secrets included.
		path := ""
		if u != nil {
			path = c.Redact(u.Path)
		}
		return nil, &Error{Method: method, Path: path, Err: errors.New("invalid request URL (must be absolute)")}
	}
	path := c.Redact(u.Path)

	st := &callState{policy: req.Policy.resolve(method), body: req.Body, final: req.Final}
	ctx = context.WithValue(ctx, callKey{}, st)

	var raw any
	if len(req.Body) > 0 {
		raw = req.Body
	}
	if req.NoRedirect {
		ctx = context.WithValue(ctx, noRedirectKey{}, true)
	}
	rreq, err := retryablehttp.NewRequestWithContext(ctx, method, req.URL, raw)
	if err != nil {
		return nil, &Error{Method: method, Path: path, Err: c.sanitize(err)}
	}
	if req.Header != nil {
		rreq.Header = req.Header.Clone()
	}
	rreq.Header.Set("User-Agent", c.ua)
	if h := rreq.Header.Get("Host"); h != "" {
		// net/http sends Request.Host, not a Host header.
		rreq.Host = h
		rreq.Header.Del("Host")
	}

	resp, err := c.rc.Do(rreq)
	attempts := st.attempts()
	if err != nil {
		if resp != nil && resp.Body != nil {
			// http.Client returns the redirect response together with a
			// CheckRedirect error; its body is already closed.
			_ = resp.Body.Close()
		}
		err = c.sanitize(err)
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return nil, &Error{
			Method:    method,
			Path:      path,
			Attempts:  attempts,
			MaybeSent: st.maybeSent.Load(),
			Err:       err,
		}
	}
	body, err := bufferedBytes(resp.Body, c.maxBody)
	if err != nil {
		return nil, &Error{Method: method, Path: path, Attempts: attempts, MaybeSent: true, Err: c.sanitize(err)}
	}
	return &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       body,
		Attempts:   attempts,
	}, nil
}

// sanitize strips the *url.Error layer (its text quotes the full URL) and
// redacts what is left, keeping the cause reachable for errors.Is/As.
func (c *Client) sanitize(err error) error {
	if err == nil {
		return nil
	}
	if ue, ok := err.(*url.Error); ok && ue.Err != nil {
		err = ue.Err
	}
	msg := err.Error()
	if red := c.Redact(msg); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

// redactedError shows a redacted message and keeps the cause for errors.Is.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// StandardClient returns an *http.Client whose requests go through this
// Client's rate limit, retries (GET/HEAD idempotent, others not), logging,
// User-Agent and body cap. Used by golang.org/x/oauth2 for token requests.
// Redirects are followed by this Client (with the caller's CheckRedirect),
// not again by the returned one.
func (c *Client) StandardClient() *http.Client {
	c.stdOnce.Do(func() {
		c.std = &http.Client{
			Transport: stdRoundTripper{c: c},
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	})
	return c.std
}

// stdRoundTripper adapts Client.Do to http.RoundTripper.
type stdRoundTripper struct{ c *Client }

func (t stdRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("transport: reading request body: %w", err)
		}
		body = b
	}
	policy := NotIdempotent
	if r.Method == "" || r.Method == http.MethodGet || r.Method == http.MethodHead {
		policy = Idempotent
	}
	resp, err := t.c.Do(r.Context(), &Request{
		Method: r.Method,
		URL:    r.URL.String(),
		Header: r.Header,
		Body:   body,
		Policy: policy,
	})
	if err != nil {
		return nil, err
	}
	return &http.Response{
		Status:        itoa(int64(resp.StatusCode)) + " " + http.StatusText(resp.StatusCode),
		StatusCode:    resp.StatusCode,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        resp.Header,
		Body:          io.NopCloser(bytes.NewReader(resp.Body)),
		ContentLength: int64(len(resp.Body)),
		Request:       r,
	}, nil
}

// UserAgent returns the User-Agent header value the Client sends.
func (c *Client) UserAgent() string { return c.ua }

// CloseIdleConnections closes idle connections of the transport the Client
// created itself; a caller-supplied http.Client is left alone.
func (c *Client) CloseIdleConnections() {
	if c.own != nil {
		c.own.CloseIdleConnections()
	}
}

// String describes the Client without any secret.
func (c *Client) String() string {
	return fmt.Sprintf("transport.Client{UserAgent: %q, MaxBodySize: %d, RateLimit: %v, Secrets: %d}",
		c.ua, c.maxBody, c.cfg.RateLimit, c.secrets.count())
}

// GoString is String, so %#v shows no secret either.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the Client without any secret.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// String describes the Request without its headers, body or query, which
// may carry credentials.
func (r *Request) String() string {
	if r == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%s %s (%d bytes body, %s)", r.Method, stripQuery(r.URL), len(r.Body), r.Policy)
}

// GoString is String, so %#v shows no secret either.
func (r *Request) GoString() string { return r.String() }

// LogValue logs the Request without headers, body or query.
func (r *Request) LogValue() slog.Value { return slog.StringValue(r.String()) }

// String describes the Response without its headers or body (a login reply
// carries a session cookie).
func (r *Response) String() string {
	if r == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%d %s (%d bytes body, %d attempts)", r.StatusCode, http.StatusText(r.StatusCode), len(r.Body), r.Attempts)
}

// GoString is String, so %#v shows no secret either.
func (r *Response) GoString() string { return r.String() }

// LogValue logs the Response without headers or body.
func (r *Response) LogValue() slog.Value { return slog.StringValue(r.String()) }

// stripQuery returns raw without query, fragment and user info.
func stripQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw = raw[:i]
		}
		return redactPatterns(raw)
	}
	u.RawQuery, u.Fragment, u.RawFragment, u.User = "", "", "", nil
	return u.String()
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
