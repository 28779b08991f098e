package jutda

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// Option configures a Client.
type Option func(*config)

type config struct {
	user          string
	password      deskbridge.Secret
	httpClient    *http.Client
	rateLimit     float64
	burst         int
	retry         transport.Retry // WithRetry; the zero value is the default
	logger        *slog.Logger
	observer      deskbridge.Observer // WithObserver (observe.go)
	logBodies     bool
	userAgent     string
	maxBodySize   int64
	userField     string
	passwordField string
}

// WithPassword logs in as user with password (the form fields of
// WithCredentialFields, on every call); New needs it.
func WithPassword(user, password string) Option {
	return func(c *config) { c.user, c.password = user, deskbridge.NewSecret(password) }
}

// WithHTTPClient sends requests through hc (its transport, proxy and TLS
// settings are kept, hc is not modified). The default client verifies TLS
// and sets timeouts. Either way a redirect to another origin (another host,
// another port, another scheme) is refused: net/http would replay the
// form, password included.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithRateLimit limits the client to perSecond requests per second with
// bursts of burst requests, retries included. The default is no limit.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.rateLimit, c.burst = perSecond, burst }
}

// WithRetry sets the number of retries after a failed attempt (0 or a
// negative max: none, each call is sent once) and the backoff bounds
// (0: 100ms and 10s); a 429 whose Retry-After is longer than
// waitMax (or than the context has left) is returned at once, not retried
// early. Reads (ListQueues, FindUser) are retried on transport
// errors, 429 and 5xx; the other methods only when the request provably
// never reached the server. Default: 4 retries, 100ms–10s.
func WithRetry(max int, waitMin, waitMax time.Duration) Option {
	return func(c *config) { c.retry = transport.RetryOption(max, waitMin, waitMax) }
}

// WithLogger logs each HTTP attempt at debug level, the password redacted.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithLogBodies says whether the debug log (WithLogger) shows request and
// reply bodies, the password redacted (default false), as
// odoo.WithLogBodies does.
func WithLogBodies(on bool) Option { return func(c *config) { c.logBodies = on } }

// WithUserAgent puts ua (e.g. "myapp/1.2") before the SDK's User-Agent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithMaxBodySize caps a reply's size in bytes (default 64 MiB).
func WithMaxBodySize(n int64) Option { return func(c *config) { c.maxBodySize = n } }

// WithCredentialFields names the form fields that carry the user name and
// the password. The legacy server's code reads "user" and "password" (the
// default); its help page says "username", which some patched installs
// read instead.
func WithCredentialFields(userField, passwordField string) Option {
	return func(c *config) { c.userField, c.passwordField = userField, passwordField }
}
