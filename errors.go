package deskbridge

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

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

	// ErrOutcomeUnknown: a call that changes data may have been applied,
	// and no usable reply says whether. The SDK never sends it again by
	// itself; look at the server's data before repeating it. One rule for
	// every client (odoo, helpdesk, jutda, ekiclik): the request may have
	// been written and then
	//   - no reply came: the connection closed or reset after the request
	//     was written, the context ended or a timeout struck while waiting
	//     or reading;
	//   - a 2xx reply that is not the protocol's answer: a body cut short,
	//     garbled, not JSON, an HTML page (from a proxy or a login form:
	//     nothing says the upstream did not run the call), an id that is
	//     not an id;
	//   - a redirect, which the clients do not follow for such a call (a
	//     303 after a POST may mean it was processed);
	//   - a 5xx page other than 501, not the protocol's error answer (a
	//     proxy's 502/504 while the upstream carries on, Django's 500 page
	//     after the ticket was saved). Odoo's own error answer, whatever
	//     its status, means Odoo raised and rolled back: ErrNotApplied.
	// Every other failure of such a call on the network or at the server
	// matches ErrNotApplied. Errors raised before the call was sent say so
	// in their own words (ErrInvalidArgument; helpdesk's ErrNoClosingStage
	// or a *NotFoundError found by a read first) and may match neither.
	// Reads match neither: repeating them is safe, and the clients retry
	// them.
	ErrOutcomeUnknown = errors.New("deskbridge: outcome unknown (the call may have been applied; it was not sent again)")

	// ErrNotApplied: the server surely did not apply a call that changes
	// data: the request never left (connection refused, no such host, TLS
	// refused, the context ended before sending), the login it needed
	// failed or no credentials were configured, a 4xx reply refused it
	// (400, 401, 403, 404, 405, 413, 429, ...; a 429 also matches
	// ErrRateLimited), a 501, or the server answered an error in the
	// protocol (Odoo raised and rolled back; Jutda's form errors). Sending
	// it again is safe once the cause is fixed. An argument refused before
	// sending matches ErrInvalidArgument instead.
	ErrNotApplied = errors.New("deskbridge: not applied")

	// ErrNotFound: what the call names does not exist on the server: a
	// record (Odoo's MissingError, a Jutda "Invalid ticket ID", an ekiclik
	// Get of a missing id), a model, a method, a route (a 404). A call that
	// changes data and finds nothing to change applied nothing (odoo's and
	// jutda's such errors also match ErrNotApplied).
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

// RateLimitError is the one shape of a 429 Too Many Requests reply that a
// client did not retry, whichever package returned it (odoo, jutda,
// ekiclik; helpdesk passes odoo's through): its Retry-After asked for a
// longer wait than the client's WithRetry allows or than the context had
// left (the client returns at once rather than sleep), or the retries
// allowed were spent. The server refused the call; nothing ran. It matches
// ErrRateLimited, and for a call that changes data ErrNotApplied too (the
// client marks it so). Find it with errors.As(err, &rl) for RetryAfter.
type RateLimitError struct {
	// System is the package whose client got the reply: "odoo" or
	// "jutda" ("odoo" for ekiclik too, which sends through an odoo.Client;
	// the ekiclik error around it names the call).
	System string
	// Op names the call, e.g. "create_ticket" (empty when the error text
	// around it names the call already, as odoo's does).
	Op string
	// RetryAfter is the wait the server asked for (its Retry-After header,
	// seconds or an HTTP date); 0 when it named none.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Reply is the 429 reply as its package reports a reply (an
	// *odoo.ResponseError, a *jutda.Error: status, content type, the start
	// of the body, redacted); Unwrap returns it.
	Reply error
}

// Error returns "<system>: [<op>: ]rate limited (HTTP 429 Too Many
// Requests[, <n> attempts]): the server asks to wait <d>".
func (e *RateLimitError) Error() string {
	s := e.System + ": "
	if e.Op != "" {
		s += e.Op + ": "
	}
	s += "rate limited (HTTP 429 Too Many Requests"
	if e.Attempts > 1 {
		s += ", " + strconv.Itoa(e.Attempts) + " attempts"
	}
	s += ")"
	if e.RetryAfter > 0 {
		s += ": the server asks to wait " + e.RetryAfter.String()
	}
	return s
}

