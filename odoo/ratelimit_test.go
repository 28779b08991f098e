package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// rpcServer answers JSON-RPC logins with uid 2 and every call with reply
// (status, Retry-After, body), counting the calls.
func rpcServer(t *testing.T, status int, retryAfter, body string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(string(b), `"authenticate"`) || strings.Contains(string(b), `"login"`) {
			_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":2}`)
			return
		}
		calls.Add(1)
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		if status != 0 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts, &calls
}

// A 429 whose Retry-After is longer than the retry budget, or than the
// context has left, is returned at once as a *RateLimitError carrying the
// wait, matching deskbridge.ErrRateLimited (deskbridge.ErrRateLimited), not
// ErrOutcomeUnknown; a read is not retried early, a write not at all.
func TestRateLimitedBeyondBudget(t *testing.T) {
	if deskbridge.ErrRateLimited != deskbridge.ErrRateLimited {
		t.Fatal("deskbridge.ErrRateLimited is not deskbridge.ErrRateLimited")
	}
	for _, tt := range []struct {
		name, method, retryAfter string
		waitMax, deadline        time.Duration
		want                     time.Duration
	}{
		{"read, wait over the budget", "search_read", "120", 10 * time.Second, 0, 2 * time.Minute},
		{"read, wait past the deadline", "search_read", "20", time.Minute, 5 * time.Second, 20 * time.Second},
		{"write", "write", "1", 10 * time.Second, 0, time.Second},
		{"read, no Retry-After, retries spent", "search_read", "", 2 * time.Millisecond, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts, calls := rpcServer(t, http.StatusTooManyRequests, tt.retryAfter, "<html>Too Many Requests</html>")
			c, err := odoo.New(ts.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase("db"), odoo.WithPassword("bot", "pw-rate-limit-0001"),
				odoo.WithRetry(2, time.Millisecond, tt.waitMax))
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}
			_, err = c.CallMethod(ctx, "res.partner", tt.method, []any{[]any{}}, nil)
			var rl *deskbridge.RateLimitError
			if !errors.As(err, &rl) || !errors.Is(err, deskbridge.ErrRateLimited) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Fatalf("err = %v, want a *RateLimitError matching ErrRateLimited and not ErrOutcomeUnknown", err)
			}
			if rl.RetryAfter != tt.want {
				t.Errorf("RetryAfter = %v, want %v", rl.RetryAfter, tt.want)
			}
			wantCalls := int32(1)
			if tt.retryAfter == "" {
				wantCalls = 3 // no wait asked for: retried (Max 2), then given up
			}
			if calls.Load() != wantCalls || rl.Attempts != int(wantCalls) {
				t.Errorf("%d calls, Attempts %d; want %d", calls.Load(), rl.Attempts, wantCalls)
			}
			var re *odoo.ResponseError
			if !errors.As(err, &re) || re.StatusCode != 429 || !strings.Contains(err.Error(), "rate limited") {
				t.Errorf("err = %v: want the 429 reply reachable as a *ResponseError", err)
			}
		})
	}
}

// create answered 0, -1 or [0] is a broken reply, like null or false: the
// outcome is unknown (the records may exist), never a success with that id.
func TestCreateNonPositiveIDIsOutcomeUnknown(t *testing.T) {
	for _, result := range []string{"0", "-1", "[0]", "[5, 0]", "[-3]", "null", "false"} {
		ts, _ := rpcServer(t, 0, "", `{"jsonrpc":"2.0","id":1,"result":`+result+`}`)
		c, err := odoo.New(ts.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase("db"), odoo.WithPassword("bot", "pw-create-ids-0001"))
		if err != nil {
			t.Fatal(err)
		}
		vals := odoo.Values{"name": "x"}
		var ids any
		if strings.Contains(result, ",") {
			ids, err = c.CreateMany(t.Context(), "res.partner", []odoo.Values{vals, vals}, nil)
			if ids.([]int64) != nil {
				t.Errorf("create answered %s: ids %v", result, ids)
			}
		} else {
			ids, err = c.Create(t.Context(), "res.partner", vals, nil)
			if ids.(int64) != 0 {
				t.Errorf("create answered %s: id %v", result, ids)
			}
		}
		if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			t.Errorf("create answered %s: ids %v, err %v; want ErrOutcomeUnknown", result, ids, err)
		}
	}
}

// A 429 on the REST v2 token request (the OAuth2 login) is a
// *RateLimitError too, carrying the wait, not a bare *ResponseError or a
// refused login (ErrAccessDenied): the credentials were not checked.
func TestRateLimitedTokenRequest(t *testing.T) {
	const secret, pw = "cs-token-429-0001", "pw-token-429-0001"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Retry-After", "120")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		// An echo of the request, as some proxies' error pages do.
		_, _ = io.WriteString(w, `{"error": "slow down", "request": "`+strings.ReplaceAll(string(body), `"`, `'`)+`"}`)
	}))
	t.Cleanup(ts.Close)
	c, err := odoo.New(ts.URL, odoo.WithProtocol(odoo.RESTv2), odoo.WithDatabase("db"),
		odoo.WithPassword("bot", pw), odoo.WithOAuth2Client("app", secret), odoo.WithRetry(2, time.Millisecond, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Authenticate(t.Context())
	var rl *deskbridge.RateLimitError
	if !errors.As(err, &rl) || !errors.Is(err, deskbridge.ErrRateLimited) || errors.Is(err, odoo.ErrAccessDenied) {
		t.Fatalf("err = %v, want a *RateLimitError matching ErrRateLimited and not ErrAccessDenied", err)
	}
	if rl.RetryAfter != 2*time.Minute {
		t.Errorf("RetryAfter = %v, want 2m0s", rl.RetryAfter)
	}
	for _, s := range []string{secret, pw} {
		for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(text, s[:8]) {
				t.Errorf("error shows a piece of %q: %s", s, text)
			}
		}
	}
}

// message_post answered 0, -1, [0], [1, 2], null or false is a broken reply
// too: the message may be posted, so the outcome is unknown.
func TestMessagePostBrokenIDIsOutcomeUnknown(t *testing.T) {
	for _, result := range []string{"0", "-1", "[0]", "[1, 2]", "null", "false"} {
		ts, _ := rpcServer(t, 0, "", `{"jsonrpc":"2.0","id":1,"result":`+result+`}`)
		c, err := odoo.New(ts.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase("db"), odoo.WithPassword("bot", "pw-post-ids-0001"))
		if err != nil {
			t.Fatal(err)
		}
		id, err := c.MessagePost(t.Context(), "helpdesk.ticket", 7, "<p>hi</p>", nil)
		if id != 0 || !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			t.Errorf("message_post answered %s: id %d, err %v; want ErrOutcomeUnknown", result, id, err)
		}
	}
}
