package odoo

import (
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// Protocol is the wire protocol a Client speaks.
type Protocol int

// The protocols. The zero value is JSONRPC.
const (
	// JSONRPC is Odoo's external API at /jsonrpc (common.authenticate, then
	// object.execute_kw), with a password or an API key. Every Odoo
	// version; deprecated from Odoo 19.
	JSONRPC Protocol = iota
	// WebSession is the web client's API: /web/session/authenticate gives a
	// session cookie, calls go to /web/dataset/call_kw. Needs a password.
	WebSession
	// JSON2 is Odoo 19's /json/2/<model>/<method> API with an API key as
	// bearer token. Older servers have none: calls fail with an error
	// matching deskbridge.ErrUnsupported.
	JSON2
	// RESTv2 is the REST v2 add-on (/api/v2/...) with an OAuth2 password
	// grant.
	RESTv2
)

var protocolNames = [...]string{JSONRPC: "jsonrpc", WebSession: "web", JSON2: "json2", RESTv2: "restv2"}

// String returns "jsonrpc", "web", "json2" or "restv2".
func (p Protocol) String() string {
	if p >= 0 && int(p) < len(protocolNames) {
		return protocolNames[p]
	}
	return fmt.Sprintf("Protocol(%d)", int(p))
}

// ParseProtocol reads a protocol name, e.g. from an environment variable.
// It accepts the String forms and common spellings, case-insensitively:
// "jsonrpc", "json-rpc", "web", "websession", "session", "json2", "json-2",
// "restv2", "rest", "rest-v2".
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "jsonrpc", "json-rpc", "json_rpc", "rpc", "":
		return JSONRPC, nil
	case "web", "websession", "web-session", "web_session", "session":
		return WebSession, nil
	case "json2", "json-2", "json/2", "json_2":
		return JSON2, nil
	case "restv2", "rest", "rest-v2", "rest_v2", "rest/v2", "api/v2":
		return RESTv2, nil
	}
	return 0, fmt.Errorf("odoo: unknown protocol %q (want jsonrpc, web, json2 or restv2)", s)
}

// Option configures a Client.
type Option func(*config)

// config holds a Client's settings. The secrets are deskbridge.Secrets:
// closures that no fmt verb, slog, encoding/json or reflection on a copy of
// the Client can print.
type config struct {
	database     string
	login        string
	password     deskbridge.Secret
	apiKey       deskbridge.Secret
	clientID     string
	clientSecret deskbridge.Secret
	protocol     Protocol
	protocolSet  bool
	httpClient   *http.Client
	rateLimit    float64
	burst        int
	retry        transport.Retry // WithRetry; the zero value is the default
	logger       *slog.Logger
	observer     deskbridge.Observer // WithObserver (observe.go)
	userAgent    string
	context      map[string]any
	maxBodySize  int64
	readOnly     map[string]bool
	logBodies    bool   // WithLogBodies
	webLogin     string // WithWebLoginRoute (restapi.go); "" is /web/session/authenticate
}

// String describes the configuration without any secret.
func (c *config) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "protocol=%s db=%q login=%q", c.protocol, c.database, c.login)
	switch {
	case !c.apiKey.IsZero():
		b.WriteString(" auth=api-key")
	case !c.password.IsZero():
		b.WriteString(" auth=password")
	default:
		b.WriteString(" auth=none")
	}
	if c.clientID != "" {
		fmt.Fprintf(&b, " oauth2-client=%q", c.clientID)
	}
	return b.String()
}

// WithDatabase names the database (JSON-RPC and web session need it; JSON-2
// sends it as X-Odoo-Database, REST v2 as the DATABASE header).
func WithDatabase(name string) Option { return func(c *config) { c.database = name } }

// WithPassword authenticates with a login and password (all protocols;
// the web session needs a password, API keys are refused there).
func WithPassword(login, password string) Option {
	return func(c *config) {
		c.login, c.password, c.apiKey = login, deskbridge.NewSecret(password), deskbridge.Secret{}
	}
}

// WithAPIKey authenticates with an API key: as the password of login for
// JSON-RPC, as the bearer token for JSON-2 (where login may be empty).
func WithAPIKey(login, key string) Option {
	return func(c *config) {
		c.login, c.apiKey, c.password = login, deskbridge.NewSecret(key), deskbridge.Secret{}
	}
}

// WithOAuth2Client sets the OAuth2 client of the REST v2 add-on; the
// password grant also needs WithPassword.
func WithOAuth2Client(clientID, clientSecret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = clientID, deskbridge.NewSecret(clientSecret) }
}

// WithProtocol forces the protocol. Without it the client picks the
// fastest one the credentials allow: RESTv2 when an OAuth2 client is set;
// WebSession for a password (it checks the password once per session,
// where /jsonrpc checks it on every call: about 2.3× less server time per
// call on Odoo 16-19); for an API key with a login, JSON2 on Odoo 19 and
// later and JSONRPC before, by the server's version read once without
// credentials at the first call; JSON2 for an API key without a login.
// Client.Protocol tells the choice, which is also logged at debug level
// (WithLogger).
func WithProtocol(p Protocol) Option {
	return func(c *config) { c.protocol, c.protocolSet = p, true }
}

// WithHTTPClient sends requests through hc (its transport, proxy and TLS
// settings are kept). The default client verifies TLS and sets timeouts.
// hc needs no cookie jar: the client keeps the web session cookie itself.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithRateLimit limits the client to perSecond requests per second with
// bursts of burst requests. The default is no limit.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.rateLimit, c.burst = perSecond, burst }
}

// WithRetry sets the number of retries after a failed attempt (0 or a
// negative max: none, each call is sent once) and the backoff bounds
// (0: 100ms and 10s). Reads are retried on transport errors,
// 429 and 5xx; create, write, unlink and unknown methods only when the
// request provably never reached the server. A 429 whose Retry-After is
// longer than waitMax (or than the context has left) is returned at once
// as a *deskbridge.RateLimitError. Default: 4 retries, 100ms–10s.
func WithRetry(max int, waitMin, waitMax time.Duration) Option {
	return func(c *config) {
		c.retry = transport.RetryOption(max, waitMin, waitMax)
	}
}

// WithLogger logs each HTTP attempt at debug level, secrets redacted.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithUserAgent puts ua (e.g. "myapp/1.2") before the SDK's User-Agent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithContext sets the Odoo context sent with every call (lang, tz,
// allowed_company_ids, active_test, ...). A call's own context entries
// override these.
func WithContext(values map[string]any) Option {
	return func(c *config) { c.context = maps.Clone(values) }
}

// WithMaxBodySize caps a reply's size in bytes (default 64 MiB).
func WithMaxBodySize(n int64) Option { return func(c *config) { c.maxBodySize = n } }

// WithReadOnlyMethods declares more methods free of side effects, so their
// calls are retried like reads (search_read, read, ... already are).
func WithReadOnlyMethods(methods ...string) Option {
	return func(c *config) {
		if c.readOnly == nil {
			c.readOnly = map[string]bool{}
		}
		for _, m := range methods {
			c.readOnly[m] = true
		}
	}
}
