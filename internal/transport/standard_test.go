package transport

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestStandardClientRetriesByMethod(t *testing.T) {
	tests := []struct {
		method    string
		wantCalls int32
		wantCode  int
	}{
		{http.MethodGet, 2, 200},
		{http.MethodHead, 2, 200},
		{http.MethodPost, 1, 503},
		{http.MethodPut, 1, 503},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			srv, n := statusSequence(t, 503)
			c := New(Config{Retry: fastRetry})
			hc := c.StandardClient()
			if hc != c.StandardClient() {
				t.Error("StandardClient not reused")
			}
			req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.URL, strings.NewReader("a=1"))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.wantCode || n.Load() != tt.wantCalls {
				t.Fatalf("status %d calls %d, want %d %d", resp.StatusCode, n.Load(), tt.wantCode, tt.wantCalls)
			}
		})
	}
}

func TestStandardClientOAuth2PasswordGrant(t *testing.T) {
	var ua, form atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.Header.Get("User-Agent"))
		b, _ := io.ReadAll(r.Body)
		form.Store(string(b))
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"ACCESS-TOK","token_type":"Bearer","expires_in":3600,"refresh_token":"REFRESH-TOK"}`)
	}))
	defer srv.Close()
	var logs syncBuffer
	c := New(Config{UserAgent: "app/2", LogBodies: true,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	c.AddSecret("pw-SECRET")
	c.AddSecret("client-SECRET")
	conf := &oauth2.Config{
		ClientID:     "cid",
		ClientSecret: "client-SECRET",
		Endpoint:     oauth2.Endpoint{TokenURL: srv.URL + "/api/v2/authentication/oauth2/token", AuthStyle: oauth2.AuthStyleInParams},
	}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, c.StandardClient())
	tok, err := conf.PasswordCredentialsToken(ctx, "bob", "pw-SECRET")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "ACCESS-TOK" || tok.RefreshToken != "REFRESH-TOK" {
		t.Fatalf("token = %+v", tok)
	}
	if ua.Load() != "app/2 deskbridge/"+Version+" (+go)" {
		t.Errorf("UA = %v", ua.Load())
	}
	if f, _ := form.Load().(string); !strings.Contains(f, "password=pw-SECRET") {
		t.Errorf("form = %q", f)
	}
	out := logs.String()
	for _, s := range []string{"pw-SECRET", "client-SECRET", "ACCESS-TOK", "REFRESH-TOK"} {
		if strings.Contains(out, s) {
			t.Errorf("log leaks %s: %s", s, out)
		}
	}
	if !strings.Contains(out, "oauth2/token") {
		t.Errorf("no log line for the token request: %q", out)
	}
}

func TestStandardClientTransportError(t *testing.T) {
	c := New(Config{Retry: Retry{Max: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}})
	_, err := c.StandardClient().Post(closedURL(t), "text/plain", strings.NewReader("x"))
	var te *Error
	if !errors.As(err, &te) || te.Attempts != 2 || te.MaybeSent {
		t.Fatalf("err = %v, want *Error after 2 attempts, not sent", err)
	}
}
