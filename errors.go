package deskbridge

import "errors"

// The shared failure vocabulary: one name per meaning. The client
// packages (odoo, helpdesk, jutda, ekiclik) declare no sentinels of these
// meanings; their errors match these values with errors.Is, so
// errors.Is(err, deskbridge.ErrOutcomeUnknown) is the one test whichever
// package returned err. Meanings that belong to one package
// (odoo.ErrAccessDenied, odoo.ErrMissing, jutda.ErrBadMethod, ...) stay
// there. Each package's doc says which of these its errors match.
var (
	// ErrInvalidArgument: an argument was refused before anything was sent
	// (an empty model name, a non-positive id, a 101-character Jutda title,
	// a malformed domain). Nothing reached the server; fix the call.
	ErrInvalidArgument = errors.New("deskbridge: invalid argument (nothing was sent)")

	// ErrOutcomeUnknown: a call that changes data may have reached the
	// server, but no usable reply came back (the connection broke after the
	// request was written, the reply was cut short or garbled, a proxy
	// answered a 5xx page). It may have been applied, once: the SDK never
	// sends it again by itself. Look at the server's data before repeating.
	ErrOutcomeUnknown = errors.New("deskbridge: outcome unknown (the call may have been applied; it was not sent again)")

	// ErrNotApplied: the server surely did not apply a call that changes
	// data (it answered an error and rolled back, refused the session, or
	// the request never left). Sending it again is safe once the cause is
	// fixed.
	ErrNotApplied = errors.New("deskbridge: not applied")

	// ErrNotFound: what the call names does not exist on the server: a
	// record, a model, a method, a route.
	ErrNotFound = errors.New("deskbridge: not found")

	// ErrRateLimited: the server (or a proxy) answered 429 Too Many
	// Requests and the wait it asked for did not fit the retry budget or
	// the context's deadline.
	ErrRateLimited = errors.New("deskbridge: rate limited")

	// ErrUnsupported: the server lacks what the call needs (a protocol, a
	// model, a module, a field).
	ErrUnsupported = errors.New("deskbridge: not supported by the server")

	// ErrBodyTooLarge: a reply was larger than the client's cap
	// (WithMaxBodySize in odoo, jutda and ekiclik; 64 MiB by default).
	// Reading stopped at the cap, so an endless body cannot exhaust memory.
	ErrBodyTooLarge = errors.New("deskbridge: response body too large")

	// ErrRedirectRefused: the server answered a redirect the client does
	// not follow (to another host or scheme, a downgrade from https, a
	// redirect of a POST, more than 10 hops): credentials and bodies are
	// never sent where the caller did not point the client.
	ErrRedirectRefused = errors.New("deskbridge: redirect refused")
)
