// Package transport is the one HTTP stack every deskbridge client (odoo,
// jutda, ekiclik) builds on: retries through hashicorp/go-retryablehttp that
// never repeat a request the server may have acted on unless the caller says
// it is idempotent, client-side rate limiting, Retry-After, a response size
// cap, and log/slog logging with every secret redacted.
package transport

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Version is the SDK version reported in the User-Agent header.
const Version = "0.1.0"

// DefaultMaxBodySize caps a response body when Config.MaxBodySize is zero.
const DefaultMaxBodySize int64 = 64 << 20

// Policy says whether a request may be sent again.
type Policy int

const (
	// Idempotent requests (reads) are retried on transport errors, 429 and
	// 5xx replies.
	Idempotent Policy = iota
	// NotIdempotent requests (create, write, unlink, message_post, unknown
	// methods) are retried only when the request provably never reached the
	// server: a dial error, a TLS handshake error, or no byte of the request
	// written. Never once the request was written.
	NotIdempotent
)

// String returns "idempotent" or "not-idempotent".
func (p Policy) String() string {
	if p == NotIdempotent {
		return "not-idempotent"
	}
	return "idempotent"
}

// Retry configures retries. The zero value means the defaults.
type Retry struct {
	// Max is the number of retries after the first attempt; 0 means the
	// default (4), a negative value disables retries.
	Max int
	// WaitMin and WaitMax bound the exponential backoff (with jitter);
	// WaitMax also caps a server's Retry-After. Zero means 100ms and 10s.
	WaitMin, WaitMax time.Duration
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
}

// Request is one HTTP request. Body is kept in memory so it can be replayed.
type Request struct {
	Method string
	URL    string // absolute
	Header http.Header
	Body   []byte
	Policy Policy
}

// Response is a fully read HTTP response. Any status is a Response, not an
// error: callers decode their protocol's error bodies themselves.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	Attempts   int // attempts made, 1 when the first one answered
}

// ErrBodyTooLarge is matched (errors.Is) by a *BodyTooLargeError.
var ErrBodyTooLarge = errors.New("transport: response body too large")

// BodyTooLargeError reports a response body that exceeded the cap; reading
// stopped at Limit bytes.
type BodyTooLargeError struct {
	Limit int64
}

func (e *BodyTooLargeError) Error() string {
	return "transport: response body exceeds the limit of " + itoa(e.Limit) + " bytes"
}

// Is reports whether target is ErrBodyTooLarge.
func (e *BodyTooLargeError) Is(target error) bool { return target == ErrBodyTooLarge }

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
	return s + e.Err.Error() + " (after " + itoa(int64(e.Attempts)) + " attempts)"
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Client sends Requests. It is safe for concurrent use.
type Client struct {
	cfg Config
}

// New returns a Client for cfg.
func New(cfg Config) *Client {
	return &Client{cfg: cfg}
}

// Do sends req, retrying as its Policy allows, and reads the whole body
// (up to the cap). ctx bounds the rate-limit wait, every attempt and backoff.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	return nil, errors.New("transport: not implemented")
}

// AddSecret registers a literal secret (password, API key, token, session
// id) that Redact and the logs must never show. Empty strings are ignored.
func (c *Client) AddSecret(s string) {}

// Redact returns s with every registered secret and every recognised secret
// pattern (password=, "password": ..., Authorization, session_id, tokens,
// client_secret, api keys) replaced by "[REDACTED]".
func (c *Client) Redact(s string) string { return s }

// StandardClient returns an *http.Client whose requests go through this
// Client's rate limit, retries (GET/HEAD idempotent, others not), logging,
// User-Agent and body cap. Used by golang.org/x/oauth2 for token requests.
func (c *Client) StandardClient() *http.Client { return &http.Client{} }

// UserAgent returns the User-Agent header value the Client sends.
func (c *Client) UserAgent() string { return "deskbridge/" + Version + " (+go)" }

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
