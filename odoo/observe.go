package odoo

import (
	"context"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// WithObserver tells o about every HTTP exchange of the client's calls
// (one deskbridge.CallEvent per attempt: model, method, protocol, attempt,
// status, request and reply bytes, duration, redacted error), including
// the login and token requests a call makes (Method "authenticate"). jutda
// and ekiclik accept the same Observer, so one metrics or tracing adapter
// serves all three clients.
func WithObserver(o deskbridge.Observer) Option { return func(c *config) { c.observer = o } }

// WithObserverLabels sets the System and Protocol the Observer is told for
// every call of the client, logins included (default "odoo" and the
// protocol's name, e.g. "web"), for a package that offers its own API on
// top of a Client: ekiclik's client reports System "ekiclik", Protocol
// "odoo-rest-api".
func WithObserverLabels(system, protocol string) Option {
	return func(c *config) { c.obsSystem, c.obsProtocol = system, protocol }
}

// labelled names the call on ctx for the Observer.
func (c *Client) labelled(ctx context.Context, model, method string) context.Context {
	if c.cfg.observer == nil {
		return ctx
	}
	l := transport.CallLabels{System: c.cfg.obsSystem, Protocol: c.cfg.obsProtocol, Model: model, Method: method}
	if l.System == "" {
		l.System = "odoo"
	}
	if l.Protocol == "" {
		l.Protocol = c.Protocol().String()
	}
	return transport.WithCall(ctx, l)
}
