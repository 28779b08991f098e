package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
	"golang.org/x/time/rate"
)

// Client calls an Odoo server's models over one protocol. It is safe for
// concurrent use. The first call authenticates (once, even when many
// goroutines call at the same time) and the client authenticates again when
// a session or token expires.
type Client struct {
	base *url.URL
	cfg  config
	tr   *transport.Client
	be   backend
	uid  atomic.Int64
	seq  atomic.Int64
	// proto is the protocol spoken, decided in New or, for an API key
	// without WithProtocol, from the server's version (see chooseBackend).
	proto atomic.Int32

	authSem chan struct{}
	authMu  sync.Mutex
	authGen uint64 // counts logins and logouts
	authed  bool   // logged in (and not logged out since)

	verSem chan struct{}
	ver    atomic.Pointer[VersionInfo]
}

// Call is one ORM call: model.method(*args, **kwargs) with a context. Every
// protocol turns a Call into its wire form.
type Call struct {
	Model  string
	Method string
	// Args are the positional arguments; for methods on records the first
	// one is the list of ids.
	Args []any
	// Kwargs are the keyword arguments (without "context").
	Kwargs map[string]any
	// Context is merged over the client's context (WithContext) and sent as
	// the call's context.
	Context map[string]any
}

// backend is one protocol's implementation.
type backend interface {
	// login authenticates and keeps the session, uid or token. It is called
	// by Client.relogin only, one at a time.
	login(ctx context.Context) error
	// logout ends the server-side session, if the protocol has one, and
	// forgets it. It is called by Client.Logout only, under the login lock.
	logout(ctx context.Context) error
	// execute runs call, authenticating first as needed.
	execute(ctx context.Context, call *Call) (json.RawMessage, error)
	// version returns the server's version information, unauthenticated.
	version(ctx context.Context) (json.RawMessage, error)
}

// ErrNoCredentials is returned when a call needs a login and none was
// configured (New accepts a Client without credentials, for Version). Nothing
// is sent; it also matches deskbridge.ErrInvalidArgument, and for a call that
// changes data deskbridge.ErrNotApplied.
var ErrNoCredentials error = noCredentialsError{}

// noCredentialsError is ErrNoCredentials' type.
type noCredentialsError struct{}

func (noCredentialsError) Error() string {
	return "odoo: no credentials configured (use WithPassword, WithAPIKey or WithOAuth2Client)"
}
func (noCredentialsError) Is(target error) bool { return target == deskbridge.ErrInvalidArgument }

// New returns a Client for the Odoo server at baseURL (e.g.
// "https://odoo.example.com"). It does not contact the server.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("odoo: base URL %q: want http(s)://host[/path]", redactURL(baseURL))
	}
	if u.User != nil {
		return nil, errors.New("odoo: base URL must not hold credentials; use WithPassword or WithAPIKey")
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	c := &Client{base: u, authSem: make(chan struct{}, 1), verSem: make(chan struct{}, 1)}
	for _, o := range opts {
		if o != nil {
			o(&c.cfg)
		}
	}
	cfg := &c.cfg
	byVersion := false
	if !cfg.protocolSet {
		// The fastest protocol the credentials allow (see WithProtocol).
		switch {
		case cfg.clientID != "":
			cfg.protocol = RESTv2
		case !cfg.apiKey.IsZero() && cfg.login == "":
			cfg.protocol = JSON2
		case !cfg.apiKey.IsZero():
			// JSON-2 on 19+, JSON-RPC before: decided from the server's
			// version at the first call. JSON-RPC's checks apply to both.
			cfg.protocol, byVersion = JSONRPC, true
		case !cfg.password.IsZero():
			cfg.protocol = WebSession
		default:
			cfg.protocol = JSONRPC
		}
	}
	switch cfg.protocol {
	case JSONRPC:
		if !cfg.password.IsZero() || !cfg.apiKey.IsZero() {
			if cfg.database == "" {
				return nil, errors.New("odoo: JSON-RPC needs WithDatabase")
			}
			if cfg.login == "" {
				return nil, errors.New("odoo: JSON-RPC needs a login (WithPassword or WithAPIKey with a login)")
			}
		}
	case WebSession:
		if !cfg.apiKey.IsZero() {
			return nil, errors.New("odoo: the web session protocol needs a password; Odoo refuses API keys at /web/session/authenticate")
		}
		if !cfg.password.IsZero() && cfg.database == "" {
			return nil, errors.New("odoo: the web session protocol needs WithDatabase")
		}
	case JSON2:
		if !cfg.password.IsZero() {
			return nil, errors.New("odoo: JSON-2 authenticates with an API key (WithAPIKey), not a password")
		}
	case RESTv2:
		if cfg.clientID == "" || cfg.password.IsZero() {
			return nil, errors.New("odoo: REST v2 needs WithOAuth2Client and WithPassword (OAuth2 password grant)")
		}
	default:
		return nil, fmt.Errorf("odoo: unknown protocol %d", int(cfg.protocol))
	}
	tc := transport.Config{
		HTTPClient:  cfg.httpClient,
		UserAgent:   cfg.userAgent,
		MaxBodySize: cfg.maxBodySize,
		Logger:      cfg.logger,
		LogBodies:   cfg.logBodies,
		Observer:    cfg.observer,
	}
	if cfg.rateLimit > 0 {
		tc.RateLimit = rate.Limit(cfg.rateLimit)
		tc.Burst = cfg.burst
	}
	tc.Retry = cfg.retry
	c.tr = transport.New(tc)
	for _, s := range []deskbridge.Secret{cfg.password, cfg.apiKey, cfg.clientSecret} {
		c.tr.AddSecret(s.Reveal())
	}
	c.proto.Store(int32(cfg.protocol))
	switch {
	case byVersion:
		c.be = &byVersionBackend{c: c}
	default:
		c.be = c.newBackend(cfg.protocol)
		if !cfg.protocolSet {
			c.logProtocol(cfg.protocol, "chosen for the credentials")
		}
	}
	return c, nil
}

