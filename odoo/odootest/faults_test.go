package odootest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

// post sends one execute_kw create and answers the raw outcome.
func postCreate(t *testing.T, s *Server, ctx context.Context, name string) (*http.Response, []byte, error) {
	t.Helper()
	body := mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{"service": "object", "method": "execute_kw",
		"args": []any{s.Database(), 2, DefaultPassword, "res.partner", "create", []any{map[string]any{"name": name}}, map[string]any{}}}})
	req, _ := http.NewRequestWithContext(ctx, "POST", s.URL+"/jsonrpc", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name        string
		fault       Fault
		wantErr     bool // a transport error (dropped connection)
		wantStatus  int
		wantApplied bool
		check       func(t *testing.T, resp *http.Response, body []byte)
	}{
		{name: "status", fault: Fault{Kind: fault.Status, Status: 503}, wantStatus: 503},
		{name: "odoo error", fault: Fault{Kind: fault.OdooError, ErrorName: excValidation, ErrorMessage: "nope"}, wantStatus: 200,
			check: func(t *testing.T, resp *http.Response, body []byte) {
				var env map[string]any
				_ = json.Unmarshal(body, &env)
				if e, _ := env["error"].(map[string]any); errName(e) != excValidation || e["data"].(map[string]any)["message"] != "nope" {
					t.Errorf("body = %s", body)
				}
			}},
		{name: "delay", fault: Fault{Kind: fault.Delay, Delay: 20 * time.Millisecond}, wantStatus: 200, wantApplied: true},
		{name: "drop before", fault: Fault{Kind: fault.DropBefore}, wantErr: true},
		{name: "drop after", fault: Fault{Kind: fault.DropAfter}, wantErr: true, wantApplied: true},
		{name: "short body", fault: Fault{Kind: fault.ShortBody}, wantStatus: 200, wantApplied: true,
			check: func(t *testing.T, resp *http.Response, body []byte) {
				var v any
				if json.Unmarshal(body, &v) == nil || !strings.HasPrefix(string(body), `{"jsonrpc"`) {
					t.Errorf("truncated body %q parses", body)
				}
			}},
		{name: "html", fault: Fault{Kind: fault.HTML, Status: 502}, wantStatus: 502,
			check: func(t *testing.T, resp *http.Response, body []byte) {
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html>") {
					t.Errorf("not HTML: %s %q", resp.Header.Get("Content-Type"), body)
				}
			}},
		{name: "429", fault: Fault{Kind: fault.TooManyRequests, RetryAfter: "2"}, wantStatus: 429,
			check: func(t *testing.T, resp *http.Response, body []byte) {
				if resp.Header.Get("Retry-After") != "2" {
					t.Errorf("Retry-After = %q", resp.Header.Get("Retry-After"))
				}
			}},
		{name: "slow body", fault: Fault{Kind: fault.SlowBody, Delay: 20 * time.Millisecond}, wantStatus: 200, wantApplied: true,
			check: func(t *testing.T, resp *http.Response, body []byte) {
				var env map[string]any
				if err := json.Unmarshal(body, &env); err != nil || env["result"] == nil {
					t.Errorf("slow body = %q", body)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(WithFlavor(NoHelpdesk))
			defer s.Close()
			f := tt.fault
			f.Protocols, f.Model, f.Method = []odoo.Protocol{odoo.JSONRPC}, "res.partner", "create"
			s.InjectFault(f)
			resp, body, err := postCreate(t, s, context.Background(), "P")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.check != nil && err == nil {
				tt.check(t, resp, body)
			}
			applied := s.Count("res.partner", domain.Eq("name", "P"))
			if (applied == 1) != tt.wantApplied || applied > 1 {
				t.Errorf("%d partners created, want applied=%v", applied, tt.wantApplied)
			}
			if n := s.CallCount("res.partner", "create"); (n == 1) != tt.wantApplied {
				t.Errorf("CallCount = %d, want applied=%v", n, tt.wantApplied)
			}
			calls := s.Calls()
			if len(calls) != 1 || calls[0].Applied != tt.wantApplied || calls[0].Method != "create" {
				t.Errorf("call log = %+v", calls)
			}
			if len(calls) == 1 && calls[0].Fault != f.Kind.String() {
				t.Errorf("call log Fault = %q, want %q", calls[0].Fault, f.Kind)
			}
			// the fault is consumed: the next call is served normally
			if resp, _, err := postCreate(t, s, context.Background(), "Q"); err != nil || resp.StatusCode != 200 {
				t.Errorf("next call: %v %v", resp, err)
			}
			if s.PendingFaults() != 0 {
				t.Errorf("PendingFaults = %d", s.PendingFaults())
			}
			if calls := s.Calls(); len(calls) != 2 || calls[1].Fault != "" {
				t.Errorf("call log after the fault = %+v", calls)
			}
		})
	}
}