// Is reports whether target is ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

// Unwrap returns the reply.
func (e *RateLimitError) Unwrap() error { return e.Reply }

// ArgumentError is the one type of an argument refused before anything was
// sent, whichever package refused it (odoo, helpdesk, jutda, ekiclik). It
// matches ErrInvalidArgument. Find it with errors.As(err, &ae) to read
// which argument and why.
type ArgumentError struct {
	// Op names the call refused, qualified by its package:
	// "odoo.Client.Create", "jutda.create_ticket", "ekiclik.CreateProduct",
	// or just "helpdesk" where the argument names the call
	// ("TicketCreate.Name").
	Op string
	// Arg names the argument or field, e.g. "model", "ids[2]", "title",
	// "product[1].list_price" ("" when the reason says it all).
	Arg string
	// Reason says what is wrong with it.
	Reason string
}

// Error returns "<package>: <call>: invalid <arg>: <reason>", e.g.
// "odoo: Client.Create: invalid model: empty" ("<package>: invalid <arg>:
// <reason>" when Op is only the package).
func (e *ArgumentError) Error() string {
	var b strings.Builder
	writeOp(&b, e.Op)
	b.WriteString("invalid ")
	if e.Arg != "" {
		b.WriteString(e.Arg)
	} else {
		b.WriteString("argument")
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Is reports whether target is ErrInvalidArgument.
func (e *ArgumentError) Is(target error) bool { return target == ErrInvalidArgument }

// NotFoundError is the one type of a record that does not exist, or of a
// filter that matched none, whichever package looked (helpdesk, ekiclik;
// odoo passes Odoo's own MissingError as an *odoo.Error, jutda its reply
// as a *jutda.Error). It matches ErrNotFound, and ErrNotApplied too when
// NotApplied is set. Find it with errors.As(err, &nf) to read what was
// missing.
type NotFoundError struct {
	// Op names the call that looked, qualified by its package, as
	// ArgumentError's Op does: "helpdesk.Tickets.Get", "ekiclik.Get",
	// "ekiclik.update".
	Op string
	// Model is the model looked in, e.g. "helpdesk.ticket".
	Model string
	// ID is the record asked for; 0 when the call named records by a
	// filter.
	ID int64
	// Filter is the filter that matched no record, as a domain in JSON
	// (e.g. [["email","=","x@example.com"]]); "" when the call named an
	// ID.
	Filter string
	// NotApplied: the call changes data and stopped before sending
	// anything, finding nothing to change (an ekiclik update whose filter
	// matched nothing): the error matches ErrNotApplied too.
	NotApplied bool
}

// Error returns "<package>: <call>: <model> <id> not found", e.g.
// "helpdesk: Tickets.Get: helpdesk.ticket 42 not found", or for a filter
// "<package>: <call>: no <model> record matches <filter>[: nothing sent]"
// (without "<call>: " when Op is only the package).
func (e *NotFoundError) Error() string {
	var b strings.Builder
	writeOp(&b, e.Op)
	switch {
	case e.Filter != "":
		b.WriteString("no ")
		b.WriteString(e.Model)
		b.WriteString(" record matches ")
		b.WriteString(e.Filter)
	case e.ID != 0:
		b.WriteString(e.Model)
		b.WriteString(" ")
		b.WriteString(strconv.FormatInt(e.ID, 10))
		b.WriteString(" not found")
	default:
		b.WriteString(e.Model)
		b.WriteString(" not found")
	}
	if e.NotApplied {
		b.WriteString(": nothing sent")
	}
	return b.String()
}

// Is reports whether target is ErrNotFound, or ErrNotApplied when
// NotApplied is set.
func (e *NotFoundError) Is(target error) bool {
	return target == ErrNotFound || target == ErrNotApplied && e.NotApplied
}

// writeOp writes a package-qualified Op as the errors' prefix:
// "helpdesk.Tickets.Get" is "helpdesk: Tickets.Get: ", "helpdesk" is
// "helpdesk: ".
func writeOp(b *strings.Builder, op string) {
	pkg, call, _ := strings.Cut(op, ".")
	b.WriteString(pkg)
	b.WriteString(": ")
	if call != "" {
		b.WriteString(call)
		b.WriteString(": ")
	}
}
