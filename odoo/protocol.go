package odoo

import (
	"context"
	"encoding/json"
	"sync"
)

// byVersionBackend is the backend of a client with an API key and a login
// but no WithProtocol: JSON-2 on Odoo 19 and later, JSON-RPC before. The
// server's version, read once without credentials, decides at the first
// login; the chosen backend then does everything.
type byVersionBackend struct {
	c     *Client
	mu    sync.Mutex
	inner backend
}

// resolve returns the chosen backend, reading the server's version first
// when not chosen yet.
func (b *byVersionBackend) resolve(ctx context.Context) (backend, error) {
	b.mu.Lock()
	inner := b.inner
	b.mu.Unlock()
	if inner != nil {
		return inner, nil
	}
	v, err := b.c.Version(ctx)
	if err != nil {
		return nil, err
	}
	p := JSONRPC
	if v.Major >= 19 {
		p = JSON2
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inner == nil {
		b.inner = b.c.newBackend(p)
		b.c.proto.Store(int32(p))
		b.c.logProtocol(p, "chosen for an API key on Odoo "+v.ServerVersion)
	}
	return b.inner, nil
}

func (b *byVersionBackend) login(ctx context.Context) error {
	inner, err := b.resolve(ctx)
	if err != nil {
		return err
	}
	return inner.login(ctx)
}

func (b *byVersionBackend) logout(ctx context.Context) error {
	b.mu.Lock()
	inner := b.inner
	b.mu.Unlock()
	if inner == nil {
		return nil
	}
	return inner.logout(ctx)
}

func (b *byVersionBackend) execute(ctx context.Context, call *Call) (json.RawMessage, error) {
	inner, err := b.resolve(ctx)
	if err != nil {
		return nil, &authError{err: err}
	}
	return inner.execute(ctx, call)
}

// version asks as JSON-2's backend does (/web/version, then
// /web/webclient/version_info): both routes need no credentials.
func (b *byVersionBackend) version(ctx context.Context) (json.RawMessage, error) {
	return (&json2Backend{c: b.c}).version(ctx)
}
