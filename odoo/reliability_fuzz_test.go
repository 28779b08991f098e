package odoo

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// FuzzParseBareReply fuzzes the reply decoder of JSON-2 and REST v2 (a bare
// JSON result on 2xx, an error body otherwise): it never panics, a result
// is valid JSON from a 2xx reply, and every error is an *Error or a
// *ResponseError carrying the status.
func FuzzParseBareReply(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(200, "application/json", b)
	}
	seeds := []struct {
		status int
		ct     string
		body   string
	}{
		{200, "application/json", `[{"id": 1, "name": "a"}]`},
		{200, "application/json", `26`},
		{200, "application/json", `[{"id": 1, "na`},
		{204, "", ``},
		{200, "text/html", `<html><body>login</body></html>`},
		{422, "application/json", `{"name": "builtins.ValueError", "message": "Invalid field", "arguments": ["Invalid field"]}`},
		{401, "application/json", `{"error": {"name": "werkzeug.exceptions.Unauthorized", "message": "token expired"}}`},
		{502, "text/html", `<html>Bad gateway</html>`},
		{200, "application/json", `"\ud800"`},
		{200, "application/json", `{"result": true}`},
	}
	for _, s := range seeds {
		f.Add(s.status, s.ct, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", ct)
		raw, err := parseBareReply(&transport.Response{StatusCode: status, Header: h, Body: body})
		if err == nil {
			if status < 200 || status > 299 {
				t.Fatalf("HTTP %d answered a result %q", status, raw)
			}
			if !json.Valid(raw) {
				t.Fatalf("result %q is not JSON", raw)
			}
			return
		}
		var oe *Error
		var re *ResponseError
		switch {
		case errors.As(err, &oe):
			if oe.Code != status {
				t.Fatalf("Code = %d, want %d", oe.Code, status)
			}
		case errors.As(err, &re):
			if re.StatusCode != status {
				t.Fatalf("StatusCode = %d, want %d", re.StatusCode, status)
			}
		default:
			t.Fatalf("error %T %v", err, err)
		}
		_ = err.Error()
	})
}

// FuzzParseVersion fuzzes the version decoder of every protocol (the
// common.version, version_info and /web/version shapes): no panic, and a
// decoded version has no negative numbers from a well-formed
// server_version_info.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{
		`{"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}`,
		`{"version": "saas~17.2+e", "version_info": ["saas~17", 2, 0, "final", 0, "e"]}`,
		`{"server_version": "16.0+e"}`, `{}`, `[]`, `null`, `{"server_version_info": [1e308, -1]}`,
		`{"server_version_info": ["saas~x.y"]}`, `{"server_version": "saas~"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		vi, err := parseVersion(raw)
		if err != nil {
			_ = err.Error()
			return
		}
		if vi == nil {
			t.Fatal("nil VersionInfo without an error")
		}
	})
}

// FuzzOutcomeUnknown: whatever reply a non-idempotent call got, an Odoo
// error never reads as "may have been applied", and an HTML page with a
// 2xx or 4xx status never does either.
func FuzzOutcomeUnknown(f *testing.F) {
	f.Add(200, "text/html", []byte(`<html>login</html>`))
	f.Add(502, "text/html", []byte(`<html>bad gateway</html>`))
	f.Add(200, "application/json", []byte(`[{"id": 1`))
	f.Add(500, "application/json", []byte(`{"name": "odoo.exceptions.UserError", "message": "no"}`))
	f.Add(404, "text/html", []byte(`<!DOCTYPE html>`))
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", ct)
		_, err := parseBareReply(&transport.Response{StatusCode: status, Header: h, Body: body})
		if err == nil {
			return
		}
		unknown := outcomeUnknown(err)
		var oe *Error
		if errors.As(err, &oe) && unknown {
			t.Fatalf("an Odoo error reads as outcome unknown: %v", err)
		}
		var re *ResponseError
		if errors.As(err, &re) && re.StatusCode >= 200 && re.StatusCode <= 299 && !unknown {
			t.Fatalf("a 2xx reply that is not the protocol's answer reads as not applied: %v", err)
		}
		if errors.As(err, &re) && re.StatusCode >= 400 && re.StatusCode < 500 && unknown {
			t.Fatalf("a 4xx reply reads as outcome unknown: %v", err)
		}
	})
}
