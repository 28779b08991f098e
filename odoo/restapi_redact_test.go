package odoo

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestRouteErrorsRedactedWhole: a route's reply errors are redacted as the
// client's own are (redactWith): a *ResponseError's Body is cut from the
// whole body redacted, so a secret across the cut leaves no piece, and an
// *Error's nested arguments are masked too. Before, Route redacted the cut
// Snippet (the secret's first bytes stayed) and only top-level arguments.
func TestRouteErrorsRedactedWhole(t *testing.T) {
	const secret = "hunter2-route-secret"
	redact := func(s string) string { return strings.ReplaceAll(s, secret, "[REDACTED]") }
	piece := secret[:6]
	for off := snippetLen - len(secret) + 1; off < snippetLen; off++ {
		body := strings.Repeat("x", off) + secret + strings.Repeat("y", 100)
		r := &RouteResponse{StatusCode: 500, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(body), redact: redact}
		for name, err := range map[string]error{"Unexpected": r.Unexpected("not JSON"), "Result": func() error { _, err := r.Result(); return err }()} {
			if s := fmt.Sprintf("%v %+v", err, err); strings.Contains(s, piece) {
				t.Fatalf("offset %d: %s shows a piece of the secret: %s", off, name, s)
			}
		}
	}
	body := `{"jsonrpc":"2.0","id":1,"error":{"code":200,"message":"Odoo Server Error","data":{"name":"odoo.exceptions.UserError","message":"bad","arguments":[["login ` + secret + `"]],"debug":"x"}}}`
	r := &RouteResponse{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body), redact: redact}
	_, err := r.Result()
	if err == nil {
		t.Fatal("no error from an error envelope")
	}
	if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, piece) {
		t.Errorf("nested argument not redacted: %s", s)
	}
	var oe *Error
	if e, ok := err.(*Error); ok {
		oe = e
	}
	if oe != nil && strings.Contains(fmt.Sprint(oe.Arguments), piece) {
		t.Errorf("Arguments keep the secret: %v", oe.Arguments)
	}
}
