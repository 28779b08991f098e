package ekiclik

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/deskbridge/deskbridge/internal/transport"
	"github.com/deskbridge/deskbridge/odoo"
	"golang.org/x/time/rate"
)

// DefaultCreateBy is the create_by value sent when a payload and the
// client (WithCreateBy) leave it empty.
const DefaultCreateBy = "ekiclik"

// Client sends the Ekiclik payloads to an Odoo server running the
// odoo-rest-api module. It is safe for concurrent use. The first call
// logs in; when the session expires a read logs in again once and is
// replayed, a create or update is not (it fails with ErrNotApplied and
// the next call logs in).
type Client struct {
	base *url.URL
	cfg  config
	tr   *transport.Client

	mu      sync.Mutex       // guards session and gen
	session transport.Secret // the session id; a closure nothing prints
	gen     uint64           // incremented by every login

	authSem chan struct{} // one login at a time; waiting for it respects the caller's context
}

// New returns a Client for the Odoo server at odooBaseURL (e.g.
// "https://odoo.example.com"). It needs WithDatabase and WithPassword and
// does not contact the server.
func New(odooBaseURL string, opts ...Option) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(odooBaseURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ValidationError{Op: "New", Field: "url", Reason: "want http(s)://host[/path]"}
	}
	if u.User != nil {
		return nil, &ValidationError{Op: "New", Field: "url", Reason: "must not hold credentials; use WithPassword"}
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	c := &Client{base: u, authSem: make(chan struct{}, 1)}
	for _, o := range opts {
		if o != nil {
			o(&c.cfg)
		}
	}
	cfg := &c.cfg
	switch {
	case cfg.database == "":
		return nil, &ValidationError{Op: "New", Field: "database", Reason: "required (WithDatabase)"}
	case cfg.login == "" || !cfg.password.IsSet():
		return nil, &ValidationError{Op: "New", Field: "login", Reason: "login and password required (WithPassword)"}
	case cfg.auth != AuthWebSession && cfg.auth != AuthModuleRoute:
		return nil, &ValidationError{Op: "New", Field: "auth", Reason: "unknown " + cfg.auth.String()}
	}
	if cfg.createBy == "" {
		cfg.createBy = DefaultCreateBy
	}
	// Redirects are never followed: Odoo answers a GET whose session
	// expired with a redirect to /web/login, and a POST or PUT must not
	// turn into a GET elsewhere.
	hc := &http.Client{}
	if cfg.httpClient != nil {
		hc.Transport = cfg.httpClient.Transport
		hc.Jar = cfg.httpClient.Jar
		hc.Timeout = cfg.httpClient.Timeout
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tc := transport.Config{
		HTTPClient:  hc,
		UserAgent:   cfg.userAgent,
		MaxBodySize: cfg.maxBodySize,
		Logger:      cfg.logger,
		LogBodies:   cfg.logBodies,
		Observer:    cfg.observer,
	}
	if cfg.httpClient == nil {
		tc.HTTPClient.Transport = defaultTransport()
	}
	if cfg.rateLimit > 0 {
		tc.RateLimit = rate.Limit(cfg.rateLimit)
		tc.Burst = cfg.burst
	}
	if cfg.retrySet {
		tc.Retry = transport.Retry{Max: cfg.retryMax, WaitMin: cfg.retryMin, WaitMax: cfg.retryMaxWait}
	}
	c.tr = transport.New(tc)
	c.tr.AddSecret(cfg.password.Reveal())
	return c, nil
}

// String describes the client (URL, database, login, auth route) without
// the password or session; %v and %+v print this.
func (c *Client) String() string {
	if c == nil {
		return "ekiclik.Client(nil)"
	}
	c.mu.Lock()
	state := "no session"
	if c.session.IsSet() {
		state = "session [REDACTED]"
	}
	c.mu.Unlock()
	return fmt.Sprintf("ekiclik.Client{url=%s db=%s login=%s password=[REDACTED] auth=%s %s}",
		c.base, c.cfg.database, c.cfg.login, c.cfg.auth, state)
}

// GoString is String, so %#v shows no secret either.
func (c *Client) GoString() string { return c.String() }

// Format prints String for every verb (%v, %+v, %s, %q, %#v), so no
// formatting of the struct's fields can show the password or session.
func (c *Client) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// LogValue logs the client without secrets.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", c.base.String()),
		slog.String("db", c.cfg.database),
		slog.String("login", c.cfg.login),
		slog.String("auth", c.cfg.auth.String()),
	)
}

// URL returns the server's base URL.
func (c *Client) URL() string { return c.base.String() }

// Authenticate logs in now instead of on the first call, to check the
// credentials early. It does nothing when the client has a session.
func (c *Client) Authenticate(ctx context.Context) error {
	_, _, err := c.ensureSession(ctx)
	return err
}

