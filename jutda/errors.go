package jutda

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge"
)

// Sentinels of jutda's own meanings, matched with errors.Is. The shared
// meanings have one name, in package deskbridge: an *Error matches
// deskbridge.ErrNotFound (404, "Invalid ticket ID") and
// deskbridge.ErrRateLimited (429, as a *deskbridge.RateLimitError), a
// *deskbridge.ArgumentError deskbridge.ErrInvalidArgument, a
// *TransportError deskbridge.ErrBodyTooLarge and
// deskbridge.ErrRedirectRefused; and every error of a state-changing call
// exactly one of deskbridge.ErrOutcomeUnknown and deskbridge.ErrNotApplied
// (the rule is in the former's doc).
var (
	// ErrRejected matches an *Error with status 400: the server refused the
	// request (an invalid form, a blank message, an unknown API method).
	ErrRejected = errors.New("jutda: request rejected by the server")
	// ErrAccessDenied matches an *Error with status 403 (odoo.ErrAccessDenied
	// names the same meaning for Odoo): the user or
	// password is wrong, or the user is inactive.
	ErrAccessDenied = errors.New("jutda: access denied (bad credentials)")
	// ErrBadMethod matches an *Error with status 405: the request was not
	// a POST (a proxy or a redirect turned it into a GET).
	ErrBadMethod = errors.New("jutda: method not allowed")
	// ErrServer matches an *Error with a 5xx status.
	ErrServer = errors.New("jutda: server error")
	// ErrBadResponse matches a *ResponseError: a 200 reply that is not
	// what the method promises.
	ErrBadResponse = errors.New("jutda: unexpected response")
)

// maxText bounds the reply text kept in an *Error; snippetLen the part an
// error message quotes.
const (
	maxText    = 4 << 10
	snippetLen = 200
)

// Error is an error status from the server.
type Error struct {
	// Method is the API method, e.g. "create_ticket".
	Method string
	// StatusCode is the HTTP status (400, 403, 404, 405, 429, 5xx, ...).
	StatusCode int
	// Body is the reply's body (at most 4 KiB, secrets redacted), e.g.
	// "Invalid ticket ID" or create_ticket's form errors. The legacy server
	// sends 403 and 405 with an empty body. (odoo's ResponseError names the
	// same thing Body.)
	Body string
}

// Error describes the status and quotes the start of the reply text.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jutda: %s: HTTP %d", e.Method, e.StatusCode)
	if st := http.StatusText(e.StatusCode); st != "" {
		b.WriteString(" " + st)
	}
	if s := snippet(e.Body); s != "" {
		b.WriteString(": " + strconv.Quote(s))
	} else {
		b.WriteString(" (empty body)")
	}
	switch {
	case e.StatusCode == http.StatusForbidden:
		b.WriteString(": bad user or password, or inactive user")
	case e.StatusCode == http.StatusMethodNotAllowed:
		b.WriteString(": the server only accepts POST")
	case e.StatusCode == http.StatusBadRequest && strings.TrimSpace(e.Body) == "":
		b.WriteString(": unknown API method or bad request")
	case e.outcomeUnknown():
		b.WriteString(": outcome unknown, the server may have applied it (not retried)")
	}
	return b.String()
}

// outcomeUnknown: a 5xx (but 501) to a state-changing call, by the rule of
// deskbridge.ErrOutcomeUnknown (Django's 500 page may follow a saved
// ticket, a proxy's 504 a helpdesk that carries on).
func (e *Error) outcomeUnknown() bool {
	return e.StatusCode >= 500 && e.StatusCode <= 599 && e.StatusCode != http.StatusNotImplemented && changesState(e.Method)
}

// changesState reports whether an API method changes the server's state.
func changesState(method string) bool { return method != MethodListQueues && method != MethodFindUser }

// Is matches the sentinel for the status (see ErrRejected and the others).
func (e *Error) Is(target error) bool {
	switch target {
	case ErrRejected:
		return e.StatusCode == http.StatusBadRequest
	case ErrAccessDenied:
		return e.StatusCode == http.StatusForbidden
	case deskbridge.ErrNotFound:
		if e.StatusCode == http.StatusNotFound {
			return true
		}
		t := strings.TrimSpace(e.Body)
		return e.StatusCode == http.StatusBadRequest && (t == "Invalid ticket ID" || t == "Invalid username provided")
	case ErrBadMethod:
		return e.StatusCode == http.StatusMethodNotAllowed
	case deskbridge.ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	case deskbridge.ErrOutcomeUnknown:
		return e.outcomeUnknown()
	case deskbridge.ErrNotApplied:
		// Any other status answering a state-changing call refused it.
		return changesState(e.Method) && !e.outcomeUnknown()
	}
	return false
}

