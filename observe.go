package deskbridge

import (
	"context"
	"time"
)

// CallEvent is what an Observer learns about one HTTP exchange of an SDK
// call: one attempt of it (a retried call gives one event per attempt,
// numbered by Attempt; a redirect hop its own event). A login or token
// request the SDK makes for a call is its own event, with Method
// "authenticate".
type CallEvent struct {
	// System is the client: "odoo", "jutda" or "ekiclik".
	System string
	// Protocol is the wire protocol: odoo's "jsonrpc", "web", "json2",
	// "restv2"; "legacy-api" for jutda; "odoo-rest-api" for ekiclik.
	Protocol string
	// Model and Method name the call (Model is "" for calls on no model,
	// such as a login or jutda's API methods, whose name is in Method).
	Model, Method string
	// Attempt counts from 1.
	Attempt int
	// HTTPMethod and Path are the request's (Path redacted, no query).
	HTTPMethod, Path string
	// Status is the HTTP status, 0 when no reply came.
	Status int
	// RequestBytes and ReplyBytes are the body sizes.
	RequestBytes, ReplyBytes int
	// Duration is the attempt's time, from the rate limiter's wait to the
	// reply's last byte.
	Duration time.Duration
	// Err is the attempt's transport error (nil when a reply came: an
	// HTTP error status is a reply), with every secret redacted.
	Err error
}

// Observer receives a CallEvent for every HTTP exchange of the clients it
// is given to (odoo.WithObserver, which ekiclik's calls go through too,
// and jutda.WithObserver), synchronously, on the calling goroutine: it must
// be safe for concurrent use and quick (hand slow work to a channel). It
// is enough to feed metrics or tracing without the SDK depending on them.
type Observer func(ctx context.Context, e CallEvent)
