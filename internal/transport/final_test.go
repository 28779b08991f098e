package transport

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// Request.Final stops the retries of a reply it recognises as the server's
// own answer, and only those: a proxy's 502 is still retried.
func TestFinalReplyNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path == "/app" {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"name": "builtins.ValueError", "message": "Invalid field"}`))
			return
		}
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(`<html>Bad Gateway</html>`))
	}))
	defer srv.Close()
	var seen []string
	final := func(status int, body []byte) bool {
		seen = append(seen, string(body))
		return strings.HasPrefix(string(body), "{")
	}
	c := New(Config{Retry: fastRetry})

	resp, err := c.Do(t.Context(), &Request{URL: srv.URL + "/app", Final: final})
	if err != nil || resp.StatusCode != 500 || resp.Attempts != 1 || n.Load() != 1 {
		t.Fatalf("application 500: resp %v err %v after %d requests, want the 500 after 1", resp, err, n.Load())
	}
	if len(seen) != 1 || !strings.Contains(seen[0], "ValueError") {
		t.Errorf("Final saw %q, want the reply body", seen)
	}

	n.Store(0)
	resp, err = c.Do(t.Context(), &Request{URL: srv.URL + "/proxy", Final: final})
	if err != nil || resp.StatusCode != 502 || n.Load() != int32(fastRetry.Max+1) {
		t.Errorf("proxy 502: resp %v err %v after %d requests, want %d", resp, err, n.Load(), fastRetry.Max+1)
	}
}

// A request whose caller set no Policy is retried only for GET, HEAD and
// OPTIONS: a POST is sent once.
func TestZeroPolicyByMethod(t *testing.T) {
	tests := []struct {
		method string
		want   int32
	}{
		{http.MethodGet, int32(fastRetry.Max + 1)},
		{http.MethodHead, int32(fastRetry.Max + 1)},
		{http.MethodPost, 1},
		{http.MethodPut, 1},
		{http.MethodDelete, 1},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			srv, n := statusSequence(t, 503, 503, 503, 503, 503, 503)
			c := New(Config{Retry: fastRetry})
			resp, err := c.Do(t.Context(), &Request{Method: tt.method, URL: srv.URL, Body: []byte("x")})
			if err != nil || resp.StatusCode != 503 || n.Load() != tt.want {
				t.Errorf("resp %v err %v after %d requests, want 503 after %d", resp, err, n.Load(), tt.want)
			}
		})
	}
	if ByMethod.String() != "by-method" || Policy(0) != ByMethod {
		t.Errorf("zero Policy is %v", Policy(0))
	}
}
