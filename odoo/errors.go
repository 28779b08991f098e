package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/transport"
)

// Sentinels of Odoo's own meanings, matched with errors.Is against an
// *Error. Like Odoo's Python exception classes, ErrUser also matches its
// subclasses: ErrAccess, ErrMissing and ErrValidation errors are ErrUser
// errors too. The shared meanings have one name, in package deskbridge:
// an *Error (MissingError, an unknown model or method) or a 404
// *ResponseError matches deskbridge.ErrNotFound, a
// *deskbridge.ArgumentError and ErrNoCredentials
// deskbridge.ErrInvalidArgument, a *deskbridge.RateLimitError
// deskbridge.ErrRateLimited, a call the server lacks
// deskbridge.ErrUnsupported, a reply over WithMaxBodySize
// deskbridge.ErrBodyTooLarge, a refused redirect
// deskbridge.ErrRedirectRefused; and every error of a data-changing call
// exactly one of deskbridge.ErrOutcomeUnknown and deskbridge.ErrNotApplied
// (the rule is in the former's doc).
var (
	// ErrAccessDenied: the login, password, API key or token was refused
	// (odoo.exceptions.AccessDenied, HTTP 401 Unauthorized).
	ErrAccessDenied = errors.New("odoo: access denied (bad credentials)")
	// ErrAccess: the user may not do this (odoo.exceptions.AccessError).
	ErrAccess = errors.New("odoo: access error")
	// ErrMissing: a record does not exist (odoo.exceptions.MissingError).
	ErrMissing = errors.New("odoo: record missing")
	// ErrValidation: values break a constraint or a required field is not
	// set (odoo.exceptions.ValidationError).
	ErrValidation = errors.New("odoo: validation error")
	// ErrUser: a user-facing error (odoo.exceptions.UserError and its
	// subclasses).
	ErrUser = errors.New("odoo: user error")
	// ErrSessionExpired: the web session is gone
	// (odoo.http.SessionExpiredException, JSON-RPC code 100).
	ErrSessionExpired = errors.New("odoo: session expired")
	// ErrUnknownField: a field named in values, fields or a domain does not
	// exist on the model (Odoo's ValueError "Invalid field ...").
	ErrUnknownField = errors.New("odoo: unknown field")
	// ErrInvalidValue: a value the field does not take, e.g. a selection
	// key that is not among its options (Odoo's ValueError "Wrong value
	// for ..."; JSON-2 answers it with HTTP 500).
	ErrInvalidValue = errors.New("odoo: invalid value")
	// ErrDatabaseNotFound: the database named by WithDatabase does not
	// exist or the server does not serve it (JSON-RPC answers
	// psycopg2.OperationalError, the web login AccessError "Database not
	// found.", JSON-2 a 404 page "No database is selected"). It is neither
	// ErrAccess nor deskbridge.ErrNotFound.
	ErrDatabaseNotFound = errors.New("odoo: database not found")
)

// Error is an error answered by an Odoo server, from any protocol.
type Error struct {
	// Code is the JSON-RPC error code (200 server error, 100 session
	// expired) or, for protocols that use HTTP status codes, the status.
	Code int `json:"code"`
	// Name is the Python exception, e.g. "odoo.exceptions.AccessError".
	Name string `json:"name"`
	// Message is the exception's message as the server words it.
	Message string `json:"message"`
	// Debug is the server's traceback, when it sent one.
	Debug string `json:"debug,omitempty"`
	// Arguments are the exception's arguments.
	Arguments []any `json:"arguments,omitempty"`
	// Model and Method name the call that failed, when known.
	Model  string `json:"model,omitempty"`
	Method string `json:"method,omitempty"`
}

// Error returns "odoo: <model>.<method>: <message> (<name>)", without the
// traceback.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("odoo: ")
	if e.Model != "" || e.Method != "" {
		b.WriteString(e.Model)
		if e.Model != "" && e.Method != "" {
			b.WriteByte('.')
		}
		b.WriteString(e.Method)
		b.WriteString(": ")
	}
	msg := strings.TrimSpace(e.Message)
	if msg == "" {
		msg = "server error"
	}
	b.WriteString(msg)
	if e.Name != "" {
		b.WriteString(" (")
		b.WriteString(e.Name)
		b.WriteByte(')')
	}
	return b.String()
}

