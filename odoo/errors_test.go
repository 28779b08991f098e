package odoo

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge"
)

func TestErrorIs(t *testing.T) {
	all := []error{ErrAccessDenied, ErrAccess, ErrMissing, ErrValidation, ErrUser, ErrSessionExpired, deskbridge.ErrNotFound, ErrUnknownField, ErrInvalidValue, ErrDatabaseNotFound}
	tests := []struct {
		err  *Error
		want []error
	}{
		{&Error{Name: "odoo.exceptions.AccessDenied"}, []error{ErrAccessDenied}},
		{&Error{Code: 401, Name: "werkzeug.exceptions.Unauthorized"}, []error{ErrAccessDenied}},
		{&Error{Name: "odoo.exceptions.AccessError"}, []error{ErrAccess, ErrUser}},
		{&Error{Code: 403, Name: "werkzeug.exceptions.Forbidden"}, []error{ErrAccess}},
		{&Error{Name: "odoo.exceptions.MissingError"}, []error{ErrMissing, ErrUser, deskbridge.ErrNotFound}},
		{&Error{Name: "odoo.exceptions.ValidationError"}, []error{ErrValidation, ErrUser}},
		{&Error{Name: "odoo.exceptions.UserError", Message: "Nope"}, []error{ErrUser}},
		{&Error{Name: "odoo.exceptions.RedirectWarning"}, []error{ErrUser}},
		{&Error{Name: "odoo.exceptions.UserError", Message: "Object helpdesk.sla doesn't exist"}, []error{ErrUser, deskbridge.ErrNotFound}},
		{&Error{Code: 100, Name: "odoo.http.SessionExpiredException"}, []error{ErrSessionExpired}},
		{&Error{Code: 100}, []error{ErrSessionExpired}},
		{&Error{Code: 404, Name: "werkzeug.exceptions.NotFound"}, []error{deskbridge.ErrNotFound}},
		{&Error{Name: "builtins.ValueError", Message: "Invalid field 'x' on model 'y'"}, []error{ErrUnknownField}},
		{&Error{Name: "KeyError", Message: "Invalid field x"}, []error{ErrUnknownField}},
		{&Error{Name: "builtins.ValueError", Message: "Wrong value for x"}, []error{ErrInvalidValue}},
		{&Error{Name: "builtins.KeyError", Message: "helpdesk.sla", Model: "helpdesk.sla"}, []error{deskbridge.ErrNotFound}},
		{&Error{Name: "builtins.KeyError", Message: "None", Model: "helpdesk.ticket"}, nil},
		{&Error{Name: "builtins.AttributeError", Message: "type object 'm.x' has no attribute 'y'"}, []error{deskbridge.ErrNotFound}},
		{&Error{Name: "odoo.exceptions.AccessError", Message: "Database not found."}, []error{ErrDatabaseNotFound}},
		{&Error{Name: "psycopg2.OperationalError", Message: "FATAL:  database \"x\" does not exist"}, []error{ErrDatabaseNotFound}},
		{&Error{Name: "builtins.AttributeError", Message: "The method 'x' does not exist on the model 'y'"}, []error{deskbridge.ErrNotFound}},
		{&Error{Name: "builtins.AttributeError", Message: "'NoneType' object has no attribute 'id'"}, nil},
		{&Error{Name: "psycopg2.OperationalError"}, nil},
		{&Error{Code: 200}, nil},
	}
	for _, tc := range tests {
		for _, target := range all {
			want := false
			for _, w := range tc.want {
				want = want || w == target
			}
			if got := errors.Is(tc.err, target); got != want {
				t.Errorf("errors.Is(%+v, %v) = %v, want %v", tc.err, target, got, want)
			}
		}
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&Error{Name: "odoo.exceptions.UserError", Message: " Nope \n", Model: "m", Method: "write", Debug: "Traceback"}, "odoo: m.write: Nope (odoo.exceptions.UserError)"},
		{&Error{Method: "authenticate"}, "odoo: authenticate: server error"},
		{&Error{Model: "m", Message: "x"}, "odoo: m: x"},
		{&Error{Message: "x"}, "odoo: x"},
		{newResponseError(502, "text/html", "not JSON", []byte("  <html>bad gateway</html>  ")), `odoo: unexpected reply (HTTP 502, text/html): not JSON: "<html>bad gateway</html>"`},
		{&ResponseError{StatusCode: 200, Reason: "empty body"}, "odoo: unexpected reply (HTTP 200): empty body"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	if !errors.Is(&ResponseError{StatusCode: 404}, deskbridge.ErrNotFound) || errors.Is(&ResponseError{StatusCode: 400}, deskbridge.ErrNotFound) {
		t.Error("ResponseError.Is(deskbridge.ErrNotFound)")
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("é", 150) // 300 bytes
	s := snippet([]byte(long), 201)
	if !utf8.ValidString(s) || !strings.HasSuffix(s, "…") || len(s) > 201+len("…") {
		t.Errorf("Snippet = %q (%d bytes)", s, len(s))
	}
	if snippet([]byte(" short "), 200) != "short" {
		t.Error("Snippet trims")
	}
	if s := snippet([]byte{0xff, 'a'}, 10); !utf8.ValidString(s) {
		t.Errorf("invalid UTF-8 kept: %q", s)
	}
}

func TestParseJSONRPCReply(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		wantResult string
		wantErr    string // "error", "response: <reason>"
	}{
		{"result", 200, `{"jsonrpc":"2.0","id":1,"result":[1,2]}`, `[1,2]`, ""},
		{"null result", 200, `{"jsonrpc":"2.0","id":1,"result":null}`, `null`, ""},
		{"error", 200, `{"jsonrpc":"2.0","id":null,"error":{"code":100,"message":"Odoo Session Expired","data":{"name":"odoo.http.SessionExpiredException","message":"Session expired"}}}`, "", "error"},
		{"error without data message", 200, `{"error":{"code":200,"message":"Odoo Server Error","data":{}}}`, "", "error"},
		{"empty", 200, ``, "", "response: empty body"},
		{"html", 404, `<!DOCTYPE html><html></html>`, "", "response: not JSON"},
		{"text", 400, `Invalid JSON data`, "", "response: not JSON"},
		{"truncated", 200, `{"jsonrpc":"2.0","id":1,"result":[{"id":1,"na`, "", "response: truncated JSON"},
		{"invalid", 200, `{"jsonrpc":"2.0",,}`, "", "response: invalid JSON"},
		{"no result", 200, `{"id":45}`, "", "response: JSON-RPC reply without result or error"},
		{"bad status", 500, `{"jsonrpc":"2.0","id":1,"result":true}`, "", "response: HTTP error status"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := parseJSONRPCReply(tc.status, "application/json", []byte(tc.body))
			switch {
			case tc.wantErr == "":
				if err != nil || string(raw) != tc.wantResult {
					t.Errorf("= %s, %v; want %s", raw, err, tc.wantResult)
				}
			case tc.wantErr == "error":
				var oe *Error
				if !errors.As(err, &oe) || oe.Message == "" {
					t.Errorf("err = %T %v, want *Error with a message", err, err)
				}
			default:
				var re *ResponseError
				if !errors.As(err, &re) || "response: "+re.Reason != tc.wantErr || re.StatusCode != tc.status {
					t.Errorf("err = %T %v, want %s", err, err, tc.wantErr)
				}
				var se *json.SyntaxError
				if errors.As(err, &se) {
					t.Error("a JSON syntax error leaks")
				}
			}
		})
	}
}

