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

// bodyHeadStart is the most a body read allocates before its first bytes
// arrive, whatever its Content-Length announces.
const bodyHeadStart = 64 << 10

// readBody reads and closes resp.Body, at most limit bytes.
//
// Memory grows with the bytes that arrive, never with what Content-Length
// announces: a reply claiming 32 MiB and sending 10 bytes costs one chunk
// of at most bodyHeadStart. The body is read into chunks that double, all
// chunks together never above limit+1, and joined once at the end. So a
// body over the cap costs at most limit+1 bytes before it is refused (a
// slice grown by doubling up to the cap peaked at 1.5·limit and allocated
// 2·limit), one without a length about 2 to 3 times its size. With a
// Content-Length the chunks stop at half of it; once that half has come,
// one buffer of the announced size takes them and the rest: an honest
// reply costs 1.5 times its size, a liar at most 3 times what it sent.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	defer resp.Body.Close()
	if resp.Body == http.NoBody {
		// HEAD, 204, 304: Content-Length describes a body never sent.
		return nil, nil
	}
	if resp.ContentLength > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	// want is how many bytes may still come: the announced length plus one
	// to see EOF, else the cap plus one to see it exceeded.
	want := limit + 1
	if n := resp.ContentLength; n >= 0 {
		want = n + 1
	}
	cl := resp.ContentLength
	var chunks [][]byte
	var total int64
	next := int64(bodyHeadStart)
	joined := false
	for {
		var buf []byte // this read goes to buf[len(buf):cap(buf)]
		if !joined && cl > bodyHeadStart && len(chunks) > 0 && 2*total >= cl {
			// Half of the announced length arrived: trust it for the
			// rest, in one buffer that becomes the body (no join at the
			// end), so an honest reply costs 1.5 times its size.
			joined = true
			buf = make([]byte, 0, min(cl, limit)+1)
			for _, c := range chunks {
				buf = append(buf, c...)
			}
			chunks = chunks[:0]
		} else {
			size := min(next, want, limit+1-total)
			if !joined && cl > bodyHeadStart {
				size = min(size, (cl+1)/2-total) // chunks up to half of it
			}
			if size <= 0 {
				// An honest Content-Length was read whole: one more small
				// chunk sees EOF or the extra bytes of a lying one.
				size = min(int64(bytes.MinRead), limit+1-total)
			}
			if size <= 0 {
				return nil, &BodyTooLargeError{Limit: limit}
			}
			buf = make([]byte, 0, size)
		}
		n, err := fill(resp.Body, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		total += int64(n)
		want -= int64(n)
		if len(buf) > 0 {
			chunks = append(chunks, buf)
		}
		if total > limit {
			return nil, &BodyTooLargeError{Limit: limit}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		next *= 2
	}
	switch len(chunks) {
	case 0:
		return []byte{}, nil
	case 1:
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// fill reads into b until it is full (nil error), the body ends (io.EOF)
// or fails (any other error, io.ErrUnexpectedEOF of a body cut short
// included).
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
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
