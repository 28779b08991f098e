// Errors of replies that are not Odoo's JSON: HTTP status pages, HTML,
// bodies of the wrong kind.

package odoo

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// redactURL drops userinfo and query from a URL for error messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return snippet([]byte(s), 40)
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// httpErrorBody decodes the JSON error body of the JSON-2 and REST v2
// protocols ({name, message, arguments, debug|traceback, code}); the
// *Error's Code is status. Other bodies give a *ResponseError.
func httpErrorBody(status int, contentType string, body []byte) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		reason := "HTTP error status"
		if len(trimmed) > 0 {
			reason = "not JSON"
		}
		return newResponseError(status, contentType, reason, body)
	}
	var eb struct {
		Name      string          `json:"name"`
		Message   string          `json:"message"`
		Arguments []any           `json:"arguments"`
		Debug     string          `json:"debug"`
		Traceback json.RawMessage `json:"traceback"`
		// Some servers wrap the error: {"error": {...}}.
		Error json.RawMessage `json:"error"`
		// A JSON-RPC error object carries the exception in data.
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(trimmed, &eb); err != nil {
		return newResponseError(status, contentType, "invalid JSON", body)
	}
	if eb.Name == "" && len(eb.Data) > 0 && eb.Data[0] == '{' {
		// {"code": 200, "message": "Odoo Server Error", "data": {name, message, ...}}
		if oe, ok := httpErrorBody(status, contentType, eb.Data).(*Error); ok {
			if oe.Message == "" {
				oe.Message = eb.Message
			}
			return oe
		}
	}
	if eb.Name == "" && eb.Message == "" && len(eb.Error) > 0 && eb.Error[0] == '{' {
		if oe, ok := httpErrorBody(status, contentType, eb.Error).(*Error); ok {
			return oe
		}
	}
	if eb.Name == "" && eb.Message == "" {
		var s string
		if json.Unmarshal(eb.Error, &s) == nil && s != "" {
			return &Error{Code: status, Name: httpStatusName(status), Message: s}
		}
		return newResponseError(status, contentType, "JSON without an error name or message", body)
	}
	e := &Error{Code: status, Name: eb.Name, Message: eb.Message, Arguments: eb.Arguments, Debug: eb.Debug}
	if e.Debug == "" && len(eb.Traceback) > 0 {
		var lines []string
		if json.Unmarshal(eb.Traceback, &lines) == nil {
			e.Debug = strings.Join(lines, "")
		} else {
			var s string
			if json.Unmarshal(eb.Traceback, &s) == nil {
				e.Debug = s
			}
		}
	}
	if e.Name == "" {
		e.Name = httpStatusName(status)
	}
	return e
}

// httpStatusName names the werkzeug exception of an HTTP status, so that
// errors.Is works for bodies without a name.
func httpStatusName(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "werkzeug.exceptions.Unauthorized"
	case http.StatusForbidden:
		return "werkzeug.exceptions.Forbidden"
	case http.StatusNotFound:
		return "werkzeug.exceptions.NotFound"
	case http.StatusBadRequest:
		return "werkzeug.exceptions.BadRequest"
	case http.StatusUnprocessableEntity:
		return "werkzeug.exceptions.UnprocessableEntity"
	}
	return ""
}

// isHTML reports a reply that is an HTML page.
func isHTML(resp *transport.Response) bool {
	ct := resp.Header.Get("Content-Type")
	if strings.Contains(ct, "html") {
		return true
	}
	b := bytes.TrimSpace(resp.Body)
	return len(b) > 0 && b[0] == '<'
}