// newBackend returns the implementation of protocol p.
func (c *Client) newBackend(p Protocol) backend {
	switch p {
	case WebSession:
		return &webBackend{c: c}
	case JSON2:
		return &json2Backend{c: c}
	case RESTv2:
		return newRESTBackend(c)
	}
	return &jsonrpcBackend{c: c}
}

// logProtocol logs the protocol the client chose, at debug level.
func (c *Client) logProtocol(p Protocol, why string) {
	if c.cfg.logger != nil {
		c.cfg.logger.Debug("odoo: protocol "+p.String()+" "+why, "protocol", p.String(), "url", c.base.String())
	}
}

// String describes the client (URL, database, protocol, login) without any
// secret; %v and %+v print this.
func (c *Client) String() string {
	if c == nil {
		return "odoo.Client(nil)"
	}
	cfg := c.cfg.String()
	if p := c.Protocol(); p != c.cfg.protocol { // chosen by the server's version
		cfg = strings.Replace(cfg, "protocol="+c.cfg.protocol.String(), "protocol="+p.String(), 1)
	}
	return "odoo.Client{url=" + c.base.String() + " " + cfg + "}"
}

// GoString is String, so %#v shows no secret either.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the client without secrets.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", c.base.String()),
		slog.String("db", c.cfg.database),
		slog.String("protocol", c.Protocol().String()),
		slog.String("login", c.cfg.login),
	)
}

// Protocol returns the protocol the client speaks: the one WithProtocol
// forced or, without it, the fastest the credentials allow (see
// WithProtocol). With an API key and a login but no WithProtocol, the
// protocol depends on the server's version, read at the first call (or
// Authenticate, or Version); until then Protocol reports JSONRPC.
func (c *Client) Protocol() Protocol { return Protocol(c.proto.Load()) }

// Database returns the configured database name.
func (c *Client) Database() string { return c.cfg.database }

// URL returns the server's base URL.
func (c *Client) URL() string { return c.base.String() }

// UID returns the authenticated user's id, or 0 before authentication (and
// with JSON-2 or REST v2 until Authenticate has asked the server).
func (c *Client) UID() int64 { return c.uid.Load() }

// Authenticate logs in now instead of on the first call, to check the
// credentials early; it also learns the user id (UID). It does nothing when
// the client is already authenticated.
func (c *Client) Authenticate(ctx context.Context) error {
	if _, err := c.ensureAuth(ctx); err != nil {
		return c.callError("", "authenticate", err)
	}
	if p := c.Protocol(); c.uid.Load() == 0 && (p == JSON2 || p == RESTv2) {
		// JSON-2 and REST v2 have no login call: a call proves the key or
		// token (and the database), and res.users.context_get tells the
		// uid. Only a server whose res.users lacks context_get proves the
		// credentials without telling the uid.
		var uctx map[string]any
		if err := c.CallMethodInto(ctx, "res.users", "context_get", nil, nil, &uctx); err != nil {
			var oe *Error
			if !errors.As(err, &oe) || !oe.unknownMethod(shortName(oe.Name)) {
				return err
			}
		}
		if f, ok := uctx["uid"].(float64); ok {
			c.uid.Store(int64(f))
		}
	}
	return nil
}

// Logout ends the client's session: the web session's server-side session
// is destroyed (/web/session/destroy) and the REST v2 token forgotten;
// JSON-RPC and JSON-2 keep no session, so there is nothing to end. A call
// after Logout logs in again. Logout is safe to call more than once.
func (c *Client) Logout(ctx context.Context) error {
	if ctx == nil {
		return invalidArg("Client.Logout", "ctx", "nil context")
	}
	select {
	case c.authSem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.authSem }()
	c.authMu.Lock()
	authed := c.authed
	c.authed = false
	c.authGen++
	c.authMu.Unlock()
	if !authed {
		return nil
	}
	if err := c.be.logout(ctx); err != nil {
		return c.callError("", "logout", err)
	}
	return nil
}

// Close logs out (see Logout), within ten seconds, and closes the idle
// connections of the client's default HTTP client. The Client stays
// usable: a later call logs in again.
func (c *Client) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := c.Logout(ctx)
	c.tr.CloseIdleConnections()
	return err
}

// authState returns the current login generation and whether the client
// is logged in.
func (c *Client) authState() (uint64, bool) {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	return c.authGen, c.authed
}

// ensureAuth logs in unless already logged in, and returns the login
// generation to hand to relogin when the session turns out expired.
func (c *Client) ensureAuth(ctx context.Context) (uint64, error) {
	g, ok := c.authState()
	if ok {
		return g, nil
	}
	return c.relogin(ctx, g)
}

// relogin logs in again unless another goroutine already did since
// generation stale. Logins are serialised; waiting respects ctx.
func (c *Client) relogin(ctx context.Context, stale uint64) (uint64, error) {
	select {
	case c.authSem <- struct{}{}:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	defer func() { <-c.authSem }()
	if g, ok := c.authState(); ok && g != stale {
		return g, nil
	}
	if err := c.be.login(c.labelled(ctx, "", "authenticate")); err != nil {
		return 0, &authError{err: err}
	}
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.authGen++
	c.authed = true
	return c.authGen, nil
}
