package jutda

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"
	"golang.org/x/time/rate"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// Client calls the legacy API of one Jutda / django-helpdesk install. It is
// safe for concurrent use.
type Client struct {
	base string // without trailing slash
	user string
	cred *credentials
	tr   *transport.Client
}

// credentials are the form fields that log in. The password is a
// deskbridge.Secret: a pointer alone does not hide it (fmt's
// "%!s(*credentials=&{...})" of a bad verb dereferences it), a closure
// does, under every verb and from reflection on a copy of the Client.
type credentials struct {
	password      deskbridge.Secret
	userField     string
	passwordField string
}

// String hides the password.
func (*credentials) String() string { return "[REDACTED]" }

// New returns a Client for the helpdesk at baseURL (the prefix the helpdesk
// is mounted at, e.g. "https://support.example.com/helpdesk": calls go to
// <baseURL>/api/<method>/), logging in on every call with the user and
// password of WithPassword, which it needs. A bad URL or missing
// credentials are a *deskbridge.ArgumentError (deskbridge.ErrInvalidArgument).
func New(baseURL string, opts ...Option) (*Client, error) {
	cfg := config{userField: "user", passwordField: "password"}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	base, err := checkBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(cfg.user) == "":
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "user", Reason: "empty"}
	case cfg.password.IsZero():
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "password", Reason: "empty"}
	case cfg.userField == "" || cfg.passwordField == "":
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "credential fields", Reason: "empty field name"}
	case cfg.userField == cfg.passwordField:
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "credential fields", Reason: "user and password fields are the same"}
	case cfg.rateLimit < 0:
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "rate limit", Reason: "negative"}
	case cfg.maxBodySize < 0:
		return nil, &deskbridge.ArgumentError{Op: "jutda.New", Arg: "max body size", Reason: "negative"}
	}
	tc := transport.Config{
		HTTPClient:  cfg.httpClient, // redirects are checked by transport.SafeRedirect
		UserAgent:   cfg.userAgent,
		RateLimit:   rate.Limit(cfg.rateLimit),
		Burst:       cfg.burst,
		Retry:       cfg.retry,
		MaxBodySize: cfg.maxBodySize,
		Logger:      cfg.logger,
		LogBodies:   cfg.logBodies,
		Observer:    cfg.observer,
	}
	c := &Client{
		base: base, user: cfg.user,
		cred: &credentials{password: cfg.password, userField: cfg.userField, passwordField: cfg.passwordField},
		tr:   transport.New(tc),
	}
	// The transport redacts it as sent and as echoed back: URL-, JSON- and
	// HTML-escaped (a Django debug page shows the POST fields).
	c.tr.AddSecret(cfg.password.Reveal())
	return c, nil
}

// checkBaseURL accepts an absolute http(s) URL without credentials, query
// or fragment and returns it without its trailing slash.
func checkBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error quotes the URL, which may hold a password: say less.
		return "", &deskbridge.ArgumentError{Op: "jutda.New", Arg: "base URL", Reason: "not a URL"}
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", &deskbridge.ArgumentError{Op: "jutda.New", Arg: "base URL", Reason: "scheme must be http or https"}
	case u.Host == "":
		return "", &deskbridge.ArgumentError{Op: "jutda.New", Arg: "base URL", Reason: "no host"}
	case u.User != nil:
		return "", &deskbridge.ArgumentError{Op: "jutda.New", Arg: "base URL", Reason: "must not carry credentials (use WithPassword)"}
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", &deskbridge.ArgumentError{Op: "jutda.New", Arg: "base URL", Reason: "must not have a query or fragment"}
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// String describes the Client without its password.
func (c *Client) String() string {
	return fmt.Sprintf("jutda.Client{url=%q user=%q password=[REDACTED]}", c.base, c.user)
}

// GoString is String, so %#v shows no password either.
func (c *Client) GoString() string { return c.String() }