// ensureSession returns the current session, logging in when there is
// none, and its generation.
func (c *Client) ensureSession(ctx context.Context) (string, uint64, error) {
	c.mu.Lock()
	sid, gen := c.session.Reveal(), c.gen
	c.mu.Unlock()
	if sid != "" {
		return sid, gen, nil
	}
	return c.relogin(ctx, gen)
}

// relogin logs in unless another goroutine already did since generation
// seen, and returns the session to use.
func (c *Client) relogin(ctx context.Context, seen uint64) (string, uint64, error) {
	select {
	case c.authSem <- struct{}{}:
	case <-ctx.Done():
		return "", 0, fmt.Errorf("ekiclik: authenticate: waiting for another login: %w", ctx.Err())
	}
	defer func() { <-c.authSem }()
	c.mu.Lock()
	if c.gen != seen && c.session.IsSet() {
		sid, gen := c.session.Reveal(), c.gen
		c.mu.Unlock()
		return sid, gen, nil
	}
	c.mu.Unlock()
	sid, err := c.login(ctx)
	if err != nil {
		return "", 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = transport.NewSecret(sid)
	c.gen++
	return sid, c.gen, nil
}

// dropSession forgets the session of generation gen, so the next call
// logs in.
func (c *Client) dropSession(gen uint64) {
	c.mu.Lock()
	if c.gen == gen {
		c.session = transport.Secret{}
	}
	c.mu.Unlock()
}

func (c *Client) login(ctx context.Context) (string, error) {
	cfg := &c.cfg
	body := authBody{Params: authParams{Login: cfg.login, Password: cfg.password.Reveal(), DB: cfg.database}}
	path := "/web/session/authenticate"
	if cfg.auth == AuthWebSession {
		body.JSONRPC = "2.0"
	} else {
		path = "/auth/"
	}
	b, err := json.Marshal(body)
	if err != nil {
		return "", fmt.Errorf("ekiclik: authenticate: %w", err)
	}
	resp, err := c.tr.Do(c.labelled(ctx, "", "authenticate"), &transport.Request{
		Method: http.MethodPost,
		URL:    c.base.String() + path,
		Header: jsonHeader(""),
		Body:   b,
		// A login changes nothing the caller cares about; retrying it is
		// safe.
		Policy: transport.Idempotent,
	})
	if err != nil {
		return "", fmt.Errorf("ekiclik: authenticate: %w", err)
	}
	// Register the session before anything could print it.
	cookieSID := sessionCookie(resp.Header)
	c.tr.AddSecret(cookieSID)
	_, resultSID, err := decodeAuth(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
	c.tr.AddSecret(resultSID)
	if err != nil {
		return "", fmt.Errorf("ekiclik: authenticate: %w", c.redactErr(err))
	}
	sid := resultSID
	if sid == "" {
		sid = cookieSID
	}
	if sid == "" {
		return "", fmt.Errorf("ekiclik: authenticate: %w", odoo.NewResponseError(resp.StatusCode, resp.Header.Get("Content-Type"), "no session_id in the login reply", nil))
	}
	return sid, nil
}

// sessionCookie returns the session_id a reply sets, or "".
func sessionCookie(h http.Header) string {
	for _, ck := range (&http.Response{Header: h}).Cookies() {
		if ck.Name == "session_id" && ck.Value != "" && ck.MaxAge >= 0 {
			return ck.Value
		}
	}
	return ""
}

func jsonHeader(sid string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	if sid != "" {
		h.Set("Cookie", (&http.Cookie{Name: "session_id", Value: sid}).String())
	}
	return h
}

// redactErr returns err with every secret removed from the text the
// server sent back (a message or page that echoes a session id).
func (c *Client) redactErr(err error) error {
	var oe *odoo.Error
	if errors.As(err, &oe) {
		cp := *oe
		cp.Arguments = nil // free-form server values; the message says it
		cp.RedactWith(c.tr.Redact)
		return &cp
	}
	var re *odoo.ResponseError
	if errors.As(err, &re) {
		// The whole body redacted, then cut: a secret the snippet's cut
		// splits shows no piece.
		re.RedactWith(c.tr.Redact)
		return re
	}
	return err
}

// expired reports whether a reply says the session is gone: Odoo's
// SessionExpiredException (JSON routes), a redirect to /web/login (HTTP
// routes), or the 404 page a multi-database server answers once the
// session that chose the database is gone.
func expired(resp *transport.Response, err error) bool {
	if errors.Is(err, odoo.ErrSessionExpired) {
		return true
	}
	if resp == nil {
		return false
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return strings.Contains(resp.Header.Get("Location"), "/web/login")
	}
	return resp.StatusCode == http.StatusNotFound &&
		strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "text/html")
}

// apiURL returns the base URL joined with /api/<model>/[suffix].
func (c *Client) apiURL(model, suffix string) string {
	return c.base.String() + "/api/" + url.PathEscape(model) + "/" + suffix
}

// write sends a POST or PUT body once (never replayed after it may have
// reached the server) and decodes the reply with dec. op is "create" or
// "write".
func (c *Client) write(ctx context.Context, method, model, op string, body any, dec func(status int, ct string, b []byte) error) error {
	b, err := json.Marshal(body)
	if err != nil {
		return &ValidationError{Op: op + " " + model, Reason: "cannot encode: " + err.Error()}
	}
	sid, gen, err := c.ensureSession(ctx)
	if err != nil {
		return &NotAppliedError{Model: model, Op: op, Err: err}
	}
	resp, err := c.tr.Do(c.labelled(ctx, model, op), &transport.Request{
		Method: method,
		URL:    c.apiURL(model, ""),
		Header: jsonHeader(sid),
		Body:   b,
		Policy: transport.NotIdempotent,
	})
	if err != nil {
		var te *transport.Error
		if errors.As(err, &te) && !te.MaybeSent {
			return &NotAppliedError{Model: model, Op: op, Err: err}
		}
		return &OutcomeUnknownError{Model: model, Op: op, Err: err}
	}
	ct := resp.Header.Get("Content-Type")
	var derr error
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		derr = odoo.NewResponseError(resp.StatusCode, ct, "redirected to "+redirectPath(resp), nil)
	} else {
		derr = dec(resp.StatusCode, ct, resp.Body)
	}
	if derr == nil {
		return nil
	}
	derr = c.redactErr(derr)
	if expired(resp, derr) {
		// Odoo checks the session before it runs the route: the call was
		// not applied. It is not replayed (a create must never run twice
		// on a guess); the next call logs in again.
		c.dropSession(gen)
		return &NotAppliedError{Model: model, Op: op, Err: withExpired(derr)}
	}
	var oe *odoo.Error
	if errors.As(derr, &oe) {
		// Odoo answered an exception: its transaction rolled back.
		oe.Model, oe.Method = model, op
		return &NotAppliedError{Model: model, Op: op, Err: derr}
	}
	if errors.Is(derr, errWriteFalse) {
		return &NotAppliedError{Model: model, Op: op, Err: derr}
	}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		// A refusal (bad request, unknown route, rate limited): nothing
		// ran.
		return &NotAppliedError{Model: model, Op: op, Err: derr}
	}
	// A 5xx page, a redirect, garbage or a cut JSON reply: the server may
	// have run the call.
	return &OutcomeUnknownError{Model: model, Op: op, Err: derr}
}

