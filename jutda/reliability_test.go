package jutda_test

// Issue 12's fault matrix for the Jutda client: each fault's outcome (a
// success after retries, or a typed error saying what happened) and the
// server's call log, which proves no state-changing call ran twice and no
// read was silently wrong.

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

var newTicket = jutda.TicketCreate{Queue: 1, Title: "Invoice 117 overdue", Body: "Second reminder"}

func wantQueues(t *testing.T, qs []jutda.Queue, err error) {
	t.Helper()
	if err != nil || !reflect.DeepEqual(qs, []jutda.Queue{{2, "Billing"}, {1, "Support"}}) {
		t.Fatalf("ListQueues = %v, %v", qs, err)
	}
}

func wantTransportError(t *testing.T, err error, outcomeUnknown bool) *jutda.TransportError {
	t.Helper()
	var te *jutda.TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T %v, want *jutda.TransportError", err, err)
	}
	if errors.Is(err, deskbridge.ErrOutcomeUnknown) != outcomeUnknown {
		t.Errorf("outcome unknown = %v, want %v: %v", errors.Is(err, deskbridge.ErrOutcomeUnknown), outcomeUnknown, err)
	}
	if outcomeUnknown && !contains(err.Error(), "outcome unknown") {
		t.Errorf("error does not say the outcome is unknown: %v", err)
	}
	return te
}

// ticketsCreated is how many tickets the server holds.
func ticketsCreated(s *jutdatest.Server) int { return len(s.Tickets()) }

func TestReliabilityConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := jutda.New("http://"+addr, jutda.WithPassword("api", "pw"), jutda.WithRetry(2, time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTicket(context.Background(), newTicket)
	te := wantTransportError(t, err, false)
	// Refused connections provably carried nothing: even a create is
	// retried, and the error says it was not sent.
	if te.MaybeSent || te.Attempts != 3 || !errors.Is(err, deskbridge.ErrNotApplied) || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("err = %+v (%v), want not sent after 3 attempts, ECONNREFUSED", te, err)
	}
	if !contains(err.Error(), "not sent") {
		t.Errorf("message %q", err)
	}
}

// flakyDialer fails the first n dials with a reset: the request provably
// never left the machine.
func flakyDialer(n int32) (*http.Client, *atomic.Int32) {
	var dials atomic.Int32
	d := &net.Dialer{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= n {
			return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNRESET}
		}
		return d.DialContext(ctx, network, addr)
	}}
	return &http.Client{Transport: tr}, &dials
}

func TestReliabilityResetBeforeWrite(t *testing.T) {
	s := newServer(t)
	hc, dials := flakyDialer(2)
	c := newClient(t, s, jutda.WithHTTPClient(hc))
	id, err := c.CreateTicket(context.Background(), newTicket)
	if err != nil {
		t.Fatalf("create after two resets before writing: %v", err)
	}
	if dials.Load() != 3 || s.Requests("", "create_ticket") != 1 || s.CallCount("", "create_ticket") != 1 || ticketsCreated(s) != 1 || id != 1 {
		t.Errorf("dials %d, server attempts %d, applied %d, tickets %d, id %d; want 3, 1, 1, 1, 1",
			dials.Load(), s.Requests("", "create_ticket"), s.CallCount("", "create_ticket"), ticketsCreated(s), id)
	}
}

// failingWriteConn fails its first Write: the request may be partly out,
// so a create must not be retried.
type failingWriteConn struct {
	net.Conn
	failed *atomic.Bool // shared: only the first write of all fails
}

func (c *failingWriteConn) Write(b []byte) (int, error) {
	if c.failed.CompareAndSwap(false, true) {
		return 0, &net.OpError{Op: "write", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return c.Conn.Write(b)
}

func TestReliabilityResetWhileWriting(t *testing.T) {
	s := newServer(t)
	d := &net.Dialer{}
	var failed atomic.Bool
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &failingWriteConn{Conn: conn, failed: &failed}, nil
	}}}
	c := newClient(t, s, jutda.WithHTTPClient(hc))
	_, err := c.CreateTicket(context.Background(), newTicket)
	te := wantTransportError(t, err, true)
	if te.Attempts != 1 || !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("err = %+v, want one attempt, ECONNRESET", te)
	}
	if s.Requests("", "create_ticket") != 0 || ticketsCreated(s) != 0 {
		t.Errorf("server saw %d creates", s.Requests("", "create_ticket"))
	}
	// A read on the same client is retried on a new connection.
	qs, err := c.ListQueues(context.Background())
	wantQueues(t, qs, err)
}