// LogValue logs the Client without its password.
func (c *Client) LogValue() slog.Value {
	return slog.GroupValue(slog.String("url", c.base), slog.String("user", c.user))
}

// URL returns the helpdesk's base URL the Client calls (without trailing
// slash), as odoo.Client.URL does.
func (c *Client) URL() string { return c.base }

// Close closes the idle connections of the Client's own transport (a
// WithHTTPClient client is left alone), as odoo.Client.Close and
// ekiclik.Client.Close do; the legacy API has no session to end, so it
// always returns nil. The Client stays usable.
func (c *Client) Close() error {
	c.tr.CloseIdleConnections()
	return nil
}

// reply is a 200 reply of a call.
type reply struct {
	contentType string
	body        []byte
}

// call POSTs form (an option struct encoded with go-querystring, or nil)
// with the credentials to <base>/api/<method>/ and returns a 200 reply;
// any other status is an *Error, a failure without reply a *TransportError.
func (c *Client) call(ctx context.Context, method string, form any, policy transport.Policy) (reply, error) {
	if ctx == nil {
		return reply{}, &deskbridge.ArgumentError{Op: "jutda." + method, Arg: "ctx", Reason: "nil context"}
	}
	vals := url.Values{}
	if form != nil {
		v, err := query.Values(form)
		if err != nil {
			return reply{}, fmt.Errorf("jutda: %s: encoding the form: %w", method, err)
		}
		vals = v
	}
	vals.Set(c.cred.userField, c.user)
	vals.Set(c.cred.passwordField, c.cred.password.Reveal())
	req := &transport.Request{
		Method: http.MethodPost,
		URL:    c.base + "/api/" + method + "/",
		Header: http.Header{
			"Content-Type": {"application/x-www-form-urlencoded"},
			"Accept":       {"text/plain, text/json, application/json;q=0.9, */*;q=0.1"},
		},
		Body:   []byte(vals.Encode()),
		Policy: policy,
	}
	resp, err := c.tr.Do(c.labelled(ctx, method), req)
	if err != nil {
		return reply{}, c.transportError(method, policy, err)
	}
	if resp.StatusCode != http.StatusOK {
		e := &Error{Method: method, StatusCode: resp.StatusCode, Body: c.redactText(resp.Body)}
		if resp.StatusCode == http.StatusTooManyRequests {
			d, _ := c.tr.RetryAfter(resp.StatusCode, resp.Header)
			return reply{}, &deskbridge.RateLimitError{System: "jutda", Op: method, RetryAfter: d, Attempts: resp.Attempts, Reply: e}
		}
		return reply{}, e
	}
	return reply{contentType: resp.Header.Get("Content-Type"), body: resp.Body}, nil
}

// transportError turns the transport's error into a *TransportError.
func (c *Client) transportError(method string, policy transport.Policy, err error) error {
	te := &TransportError{Method: method, Attempts: 1, MaybeSent: true, Err: err}
	var tre *transport.Error
	cause := err
	if errors.As(err, &tre) {
		te.Attempts, te.MaybeSent = tre.Attempts, tre.MaybeSent
		if tre.Err != nil {
			cause = tre.Err
		}
	}
	te.outcomeUnknown = te.MaybeSent && policy == transport.NotIdempotent
	te.msg = c.tr.Redact(cause.Error())
	return te
}

// redactText is a reply body fit for an error: clipped, valid UTF-8, no
// secret (a Django debug page lists the POST fields, password included).
func (c *Client) redactText(b []byte) string {
	// Redact the whole body before clipping it, so that a secret cut in
	// two by the clip cannot slip through.
	return strings.TrimSpace(clip([]byte(c.tr.Redact(string(b)))))
}

// badReply is a *ResponseError for a 200 reply.
func (c *Client) badReply(method string, r reply, reason string) error {
	return &ResponseError{Method: method, StatusCode: http.StatusOK, ContentType: r.contentType,
		Body: c.redactText(r.body), Reason: reason}
}
