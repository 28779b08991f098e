package ekiclik

import (
	"context"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// WithObserver tells o about every HTTP exchange of the client's calls
// (one deskbridge.CallEvent per attempt, System "ekiclik", Protocol
// "odoo-rest-api"), the same Observer odoo.WithObserver takes.
func WithObserver(o deskbridge.Observer) Option { return func(c *config) { c.observer = o } }

// labelled names the call on ctx for the Observer.
func (c *Client) labelled(ctx context.Context, model, method string) context.Context {
	if c.cfg.observer == nil {
		return ctx
	}
	return transport.WithCall(ctx, transport.CallLabels{System: "ekiclik", Protocol: "odoo-rest-api", Model: model, Method: method})
}