// redactWith masks, with redact, every string e holds, at any depth: the
// message, the traceback, the arguments (lists and dicts as the server
// sent them) and any other field. A Client does this with its own secrets
// before it returns an error.
func (e *Error) redactWith(redact func(string) string) { transport.RedactValueWith(e, redact) }

// Is maps the server's exception name to the package's sentinel errors.
func (e *Error) Is(target error) bool {
	short := shortName(e.Name)
	if e.databaseNotFound() {
		return target == ErrDatabaseNotFound
	}
	switch target {
	case ErrAccessDenied:
		return short == "AccessDenied" || short == "Unauthorized"
	case ErrAccess:
		return short == "AccessError" || short == "Forbidden"
	case ErrMissing:
		return short == "MissingError"
	case ErrValidation:
		return short == "ValidationError"
	case ErrUser:
		switch short {
		case "UserError", "AccessError", "MissingError", "ValidationError", "RedirectWarning", "CacheMiss":
			return true
		}
	case ErrSessionExpired:
		return short == "SessionExpiredException" || (e.Code == 100 && e.Name == "")
	case deskbridge.ErrNotFound:
		return short == "NotFound" || short == "MissingError" || e.unknownModel(short) || e.unknownMethod(short)
	case ErrUnknownField:
		return (short == "ValueError" || short == "KeyError") && strings.Contains(e.Message, "Invalid field")
	case ErrInvalidValue:
		return short == "ValueError" && strings.HasPrefix(e.Message, "Wrong value for ")
	}
	return false
}

// shortName is an exception's class name without its module
// ("odoo.exceptions.AccessError" → "AccessError").
func shortName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// databaseNotFound reports the errors of an unknown database: the web
// login's AccessError "Database not found." and the database driver's
// OperationalError naming a database that "does not exist".
func (e *Error) databaseNotFound() bool {
	switch e.Name {
	case "odoo.exceptions.AccessError":
		return strings.TrimSpace(e.Message) == "Database not found."
	case "psycopg2.OperationalError":
		return strings.Contains(e.Message, "database \"") && strings.Contains(e.Message, "does not exist")
	case "werkzeug.exceptions.NotFound":
		// odootest's JSON-2 and REST v2 answer "Database 'x' not found."
		// (no capture of the REST add-on; JSON-2 answers an HTML page).
		msg := strings.TrimSpace(e.Message)
		return strings.HasPrefix(msg, "Database ") && strings.HasSuffix(msg, " not found.")
	}
	return false
}

// unknownModel reports an unknown model: /jsonrpc's UserError "Object x
// doesn't exist" (16-19) and call_kw's KeyError whose message is the
// model's name (16, 17; 18 and 19 answer werkzeug's NotFound).
func (e *Error) unknownModel(short string) bool {
	msg := strings.TrimSpace(e.Message)
	switch short {
	case "UserError":
		return strings.HasPrefix(msg, "Object ") && strings.HasSuffix(msg, "doesn't exist")
	case "KeyError":
		msg = strings.Trim(msg, "'\"")
		if e.Model != "" {
			return msg == e.Model
		}
		// Without the call's model: a dotted name, as models have.
		return strings.Contains(msg, ".") && !strings.ContainsAny(msg, " ()[]")
	}
	return false
}

// unknownMethod reports an AttributeError for a method the model lacks.
// 16 words it "type object 'm' has no attribute 'x'", 17 "The method 'x'
// does not exist on the model 'm'", 18 and 19 "The method 'm.x' does not
// exist".
func (e *Error) unknownMethod(short string) bool {
	if short != "AttributeError" {
		return false
	}
	msg := e.Message
	return (strings.HasPrefix(msg, "The method ") && strings.Contains(msg, "does not exist")) ||
		(strings.HasPrefix(msg, "type object ") && strings.Contains(msg, " has no attribute "))
}