func TestReliabilityDropBefore(t *testing.T) {
	s := newServer(t)
	c := newClient(t, s)
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.ResetBefore})
	_, err := c.CreateTicket(context.Background(), newTicket)
	wantTransportError(t, err, true)
	if s.Requests("", "create_ticket") != 1 || s.CallCount("", "create_ticket") != 0 || ticketsCreated(s) != 0 {
		t.Errorf("attempts %d applied %d", s.Requests("", "create_ticket"), s.CallCount("", "create_ticket"))
	}
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.ResetBefore, Times: 2})
	qs, err := c.ListQueues(context.Background())
	wantQueues(t, qs, err)
	if s.Requests("", "list_queues") != 3 {
		t.Errorf("list_queues attempts %d, want 3", s.Requests("", "list_queues"))
	}
}

// TestReliabilityReplyLost: the server applied create_ticket and the reply
// was lost. The client must not send it again and must say so.
func TestReliabilityReplyLost(t *testing.T) {
	for _, m := range []string{"create_ticket", "add_followup", "resolve", "hold_ticket"} {
		t.Run(m, func(t *testing.T) {
			s := newServer(t)
			c := newClient(t, s)
			id := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "t", Description: "d", SubmitterEmail: "x@y.example"})
			s.InjectFault(jutdatest.Fault{Method: m, Kind: fault.ResetAfter})
			var err error
			switch m {
			case "create_ticket":
				_, err = c.CreateTicket(context.Background(), newTicket)
			case "add_followup":
				err = c.AddFollowup(context.Background(), id, "m", true)
			case "resolve":
				err = c.Resolve(context.Background(), id, "r")
			case "hold_ticket":
				err = c.HoldTicket(context.Background(), id)
			}
			te := wantTransportError(t, err, true)
			if te.Attempts != 1 || !te.MaybeSent {
				t.Errorf("err = %+v", te)
			}
			if s.Requests("", m) != 1 || s.CallCount("", m) != 1 {
				t.Errorf("%s: %d attempts, %d applied; want 1 and 1", m, s.Requests("", m), s.CallCount("", m))
			}
			if m == "create_ticket" && ticketsCreated(s) != 2 {
				t.Errorf("%d tickets, want 2", ticketsCreated(s))
			}
			if tk, _ := s.Ticket(id); len(tk.Followups) > 1 {
				t.Errorf("%d follow-ups", len(tk.Followups))
			}
		})
	}
}

func TestReliability5xxBursts(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s, jutda.WithRetry(4, time.Millisecond, 2*time.Millisecond))

	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Status, Status: 502, Times: 2})
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Status, Status: 503, Times: 1})
	qs, err := c.ListQueues(ctx)
	wantQueues(t, qs, err)
	if s.Requests("", "list_queues") != 4 {
		t.Errorf("list_queues attempts %d, want 4", s.Requests("", "list_queues"))
	}

	s.InjectFault(jutdatest.Fault{Method: "find_user", Kind: fault.Status, Status: 503, Body: "upstream busy", Times: 9})
	_, err = c.FindUser(ctx, "bob")
	var je *jutda.Error
	if !errors.As(err, &je) || je.StatusCode != 503 || je.Body != "upstream busy" || !errors.Is(err, jutda.ErrServer) {
		t.Errorf("burst longer than the retries: %v", err)
	}
	if s.Requests("", "find_user") != 5 {
		t.Errorf("find_user attempts %d, want 5", s.Requests("", "find_user"))
	}
	s.ClearFaults()

	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.Status, Status: 503, Times: 3})
	_, err = c.CreateTicket(ctx, newTicket)
	if !errors.As(err, &je) || je.StatusCode != 503 || !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !contains(err.Error(), "outcome unknown") {
		t.Errorf("create on 503: %v", err)
	}
	if s.Requests("", "create_ticket") != 1 || ticketsCreated(s) != 0 {
		t.Errorf("create attempts %d, tickets %d; want 1, 0", s.Requests("", "create_ticket"), ticketsCreated(s))
	}
}

