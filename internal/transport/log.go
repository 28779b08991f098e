package transport

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// maxLogBody caps a body in the logs (after redaction).
const maxLogBody = 16 << 10

// maxRedactBody is how much of a body is redacted before the log cut.
const maxRedactBody = 1 << 20

// logAttempt writes one debug line per hop of an attempt: method, redacted
// URL, attempt, policy, status or error, duration; with LogBodies also the
// redacted headers and bodies.
func (c *Client) logAttempt(ctx context.Context, st *callState, a *attemptState, req *http.Request, resp *http.Response, respBody []byte, err error, d time.Duration) {
	if c.log == nil || !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	policy := Idempotent
	if st != nil {
		policy = st.policy
	}
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("method", req.Method),
		slog.String("url", c.Redact(req.URL.String())),
		slog.Int("attempt", a.n),
		slog.String("policy", policy.String()),
	)
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.Redact(err.Error())))
	}
	attrs = append(attrs, slog.Duration("duration", d))
	if c.cfg.LogBodies {
		attrs = append(attrs, slog.Any("request_header", c.RedactHeader(req.Header)))
		if st != nil && len(st.body) > 0 && req.Body != nil && req.Body != http.NoBody {
			attrs = append(attrs, slog.String("request_body", c.logBody(st.body)))
		}
		if resp != nil {
			attrs = append(attrs,
				slog.Any("response_header", c.RedactHeader(resp.Header)),
				slog.String("response_body", c.logBody(respBody)))
		}
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "transport: attempt", attrs...)
}

// logBody redacts b, then truncates it (redacting first so a cut never
// leaves half a secret behind).
func (c *Client) logBody(b []byte) string {
	if len(b) > maxRedactBody {
		// Bound the regexp work for huge bodies; the cut lies far
		// beyond what is shown.
		b = b[:maxRedactBody]
	}
	s := c.Redact(string(b))
	if len(s) > maxLogBody {
		s = s[:maxLogBody] + "…[truncated " + itoa(int64(len(s)-maxLogBody)) + " bytes]"
	}
	return s
}
