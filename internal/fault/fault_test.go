package fault

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
)

func serve(t *testing.T, f *Fault[Single]) (*Engine[Single], *httptest.Server) {
	t.Helper()
	e := New[Single](true, nil)
	if f != nil {
		e.InjectFault(*f)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.Serve(w, r, Exchange[Single]{Call: Call[Single]{Method: "m", Path: r.URL.Path},
			Run: func(c *Call[Single]) *Reply {
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
		f       Fault[Single]
		status  int
		body    string
		err     error
		applied bool
	}{
		{Fault[Single]{Kind: Status}, 500, "500 Internal Server Error\n", nil, false},
		{Fault[Single]{Kind: Status, Status: 503, Body: "busy", Apply: true}, 503, "busy", nil, true},
		{Fault[Single]{Kind: HTML, Status: 502}, 502, "<h1>Bad Gateway</h1>", nil, false},
		{Fault[Single]{Kind: TooManyRequests}, 429, "429", nil, false},
		{Fault[Single]{Kind: Garbage}, 200, "garbage", nil, false},
		{Fault[Single]{Kind: Delay}, 200, "0123456789", nil, true},
		{Fault[Single]{Kind: ShortBody}, 200, `{"result"`, nil, true},
		{Fault[Single]{Kind: SlowBody}, 200, "0123456789", nil, true},
		{Fault[Single]{Kind: Truncate}, 200, "", io.ErrUnexpectedEOF, true},
		{Fault[Single]{Kind: OdooError}, 501, "not supported", nil, false},
		{Fault[Single]{Kind: ResetAfter, Times: 2}, 0, "", syscall.ECONNRESET, true},
		{Fault[Single]{Kind: ResetBefore, Times: 2}, 0, "", syscall.ECONNRESET, false},
		{Fault[Single]{Kind: DropBefore, Times: 2}, 0, "", io.EOF, false},
		{Fault[Single]{Kind: DropAfter, Times: 2}, 0, "", io.EOF, true},
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
	e.InjectFault(Fault[int]{Protocols: []int{2}, Method: "write", Times: 2})
	e.InjectFault(Fault[int]{Model: "res.partner"})
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
	e.Log(Call[int]{Model: "m", Method: "read", Applied: true, Text: "dropped"})
	e.Log(Call[int]{Model: "m", Method: "read"})
	if e.CallCount("m", "") != 1 || e.Requests("", "read") != 2 || e.Calls()[1].Seq != 2 || e.Calls()[0].Text != "" {
		t.Errorf("log %+v", e.Calls())
	}
	e.ResetCalls()
	if len(e.Calls()) != 0 || Kind(99).String() != "Kind(99)" || WriteFalse.String() != "write-false" {
		t.Error("reset or names")
	}
}
