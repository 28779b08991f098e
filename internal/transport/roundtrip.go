package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// callKey carries the *callState of one Do through the request context, so
// the retry policy and the per-hop RoundTripper see the same attempt.
type callKey struct{}

// callState is the state of one Do call.
type callState struct {
	policy    Policy
	body      []byte // request body, for LogBodies
	final     func(status int, body []byte) bool
	n         atomic.Int32
	cur       atomic.Pointer[attemptState]
	maybeSent atomic.Bool // some attempt may have reached the server
}

// attemptState is the state of one attempt (all its redirect hops). A fresh
// value per attempt keeps late trace callbacks of an old attempt from
// touching the new one.
type attemptState struct {
	n       int
	traced  atomic.Bool // the standard transport reported connection phases
	wrote   atomic.Bool // a request header was written on some hop
	limited atomic.Bool // the rate-limit wait failed: nothing was sent
}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callKey{}).(*callState)
	return st
}

func (st *callState) attempts() int {
	if st == nil {
		return 0
	}
	return int(st.n.Load())
}

// current returns the running attempt; never nil.
func (st *callState) current() *attemptState {
	if st == nil {
		return &attemptState{n: 1}
	}
	if a := st.cur.Load(); a != nil {
		return a
	}
	a := &attemptState{n: 1}
	if st.cur.CompareAndSwap(nil, a) {
		st.n.Store(1)
		return a
	}
	return st.cur.Load()
}

// trace records what the transport did on this attempt.
func (a *attemptState) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GetConn: func(string) { a.traced.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { a.traced.Store(true) },
		TLSHandshakeDone: func(tls.ConnectionState, error) {
			a.traced.Store(true)
		},
		WroteHeaderField: func(string, []string) { a.wrote.Store(true) },
		WroteHeaders:     func() { a.wrote.Store(true) },
		WroteRequest:     func(httptrace.WroteRequestInfo) { a.wrote.Store(true) },
	}
}

// roundTripper is the per-hop layer under http.Client: rate limit, trace,
// the caller's RoundTripper, the capped body read and the log line.
type roundTripper struct {
	c *Client
}

func (t *roundTripper) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	st := stateFrom(ctx)
	a := st.current()
	start := time.Now()

	if err := t.c.wait(ctx); err != nil {
		a.limited.Store(true)
		if req.Body != nil {
			_ = req.Body.Close()
		}
		t.c.logAttempt(ctx, st, a, req, nil, nil, err, time.Since(start))
		t.c.observe(ctx, st, a, req, nil, nil, err, time.Since(start))
		return nil, err
	}

	treq := req.WithContext(httptrace.WithClientTrace(ctx, a.trace()))
	resp, err := t.c.transportFor().RoundTrip(treq)
	var body []byte
	if err == nil {
		body, err = readBody(resp, t.c.maxBody)
		if err != nil {
			resp = nil
		} else {
			resp.Body = &bufferedBody{Reader: bytes.NewReader(body), b: body}
			resp.ContentLength = int64(len(body))
		}
	}
	d := time.Since(start)
	t.c.logAttempt(ctx, st, a, req, resp, body, err, d)
	t.c.observe(ctx, st, a, req, resp, body, err, d)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// bufferedBody is a response body already read into memory.
type bufferedBody struct {
	*bytes.Reader
	b []byte
}

func (*bufferedBody) Close() error { return nil }

// readBody reads and closes resp.Body, at most max bytes.
func readBody(resp *http.Response, max int64) ([]byte, error) {
	defer resp.Body.Close()
	if resp.Body == http.NoBody {
		// HEAD, 204, 304: Content-Length describes a body never sent.
		return nil, nil
	}
	if resp.ContentLength > max {
		return nil, &BodyTooLargeError{Limit: max}
	}
	var buf bytes.Buffer
	if n := resp.ContentLength; n > 0 {
		// The announced length is within the cap (checked above), which is
		// the memory a reply may take anyway: size the buffer once instead
		// of doubling up to it (a 5 MB search_read copied ~10 MB more).
		// MinRead keeps ReadFrom from growing again to see EOF.
		buf.Grow(int(n) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, &BodyTooLargeError{Limit: max}
	}
	return buf.Bytes(), nil
}

// bufferedBytes returns the bytes of a body our roundTripper buffered, or
// reads an unexpected one under the cap.
func bufferedBytes(rc io.ReadCloser, max int64) ([]byte, error) {
	if bb, ok := rc.(*bufferedBody); ok {
		return bb.b, nil
	}
	if rc == nil || rc == http.NoBody {
		return nil, nil
	}
	return readBody(&http.Response{Body: rc, ContentLength: -1}, max)
}
