package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// webBackend speaks the web client's API: /web/session/authenticate gives
// a session_id cookie, kept by the client itself (not an http.Client jar,
// so a caller's HTTP client cannot leak or drop it), and calls go to
// /web/dataset/call_kw/<model>/<method>.
//
// When the session expired (JSON-RPC error code 100,
// SessionExpiredException; or, once the client had a session, Odoo's 404
// HTML page of a server that serves several databases) the client logs in
// again once and replays the call, whatever the method: Odoo checks the
// session before it runs anything, so the expired call was not applied.
type webBackend struct {
	c       *Client
	mu      sync.Mutex
	session deskbridge.Secret // the session_id cookie
}

type webAuthParams struct {
	DB       string `json:"db"`
	Login    string `json:"login"`
	Password string `json:"password"`
}

type callKwParams struct {
	Model  string         `json:"model"`
	Method string         `json:"method"`
	Args   []any          `json:"args"`
	Kwargs map[string]any `json:"kwargs"`
}

func (b *webBackend) login(ctx context.Context) error {
	cfg := &b.c.cfg
	if cfg.login == "" || cfg.password.IsZero() {
		return ErrNoCredentials
	}
	raw, resp, err := b.c.postRPC(ctx, b.c.webLoginRoute(),
		webAuthParams{DB: cfg.database, Login: cfg.login, Password: cfg.password.Reveal()}, nil, transport.Idempotent)
	if err != nil {
		return err
	}
	var res struct {
		UID json.RawMessage `json:"uid"`
		// SessionID: Odoo up to 12, and some versions of add-on login
		// routes (odoo-rest-api's /auth/), answer the session here too.
		SessionID string `json:"session_id"`
	}
	_ = json.Unmarshal(raw, &res)
	if isEmptyJSON(res.UID) {
		// Odoo < 16 answered uid false for a bad login.
		return &Error{Name: "odoo.exceptions.AccessDenied", Message: "login refused: wrong login or password", Method: "authenticate"}
	}
	sid := sessionCookie(resp.Header)
	if sid == "" {
		sid = res.SessionID
	}
	if sid == "" {
		return newResponseError(resp.StatusCode, resp.Header.Get("Content-Type"), "no session_id cookie in the login reply", nil)
	}
	b.c.tr.AddSecret(sid)
	if uid, err := decodeID(res.UID); err == nil {
		b.c.uid.Store(uid)
	}
	b.mu.Lock()
	b.session = deskbridge.NewSecret(sid)
	b.mu.Unlock()
	return nil
}

// logout destroys the session on the server (/web/session/destroy) and
// forgets it. Odoo answers with no "result" member (the method returns
// None) and a new anonymous session, which the client does not keep.
func (b *webBackend) logout(ctx context.Context) error {
	b.mu.Lock()
	sid := b.session.Reveal()
	b.session = deskbridge.Secret{}
	b.mu.Unlock()
	if sid == "" {
		return nil
	}
	hdr := http.Header{}
	hdr.Set("Cookie", (&http.Cookie{Name: "session_id", Value: sid}).String())
	_, _, err := b.c.postRPC(ctx, "/web/session/destroy", map[string]any{}, hdr, transport.Idempotent)
	if errors.Is(err, ErrSessionExpired) {
		err = nil // gone already
	}
	return err
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

// sessionID returns the session the backend holds ("" before a login).
func (b *webBackend) sessionID() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.session.Reveal()
}

func (b *webBackend) execute(ctx context.Context, call *Call) (json.RawMessage, error) {
	gen, err := b.c.ensureAuth(ctx)
	if err != nil {
		return nil, err
	}
	raw, err := b.callKw(ctx, call)
	if !errors.Is(err, errExpired) {
		return raw, err
	}
	if _, err := b.c.relogin(ctx, gen); err != nil {
		return nil, err
	}
	raw, err = b.callKw(ctx, call)
	var ee *expiredError
	if errors.As(err, &ee) {
		return nil, ee.err
	}
	return raw, err
}

var errExpired = errors.New("odoo: web session expired")

// expiredError marks a reply that says the session is gone.
type expiredError struct{ err error }

func (e *expiredError) Error() string        { return e.err.Error() }
func (e *expiredError) Unwrap() []error      { return []error{e.err, errExpired} }
func (e *expiredError) Is(target error) bool { return target == ErrSessionExpired }

func (b *webBackend) callKw(ctx context.Context, call *Call) (json.RawMessage, error) {
	b.mu.Lock()
	sid := b.session.Reveal()
	b.mu.Unlock()
	hdr := http.Header{}
	hdr.Set("Cookie", (&http.Cookie{Name: "session_id", Value: sid}).String())
	path := "/web/dataset/call_kw/" + url.PathEscape(call.Model) + "/" + url.PathEscape(call.Method)
	raw, resp, err := b.c.postRPC(ctx, path,
		callKwParams{Model: call.Model, Method: call.Method, Args: call.Args, Kwargs: kwargsWithContext(call)},
		hdr, b.c.policy(call.Method))
	if resp != nil {
		if nsid := sessionCookie(resp.Header); nsid != "" && nsid != sid && err == nil {
			// The server rotated the session.
			b.c.tr.AddSecret(nsid)
			b.mu.Lock()
			b.session = deskbridge.NewSecret(nsid)
			b.mu.Unlock()
		}
	}
	if err == nil {
		return raw, nil
	}
	if errors.Is(err, ErrSessionExpired) || (resp != nil && resp.StatusCode == http.StatusNotFound && isHTML(resp)) {
		return nil, &expiredError{err: err}
	}
	return nil, err
}

func (b *webBackend) version(ctx context.Context) (json.RawMessage, error) {
	raw, _, err := b.c.postRPC(ctx, "/web/webclient/version_info", map[string]any{}, nil, transport.Idempotent)
	return raw, err
}
