package faultengine

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/deskbridge/deskbridge/fault"
)

func serve(t *testing.T, f *fault.Fault[fault.Single]) (*Engine[fault.Single], *httptest.Server) {
	t.Helper()
	e := New[fault.Single](true, nil)
	if f != nil {
		e.InjectFault(*f)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.Serve(w, r, Exchange[fault.Single]{Call: fault.Call[fault.Single]{Method: "m", Path: r.URL.Path},
			Run: func(c *fault.Call[fault.Single]) *Reply {
				c.Applied = true
				return &Reply{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"result": "0123456789"}`)}
			}})
	}))
	t.Cleanup(ts.Close)
	return e, ts
}

func get(ts *httptest.Server) (int, string, error) {
	resp, err := ts.Client().Get(ts.URL)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestKinds(t *testing.T) {
	for _, tc := range []struct {
		f       fault.Fault[fault.Single]
		status  int
		body    string
		err     error
		applied bool
	}{
		{fault.Fault[fault.Single]{Kind: fault.Status}, 500, "500 Internal Server Error\n", nil, false},
		{fault.Fault[fault.Single]{Kind: fault.Status, Status: 503, Body: "busy", Apply: true}, 503, "busy", nil, true},
		{fault.Fault[fault.Single]{Kind: fault.HTML, Status: 502}, 502, "<h1>Bad Gateway</h1>", nil, false},
		{fault.Fault[fault.Single]{Kind: fault.TooManyRequests}, 429, "429", nil, false},
		{fault.Fault[fault.Single]{Kind: fault.Garbage}, 200, "garbage", nil, false},
		{fault.Fault[fault.Single]{Kind: fault.Delay}, 200, "0123456789", nil, true},
		{fault.Fault[fault.Single]{Kind: fault.ShortBody}, 200, `{"result"`, nil, true},
		{fault.Fault[fault.Single]{Kind: fault.SlowBody}, 200, "0123456789", nil, true},
		{fault.Fault[fault.Single]{Kind: fault.Truncate}, 200, "", io.ErrUnexpectedEOF, true},
		{fault.Fault[fault.Single]{Kind: fault.OdooError}, 501, "not supported", nil, false},
		{fault.Fault[fault.Single]{Kind: fault.ResetAfter, Times: 2}, 0, "", syscall.ECONNRESET, true},
		{fault.Fault[fault.Single]{Kind: fault.ResetBefore, Times: 2}, 0, "", syscall.ECONNRESET, false},
		{fault.Fault[fault.Single]{Kind: fault.DropBefore, Times: 2}, 0, "", io.EOF, false},
		{fault.Fault[fault.Single]{Kind: fault.DropAfter, Times: 2}, 0, "", io.EOF, true},
	} {
		e, ts := serve(t, &tc.f)
		status, body, err := get(ts)
		if status != tc.status || !strings.Contains(body, tc.body) || (tc.err == nil) != (err == nil) || tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%s: %d %q %v, want %d %q %v", tc.f.Kind, status, body, err, tc.status, tc.body, tc.err)
		}
		c := e.Calls()
		if len(c) == 0 || c[0].Applied != tc.applied || c[0].Fault != tc.f.Kind.String() {
			t.Errorf("%s: log %+v, want applied %v", tc.f.Kind, c, tc.applied)
		}
	}
}

func TestQueue(t *testing.T) {
	e := New[int](false, nil)
	e.InjectFault(fault.Fault[int]{Protocols: []int{2}, Method: "write", Times: 2})
	e.InjectFault(fault.Fault[int]{Model: "res.partner"})
	if e.PendingFaults() != 3 || e.Take(1, "", "write") != nil || e.Take(2, "x", "write") == nil {
		t.Fatal("selection")
	}
	if f := e.Take(1, "res.partner", "read"); f == nil || f.Model != "res.partner" {
		t.Fatal("model selection")
	}
	if e.PendingFaults() != 1 {
		t.Fatal("pending")
	}
	e.ClearFaults()
	e.Log(fault.Call[int]{Model: "m", Method: "read", Applied: true, Body: "dropped"})
	e.Log(fault.Call[int]{Model: "m", Method: "read"})
	if e.CallCount("m", "") != 1 || e.Requests("", "read") != 2 || e.Calls()[1].Seq != 2 || e.Calls()[0].Body != "" {
		t.Errorf("log %+v", e.Calls())
	}
	e.ResetCalls()
	if len(e.Calls()) != 0 {
		t.Error("reset")
	}
}

// TestCustom: the fake answers its own kinds; an OdooError without a name
// reaches it as a UserError, and the call is not applied.
func TestCustom(t *testing.T) {
	e := New[fault.Single](true, nil)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.Serve(w, r, Exchange[fault.Single]{Call: fault.Call[fault.Single]{Method: "m"},
			Run: func(c *fault.Call[fault.Single]) *Reply {
				c.Applied = true
				return &Reply{Status: 200, Body: []byte("ran")}
			},
			Custom: func(f *fault.Fault[fault.Single], _ *fault.Call[fault.Single]) *Reply {
				if f.Kind != fault.OdooError {
					return nil
				}
				return &Reply{Status: 200, Body: []byte(f.ErrorName + ": " + f.ErrorMessage)}
			}})
	}))
	defer ts.Close()
	for _, tc := range []struct {
		f      fault.Fault[fault.Single]
		status int
		body   string
	}{
		{fault.Fault[fault.Single]{Kind: fault.OdooError, ErrorMessage: "no"}, 200, DefaultErrorName + ": no"},
		{fault.Fault[fault.Single]{Kind: fault.OdooError, ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "no"}, 200, "odoo.exceptions.AccessError: no"},
		{fault.Fault[fault.Single]{Kind: fault.WriteFalse}, 501, "fault write-false: not supported by this server\n"},
	} {
		e.ResetCalls()
		e.InjectFault(tc.f)
		status, body, err := get(ts)
		if err != nil || status != tc.status || body != tc.body {
			t.Errorf("%s: %d %q %v, want %d %q", tc.f.Kind, status, body, err, tc.status, tc.body)
		}
		if c := e.Calls(); len(c) != 1 || c[0].Applied || c[0].Fault != tc.f.Kind.String() {
			t.Errorf("%s: log %+v", tc.f.Kind, c)
		}
	}
}
