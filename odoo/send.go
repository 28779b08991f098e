// How one call travels: ExecuteCall, the retry policy by method, sending
// over the transport, and the errors of a call (outcome unknown, redacted).

package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// ExecuteCall runs one ORM call, described by a Call, and returns its raw
// JSON result. The typed methods (SearchRead, Create, ...) and CallMethod
// are built on it.
//
// Invalid arguments (a nil context, an empty or malformed model or method
// name, an invalid domain.Domain among Args) give a *deskbridge.ArgumentError before
// any request. When a call that changes data may have been applied but no
// usable reply came back, the error matches deskbridge.ErrOutcomeUnknown.
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
		if c.policy(call.Method) == transport.NotIdempotent {
			err = writeError(err)
		}
		return nil, err
	}
	return raw, nil
}

// outcomeUnknown reports whether the failed request of a non-idempotent
// call may have been applied, by the rule of deskbridge.ErrOutcomeUnknown:
// the transport says the request may have reached the server, or a reply
// came that is not the protocol's answer (a 2xx body cut short, garbled,
// not JSON, an HTML page) or is a 5xx other than 501 (a proxy whose
// upstream may have run the call). A failed login, a 4xx page (404, 429,
// ...) or an Odoo error mean the call did not run.
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
			return true
		case re.StatusCode == 0:
			return true // a result that does not fit: the server answered
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
		oe.redactWith(c.tr.Redact)
		if msg := err.Error(); c.tr.Redact(msg) != msg {
			// Text of a wrapper around the *Error.
			return &redactedError{msg: c.tr.Redact(msg), err: err}
		}
		return err
	}
	var re *ResponseError
	if errors.As(err, &re) {
		re.redactWith(c.tr.Redact)
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
