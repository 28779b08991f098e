package ekiclik

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

// DefaultCreateBy is the create_by value sent when a payload and the
// client (WithCreateBy) leave it empty.
const DefaultCreateBy = "ekiclik"

// Client sends the Ekiclik payloads to an Odoo server running the
// odoo-rest-api module. It is safe for concurrent use. It runs on an
// odoo.Client speaking the web session (WithProtocol(odoo.WebSession)),
// whose login, session, relogin, retries and redaction it uses through
// odoo.Client.Route. The first call logs in; when the session expires a
// read logs in again once and is replayed, a create or update is not (it
// fails with ErrNotApplied and the next call logs in).
type Client struct {
	base *url.URL
	cfg  config
	oc   *odoo.Client
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
	c := &Client{base: u}
	for _, o := range opts {
		if o != nil {
			o(&c.cfg)
		}
	}
	cfg := &c.cfg
	switch {
	case cfg.database == "":
		return nil, &ValidationError{Op: "New", Field: "database", Reason: "required (WithDatabase)"}
	case cfg.login == "" || cfg.password.IsZero():
		return nil, &ValidationError{Op: "New", Field: "login", Reason: "login and password required (WithPassword)"}
	case cfg.auth != AuthWebSession && cfg.auth != AuthModuleRoute:
		return nil, &ValidationError{Op: "New", Field: "auth", Reason: "unknown " + cfg.auth.String()}
	}
	if cfg.createBy == "" {
		cfg.createBy = DefaultCreateBy
	}
	oo := []odoo.Option{odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase(cfg.database),
		odoo.WithPassword(cfg.login, cfg.password.Reveal()), odoo.WithLogBodies(cfg.logBodies),
		odoo.WithHTTPClient(cfg.httpClient), odoo.WithUserAgent(cfg.userAgent), odoo.WithMaxBodySize(cfg.maxBodySize)}
	if cfg.auth == AuthModuleRoute {
		oo = append(oo, odoo.WithWebLoginRoute("/auth/"))
	}
	if cfg.logger != nil {
		oo = append(oo, odoo.WithLogger(cfg.logger))
	}
	if cfg.observer != nil {
		oo = append(oo, odoo.WithObserver(cfg.observer), odoo.WithObserverLabels("ekiclik", "odoo-rest-api"))
	}
	if cfg.rateLimit > 0 {
		oo = append(oo, odoo.WithRateLimit(cfg.rateLimit, cfg.burst))
	}
	if cfg.retrySet {
		oo = append(oo, odoo.WithRetry(cfg.retryMax, cfg.retryMin, cfg.retryMaxWait))
	}
	if c.oc, err = odoo.New(u.String(), oo...); err != nil {
		return nil, &ValidationError{Op: "New", Reason: err.Error()}
	}
	return c, nil
}

// String describes the client (URL, database, login, auth route) without
// the password or session; %v and %+v print this.
func (c *Client) String() string {
	if c == nil {
		return "ekiclik.Client(nil)"
	}
	state := "no session"
	if c.oc != nil && c.oc.UID() != 0 {
		state = "session [REDACTED]"
	}
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
	if err := c.oc.Authenticate(ctx); err != nil {
		return fmt.Errorf("ekiclik: authenticate: %w", err)
	}
	return nil
}

// apiPath returns /api/<model>/[suffix].
func apiPath(model, suffix string) string { return "/api/" + url.PathEscape(model) + "/" + suffix }

// decoder reads a route's reply.
type decoder func(r *odoo.RouteResponse) error

// write sends a POST or PUT body once (never replayed after it may have
// reached the server) and decodes the reply with dec. op is "create" or
// "write".
func (c *Client) write(ctx context.Context, method, model, op string, body any, dec decoder) error {
	b, err := json.Marshal(body)
	if err != nil {
		return &ValidationError{Op: op + " " + model, Reason: "cannot encode: " + err.Error()}
	}
	resp, err := c.oc.Route(ctx, odoo.RouteRequest{Method: method, Path: apiPath(model, ""), Body: b, Model: model, Operation: op})
	if err != nil {
		if errors.Is(err, odoo.ErrOutcomeUnknown) {
			return &OutcomeUnknownError{Model: model, Op: op, Err: err}
		}
		return &NotAppliedError{Model: model, Op: op, Err: err}
	}
	derr := decode(resp, dec)
	if derr == nil {
		return nil
	}
	if resp.Expired {
		// Odoo checks the session before it runs the route: the call was
		// not applied. It is not replayed (a create must never run twice
		// on a guess); the next call logs in.
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

// decode runs dec, a redirect being a reply no route promises.
func decode(resp *odoo.RouteResponse, dec decoder) error {
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return resp.Unexpected("redirected to " + redirectPath(resp))
	}
	return dec(resp)
}

// withExpired makes err match odoo.ErrSessionExpired even when the server
// said it with a redirect or a 404 page.
func withExpired(err error) error {
	if errors.Is(err, odoo.ErrSessionExpired) {
		return err
	}
	return fmt.Errorf("%w (%w)", odoo.ErrSessionExpired, err)
}

func redirectPath(resp *odoo.RouteResponse) string {
	loc := resp.Header.Get("Location")
	if u, err := url.Parse(loc); err == nil {
		return u.Path
	}
	return "elsewhere"
}

// read sends a GET (retried on transport errors, 429 and 5xx; logged in
// again once and replayed when the session expired) and decodes it.
func (c *Client) read(ctx context.Context, model, path string, dec decoder) error {
	resp, err := c.oc.Route(ctx, odoo.RouteRequest{Path: path, Replay: true, Model: model, Operation: "read"})
	if err != nil {
		return fmt.Errorf("ekiclik: read %s: %w", model, err)
	}
	derr := decode(resp, dec)
	if derr == nil {
		return nil
	}
	if resp.Expired {
		derr = withExpired(derr)
	}
	var oe *odoo.Error
	if errors.As(derr, &oe) {
		oe.Model, oe.Method = model, "read"
	}
	return fmt.Errorf("ekiclik: read %s: %w", model, derr)
}
