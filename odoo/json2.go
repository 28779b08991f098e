package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// json2Backend speaks Odoo 19's JSON-2 API: POST /json/2/<model>/<method>
// with the API key as bearer token and the method's arguments by name. The
// server keeps no session, so there is nothing to log in to.
type json2Backend struct {
	c *Client
}

// logout has nothing to end: JSON-2 keeps no session.
func (b *json2Backend) logout(context.Context) error { return nil }

func (b *json2Backend) login(ctx context.Context) error {
	if b.c.cfg.apiKey.IsZero() {
		return ErrNoCredentials
	}
	return nil
}

func (b *json2Backend) headers() http.Header {
	h := http.Header{}
	h.Set("Authorization", "bearer "+b.c.cfg.apiKey.Reveal())
	if db := b.c.cfg.database; db != "" {
		h.Set("X-Odoo-Database", db)
	}
	return h
}

func (b *json2Backend) execute(ctx context.Context, call *Call) (json.RawMessage, error) {
	if b.c.cfg.apiKey.IsZero() {
		return nil, ErrNoCredentials
	}
	body, err := namedArgs(call)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("odoo: encode request: %w", err)
	}
	path := "/json/2/" + url.PathEscape(call.Model) + "/" + url.PathEscape(call.Method)
	resp, err := b.c.send(ctx, http.MethodPost, path, b.headers(), data, b.c.policy(call.Method))
	if err != nil {
		return nil, err
	}
	raw, err := parseBareReply(resp)
	if err != nil && isHTML(resp) && b.noJSON2(ctx, resp) {
		return nil, b.c.noJSON2Error(err)
	}
	return raw, err
}

// noJSON2 reports whether an HTML reply to a JSON-2 call says the server
// has no JSON-2: Odoo 16 and 17 answer their 404 page, 18's web route
// /json/<path> answers 303 to /web/login (a login page once followed) or,
// with a session cookie, 400 "Session expired (invalid CSRF token)". A
// 404 "No database is selected" is a JSON-2 server's unknown database. A
// server known to be 19 or later has JSON-2: its HTML came from elsewhere
// (a proxy).
func (b *json2Backend) noJSON2(ctx context.Context, resp *transport.Response) bool {
	switch {
	case resp.StatusCode == http.StatusNotFound && bytes.Contains(resp.Body, []byte("No database is selected")):
		return false
	case resp.StatusCode == http.StatusNotFound, resp.StatusCode == http.StatusBadRequest,
		resp.StatusCode >= 200 && resp.StatusCode < 400:
	default:
		return false
	}
	v, err := b.c.Version(ctx)
	return err != nil || v.Major < 19
}

// noJSON2Error is the error of a JSON-2 call to a server without JSON-2;
// it matches deskbridge.ErrUnsupported and names the server's version when known.
func (c *Client) noJSON2Error(cause error) error {
	msg := "odoo: this server has no JSON-2 (Odoo 19+ only)"
	if v := c.ver.Load(); v != nil {
		msg += "; it runs Odoo " + v.ServerVersion
	}
	msg += ": use WithPassword (web session) or JSON-RPC"
	return &unsupportedError{msg: msg, err: cause}
}

// unsupportedError is a server lacking what the client asked for; it
// matches deskbridge.ErrUnsupported and unwraps to what the server answered.
type unsupportedError struct {
	msg string
	err error
}

func (e *unsupportedError) Error() string        { return e.msg }
func (e *unsupportedError) Unwrap() error        { return e.err }
func (e *unsupportedError) Is(target error) bool { return target == deskbridge.ErrUnsupported }

// parseBareReply reads a reply whose 2xx body is the bare JSON result and
// whose errors are carried by the HTTP status (JSON-2 and REST v2).
func parseBareReply(resp *transport.Response) (json.RawMessage, error) {
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, httpErrorBody(resp.StatusCode, ct, resp.Body)
	}
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		if resp.StatusCode == http.StatusNoContent {
			return json.RawMessage("null"), nil
		}
		return nil, newResponseError(resp.StatusCode, ct, "empty body", resp.Body)
	}
	if !json.Valid(body) {
		reason := "not JSON"
		if body[0] == '{' || body[0] == '[' || body[0] == '"' {
			reason = "truncated JSON"
			var v any
			if err := json.Unmarshal(body, &v); err != nil && !isUnexpectedEOF(err) {
				reason = "invalid JSON"
			}
		}
		return nil, newResponseError(resp.StatusCode, ct, reason, resp.Body)
	}
	return json.RawMessage(body), nil
}

func isUnexpectedEOF(err error) bool {
	return err != nil && err.Error() == "unexpected end of JSON input"
}

func (b *json2Backend) version(ctx context.Context) (json.RawMessage, error) {
	resp, err := b.c.send(ctx, http.MethodGet, "/web/version", nil, nil, transport.Idempotent)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusNotFound {
		// Before Odoo 17 there is no /web/version.
		raw, _, err := b.c.postRPC(ctx, "/web/webclient/version_info", map[string]any{}, nil, transport.Idempotent)
		return raw, err
	}
	return parseBareReply(resp)
}
