package transport

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// httpmock.Activate replaces http.DefaultTransport; a Client without its
// own http.Client must honour that (the SDK's users test this way).
func TestHTTPMockActivateIsHonoured(t *testing.T) {
	httpmock.Activate(t)
	c := New(Config{UserAgent: "mocktest/1"})
	httpmock.RegisterResponder("POST", "https://helpdesk.example.com/api/tickets/",
		func(r *http.Request) (*http.Response, error) {
			if ua := r.Header.Get("User-Agent"); ua != "mocktest/1 deskbridge/"+Version+" (+go)" {
				t.Errorf("UA = %q", ua)
			}
			if r.Header.Get("Authorization") != "Token abc" {
				t.Errorf("Authorization = %q", r.Header.Get("Authorization"))
			}
			return httpmock.NewStringResponse(201, `{"id":9}`), nil
		})
	resp, err := c.Do(t.Context(), &Request{Method: "POST", URL: "https://helpdesk.example.com/api/tickets/",
		Header: http.Header{"Authorization": {"Token abc"}}, Body: []byte(`{"title":"x"}`), Policy: NotIdempotent})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || string(resp.Body) != `{"id":9}` || httpmock.GetTotalCallCount() != 1 {
		t.Fatalf("status %d body %s calls %d", resp.StatusCode, resp.Body, httpmock.GetTotalCallCount())
	}
}

// A RoundTripper that reports no httptrace events gives no proof that a
// failed request was not sent, unless the error is a dial error.
func TestUntracedTransportErrors(t *testing.T) {
	tests := []struct {
		name          string
		err           error
		policy        Policy
		wantCalls     int
		wantMaybeSent bool
	}{
		{"reset not idempotent", errors.New("connection reset by peer"), NotIdempotent, 1, true},
		{"reset idempotent", errors.New("connection reset by peer"), Idempotent, 3, true},
		{"dial not idempotent", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("refused")}, NotIdempotent, 3, false},
		{"dns not idempotent", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, NotIdempotent, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mock := httpmock.NewMockTransport()
			mock.RegisterResponder("POST", "https://odoo.example.com/jsonrpc", httpmock.NewErrorResponder(tt.err))
			c := New(Config{HTTPClient: &http.Client{Transport: mock}, Retry: Retry{Max: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
			_, err := c.Do(t.Context(), &Request{Method: "POST", URL: "https://odoo.example.com/jsonrpc", Body: []byte("{}"), Policy: tt.policy})
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("err = %v", err)
			}
			if te.Attempts != tt.wantCalls || mock.GetTotalCallCount() != tt.wantCalls || te.MaybeSent != tt.wantMaybeSent {
				t.Fatalf("attempts %d calls %d maybeSent %v; want %d %v", te.Attempts, mock.GetTotalCallCount(), te.MaybeSent, tt.wantCalls, tt.wantMaybeSent)
			}
		})
	}
}

var errProxy = errors.New("proxy refused")

// Errors from the caller's transport are redacted but stay matchable.
func TestTransportErrorIsRedacted(t *testing.T) {
	mock := httpmock.NewMockTransport()
	mock.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		return nil, fmt.Errorf("%w: upstream said password=hunter2, key lit-SECRET", errProxy)
	})
	c := New(Config{HTTPClient: &http.Client{Transport: mock}, Retry: Retry{Max: -1}})
	c.AddSecret("lit-SECRET")
	_, err := c.Do(t.Context(), &Request{Method: "GET", URL: "https://odoo.example.com/x?token=tok-SECRET"})
	if !errors.Is(err, errProxy) {
		t.Fatalf("err = %v, want errProxy in the chain", err)
	}
	for _, leak := range []string{"hunter2", "lit-SECRET", "tok-SECRET"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error leaks %s: %v", leak, err)
		}
	}
	if !strings.Contains(err.Error(), "upstream said password=[REDACTED]") {
		t.Errorf("error text lost its meaning: %v", err)
	}
	c.CloseIdleConnections() // the caller's transport: a no-op, must not panic
	New(Config{}).CloseIdleConnections()
}
