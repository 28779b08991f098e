package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/internal/transport"
	"github.com/google/go-querystring/query"
	"golang.org/x/oauth2"
)

// restBackend speaks the REST v2 add-on: an OAuth2 password grant at
// /api/v2/authentication/oauth2/token (golang.org/x/oauth2, token requests
// through the SDK's transport), then Authorization: Bearer on each call.
// The access token is reused until it expires, then refreshed with the
// refresh token (or a new password grant when that fails). A 401 reply
// means the server no longer accepts the token: the client gets a new one
// and replays the call once, whatever the method, since a refused token
// means the call did not run.
type restBackend struct {
	c  *Client
	mu sync.Mutex
	// tok holds the current token in a closure (nil before the first
	// login), so that nothing printing or walking the Client reaches the
	// access and refresh tokens.
	tok func() *oauth2.Token
}

func newRESTBackend(c *Client) *restBackend { return &restBackend{c: c} }

// conf is the OAuth2 client, built per login so the client secret is not
// kept in plain text.
func (b *restBackend) conf() *oauth2.Config {
	return &oauth2.Config{
		ClientID:     b.c.cfg.clientID,
		ClientSecret: b.c.cfg.clientSecret.Reveal(),
		Endpoint: oauth2.Endpoint{
			TokenURL:  b.c.endpoint("/api/v2/authentication/oauth2/token"),
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func (b *restBackend) token() *oauth2.Token {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tok == nil {
		return nil
	}
	return b.tok()
}

// login gets a fresh access token: by refresh token when there is one,
// else (or when the refresh is refused) by the password grant.
func (b *restBackend) login(ctx context.Context) error {
	octx := context.WithValue(ctx, oauth2.HTTPClient, b.c.tr.StandardClient())
	if old := b.token(); old != nil && old.RefreshToken != "" {
		expired := *old
		expired.Expiry = time.Now().Add(-time.Hour)
		tok, err := b.conf().TokenSource(octx, &expired).Token()
		if err == nil {
			b.store(tok)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) {
			return err // transport failure: do not spend the password on it
		}
	}
	cfg := &b.c.cfg
	tok, err := b.conf().PasswordCredentialsToken(octx, cfg.login, cfg.password.Reveal())
	if err != nil {
		return b.tokenError(err)
	}
	b.store(tok)
	return nil
}

// logout forgets the token (the add-on documents no revocation route).
func (b *restBackend) logout(context.Context) error {
	b.mu.Lock()
	b.tok = nil
	b.mu.Unlock()
	return nil
}

func (b *restBackend) store(tok *oauth2.Token) {
	b.c.tr.AddSecret(tok.AccessToken)
	b.c.tr.AddSecret(tok.RefreshToken)
	b.mu.Lock()
	b.tok = func() *oauth2.Token { return tok }
	b.mu.Unlock()
}

// tokenError turns a refused token request into an *Error that matches
// ErrAccessDenied (for 400/401/403), without echoing the request, and a
// 429 into a *deskbridge.RateLimitError (the credentials were not checked).
func (b *restBackend) tokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	status, ct := 0, ""
	if re.Response != nil {
		status, ct = re.Response.StatusCode, re.Response.Header.Get("Content-Type")
	}
	if status == http.StatusTooManyRequests {
		// The OAuth2 library hides how often the transport sent it: 1.
		return b.c.rateLimited(&transport.Response{StatusCode: status, Header: re.Response.Header, Body: re.Body, Attempts: 1})
	}
	denied := status == http.StatusBadRequest || status == http.StatusUnauthorized || status == http.StatusForbidden
	perr := httpErrorBody(status, ct, re.Body)
	var oe *Error
	if errors.As(perr, &oe) {
		if denied && !errors.Is(oe, ErrAccessDenied) && !errors.Is(oe, ErrAccess) {
			oe.Name = "odoo.exceptions.AccessDenied"
		}
		oe.Method = "authenticate"
		if oe.Message == "" || re.ErrorCode != "" {
			oe.Message = "OAuth2 token request refused: " + re.ErrorCode
			if re.ErrorDescription != "" {
				oe.Message += ": " + re.ErrorDescription
			}
		}
		return oe
	}
	if denied {
		return &Error{Code: status, Name: "odoo.exceptions.AccessDenied", Method: "authenticate",
			Message: "OAuth2 token request refused (HTTP " + http.StatusText(status) + ")"}
	}
	return perr
}

func (b *restBackend) headers(tok *oauth2.Token) http.Header {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok.AccessToken)
	if db := b.c.cfg.database; db != "" {
		h.Set("DATABASE", db)
	}
	return h
}

// restQuery is the query of the GET routes; each value is JSON text.
type restQuery struct {
	Domain  string `url:"domain,omitempty"`
	IDs     string `url:"ids,omitempty"`
	Fields  string `url:"fields,omitempty"`
	Offset  string `url:"offset,omitempty"`
	Limit   string `url:"limit,omitempty"`
	Order   string `url:"order,omitempty"`
	Context string `url:"context,omitempty"`
}

// restRequest is one HTTP request of the REST v2 API.
type restRequest struct {
	method  string
	path    string
	body    any
	wrapped bool // the reply is {"result": ...}
}

// restRoute maps a call to the add-on's dedicated routes, or to /api/v2/call.
func restRoute(call *Call) (*restRequest, error) {
	named, err := namedArgs(call)
	if err != nil || !restOnly(named, restKeys[call.Method]) {
		return restGeneric(call), nil
	}
	model := url.PathEscape(call.Model)
	js := func(k string) (string, error) {
		v, ok := named[k]
		if !ok || v == nil {
			return "", nil
		}
		if s, ok := v.(string); ok && (k == "order") {
			return s, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return "", fmt.Errorf("odoo: encode %s: %w", k, err)
		}
		s := string(b)
		if s == "0" && (k == "offset" || k == "limit") {
			return "", nil
		}
		return s, nil
	}
	switch call.Method {
	case "search_read", "read":
		if call.Method == "search_read" {
			// The add-on pages GET search_read (80 records by default)
			// when no limit is sent: a search_read for every match goes
			// through /api/v2/call, which runs the method as is.
			if l, err := js("limit"); err != nil || l == "" || strings.HasPrefix(l, "-") {
				return restGeneric(call), nil
			}
		}
		var q restQuery
		for k, dst := range map[string]*string{"domain": &q.Domain, "ids": &q.IDs, "fields": &q.Fields,
			"offset": &q.Offset, "limit": &q.Limit, "order": &q.Order, "context": &q.Context} {
			if *dst, err = js(k); err != nil {
				return nil, err
			}
		}
		v, err := query.Values(q)
		if err != nil {
			return nil, fmt.Errorf("odoo: encode query: %w", err)
		}
		p := "/api/v2/" + call.Method + "/" + model
		if enc := v.Encode(); enc != "" {
			p += "?" + enc
		}
		return &restRequest{method: http.MethodGet, path: p}, nil
	case "create":
		vals := named["vals_list"]
		if l, ok := vals.([]any); ok && len(l) == 1 {
			vals = l[0]
		}
		body := map[string]any{"values": vals}
		if c, ok := named["context"]; ok {
			body["context"] = c
		}
		return &restRequest{method: http.MethodPost, path: "/api/v2/create/" + model, body: body}, nil
	case "write":
		body := map[string]any{"ids": named["ids"], "values": named["vals"]}
		if c, ok := named["context"]; ok {
			body["context"] = c
		}
		return &restRequest{method: http.MethodPut, path: "/api/v2/write/" + model, body: body}, nil
	case "unlink":
		body := map[string]any{"ids": named["ids"]}
		if c, ok := named["context"]; ok {
			body["context"] = c
		}
		return &restRequest{method: http.MethodDelete, path: "/api/v2/unlink/" + model, body: body}, nil
	}
	return restGeneric(call), nil
}

// restKeys are the named arguments each dedicated route carries.
var restKeys = map[string][]string{
	"search_read": {"domain", "fields", "offset", "limit", "order", "context"},
	"read":        {"ids", "fields", "context"},
	"create":      {"vals_list", "context"},
	"write":       {"ids", "vals", "context"},
	"unlink":      {"ids", "context"},
}

func restOnly(named map[string]any, keys []string) bool {
	if keys == nil {
		return false
	}
	for k := range named {
		ok := false
		for _, want := range keys {
			if k == want {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func restGeneric(call *Call) *restRequest {
	return &restRequest{method: http.MethodPost, path: "/api/v2/call", wrapped: true,
		body: callKwParams{Model: call.Model, Method: call.Method, Args: call.Args, Kwargs: kwargsWithContext(call)}}
}

func (b *restBackend) execute(ctx context.Context, call *Call) (json.RawMessage, error) {
	rr, err := restRoute(call)
	if err != nil {
		return nil, err
	}
	var body []byte
	if rr.body != nil {
		if body, err = json.Marshal(rr.body); err != nil {
			return nil, fmt.Errorf("odoo: encode request: %w", err)
		}
	}
	gen, err := b.c.ensureAuth(ctx)
	if err != nil {
		return nil, err
	}
	if tok := b.token(); tok == nil || !tok.Valid() {
		if gen, err = b.c.relogin(ctx, gen); err != nil {
			return nil, err
		}
	}
	pol := b.c.policy(call.Method)
	resp, err := b.c.send(ctx, rr.method, rr.path, b.headers(b.token()), body, pol)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		if _, err := b.c.relogin(ctx, gen); err != nil {
			return nil, err
		}
		if resp, err = b.c.send(ctx, rr.method, rr.path, b.headers(b.token()), body, pol); err != nil {
			return nil, err
		}
	}
	raw, err := parseBareReply(resp)
	if err != nil {
		return nil, err
	}
	return restResult(resp, raw)
}

func (b *restBackend) version(ctx context.Context) (json.RawMessage, error) {
	raw, _, err := b.c.postRPC(ctx, "/web/webclient/version_info", map[string]any{}, nil, transport.Idempotent)
	return raw, err
}
