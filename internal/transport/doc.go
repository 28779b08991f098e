// Package transport is the one HTTP stack every deskbridge client (odoo,
// jutda, ekiclik) builds on: retries through hashicorp/go-retryablehttp that
// never repeat a request the server may have acted on unless the caller says
// it is idempotent, client-side rate limiting, Retry-After, a response size
// cap, and log/slog logging with every secret redacted.
//
// The way one Client.Do travels:
//
//	Do ──> retryablehttp loop (CheckRetry = Policy, Backoff = exp+jitter / Retry-After)
//	        └─> http.Client (caller's Jar, CheckRedirect or SafeRedirect, Timeout)
//	              └─> per hop: rate limit wait → httptrace → caller's RoundTripper
//	                    → body read under the cap → one debug log line
//
// Whether a failed attempt may have reached the server is decided from
// net/http/httptrace events of that attempt: a request whose connection was
// never obtained, or on whose connection no header was written, provably
// never reached the server. Without trace events (a RoundTripper that does
// not report them) only a dial error counts as proof.
package transport