// FormErrors parses create_ticket's form errors, Django's
// "* title\n  * This field is required." (a "* field" line, then an
// indented "  * message" line per message), into
// {"title": ["This field is required."]}. It returns nil when Body is not in
// that form.
func (e *Error) FormErrors() map[string][]string { return parseFormErrors(e.Body) }

// parseFormErrors reads Django's ErrorDict.as_text. Every line must be a
// "* field" line or an "  * message" line after one.
func parseFormErrors(text string) map[string][]string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return nil
	}
	out := map[string][]string{}
	field := ""
	for line := range strings.SplitSeq(text, "\n") {
		switch {
		case strings.HasPrefix(line, "  * "):
			msg := strings.TrimSpace(line[len("  * "):])
			if field == "" || msg == "" {
				return nil // Django writes no empty message
			}
			out[field] = append(out[field], msg)
		case strings.HasPrefix(line, "* ") && strings.TrimSpace(line[2:]) != "":
			field = strings.TrimSpace(line[2:])
			if _, dup := out[field]; !dup {
				out[field] = nil
			}
		default:
			return nil
		}
	}
	for _, msgs := range out {
		if len(msgs) == 0 {
			return nil
		}
	}
	return out
}

// ResponseError is a 200 reply that is not what the method promises: an
// HTML page from a proxy or a login form, a non-numeric id, broken JSON, a
// body where none was expected.
type ResponseError struct {
	// Method is the API method, e.g. "create_ticket".
	Method string
	// StatusCode is the HTTP status (200).
	StatusCode int
	// ContentType is the reply's Content-Type header.
	ContentType string
	// Body is the start of the reply (at most 4 KiB, secrets redacted).
	Body string
	// Reason says what was wrong, e.g. "not a ticket id".
	Reason string
}

// Error says what came back.
func (e *ResponseError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("jutda: %s: unexpected reply (HTTP %d, %s): %s: %s",
		e.Method, e.StatusCode, ct, e.Reason, strconv.Quote(snippet(e.Body)))
}

// Is matches ErrBadResponse, and deskbridge.ErrOutcomeUnknown for a state-changing
// method (something answered 200, maybe after the helpdesk acted).
func (e *ResponseError) Is(target error) bool {
	return target == ErrBadResponse || target == deskbridge.ErrOutcomeUnknown && changesState(e.Method)
}

// TransportError is a call that got no usable reply: the connection was
// refused or dropped, the context ended, the body was cut or too large.
type TransportError struct {
	// Method is the API method, e.g. "create_ticket".
	Method string
	// Attempts is how many times the request was tried.
	Attempts int
	// MaybeSent is true when the request may have reached the server.
	MaybeSent bool
	// Err is the cause (a net.OpError, context.DeadlineExceeded,
	// io.ErrUnexpectedEOF, ...), reachable with errors.Is and errors.As.
	Err error
	msg string // the cause's text, redacted
	// outcomeUnknown: a state-changing request that may have been applied
	// (errors.Is(err, deskbridge.ErrOutcomeUnknown) is the way to ask).
	outcomeUnknown bool
}

// Error says whether the request was sent, whether it may have been
// applied, and why it failed.
func (e *TransportError) Error() string {
	tries := "1 attempt"
	if e.Attempts != 1 {
		tries = strconv.Itoa(e.Attempts) + " attempts"
	}
	switch {
	case e.outcomeUnknown:
		return "jutda: " + e.Method + ": outcome unknown: the request may have reached the server and no reply came back, " +
			"so it may have been applied; it was not retried (check the server before sending it again): " + e.msg
	case !e.MaybeSent:
		return "jutda: " + e.Method + ": not sent (the server never received it, " + tries + "): " + e.msg
	}
	return "jutda: " + e.Method + ": no reply (" + tries + "): " + e.msg
}

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error { return e.Err }

// Is matches deskbridge.ErrOutcomeUnknown for a state-changing call that
// may have reached the server (it was not retried), and
// deskbridge.ErrNotApplied for a state-changing call that surely never
// reached the server (MaybeSent false: sending it again is safe). A read
// matches neither; its MaybeSent says whether it was sent.
func (e *TransportError) Is(target error) bool {
	switch target {
	case deskbridge.ErrOutcomeUnknown:
		return e.outcomeUnknown
	case deskbridge.ErrNotApplied:
		return !e.MaybeSent && changesState(e.Method)
	}
	return false
}

// snippet is s on one line (whitespace runs collapsed), cut to snippetLen
// bytes at a rune boundary.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= snippetLen {
		return s
	}
	cut := snippetLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// clip returns b as valid UTF-8, cut to at most maxText bytes at a rune
// boundary.
func clip(b []byte) string {
	if len(b) > 2*maxText {
		b = b[:2*maxText] // a cut rune becomes U+FFFD, then goes
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if len(s) <= maxText {
		return s
	}
	cut := maxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