// ResponseError is a reply that is not what the protocol promises: an HTML
// proxy page, a body that is not JSON or is cut short, a JSON-RPC envelope
// with neither result nor error. It says what came back.
type ResponseError struct {
	StatusCode  int
	ContentType string
	// Reason says what is wrong, e.g. "not JSON" or "truncated JSON".
	Reason string
	// Body is the start of the reply's body (at most 200 runes, valid
	// UTF-8), cut after the whole body was redacted: no secret, nor a piece
	// of one that the cut would have split, shows. Or the value named by
	// Field. (jutda's errors name the same thing Body.)
	Body string
	// Model and Method name the call, and Field the value of its result,
	// when a well-formed result does not fit the caller's Go type (a
	// number for a string field, a many2one that is not [id, "name"], an
	// object where a list is expected). Field is a path into the result:
	// "[3].stage_id" is record 3's stage_id, "" the result as a whole.
	// StatusCode and ContentType are then zero.
	Model, Method, Field string
	// whole gives the whole reply until the Client redacts it with its
	// secrets and cuts Body again (redactWith); a closure, so printing
	// the error shows an address.
	whole func() []byte
}

// snippetLen is how much of a reply a *ResponseError quotes.
const snippetLen = 200

// Error returns "odoo: unexpected reply (HTTP <status>, <type>): <reason>:
// <start of body>", or for a result that does not fit "odoo: <model>.<method>:
// unexpected reply: field <path>: <reason>: <value>".
func (e *ResponseError) Error() string {
	s := "odoo: "
	if e.Model != "" || e.Method != "" {
		s += e.Model + "." + e.Method + ": "
	}
	s += "unexpected reply"
	if e.StatusCode != 0 {
		s += fmt.Sprintf(" (HTTP %d", e.StatusCode)
		if e.ContentType != "" {
			s += ", " + e.ContentType
		}
		s += ")"
	}
	s += ": "
	if e.Field != "" {
		s += "field " + e.Field + ": "
	}
	s += e.Reason
	if e.Body != "" {
		s += ": " + fmt.Sprintf("%q", e.Body)
	}
	return s
}

// Is matches deskbridge.ErrNotFound for an HTTP 404 reply, and ErrDatabaseNotFound
// (only) for the 404 page of a server that serves several databases when
// the request named none it serves ("No database is selected").
func (e *ResponseError) Is(target error) bool {
	if e.StatusCode != 404 {
		return false
	}
	if strings.Contains(e.Body, "No database is selected") {
		return target == ErrDatabaseNotFound
	}
	return target == deskbridge.ErrNotFound
}

// newResponseError builds a *ResponseError quoting the start of body once
// the recognised secret patterns (password=, "password": ..., Bearer
// tokens, session_id, ...) of the whole body are masked. A Client's call
// masks its own secrets too, again over the whole body, before it returns
// the error.
func newResponseError(status int, contentType, reason string, body []byte) *ResponseError {
	e := &ResponseError{StatusCode: status, ContentType: contentType, Reason: reason}
	if len(body) > 0 {
		e.Body = snippet([]byte(transport.RedactPatterns(string(body))), snippetLen)
		e.whole = func() []byte { return body }
	}
	return e
}

// redactWith masks, with redact, every string e holds. While e still
// holds the whole reply (a *ResponseError from newResponseError), Body
// is cut again from the whole body redacted, so no secret the first cut
// split shows a piece; the body is let go then. A Client does this with its
// own secrets before it returns an error.
func (e *ResponseError) redactWith(redact func(string) string) {
	if e.whole != nil {
		e.Body = snippet([]byte(redact(string(e.whole()))), snippetLen)
		e.whole = nil
	}
	transport.RedactValueWith(e, redact)
}

