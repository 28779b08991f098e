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

// labelled names the call on ctx for the Observer.
func (c *Client) labelled(ctx context.Context, model, method string) context.Context {
	if c.cfg.observer == nil {
		return ctx
	}
	l := transport.CallLabels{System: "odoo", Protocol: c.Protocol().String(), Model: model, Method: method}
	if outer, ok := transport.CallOf(ctx); ok && outer.System != "" {
		// A package built on the Client (ekiclik) names its own calls,
		// the logins they cause included.
		l.System, l.Protocol = outer.System, outer.Protocol
	}
	return transport.WithCall(ctx, l)
}