// TestFaultLogged: on every protocol, the call a fault disturbed but let
// run is logged with the fault's kind, the calls before and after without.
func TestFaultLogged(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		c, err := s.NewClient(p)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := c.Authenticate(ctx); err != nil {
			t.Fatal(err)
		}
		s.ResetCalls()
		s.InjectFault(Fault{Model: "res.partner", Method: "create", Kind: fault.Delay, Delay: time.Millisecond})
		for _, name := range []string{"delayed", "plain"} {
			if _, err := c.Create(ctx, "res.partner", odoo.Values{"name": name}, nil); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
		calls := s.Calls()
		if len(calls) != 2 || calls[0].Fault != "delay" || !calls[0].Applied || calls[1].Fault != "" || calls[0].Protocol != p {
			t.Errorf("%s: call log %+v", p, calls)
		}
	}
}

func TestFaultMatchingAndTimes(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	s.InjectFault(Fault{Method: "search_count", Kind: fault.Status, Status: 500, Times: 2})
	if resp, _, _ := postCreate(t, s, context.Background(), "A"); resp.StatusCode != 200 {
		t.Errorf("create hit a search_count fault: %d", resp.StatusCode)
	}
	for i := 0; i < 3; i++ {
		rep := doRaw(t, "POST", s.URL+"/jsonrpc", map[string]string{"Content-Type": "application/json"}, mustJSON(t, map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1,
			"params": map[string]any{"service": "object", "method": "execute_kw", "args": []any{s.Database(), 2, "admin", "res.partner", "search_count", []any{[]any{}}}}}))
		want := 500
		if i == 2 {
			want = 200
		}
		if rep.Status != want {
			t.Errorf("call %d: status %d, want %d", i, rep.Status, want)
		}
	}
	s.InjectFault(Fault{Kind: fault.Status, Status: 502, Times: 5})
	s.ClearFaults()
	if resp, _, _ := postCreate(t, s, context.Background(), "B"); resp.StatusCode != 200 {
		t.Errorf("after ClearFaults: %d", resp.StatusCode)
	}
	s.ResetCalls()
	if len(s.Calls()) != 0 {
		t.Error("ResetCalls left entries")
	}
}

func TestFaultDelayCancelled(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	s.InjectFault(Fault{Kind: fault.Delay, Delay: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, _, err := postCreate(t, s, ctx, "Late"); err == nil {
		t.Error("a 5s delay did not hit the 50ms deadline")
	}
	s.Close() // waits for the handler, which sees the request cancelled
	if time.Since(start) > 4*time.Second {
		t.Errorf("the delay did not stop with the request (%v)", time.Since(start))
	}
	if n := s.Count("res.partner", domain.Eq("name", "Late")); n != 0 {
		t.Errorf("the cancelled call was applied")
	}
	if c := s.Calls(); len(c) != 1 || c[0].Applied || c[0].Err != "injected fault: delay" {
		t.Errorf("call log = %+v", c)
	}
}

func TestFaultShapesPerProtocol(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	s.InjectFault(Fault{Protocols: []odoo.Protocol{odoo.JSON2}, Kind: fault.OdooError, ErrorName: excAccessError, ErrorMessage: "no"})
	rep := json2(t, s, "/json/2/res.partner/search_count", DefaultAPIKey, nil, map[string]any{"domain": []any{}})
	if rep.Status != 403 || rep.JSON.(map[string]any)["name"] != excAccessError {
		t.Errorf("JSON-2 fault = %d %s", rep.Status, rep.Body)
	}
	s.InjectFault(Fault{Protocols: []odoo.Protocol{odoo.RESTv2}, Method: "token", Kind: fault.OdooError, ErrorName: excUserError, ErrorMessage: "down"})
	tok := doRaw(t, "POST", s.URL+"/api/v2/authentication/oauth2/token", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, []byte("grant_type=password"))
	if tok.Status != 422 || tok.JSON.(map[string]any)["code"] != 422.0 {
		t.Errorf("REST v2 fault = %d %s", tok.Status, tok.Body)
	}
}