func TestHTTPErrorBody(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		want    *Error // nil: a *ResponseError
		matches error
	}{
		{"json2 401", 401, `{"name":"werkzeug.exceptions.Unauthorized","message":"Invalid apikey","arguments":["Invalid apikey",401],"context":{},"debug":"tb"}`,
			&Error{Code: 401, Name: "werkzeug.exceptions.Unauthorized", Message: "Invalid apikey", Debug: "tb"}, ErrAccessDenied},
		{"json2 422", 422, `{"name":"odoo.exceptions.ValidationError","message":"missing","arguments":[],"debug":""}`,
			&Error{Code: 422, Name: "odoo.exceptions.ValidationError", Message: "missing"}, ErrValidation},
		{"rest traceback list", 400, `{"code":400,"name":"odoo.exceptions.AccessDenied","message":"Access Denied","traceback":["a\n","b\n"]}`,
			&Error{Code: 400, Name: "odoo.exceptions.AccessDenied", Message: "Access Denied", Debug: "a\nb\n"}, ErrAccessDenied},
		{"wrapped", 403, `{"error":{"name":"odoo.exceptions.AccessError","message":"no"}}`,
			&Error{Code: 403, Name: "odoo.exceptions.AccessError", Message: "no"}, ErrAccess},
		{"oauth style", 401, `{"error":"invalid_grant"}`, &Error{Code: 401, Name: "werkzeug.exceptions.Unauthorized", Message: "invalid_grant"}, ErrAccessDenied},
		{"no name", 404, `{"message":"Not Found"}`, &Error{Code: 404, Name: "werkzeug.exceptions.NotFound", Message: "Not Found"}, deskbridge.ErrNotFound},
		{"html", 502, `<html>Bad Gateway</html>`, nil, nil},
		{"empty", 503, ``, nil, nil},
		{"json without error", 500, `{"foo":1}`, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := httpErrorBody(tc.status, "application/json", []byte(tc.body))
			var oe *Error
			if tc.want == nil {
				var re *ResponseError
				if !errors.As(err, &re) || re.StatusCode != tc.status {
					t.Errorf("err = %T %v, want *ResponseError", err, err)
				}
				return
			}
			if !errors.As(err, &oe) || oe.Code != tc.want.Code || oe.Name != tc.want.Name || oe.Message != tc.want.Message || oe.Debug != tc.want.Debug {
				t.Errorf("err = %#v, want %#v", err, tc.want)
			}
			if !errors.Is(err, tc.matches) {
				t.Errorf("err %v is not %v", err, tc.matches)
			}
		})
	}
}