func TestReliability429RetryAfter(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, after string
		min         time.Duration
	}{
		{"seconds", "1", 900 * time.Millisecond},
		{"http date", "", 900 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.after == "" { // an HTTP date at least one whole second ahead
				tc.after = time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
			}
			s := newServer(t)
			c := newClient(t, s, jutda.WithRetry(2, time.Millisecond, 3*time.Second))
			s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.TooManyRequests, RetryAfter: tc.after})
			start := time.Now()
			qs, err := c.ListQueues(ctx)
			wantQueues(t, qs, err)
			if d := time.Since(start); d < tc.min {
				t.Errorf("retried after %v, want ≥ %v (Retry-After %q)", d, tc.min, tc.after)
			}
			if s.Requests("", "list_queues") != 2 {
				t.Errorf("attempts %d, want 2", s.Requests("", "list_queues"))
			}
		})
	}
	s := newServer(t)
	c := newClient(t, s)
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.TooManyRequests, RetryAfter: "1"})
	_, err := c.CreateTicket(ctx, newTicket)
	if !errors.Is(err, deskbridge.ErrRateLimited) || s.Requests("", "create_ticket") != 1 || ticketsCreated(s) != 0 {
		t.Errorf("create on 429: %v, attempts %d", err, s.Requests("", "create_ticket"))
	}
}

func TestReliabilityHTMLPages(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s)

	// 200 with an HTML page: a login page or a proxy's. Not what the
	// method promises, not retried, not applied.
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.HTML})
	_, err := c.CreateTicket(ctx, newTicket)
	var re *jutda.ResponseError
	if !errors.As(err, &re) || !errors.Is(err, jutda.ErrBadResponse) || !errors.Is(err, deskbridge.ErrOutcomeUnknown) || !contains(re.Body, "<!DOCTYPE html>") ||
		!contains(err.Error(), "HTTP 200, text/html") || !contains(err.Error(), `"<!DOCTYPE html>`) {
		t.Errorf("200 HTML: %v", err)
	}
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.HTML})
	if _, err := c.ListQueues(ctx); !errors.Is(err, jutda.ErrBadResponse) || errors.Is(err, deskbridge.ErrOutcomeUnknown) || !contains(err.Error(), "an HTML page") {
		t.Errorf("200 HTML list: %v", err)
	}
	s.InjectFault(jutdatest.Fault{Method: "hold_ticket", Kind: fault.HTML})
	id := s.AddTicket(jutdatest.Ticket{Queue: 1, Title: "t"})
	if err := c.HoldTicket(ctx, id); !errors.Is(err, jutda.ErrBadResponse) {
		t.Errorf("200 HTML hold: %v", err)
	}

	// 502 with an HTML page: a read is retried, a create is not.
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.HTML, Status: 502})
	qs, err := c.ListQueues(ctx)
	wantQueues(t, qs, err)
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.HTML, Status: 502})
	_, err = c.CreateTicket(ctx, newTicket)
	var je *jutda.Error
	if !errors.As(err, &je) || je.StatusCode != 502 || !contains(je.Body, "<h1>Bad Gateway</h1>") || !contains(err.Error(), `HTTP 502 Bad Gateway: "<!DOCTYPE html>`) {
		t.Errorf("502 HTML: %v", err)
	}
	if s.CallCount("", "create_ticket") != 0 || s.Requests("", "create_ticket") != 2 || ticketsCreated(s) != 1 {
		t.Errorf("creates applied %d, attempts %d", s.CallCount("", "create_ticket"), s.Requests("", "create_ticket"))
	}
}