// snippet returns the start of body, at most max bytes of it, as valid
// UTF-8 with surrounding space trimmed, for error messages. Invalid bytes
// read as U+FFFD (three bytes each), so the result may be longer than max
// bytes, never longer than max runes (plus "…" when cut).
func snippet(body []byte, max int) string {
	b := bytes.TrimSpace(body)
	cut := len(b) > max
	if cut {
		b = b[:max]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if cut {
		s += "…"
	}
	return s
}

// rpcEnvelope is a JSON-RPC 2.0 reply as Odoo sends it.
type rpcEnvelope struct {
	JSONRPC json.RawMessage `json:"jsonrpc"`
	Result  json.RawMessage `json:"result"`
	Error   *rpcError       `json:"error"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    struct {
		Name      string `json:"name"`
		Message   string `json:"message"`
		Debug     string `json:"debug"`
		Arguments []any  `json:"arguments"`
	} `json:"data"`
}

// parseJSONRPCReply decodes the body of an Odoo JSON-RPC reply (the
// /jsonrpc, /web/... and odoo-rest-api routes): the raw "result" on
// success, an *Error for an "error" member, and a *ResponseError for
// anything that is not such an envelope (HTML, garbage, truncated JSON).
func parseJSONRPCReply(status int, contentType string, body []byte) (json.RawMessage, error) {
	if status >= 200 && status <= 299 {
		// One strict pass finds the result of a well-formed success reply
		// without copying it; anything else takes encoding/json's path.
		if res, ok := fastRPCResult(bytes.TrimSpace(body)); ok {
			return res, nil
		}
	}
	return parseJSONRPCReplyStd(status, contentType, body)
}

// parseJSONRPCReplyStd is parseJSONRPCReply through encoding/json alone:
// the reference fastRPCResult is tested against, and the path of errors.
func parseJSONRPCReplyStd(status int, contentType string, body []byte) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, newResponseError(status, contentType, "empty body", body)
	}
	if trimmed[0] != '{' {
		return nil, newResponseError(status, contentType, "not JSON", body)
	}
	var env rpcEnvelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		reason := "invalid JSON"
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset >= int64(len(trimmed)) || strings.Contains(err.Error(), "unexpected end of JSON input") {
			reason = "truncated JSON"
		}
		return nil, newResponseError(status, contentType, reason, body)
	}
	if env.Error != nil {
		e := &Error{
			Code:      env.Error.Code,
			Name:      env.Error.Data.Name,
			Message:   env.Error.Data.Message,
			Debug:     env.Error.Data.Debug,
			Arguments: env.Error.Data.Arguments,
		}
		if e.Message == "" {
			e.Message = env.Error.Message
		}
		return nil, e
	}
	if env.Result == nil && env.JSONRPC != nil && status >= 200 && status <= 299 {
		return noneResult(), nil // the method returned None (see noneResult)
	}
	if env.Result == nil {
		return nil, newResponseError(status, contentType, "JSON-RPC reply without result or error", body)
	}
	if status < 200 || status > 299 {
		return nil, newResponseError(status, contentType, "HTTP error status", body)
	}
	return env.Result, nil
}

// outcomeUnknownError marks the error of a non-idempotent call whose
// outcome is unknown; it matches deskbridge.ErrOutcomeUnknown and unwraps to the cause.
type outcomeUnknownError struct{ err error }

func (e *outcomeUnknownError) Error() string {
	return e.err.Error() + " (outcome unknown: the call may have been applied; it was not sent again)"
}
func (e *outcomeUnknownError) Unwrap() error        { return e.err }
func (e *outcomeUnknownError) Is(target error) bool { return target == deskbridge.ErrOutcomeUnknown }

// notAppliedError marks the error of a non-idempotent call the server
// surely did not apply (see deskbridge.ErrNotApplied): Odoo answered an
// error and rolled back, a 4xx page refused it, the login failed, or the
// request never left. Its text is the cause's; it unwraps to the cause.
type notAppliedError struct{ err error }

func (e *notAppliedError) Error() string        { return e.err.Error() }
func (e *notAppliedError) Unwrap() error        { return e.err }
func (e *notAppliedError) Is(target error) bool { return target == deskbridge.ErrNotApplied }

// writeError marks err, the failure of a call that changes data, with
// what it says of the call's outcome: deskbridge.ErrOutcomeUnknown or
// deskbridge.ErrNotApplied, never neither.
func writeError(err error) error {
	if errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrNotApplied) {
		return err
	}
	if outcomeUnknown(err) {
		return &outcomeUnknownError{err: err}
	}
	return &notAppliedError{err: err}
}

// authError marks a failed login, so that a call failing in its login is
// not mistaken for a call whose own request may have been applied.
type authError struct{ err error }

func (e *authError) Error() string { return e.err.Error() }
func (e *authError) Unwrap() error { return e.err }
