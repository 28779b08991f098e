package odoo

import (
	"net/http"
	"strconv"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// RateLimitError is a 429 Too Many Requests reply the client did not
// retry: its Retry-After asked for a longer wait than WithRetry's waitMax
// or than the context had left (the client returns at once rather than
// sleep), or the retries allowed were spent. The call was refused, not
// run. It matches deskbridge.ErrRateLimited.
type RateLimitError struct {
	// RetryAfter is the wait the server asked for (its Retry-After header,
	// seconds or an HTTP date); 0 when it named none.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent (1 for the REST v2
	// token request, whose retries the OAuth2 library does not report).
	Attempts int
	// Reply is the 429 reply itself (its status, content type and the
	// start of its body, redacted); Unwrap returns it.
	Reply *ResponseError
}

// Error returns "odoo: rate limited (HTTP 429 Too Many Requests): the
// server asks to wait <d>".
func (e *RateLimitError) Error() string {
	s := "odoo: rate limited (HTTP 429 Too Many Requests"
	if e.Attempts > 1 {
		s += ", " + strconv.Itoa(e.Attempts) + " attempts"
	}
	s += ")"
	if e.RetryAfter > 0 {
		s += ": the server asks to wait " + e.RetryAfter.String()
	}
	return s
}

// Is reports whether target is deskbridge.ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == deskbridge.ErrRateLimited }

// Unwrap returns the reply (errors.As finds the *ResponseError with its
// StatusCode 429).
func (e *RateLimitError) Unwrap() error {
	if e.Reply == nil {
		return nil
	}
	return e.Reply
}

// rateLimited returns the *RateLimitError of a 429 reply, nil otherwise.
func (c *Client) rateLimited(resp *transport.Response) error {
	if resp.StatusCode != http.StatusTooManyRequests {
		return nil
	}
	d, _ := c.tr.RetryAfter(resp.StatusCode, resp.Header)
	return &RateLimitError{RetryAfter: d, Attempts: resp.Attempts,
		Reply: newResponseError(resp.StatusCode, resp.Header.Get("Content-Type"), "rate limited", resp.Body)}
}
