package odootest

import (
	"fmt"
	"strings"
)

// Exception names the server answers, spelled as Odoo's Python spells them.
const (
	excAccessDenied   = "odoo.exceptions.AccessDenied"
	excAccessError    = "odoo.exceptions.AccessError"
	excMissingError   = "odoo.exceptions.MissingError"
	excValidation     = "odoo.exceptions.ValidationError"
	excUserError      = "odoo.exceptions.UserError"
	excValueError     = "builtins.ValueError"
	excTypeError      = "builtins.TypeError"
	excKeyError       = "builtins.KeyError"
	excAttributeError = "builtins.AttributeError"
	excSessionExpired = "odoo.http.SessionExpiredException"
	excOperational    = "psycopg2.OperationalError"
	excUnauthorized   = "werkzeug.exceptions.Unauthorized"
	excNotFound       = "werkzeug.exceptions.NotFound"
	excBadRequest     = "werkzeug.exceptions.BadRequest"
)

// odooError is a Python exception raised by the fake ORM or an auth check.
// Each protocol renders it in its own error shape.
type odooError struct {
	Name    string // fully qualified exception name
	Message string
	// Status is the HTTP status for JSON-2 and REST v2 replies (0: derived
	// from Name).
	Status int
	// where is the last traceback frame line (Odoo's "File ..." line).
	where string
	// args overrides data.arguments ([Message] when nil).
	args []any
	// rpcCode overrides the JSON-RPC error.code (0: the version's code for
	// server errors); nullID answers "id": null, as errors raised before
	// the request id is read do (odoo18/62).
	rpcCode int64
	nullID  bool
}

// arguments is the exception's args as data.arguments shows them.
func (e *odooError) arguments() []any {
	if e.args != nil {
		return e.args
	}
	return []any{e.Message}
}

func (e *odooError) Error() string { return e.Name + ": " + e.Message }

func newErr(name, format string, args ...any) *odooError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &odooError{Name: name, Message: msg}
}

func errAccessDenied() *odooError { return newErr(excAccessDenied, "Access Denied") }

func errUnknownModel(model string) *odooError {
	return newErr(excUserError, "Object %s doesn't exist", model)
}

func errInvalidField(field, model string) *odooError {
	return newErr(excValueError, "Invalid field %s on model %s", pyRepr(field), pyRepr(model))
}

func errMissing(model string, id int64, uid int64) *odooError {
	return newErr(excMissingError, "Record does not exist or has been deleted.\n(Record: %s(%d,), User: %d)", model, id, uid)
}

func errSessionExpired() *odooError { return newErr(excSessionExpired, "Session expired") }

func errUnknownDB(db string) *odooError {
	msg := fmt.Sprintf("connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: FATAL:  database %q does not exist\n", db)
	return &odooError{Name: excOperational, Message: msg}
}

// shortName is the exception's class name without its module.
func shortName(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// debug builds a traceback like the captures' (first and last lines).
func (e *odooError) debug() string {
	where := e.where
	if where == "" {
		where = `  File "/opt/odoo/odoo/http.py", line 1632, in _serve_db`
	}
	cls := strings.TrimPrefix(e.Name, "builtins.")
	return "Traceback (most recent call last):\n" + where + "\n  ...\n" + cls + ": " + e.Message
}

// httpStatus is the status JSON-2 and REST v2 answer for this exception.
func (e *odooError) httpStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	switch shortName(e.Name) {
	case "AccessDenied", "Unauthorized", "SessionExpiredException":
		return 401
	case "AccessError", "Forbidden":
		return 403
	case "MissingError", "NotFound":
		return 404
	case "UserError", "ValidationError", "RedirectWarning", "ValueError", "TypeError", "KeyError":
		return 422
	case "BadRequest":
		return 400
	}
	return 500
}

// pyRepr renders v like Python's repr, for messages that quote values.
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		if strings.Contains(x, "'") && !strings.Contains(x, `"`) {
			return `"` + x + `"`
		}
		return "'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), "'", `\'`) + "'"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%.1f", x)
		}
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}
