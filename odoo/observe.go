package odoo

import (
	"cmp"
	"context"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// WithObserver tells o about every HTTP exchange of the client's calls
// (one deskbridge.CallEvent per attempt: model, method, protocol, attempt,
// status, request and reply bytes, duration, redacted error), including
// the login and token requests a call makes (Method "authenticate"). jutda
// accepts the same Observer, and ekiclik's calls go through a Client's, so
// one metrics or tracing adapter serves all three packages. Events say
// System "odoo" and the protocol's name (e.g. "web"); one route call can
// name itself instead (RouteRequest.System and Protocol, as ekiclik's
// calls do), and an Observer that wants other labels renames them itself.
func WithObserver(o deskbridge.Observer) Option { return func(c *config) { c.observer = o } }

// callLabels are a RouteRequest's System and Protocol, kept on the
// context of its call so that the login it causes carries them too.
type (
	callLabelsKey struct{}
	callLabels    struct{ system, protocol string }
)

// labelled names the call on ctx for the Observer.
func (c *Client) labelled(ctx context.Context, model, method string) context.Context {
	if c.cfg.observer == nil {
		return ctx
	}
	l := transport.CallLabels{System: "odoo", Protocol: c.Protocol().String(), Model: model, Method: method}
	if cl, ok := ctx.Value(callLabelsKey{}).(callLabels); ok { // RouteRequest.System/Protocol
		l.System, l.Protocol = cmp.Or(cl.system, l.System), cmp.Or(cl.protocol, l.Protocol)
	}
	return transport.WithCall(ctx, l)
}
