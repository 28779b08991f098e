package ekiclik

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// DefaultCreateBy is the create_by value sent when a payload and the
// client (WithCreateBy) leave it empty.
const DefaultCreateBy = "ekiclik"

// Client sends the Ekiclik payloads to an Odoo server running the
// odoo-rest-api module. It is safe for concurrent use. It runs on an
// *odoo.Client speaking the web session, whose login, session, relogin,
// retries, rate limit, logging, observer and redaction it uses through
// odoo.Client.Route. The first call logs in; when the session expires a
// read logs in again once and is replayed, a create or update is not (it
// fails with deskbridge.ErrNotApplied and the next call logs in).
type Client struct {
	cfg config
	oc  *odoo.Client
}

// New returns a Client that sends the exchange's routes through c, which
// must speak the web session (the default for odoo.WithPassword, or
// odoo.WithProtocol(odoo.WebSession)): the odoo-rest-api routes ride on
// Odoo's session cookie. A nil client or another protocol is a
// *deskbridge.ArgumentError matching deskbridge.ErrInvalidArgument. c's options
// govern the connection (URL, database, credentials, HTTP client, retries,
// rate limit, logger, observer); opts are ekiclik's own. To log in through
// the module's /auth/ route instead of /web/session/authenticate, make c
// with odoo.WithWebLoginRoute("/auth/"). New sends no request.
func New(c *odoo.Client, opts ...Option) (*Client, error) {
	if c == nil {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.New", Arg: "client", Reason: "nil *odoo.Client"}
	}
	if p := c.Protocol(); p != odoo.WebSession {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.New", Arg: "client", Reason: "the odoo-rest-api routes ride on the web session, not " +
			p.String() + ": log in with odoo.WithPassword (and no other WithProtocol) or odoo.WithProtocol(odoo.WebSession)"}
	}
	ec := &Client{oc: c}
	for _, o := range opts {
		if o != nil {
			o(&ec.cfg)
		}
	}
	if ec.cfg.createBy == "" {
		ec.cfg.createBy = DefaultCreateBy
	}
	return ec, nil
}

// Client returns the odoo.Client the exchange runs on (as
// helpdesk.Service.Client does), e.g. to call models of the same server
// with the same session.
func (c *Client) Client() *odoo.Client { return c.oc }

// String describes the client (its odoo.Client's URL, database, protocol
// and login, never a password or session); %v and %+v print this.
func (c *Client) String() string {
	if c == nil {
		return "ekiclik.Client(nil)"
	}
	return fmt.Sprintf("ekiclik.Client{%s create_by=%s}", c.oc, c.cfg.createBy)
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
	return slog.GroupValue(slog.Any("odoo", c.oc), slog.String("create_by", c.cfg.createBy))
}

// Authenticate logs in now instead of on the first call, to check the
// credentials early. It does nothing when the client has a session.
func (c *Client) Authenticate(ctx context.Context) error {
	if err := c.oc.Authenticate(ctx); err != nil {
		return fmt.Errorf("ekiclik: authenticate: %w", err)
	}
	return nil
}

// Logout ends the session (odoo.Client.Logout: /web/session/destroy); a
// later call logs in again. The session is the odoo.Client's: a
// helpdesk.Service or anything else on the same odoo.Client loses it too.
func (c *Client) Logout(ctx context.Context) error {
	if err := c.oc.Logout(ctx); err != nil {
		return fmt.Errorf("ekiclik: logout: %w", err)
	}
	return nil
}

// Close closes the odoo.Client (odoo.Client.Close: logs out within ten
// seconds and closes idle connections). Like Logout it acts on the shared
// odoo.Client; the Client stays usable, a later call logs in again.
func (c *Client) Close() error {
	if err := c.oc.Close(); err != nil {
		return fmt.Errorf("ekiclik: close: %w", err)
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
		return encodeError(op, model, err)
	}
	resp, err := c.oc.Route(ctx, odoo.RouteRequest{HTTPMethod: method, Path: apiPath(model, ""), Body: b, Model: model, Method: op,
		System: observerSystem, Protocol: observerProtocol})
	if err != nil {
		if errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			return &outcomeUnknownError{Model: model, Op: op, Err: err}
		}
		return &notAppliedError{Model: model, Op: op, Err: err}
	}
	derr := decode(resp, dec)
	if derr == nil {
		return nil
	}
	if resp.Expired {
		// Odoo checks the session before it runs the route: the call was
		// not applied. It is not replayed (a create must never run twice
		// on a guess); the next call logs in.
		return &notAppliedError{Model: model, Op: op, Err: withExpired(derr)}
	}
	var oe *odoo.Error
	if errors.As(derr, &oe) {
		// Odoo answered an exception: its transaction rolled back.
		oe.Model, oe.Method = model, op
		return &notAppliedError{Model: model, Op: op, Err: derr}
	}
	if errors.Is(derr, errWriteFalse) {
		return &notAppliedError{Model: model, Op: op, Err: derr}
	}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 || resp.StatusCode == http.StatusNotImplemented {
		// A refusal (bad request, unknown route, rate limited, a 501):
		// nothing ran (the rule of deskbridge.ErrOutcomeUnknown).
		return &notAppliedError{Model: model, Op: op, Err: derr}
	}
	// A 5xx page, a redirect, garbage or a cut JSON reply: the server may
	// have run the call.
	return &outcomeUnknownError{Model: model, Op: op, Err: derr}
}

// decode runs dec, a redirect being a reply no route promises.
func decode(resp *odoo.RouteResponse, dec decoder) error {
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return resp.Unexpected("redirected to " + redirectPath(resp))
	}
	return dec(resp)
}

// encodeError refuses a payload of op on model that JSON cannot carry:
// nothing was sent.
func encodeError(op, model string, err error) error {
	return &deskbridge.ArgumentError{Op: "ekiclik." + op + " " + model, Reason: "cannot encode: " + err.Error()}
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
	resp, err := c.oc.Route(ctx, odoo.RouteRequest{Path: path, Replay: true, Model: model, Method: "read",
		System: observerSystem, Protocol: observerProtocol})
	if err != nil {
		return fmt.Errorf("ekiclik: read %s: %w", model, err)
	}
	derr := decode(resp, dec)
	if derr == nil {
		return nil
	}
	var nf *deskbridge.NotFoundError
	if errors.As(derr, &nf) {
		return nf // it names the read already
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
