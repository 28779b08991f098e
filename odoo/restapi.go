package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// Routes of add-ons on the web session.
//
// Some add-ons serve their own HTTP routes on top of Odoo's web session:
// the odoo-rest-api module's GET/POST/PUT/DELETE /api/<model>/ and POST
// /object/<model>/<method>, for instance. A Client on the web session (the
// default for WithPassword, or WithProtocol(WebSession)) sends requests to
// such routes with Route: its
// own login (WithWebLoginRoute for an add-on's login route), its
// session_id cookie, its retries, rate limit, logging and redaction. The
// add-on's payloads and answers stay the caller's to build and read
// (RouteResponse.Result reads Odoo's JSON-RPC envelope).

// WithWebLoginRoute sets the route the web session logs in through:
// /web/session/authenticate (the default) or an add-on's route that
// takes the same JSON-RPC params {db, login, password} and answers the
// same way (the session info, and the session_id cookie), such as the
// odoo-rest-api module's /auth/.
func WithWebLoginRoute(path string) Option { return func(c *config) { c.webLogin = path } }

// WithLogBodies says whether the debug log (WithLogger) shows request and
// reply bodies, secrets redacted (default false).
func WithLogBodies(on bool) Option { return func(c *config) { c.logBodies = on } }

func (c *Client) webLoginRoute() string {
	if c.cfg.webLogin != "" {
		return c.cfg.webLogin
	}
	return "/web/session/authenticate"
}

// RouteRequest is one request to an add-on's route for Client.Route.
type RouteRequest struct {
	// HTTPMethod is the HTTP method ("" is GET), as in
	// deskbridge.CallEvent.
	HTTPMethod string
	// Path is the route below the client's URL, with its query:
	// "/api/res.partner/?query=%7Bid%7D".
	Path string
	// Body is sent as application/json when not nil.
	Body []byte
	// Model and Method name what the route does, for the Observer
	// (deskbridge.CallEvent.Model and Method), e.g. "res.partner" and
	// "create"; both may be "".
	Model, Method string
	// System and Protocol, when not "", are the Observer's labels for
	// this call and the login it causes, in place of the client's
	// ("odoo" and the protocol): a package offering its own API over a shared
	// Client names its calls so (ekiclik: "ekiclik", "odoo-rest-api").
	System, Protocol string
	// Replay says the request changes nothing: it is retried on transport
	// errors, 429 and 5xx, and sent once more after a new login when the
	// session expired. Without it the request is sent at most once (never
	// again after it may have reached the server), and an expired session
	// is reported (RouteResponse.Expired) with the next request logging in
	// again.
	Replay bool
}

// RouteResponse is a route's reply, whatever its status.
type RouteResponse struct {
	StatusCode int
	// Header is the reply's header without Set-Cookie: the Client keeps
	// the session, and a session id a route hands out (a login route sent
	// through Route) stays out of what the caller logs or prints.
	Header http.Header
	Body   []byte
	// Expired says the reply is the server's answer to a request without
	// a valid session (JSON-RPC code 100, a redirect to /web/login, or
	// the 404 page of a server that serves several databases): Odoo checks
	// the session before the route runs, so the request did nothing.
	Expired bool

	redact func(string) string
}

// Result reads the reply as Odoo's JSON-RPC envelope and returns its
// result; an error member is an *Error, anything else a *ResponseError,
// their texts redacted.
func (r *RouteResponse) Result() (json.RawMessage, error) {
	raw, err := parseJSONRPCReply(r.StatusCode, r.Header.Get("Content-Type"), r.Body)
	return raw, r.redactErr(err)
}

// Unexpected returns a *ResponseError for a reply that is not what the
// route promises, quoting the start of the body (redacted).
func (r *RouteResponse) Unexpected(reason string) error {
	return r.redactErr(newResponseError(r.StatusCode, r.Header.Get("Content-Type"), reason, r.Body))
}

// redactErr removes the client's secrets from the server's texts in err,
// as the client does with its own errors (redactWith: every string at any
// depth, a ResponseError's Body cut again from the whole body redacted).
func (r *RouteResponse) redactErr(err error) error {
	if err == nil || r.redact == nil {
		return err
	}
	var oe *Error
	if errors.As(err, &oe) {
		oe.redactWith(r.redact)
	}
	var re *ResponseError
	if errors.As(err, &re) {
		re.redactWith(r.redact)
	}
	return err
}

