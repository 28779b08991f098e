package ekiclik

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/deskbridge/deskbridge"
)

// AuthRoute is the route the client logs in with.
type AuthRoute int

// The login routes of the exchange specification. Both give a session sent back as the
// session_id cookie (never as a URL parameter, which the specification discourages:
// URLs end up in proxy and server logs).
const (
	// AuthWebSession is Odoo's POST /web/session/authenticate; the
	// session comes in the Set-Cookie header.
	AuthWebSession AuthRoute = iota
	// AuthModuleRoute is the module's POST /auth/ route. On Odoo 16 it
	// answers like /web/session/authenticate (the session info, the
	// session in the Set-Cookie header; capture 01 of odoo16-restapi);
	// a result.session_id is read too, for versions that send one. It
	// refuses a login without db (AccessDenied "`db` is required.").
	AuthModuleRoute
)

// String returns "web-session" or "auth-route".
func (a AuthRoute) String() string {
	switch a {
	case AuthWebSession:
		return "web-session"
	case AuthModuleRoute:
		return "auth-route"
	}
	return fmt.Sprintf("AuthRoute(%d)", int(a))
}

// config is what the options set.
type config struct {
	database     string
	login        string
	password     deskbridge.Secret
	auth         AuthRoute
	httpClient   *http.Client
	logger       *slog.Logger
	observer     deskbridge.Observer // WithObserver (observe.go)
	logBodies    bool
	rateLimit    float64
	burst        int
	retrySet     bool
	retryMax     int
	retryMin     time.Duration
	retryMaxWait time.Duration
	userAgent    string
	maxBodySize  int64
	createBy     string
	// noEkiclikFields leaves out create_by (WithEkiclikFields(false));
	// noMatchCount skips the count before an update (WithMatchCount).
	noEkiclikFields bool
	noMatchCount    bool
}

// Option configures a Client.
type Option func(*config)

// WithDatabase names the Odoo database to log in to (required).
func WithDatabase(name string) Option { return func(c *config) { c.database = name } }

// WithPassword sets the login and password of the Odoo user the exchange
// runs as (required). The password is never logged nor shown in errors.
func WithPassword(login, password string) Option {
	return func(c *config) { c.login, c.password = login, deskbridge.NewSecret(password) }
}

// WithAuthRoute chooses the login route (AuthWebSession by default).
func WithAuthRoute(r AuthRoute) Option { return func(c *config) { c.auth = r } }

// WithHTTPClient sends requests through hc (its Transport, Jar and
// Timeout). The client never follows redirects itself: a redirect to
// /web/login is how Odoo says a session expired on a GET route.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithLogger logs one debug line per HTTP attempt, secrets redacted.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithLogBodies also logs request and reply bodies at debug level, with
// passwords and session ids redacted.
func WithLogBodies(on bool) Option { return func(c *config) { c.logBodies = on } }

// WithRateLimit limits the client to perSecond requests per second with
// the given burst.
func WithRateLimit(perSecond float64, burst int) Option {
	return func(c *config) { c.rateLimit, c.burst = perSecond, burst }
}

// WithRetry sets how often reads are retried (max; negative disables)
// and the backoff bounds. Creates and updates are only ever re-sent when
// the request provably never reached the server.
func WithRetry(max int, waitMin, waitMax time.Duration) Option {
	return func(c *config) {
		c.retrySet, c.retryMax, c.retryMin, c.retryMaxWait = true, max, waitMin, waitMax
	}
}

// WithUserAgent puts ua before the SDK's User-Agent.
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithMaxBodySize caps reply bodies (default 64 MiB).
func WithMaxBodySize(n int64) Option { return func(c *config) { c.maxBodySize = n } }

// WithCreateBy sets the create_by value sent when a payload leaves it
// empty (default "ekiclik").
func WithCreateBy(name string) Option { return func(c *config) { c.createBy = name } }

// WithEkiclikFields says whether the payloads carry the Ekiclik module's
// create_by field, which every payload of the exchange specification has
// (default true). A stock Odoo with the plain odoo-rest-api module has no
// such field: it refuses the create (builtins.ValueError) and answers a
// PUT with false (ErrNotApplied). WithEkiclikFields(false) leaves create_by
// out of every payload, so that the same client serves a plain server. The
// other fields of the Ekiclik module (a partner's status, is_pos,
// code_pos, ...) are sent as the caller sets them.
func WithEkiclikFields(on bool) Option { return func(c *config) { c.noEkiclikFields = !on } }

// WithMatchCount says whether an update by filter (UpdatePartner and the
// other Update methods) first counts the records the filter matches, with
// one GET, so that it can say how many matched and give ErrNotFound when
// none did (default true): the module answers true to a PUT whatever it
// matched. Without the count the Update methods report -1 matches. The
// count and the PUT are two requests: a record created or changed between
// them is not counted.
func WithMatchCount(on bool) Option { return func(c *config) { c.noMatchCount = !on } }
