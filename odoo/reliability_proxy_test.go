package odoo_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// netFault is a network-level fault the test proxy plays in front of an
// odootest server (which plays the protocol-level ones itself).
type netFault int

const (
	netNone netFault = iota
	// netResetBefore resets the connection (TCP RST) once the request
	// arrived, before odootest sees it: nothing is applied.
	netResetBefore
	// netResetAfter lets odootest run the call, then resets the
	// connection instead of replying: the reply is lost.
	netResetAfter
	// netCutBody runs the call and sends half the reply under the full
	// Content-Length, then closes the connection.
	netCutBody
	// netSlowBody runs the call, sends half the reply, then stalls until
	// the client gives up.
	netSlowBody
	// netEndless answers 200 and streams JSON-looking bytes forever.
	netEndless
)

// faultProxy is an http.Handler in front of an odootest server. Faults
// apply to the next matching requests.
type faultProxy struct {
	srv *odootest.Server
	ts  *httptest.Server

	mu     sync.Mutex
	fault  netFault
	times  int
	model  string
	method string
	hits   atomic.Int64 // requests that met a fault
}

// newFaultProxy starts a proxy in front of srv.
func newFaultProxy(t testing.TB, srv *odootest.Server) *faultProxy {
	t.Helper()
	p := &faultProxy{srv: srv}
	p.ts = httptest.NewServer(p)
	t.Cleanup(p.ts.Close)
	return p
}

// URL is the proxy's base URL.
func (p *faultProxy) URL() string { return p.ts.URL }

// arm makes the next times requests of model.method meet f.
func (p *faultProxy) arm(f netFault, times int, model, method string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault, p.times, p.model, p.method = f, times, model, method
}

// take consumes one use of the armed fault when the request matches.
func (p *faultProxy) take(r *http.Request, body []byte) netFault {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.times <= 0 || !requestNames(r, body, p.model, p.method) {
		return netNone
	}
	p.times--
	p.hits.Add(1)
	return p.fault
}

// requestNames reports whether a request of any protocol calls
// model.method: the names appear as path segments (/web/dataset/call_kw,
// /json/2, /api/v2) or as JSON strings in the body (/jsonrpc, /api/v2/call).
func requestNames(r *http.Request, body []byte, model, method string) bool {
	has := func(name string) bool {
		if name == "" {
			return true
		}
		for _, seg := range strings.Split(r.URL.Path, "/") {
			if seg == name {
				return true
			}
		}
		return bytes.Contains(body, []byte(strconv.Quote(name)))
	}
	return has(model) && has(method)
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	switch f := p.take(r, body); f {
	case netNone:
		p.srv.ServeHTTP(w, r)
	case netResetBefore:
		resetConn(w)
	case netResetAfter:
		rec := httptest.NewRecorder()
		p.srv.ServeHTTP(rec, r)
		resetConn(w)
	case netCutBody, netSlowBody:
		rec := httptest.NewRecorder()
		p.srv.ServeHTTP(rec, r)
		out := rec.Body.Bytes()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(out)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(out[:len(out)/2])
		w.(http.Flusher).Flush()
		if f == netSlowBody {
			select {
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
			}
		}
		// Returning with fewer bytes than Content-Length makes net/http
		// close the connection: the client sees an unexpected EOF.
	case netEndless:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"jsonrpc": "2.0", "id": 1, "result": [`))
		chunk := bytes.Repeat([]byte(`{"id": 1, "name": "endless"}, `), 512)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
}

// resetConn aborts the connection with a TCP RST (SO_LINGER 0), like a
// crashed server or a proxy dropping the connection.
func resetConn(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// faultDialer dials for the client's http.Transport and plays the
// client-side network faults: refused connections (a real dial to a closed
// port) and connections reset when the request is written.
type faultDialer struct {
	closedAddr string       // a loopback address nothing listens on
	refuse     atomic.Int64 // dials left to refuse; < 0 refuses all
	failWrite  atomic.Int64 // request writes left to fail
	dials      atomic.Int64
	refused    atomic.Int64
	resets     atomic.Int64
}

// newFaultDialer refuses on port 1 (tcpmux), where nothing listens: a
// freed ephemeral port can be taken meanwhile by another test's server
// (seen under load: "test setup: ... accepted a connection").
func newFaultDialer(t testing.TB) *faultDialer {
	t.Helper()
	return &faultDialer{closedAddr: "127.0.0.1:1"}
}

func (d *faultDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.dials.Add(1)
	var nd net.Dialer
	if n := d.refuse.Load(); n != 0 {
		if n > 0 {
			d.refuse.Add(-1)
		}
		d.refused.Add(1)
		// A real dial to a port nothing listens on: ECONNREFUSED.
		conn, err := nd.DialContext(ctx, network, d.closedAddr)
		if err == nil {
			_ = conn.Close()
			return nil, fmt.Errorf("test setup: %s accepted a connection", d.closedAddr)
		}
		return nil, err
	}
	conn, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &faultConn{Conn: conn, d: d}, nil
}

// faultConn fails a write with ECONNRESET, before any byte of it is sent,
// when its dialer says so.
type faultConn struct {
	net.Conn
	d *faultDialer
}

func (c *faultConn) Write(p []byte) (int, error) {
	for {
		n := c.d.failWrite.Load()
		if n <= 0 {
			return c.Conn.Write(p)
		}
		if c.d.failWrite.CompareAndSwap(n, n-1) {
			c.d.resets.Add(1)
			return 0, &net.OpError{Op: "write", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(),
				Err: os.NewSyscallError("write", syscall.ECONNRESET)}
		}
	}
}

// faultHTTPClient returns an http.Client dialing through d, and its
// transport (to close idle connections, so a fault meets a fresh dial).
func faultHTTPClient(d *faultDialer) (*http.Client, *http.Transport) {
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute}
	return &http.Client{Transport: tr}, tr
}
