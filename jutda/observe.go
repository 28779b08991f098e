package jutda

import (
	"context"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// WithObserver tells o about every HTTP exchange of the client's calls
// (one deskbridge.CallEvent per attempt, System "jutda", Protocol
// "legacy-api"), the same Observer odoo.WithObserver takes.
func WithObserver(o deskbridge.Observer) Option { return func(c *config) { c.observer = o } }

// labelled names the call on ctx for the Observer.
func (c *Client) labelled(ctx context.Context, method string) context.Context {
	return transport.WithCall(ctx, transport.CallLabels{System: "jutda", Protocol: "legacy-api", Method: method})
}