// withExpired makes err match odoo.ErrSessionExpired even when the server
// said it with a redirect or a 404 page.
func withExpired(err error) error {
	if errors.Is(err, odoo.ErrSessionExpired) {
		return err
	}
	return fmt.Errorf("%w (%w)", odoo.ErrSessionExpired, err)
}

func redirectPath(resp *transport.Response) string {
	loc := resp.Header.Get("Location")
	if u, err := url.Parse(loc); err == nil {
		return u.Path
	}
	return "elsewhere"
}

// read sends a GET (retried on transport errors, 429 and 5xx), logging in
// again once when the session expired.
func (c *Client) read(ctx context.Context, model, u string, dec func(status int, ct string, b []byte) error) error {
	sid, gen, err := c.ensureSession(ctx)
	if err != nil {
		return fmt.Errorf("ekiclik: read %s: %w", model, err)
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.tr.Do(c.labelled(ctx, model, "read"), &transport.Request{
			Method: http.MethodGet,
			URL:    u,
			Header: jsonHeader(sid),
			Policy: transport.Idempotent,
		})
		if err != nil {
			return fmt.Errorf("ekiclik: read %s: %w", model, err)
		}
		ct := resp.Header.Get("Content-Type")
		var derr error
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			derr = odoo.NewResponseError(resp.StatusCode, ct, "redirected to "+redirectPath(resp), nil)
		} else {
			derr = dec(resp.StatusCode, ct, resp.Body)
		}
		if derr == nil {
			return nil
		}
		derr = c.redactErr(derr)
		if expired(resp, derr) {
			c.dropSession(gen)
			if attempt == 0 {
				if sid, gen, err = c.relogin(ctx, gen); err != nil {
					return fmt.Errorf("ekiclik: read %s: session expired, login again: %w", model, err)
				}
				continue
			}
			derr = withExpired(derr)
		}
		var oe *odoo.Error
		if errors.As(derr, &oe) {
			oe.Model, oe.Method = model, "read"
		}
		return fmt.Errorf("ekiclik: read %s: %w", model, derr)
	}
}
