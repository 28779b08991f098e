package odoo

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// jsonrpcBackend speaks the external API at /jsonrpc: common.authenticate
// once for the uid, then object.execute_kw with the password or API key on
// every call (the server keeps no session).
type jsonrpcBackend struct {
	c   *Client
	mu  sync.Mutex
	uid int64
}

type rpcServiceParams struct {
	Service string `json:"service"`
	Method  string `json:"method"`
	Args    []any  `json:"args"`
}

func (b *jsonrpcBackend) secret() string {
	if !b.c.cfg.apiKey.IsZero() {
		return b.c.cfg.apiKey.Reveal()
	}
	return b.c.cfg.password.Reveal()
}

func (b *jsonrpcBackend) login(ctx context.Context) error {
	cfg := &b.c.cfg
	if cfg.login == "" || b.secret() == "" {
		return ErrNoCredentials
	}
	params := rpcServiceParams{Service: "common", Method: "authenticate",
		Args: []any{cfg.database, cfg.login, b.secret(), map[string]any{}}}
	raw, _, err := b.c.postRPC(ctx, "/jsonrpc", params, nil, transport.Idempotent)
	if err != nil {
		return err
	}
	if isEmptyJSON(raw) {
		// The server answers false, not an error, for a bad login.
		return &Error{
			Name:    "odoo.exceptions.AccessDenied",
			Message: fmt.Sprintf("login %q refused on database %q: wrong login, password or API key (common.authenticate answered false)", cfg.login, cfg.database),
			Method:  "authenticate",
		}
	}
	uid, err := decodeID(raw)
	if err != nil {
		return newResponseError(200, "application/json", "common.authenticate answered no uid", raw)
	}
	b.mu.Lock()
	b.uid = uid
	b.mu.Unlock()
	b.c.uid.Store(uid)
	return nil
}

// logout has nothing to end: /jsonrpc keeps no session.
func (b *jsonrpcBackend) logout(context.Context) error { return nil }

func (b *jsonrpcBackend) execute(ctx context.Context, call *Call) (json.RawMessage, error) {
	if _, err := b.c.ensureAuth(ctx); err != nil {
		return nil, err
	}
	b.mu.Lock()
	uid := b.uid
	b.mu.Unlock()
	cfg := &b.c.cfg
	params := rpcServiceParams{Service: "object", Method: "execute_kw",
		Args: []any{cfg.database, uid, b.secret(), call.Model, call.Method, call.Args, kwargsWithContext(call)}}
	raw, _, err := b.c.postRPC(ctx, "/jsonrpc", params, nil, b.c.policy(call.Method))
	return raw, err
}

func (b *jsonrpcBackend) version(ctx context.Context) (json.RawMessage, error) {
	raw, _, err := b.c.postRPC(ctx, "/jsonrpc", rpcServiceParams{Service: "common", Method: "version", Args: []any{}}, nil, transport.Idempotent)
	return raw, err
}