// Route sends req to an add-on's route with the client's web session: it
// logs in first when needed, sends the session_id cookie (never as a URL
// parameter), never follows redirects, and when the reply says the session
// expired logs in again and, for a Replay request, sends it once more. It
// needs the web session (the default for WithPassword, or
// WithProtocol(WebSession)); another protocol is a *deskbridge.ArgumentError. A failure
// without reply is the transport's error, a 429 the transport did not retry
// a *deskbridge.RateLimitError; for a request without Replay (one that
// changes data) such an error matches deskbridge.ErrOutcomeUnknown or
// deskbridge.ErrNotApplied, by the rule in the former's doc. Any other
// status is a RouteResponse for the caller to read.
func (c *Client) Route(ctx context.Context, req RouteRequest) (*RouteResponse, error) {
	if ctx == nil {
		return nil, invalidArg("Client.Route", "ctx", "nil context")
	}
	wb, ok := c.be.(*webBackend)
	if !ok {
		return nil, invalidArg("Client.Route", "protocol", "routes ride on the web session, not %s: log in with WithPassword (and no other WithProtocol) or WithProtocol(WebSession)", c.Protocol())
	}
	if !strings.HasPrefix(req.Path, "/") {
		return nil, invalidArg("Client.Route", "path", "must start with /")
	}
	if req.System != "" || req.Protocol != "" {
		ctx = context.WithValue(ctx, callLabelsKey{}, callLabels{system: req.System, protocol: req.Protocol})
	}
	ctx = c.labelled(ctx, req.Model, req.Method)
	method := req.HTTPMethod
	if method == "" {
		method = http.MethodGet
	}
	pol := transport.NotIdempotent
	if req.Replay {
		pol = transport.Idempotent
	}
	// fail is the error of a request that got no route reply to return.
	fail := func(err error) error {
		err = c.callError("", req.Path, err)
		if !req.Replay {
			err = writeError(err)
		}
		return err
	}
	gen, err := c.ensureAuth(ctx)
	if err != nil {
		return nil, fail(err)
	}
	for attempt := 0; ; attempt++ {
		hdr := http.Header{}
		hdr.Set("Cookie", (&http.Cookie{Name: "session_id", Value: wb.sessionID()}).String())
		if req.Body != nil {
			hdr.Set("Content-Type", "application/json")
		}
		hdr.Set("Accept", "application/json")
		resp, err := c.tr.Do(ctx, &transport.Request{Method: method, URL: c.endpoint(req.Path), Header: hdr, Body: req.Body,
			Policy: pol, NoRedirect: true})
		if err != nil {
			return nil, fail(err)
		}
		if rl := c.rateLimited(resp); rl != nil {
			// A 429 the transport did not retry: a *deskbridge.RateLimitError,
			// as for every other call of the client (refused: not applied).
			return nil, fail(rl)
		}
		hdr = resp.Header.Clone()
		hdr.Del("Set-Cookie") // the Client keeps the session; a new session id is not the caller's to print
		out := &RouteResponse{StatusCode: resp.StatusCode, Header: hdr, Body: resp.Body, redact: c.tr.Redact}
		if !routeExpired(resp) {
			return out, nil
		}
		if req.Replay && attempt == 0 {
			if gen, err = c.relogin(ctx, gen); err != nil {
				return nil, c.callError("", req.Path, err)
			}
			continue
		}
		c.forgetLogin(gen)
		out.Expired = true
		return out, nil
	}
}

// routeExpired reports whether a route's reply says the session is gone:
// Odoo's SessionExpiredException (JSON routes), a redirect to /web/login
// (HTTP routes), or the 404 page a multi-database server answers once the
// session that chose the database is gone.
func routeExpired(resp *transport.Response) bool {
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return strings.Contains(resp.Header.Get("Location"), "/web/login")
	case resp.StatusCode == http.StatusNotFound:
		return isHTML(resp)
	}
	_, err := parseJSONRPCReply(resp.StatusCode, resp.Header.Get("Content-Type"), resp.Body)
	return errors.Is(err, ErrSessionExpired)
}

// forgetLogin makes the next call log in again, unless another goroutine
// already did since generation gen.
func (c *Client) forgetLogin(gen uint64) {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	if c.authGen == gen {
		c.authed = false
	}
}
