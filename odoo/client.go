package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
// configured.
var ErrNoCredentials = errors.New("odoo: no credentials configured (use WithPassword, WithAPIKey or WithOAuth2Client)")

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
		case cfg.apiKey.IsSet() && cfg.login == "":
			cfg.protocol = JSON2
		case cfg.apiKey.IsSet():
			// JSON-2 on 19+, JSON-RPC before: decided from the server's
			// version at the first call. JSON-RPC's checks apply to both.
			cfg.protocol, byVersion = JSONRPC, true
		case cfg.password.IsSet():
			cfg.protocol = WebSession
		default:
			cfg.protocol = JSONRPC
		}
	}
	switch cfg.protocol {
	case JSONRPC:
		if cfg.password.IsSet() || cfg.apiKey.IsSet() {
			if cfg.database == "" {
				return nil, errors.New("odoo: JSON-RPC needs WithDatabase")
			}
			if cfg.login == "" {
				return nil, errors.New("odoo: JSON-RPC needs a login (WithPassword or WithAPIKey with a login)")
			}
		}
	case WebSession:
		if cfg.apiKey.IsSet() {
			return nil, errors.New("odoo: the web session protocol needs a password; Odoo refuses API keys at /web/session/authenticate")
		}
		if cfg.password.IsSet() && cfg.database == "" {
			return nil, errors.New("odoo: the web session protocol needs WithDatabase")
		}
	case JSON2:
		if cfg.password.IsSet() {
			return nil, errors.New("odoo: JSON-2 authenticates with an API key (WithAPIKey), not a password")
		}
	case RESTv2:
		if cfg.clientID == "" || !cfg.password.IsSet() {
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
	if cfg.retrySet {
		tc.Retry = transport.Retry{Max: cfg.retryMax, WaitMin: cfg.retryMin, WaitMax: cfg.retryMaxWait}
	}
	c.tr = transport.New(tc)
	for _, s := range []transport.Secret{cfg.password, cfg.apiKey, cfg.clientSecret} {
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

// ExecuteCall runs one ORM call, described by a Call, and returns its raw
// JSON result. The typed methods (SearchRead, Create, ...) and CallMethod
// are built on it.
//
// Invalid arguments (a nil context, an empty or malformed model or method
// name, an invalid domain.Domain among Args) give an *ArgumentError before
// any request. When a call that changes data may have been applied but no
// usable reply came back, the error matches ErrOutcomeUnknown.
func (c *Client) ExecuteCall(ctx context.Context, call Call) (json.RawMessage, error) {
	if err := checkCall("Client.ExecuteCall", ctx, &call); err != nil {
		return nil, err
	}
	return c.execute(ctx, call)
}

// execute is Execute after the arguments were checked.
func (c *Client) execute(ctx context.Context, call Call) (json.RawMessage, error) {
	call.Context = mergeContext(c.cfg.context, call.Context)
	if call.Args == nil {
		call.Args = []any{}
	}
	raw, err := c.be.execute(c.labelled(ctx, call.Model, call.Method), &call)
	if err != nil {
		err = c.callError(call.Model, call.Method, err)
		if c.policy(call.Method) == transport.NotIdempotent && outcomeUnknown(err) {
			err = &outcomeUnknownError{err: err}
		}
		return nil, err
	}
	return raw, nil
}

// outcomeUnknown reports whether the failed request of a non-idempotent
// call may have been applied: the transport says the request may have
// reached the server, or a reply came that is neither an Odoo error nor an
// HTML page refusing the request (a 2xx body cut short or garbled, a 5xx
// page from a proxy whose upstream may have run the call). A failed login,
// a 4xx page (404, 429, ...) or an Odoo error mean the call did not run.
func outcomeUnknown(err error) bool {
	var ae *authError
	if errors.As(err, &ae) {
		return false
	}
	var te *transport.Error
	if errors.As(err, &te) {
		return te.MaybeSent
	}
	var re *ResponseError
	if errors.As(err, &re) {
		switch {
		case re.StatusCode >= 500 && re.StatusCode != http.StatusNotImplemented:
			return true
		case re.StatusCode >= 200 && re.StatusCode <= 299:
			html := strings.Contains(re.ContentType, "html") || strings.HasPrefix(re.Snippet, "<")
			return !html
		}
	}
	return false
}

// callError adds the model and method to err and makes sure no secret the
// server or a proxy echoed stays in it.
func (c *Client) callError(model, method string, err error) error {
	var oe *Error
	if errors.As(err, &oe) {
		if oe.Model == "" && oe.Method == "" {
			oe.Model, oe.Method = model, method
		}
		// Every string the server sent, at any depth (arguments are
		// lists and dicts; debug, data, context).
		oe.RedactWith(c.tr.Redact)
		if msg := err.Error(); c.tr.Redact(msg) != msg {
			// Text of a wrapper around the *Error.
			return &redactedError{msg: c.tr.Redact(msg), err: err}
		}
		return err
	}
	var re *ResponseError
	if errors.As(err, &re) {
		re.RedactWith(c.tr.Redact)
	}
	what := model
	if method != "" {
		if what != "" {
			what += "."
		}
		what += method
	}
	orig := err.Error()
	msg := c.tr.Redact(orig)
	if !strings.HasPrefix(msg, "odoo: "+what+": ") {
		msg = "odoo: " + what + ": " + strings.TrimPrefix(msg, "odoo: ")
	}
	if msg == orig {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

// redactedError is a wrapped error whose text went through Redact; Unwrap
// still reaches the original (e.g. a *transport.Error).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// readOnlyMethods are the methods retried like reads: they change nothing.
var readOnlyMethods = map[string]bool{
	"search": true, "search_read": true, "search_fetch": true, "read": true,
	"search_count": true, "fields_get": true, "name_search": true,
	"name_get": true, "read_group": true, "formatted_read_group": true, "web_read_group": true,
	"web_search_read": true, "web_read": true, "default_get": true,
	"check_access_rights": true, "check_access_rule": true, "check_access": true,
	"has_access": true, "has_group": true, "context_get": true, "exists": true,
	"fields_view_get": true, "get_views": true, "load_views": true,
	"version": true, "authenticate": true, "login": true, "get_formview_id": true,
}

// policy tells the transport whether a call to method may be repeated.
func (c *Client) policy(method string) transport.Policy {
	if readOnlyMethods[method] || c.cfg.readOnly[method] {
		return transport.Idempotent
	}
	return transport.NotIdempotent
}

// endpoint returns the absolute URL of path (which starts with "/").
func (c *Client) endpoint(path string) string {
	return c.base.Scheme + "://" + c.base.Host + c.base.EscapedPath() + path
}

// send posts body (or sends it with method) to path through the transport.
func (c *Client) send(ctx context.Context, method, path string, hdr http.Header, body []byte, pol transport.Policy) (*transport.Response, error) {
	if hdr == nil {
		hdr = http.Header{}
	}
	if body != nil && hdr.Get("Content-Type") == "" {
		hdr.Set("Content-Type", "application/json")
	}
	if hdr.Get("Accept") == "" {
		hdr.Set("Accept", "application/json")
	}
	resp, err := c.tr.Do(ctx, &transport.Request{Method: method, URL: c.endpoint(path), Header: hdr, Body: body, Policy: pol,
		Final: applicationError})
	if err == nil {
		if rl := c.rateLimited(resp); rl != nil {
			return nil, rl
		}
	}
	return resp, err
}

// applicationError reports whether a 5xx reply the transport would retry is
// Odoo's own answer: a 500 whose JSON body names a Python exception (JSON-2
// and REST v2 report a ValueError, an AttributeError, ... that way). A retry
// would repeat it, so it is final. Database errors (psycopg2: a lost
// connection, a serialization failure) and a proxy's pages stay retried.
func applicationError(status int, body []byte) bool {
	if status != http.StatusInternalServerError {
		return false
	}
	var oe *Error
	if !errors.As(httpErrorBody(status, "", body), &oe) {
		return false
	}
	return oe.Name != httpStatusName(status) && !strings.HasPrefix(oe.Name, "psycopg2")
}

// rpcRequest is a JSON-RPC 2.0 request as Odoo expects it.
type rpcRequest struct {
	JSONRPC string `json:"jsonrpc"`
	Method  string `json:"method"`
	Params  any    `json:"params"`
	ID      int64  `json:"id"`
}

// postRPC sends params in a JSON-RPC envelope to path and returns the raw
// result (or the decoded error) and the HTTP response.
func (c *Client) postRPC(ctx context.Context, path string, params any, hdr http.Header, pol transport.Policy) (json.RawMessage, *transport.Response, error) {
	body, err := json.Marshal(rpcRequest{JSONRPC: "2.0", Method: "call", Params: params, ID: c.seq.Add(1)})
	if err != nil {
		return nil, nil, fmt.Errorf("odoo: encode request: %w", err)
	}
	resp, err := c.send(ctx, http.MethodPost, path, hdr, body, pol)
	if err != nil {
		return nil, nil, err
	}
	raw, err := parseReply(ctx, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
	return raw, resp, err
}

// VersionInfo is the server's version.
type VersionInfo struct {
	// ServerVersion is e.g. "17.0" or "saas~17.2+e".
	ServerVersion string `json:"server_version"`
	// ServerVersionInfo is e.g. [17, 0, 0, "final", 0, ""].
	ServerVersionInfo []any `json:"server_version_info"`
	// ServerSerie is e.g. "17.0" (absent on some routes).
	ServerSerie string `json:"server_serie,omitempty"`
	// ProtocolVersion is the external API's protocol version (1).
	ProtocolVersion int `json:"protocol_version,omitempty"`
	// Major and Minor come from ServerVersionInfo.
	Major int `json:"-"`
	Minor int `json:"-"`
}

// Version returns the server's version. The first successful call asks
// the server, without credentials (common.version,
// /web/webclient/version_info or /web/version); the answer is kept, so
// later calls, and the client's own choices by version (the protocol for
// an API key, the read_group method), cost no request.
func (c *Client) Version(ctx context.Context) (*VersionInfo, error) {
	if v := c.ver.Load(); v != nil {
		return v.clone(), nil
	}
	if ctx == nil {
		return nil, invalidArg("Client.Version", "ctx", "nil context")
	}
	select {
	case c.verSem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.verSem }()
	if v := c.ver.Load(); v != nil {
		return v.clone(), nil
	}
	raw, err := c.be.version(ctx)
	if err != nil {
		return nil, c.callError("", "version", err)
	}
	v, err := parseVersion(raw)
	if err != nil {
		return nil, err
	}
	c.ver.Store(v)
	return v.clone(), nil
}

func (v *VersionInfo) clone() *VersionInfo {
	cp := *v
	cp.ServerVersionInfo = slices.Clone(v.ServerVersionInfo)
	return &cp
}

func parseVersion(raw json.RawMessage) (*VersionInfo, error) {
	var v struct {
		VersionInfo
		Version string `json:"version"`
		Info    []any  `json:"version_info"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("odoo: version: %w (%s)", err, Snippet(raw, 80))
	}
	vi := v.VersionInfo
	if vi.ServerVersion == "" {
		vi.ServerVersion = v.Version
	}
	if vi.ServerVersionInfo == nil {
		vi.ServerVersionInfo = v.Info
	}
	if len(vi.ServerVersionInfo) > 0 {
		if f, ok := vi.ServerVersionInfo[0].(float64); ok {
			vi.Major = int(f)
		} else if s, ok := vi.ServerVersionInfo[0].(string); ok {
			// "saas~17.2" style
			s = strings.TrimPrefix(s, "saas~")
			fmt.Sscanf(s, "%d.%d", &vi.Major, &vi.Minor)
		}
	}
	if len(vi.ServerVersionInfo) > 1 {
		if f, ok := vi.ServerVersionInfo[1].(float64); ok {
			vi.Minor = int(f)
		}
	}
	if vi.Major == 0 && vi.ServerVersion != "" {
		fmt.Sscanf(strings.TrimPrefix(vi.ServerVersion, "saas~"), "%d.%d", &vi.Major, &vi.Minor)
	}
	return &vi, nil
}

// redactURL drops userinfo and query from a URL for error messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return Snippet([]byte(s), 40)
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// httpErrorBody decodes the JSON error body of the JSON-2 and REST v2
// protocols ({name, message, arguments, debug|traceback, code}); the
// *Error's Code is status. Other bodies give a *ResponseError.
func httpErrorBody(status int, contentType string, body []byte) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		reason := "HTTP error status"
		if len(trimmed) > 0 {
			reason = "not JSON"
		}
		return newResponseError(status, contentType, reason, body)
	}
	var eb struct {
		Name      string          `json:"name"`
		Message   string          `json:"message"`
		Arguments []any           `json:"arguments"`
		Debug     string          `json:"debug"`
		Traceback json.RawMessage `json:"traceback"`
		// Some servers wrap the error: {"error": {...}}.
		Error json.RawMessage `json:"error"`
		// A JSON-RPC error object carries the exception in data.
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(trimmed, &eb); err != nil {
		return newResponseError(status, contentType, "invalid JSON", body)
	}
	if eb.Name == "" && len(eb.Data) > 0 && eb.Data[0] == '{' {
		// {"code": 200, "message": "Odoo Server Error", "data": {name, message, ...}}
		if oe, ok := httpErrorBody(status, contentType, eb.Data).(*Error); ok {
			if oe.Message == "" {
				oe.Message = eb.Message
			}
			return oe
		}
	}
	if eb.Name == "" && eb.Message == "" && len(eb.Error) > 0 && eb.Error[0] == '{' {
		if oe, ok := httpErrorBody(status, contentType, eb.Error).(*Error); ok {
			return oe
		}
	}
	if eb.Name == "" && eb.Message == "" {
		var s string
		if json.Unmarshal(eb.Error, &s) == nil && s != "" {
			return &Error{Code: status, Name: httpStatusName(status), Message: s}
		}
		return newResponseError(status, contentType, "JSON without an error name or message", body)
	}
	e := &Error{Code: status, Name: eb.Name, Message: eb.Message, Arguments: eb.Arguments, Debug: eb.Debug}
	if e.Debug == "" && len(eb.Traceback) > 0 {
		var lines []string
		if json.Unmarshal(eb.Traceback, &lines) == nil {
			e.Debug = strings.Join(lines, "")
		} else {
			var s string
			if json.Unmarshal(eb.Traceback, &s) == nil {
				e.Debug = s
			}
		}
	}
	if e.Name == "" {
		e.Name = httpStatusName(status)
	}
	return e
}

// httpStatusName names the werkzeug exception of an HTTP status, so that
// errors.Is works for bodies without a name.
func httpStatusName(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "werkzeug.exceptions.Unauthorized"
	case http.StatusForbidden:
		return "werkzeug.exceptions.Forbidden"
	case http.StatusNotFound:
		return "werkzeug.exceptions.NotFound"
	case http.StatusBadRequest:
		return "werkzeug.exceptions.BadRequest"
	case http.StatusUnprocessableEntity:
		return "werkzeug.exceptions.UnprocessableEntity"
	}
	return ""
}

// isHTML reports a reply that is an HTML page.
func isHTML(resp *transport.Response) bool {
	ct := resp.Header.Get("Content-Type")
	if strings.Contains(ct, "html") {
		return true
	}
	b := bytes.TrimSpace(resp.Body)
	return len(b) > 0 && b[0] == '<'
}
