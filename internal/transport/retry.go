package transport

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/hashicorp/go-retryablehttp"
)

// beginAttempt is retryablehttp's RequestLogHook: it runs before every
// attempt and starts a fresh attemptState.
func beginAttempt(_ retryablehttp.Logger, r *http.Request, i int) {
	if st := stateFrom(r.Context()); st != nil {
		st.n.Store(int32(i + 1))
		st.cur.Store(&attemptState{n: i + 1})
	}
}

// provablyUnsent reports whether the attempt that ended with err certainly
// never delivered the request: the rate-limit wait failed, or the standard
// transport reported its connection phases without writing a single header
// (dial error, TLS handshake error, error before writing), or — for a
// RoundTripper that reports nothing — the error is a dial error.
func (a *attemptState) provablyUnsent(err error) bool {
	switch {
	case a.limited.Load():
		return true
	case a.wrote.Load():
		return false
	case a.traced.Load():
		return true
	default:
		return isDialError(err)
	}
}

// isDialError reports a failure to open the connection (refused,
// unreachable, DNS): the request cannot have left the machine.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// checkRetry is retryablehttp's CheckRetry: the Policy decides. It never
// returns an error so the attempt's own error or response reaches Do.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	st := stateFrom(ctx)
	if st == nil { // not from Do; be safe
		return false, nil
	}
	a := st.current()
	sent := resp != nil || !a.provablyUnsent(err)
	if sent {
		st.maybeSent.Store(true)
	}
	if ctx.Err() != nil || a.limited.Load() {
		return false, nil
	}
	if err != nil {
		if resp != nil || errors.Is(err, deskbridge.ErrBodyTooLarge) {
			// A response with an error is a CheckRedirect refusal;
			// neither it nor a too-large body changes on a retry.
			return false, nil
		}
		if st.policy == NotIdempotent && sent {
			return false, nil
		}
		// retryablehttp knows the hopeless errors: bad certificates, too
		// many redirects, unsupported scheme, invalid header.
		ok, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
		return ok, nil
	}
	if st.policy == NotIdempotent {
		// Written, so never again: the caller sees this 429 or 5xx.
		return false, nil
	}
	if !retryableStatus(resp.StatusCode) {
		return false, nil
	}
	if d, ok := c.RetryAfter(resp.StatusCode, resp.Header); ok && (d > c.rc.RetryWaitMax || pastDeadline(ctx, d)) {
		// The server asks for a longer wait than a retry may take, or
		// than the context has left: answer now rather than retry early
		// (which it would refuse again) or sleep into the deadline.
		return false, nil
	}
	if bb, ok := resp.Body.(*bufferedBody); ok && st.final != nil && st.final(resp.StatusCode, bb.b) {
		return false, nil
	}
	return true, nil
}

// retryableStatus: 429 and 5xx except 501 Not Implemented, which no retry
// will change.
func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests ||
		(code >= 500 && code != http.StatusNotImplemented)
}

// RetryAfter returns the wait a 429 or 503 reply asks for in its
// Retry-After header (delta seconds or an HTTP date), and whether it names
// one. Do returns such a reply at once, without retrying, when the wait is
// longer than Retry.WaitMax or than the context has left.
func (c *Client) RetryAfter(status int, h http.Header) (time.Duration, bool) {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return 0, false
	}
	return parseRetryAfter(h.Get("Retry-After"), c.now())
}

// pastDeadline reports whether waiting d would reach ctx's deadline.
func pastDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return ok && time.Until(dl) <= d
}

// backoff is retryablehttp's Backoff: a server's Retry-After on 429/503
// (seconds or HTTP date) when present, else exponential backoff with
// jitter; always within [min, max].
func (c *Client) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := c.RetryAfter(resp.StatusCode, resp.Header); ok {
			return clamp(d, min, max)
		}
	}
	return expJitter(min, max, attempt)
}

// expJitter returns a wait between half and all of min·2^attempt (capped
// at max), never below min.
func expJitter(min, max time.Duration, attempt int) time.Duration {
	d := max
	if attempt < 62 {
		if step := min << uint(attempt); step > 0 && step>>uint(attempt) == min && step < max {
			d = step
		}
	}
	half := d / 2
	if half > 0 {
		d = half + rand.N(half+1)
	}
	return clamp(d, min, max)
}

func clamp(d, lo, hi time.Duration) time.Duration {
	if d < lo {
		d = lo
	}
	if d > hi {
		d = hi
	}
	return d
}

// parseRetryAfter parses a Retry-After value: delta seconds or an HTTP date
// (relative to now). A date in the past means 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		if secs > maxSecs {
			secs = maxSecs
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}