func TestReliabilityTruncatedBody(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s)
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.Truncate})
	_, err := c.CreateTicket(ctx, newTicket)
	wantTransportError(t, err, true)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err = %v, want io.ErrUnexpectedEOF", err)
	}
	if s.Requests("", "create_ticket") != 1 || s.CallCount("", "create_ticket") != 1 {
		t.Errorf("attempts %d applied %d; want 1, 1", s.Requests("", "create_ticket"), s.CallCount("", "create_ticket"))
	}
	// A read is retried and returns the whole list, never a cut one.
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Truncate, Times: 2})
	qs, err := c.ListQueues(ctx)
	wantQueues(t, qs, err)
	if s.Requests("", "list_queues") != 3 {
		t.Errorf("list attempts %d, want 3", s.Requests("", "list_queues"))
	}
	// A complete reply with cut JSON is a typed error, not a short list.
	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Status, Status: 200, Body: `[{"id": "1", "title": "Support"}, {"id": "2", "ti`})
	if qs, err := c.ListQueues(ctx); !errors.Is(err, jutda.ErrBadResponse) || qs != nil {
		t.Errorf("cut JSON: %v, %v", qs, err)
	}
}

func TestReliabilitySlowBody(t *testing.T) {
	s := jutdatest.NewServer()
	c := newClient(t, s)
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.SlowBody, Delay: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.CreateTicket(ctx, newTicket)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("returned after %v: the deadline did not stop the body read", d)
	}
	wantTransportError(t, err, true)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}

	s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.SlowBody, Delay: 10 * time.Second})
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	_, err = c.ListQueues(ctx2)
	if te := wantTransportError(t, err, false); !errors.Is(err, context.DeadlineExceeded) || te.Attempts != 1 {
		t.Errorf("slow list: %+v %v", te, err)
	}

	// The server waits before running the call; the client gives up
	// first. Once the server is done, the log shows the create ran once.
	s.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: fault.Delay, Delay: 10 * time.Second, Apply: true})
	ctx3, cancel3 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel3()
	_, err = c.CreateTicket(ctx3, newTicket)
	wantTransportError(t, err, true)
	c.Close()
	s.Close() // waits for the handlers
	if s.Requests("", "create_ticket") != 2 || s.CallCount("", "create_ticket") != 2 || ticketsCreated(s) != 2 {
		t.Errorf("creates: %d attempts, %d applied, %d tickets; want 2 each", s.Requests("", "create_ticket"), s.CallCount("", "create_ticket"), ticketsCreated(s))
	}
}

func TestReliabilityBodyCap(t *testing.T) {
	s := newServer(t)
	for range 50 {
		s.AddQueue("A queue with a long enough title to fill the reply")
	}
	c := newClient(t, s, jutda.WithMaxBodySize(512))
	_, err := c.ListQueues(context.Background())
	if !errors.Is(err, deskbridge.ErrBodyTooLarge) {
		t.Fatalf("err = %v, want ErrBodyTooLarge", err)
	}
	if s.Requests("", "list_queues") != 1 {
		t.Errorf("a too-large reply was retried: %d attempts", s.Requests("", "list_queues"))
	}
}

// TestRetryZero: WithRetry(0, ...) sends each call once (no retries), as
// its doc says; without WithRetry a read is retried 4 times. Before the
// fix a max of 0 silently meant the default (5 attempts).
func TestRetryZero(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		opts []jutda.Option
		want int
	}{
		{"WithRetry(0)", []jutda.Option{jutda.WithRetry(0, time.Millisecond, time.Millisecond)}, 1},
		{"WithRetry(-1)", []jutda.Option{jutda.WithRetry(-1, time.Millisecond, time.Millisecond)}, 1},
		{"WithRetry(2)", []jutda.Option{jutda.WithRetry(2, time.Millisecond, time.Millisecond)}, 3},
	} {
		s := newServer(t)
		c := newClient(t, s, tc.opts...)
		s.InjectFault(jutdatest.Fault{Method: "list_queues", Kind: fault.Status, Status: 503, Times: 9})
		if _, err := c.ListQueues(ctx); !errors.Is(err, jutda.ErrServer) {
			t.Errorf("%s: err = %v, want the 503", tc.name, err)
		}
		if got := s.Requests("", "list_queues"); got != tc.want {
			t.Errorf("%s: %d attempts, want %d", tc.name, got, tc.want)
		}
	}
}
