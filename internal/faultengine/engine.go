// Package faultengine is the one fault engine of the fake servers
// (odootest, jutdatest, ekiclitest): the queue of injected faults, the call
// log, and the code that answers a request the way a fault says. The
// vocabulary (the kinds and their one table, Fault, Call) is the public
// package fault.
//
// A fake embeds an *Engine, so InjectFault, ClearFaults, PendingFaults,
// Calls, CallCount, Requests and ResetCalls are its own methods, and
// names fault.Fault and fault.Call with its protocol type. For each
// request it builds an Exchange (what the request calls, and how to run
// it) and hands it to Serve, which takes the first matching fault, runs
// the call or not, logs the call, then writes the answer. The kinds
// ServerPage, OdooError, SessionExpired and WriteFalse are answered by the
// fake (Exchange.Custom); a fake that has no such answer serves 501.
package faultengine

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/fault"
)

// matches reports whether f selects the request.
func matches[P comparable](f *fault.Fault[P], proto P, model, method string) bool {
	return (len(f.Protocols) == 0 || slices.Contains(f.Protocols, proto)) &&
		(f.Model == "" || f.Model == model) && (f.Method == "" || f.Method == method)
}

// custom reports whether the fake answers the kind itself (Exchange.Custom).
func custom(k fault.Kind) bool {
	switch k {
	case fault.ServerPage, fault.OdooError, fault.SessionExpired, fault.WriteFalse:
		return true
	}
	return false
}

// clone is a deep copy of c.
func clone[P comparable](c fault.Call[P]) fault.Call[P] {
	c.IDs = slices.Clone(c.IDs)
	if c.Form != nil {
		f := make(url.Values, len(c.Form))
		for k, vs := range c.Form {
			f[k] = slices.Clone(vs)
		}
		c.Form = f
	}
	return c
}

// Engine holds a fake's fault queue and call log. It is safe for
// concurrent use.
type Engine[P comparable] struct {
	keepText bool
	logger   *slog.Logger

	mu     sync.Mutex
	faults []*fault.Fault[P]
	calls  []fault.Call[P]
	seq    int
}

// New returns an Engine. keepText keeps each reply's body in Call.Body;
// logger (nil for none) gets one debug line per fault served.
func New[P comparable](keepText bool, logger *slog.Logger) *Engine[P] {
	return &Engine[P]{keepText: keepText, logger: logger}
}

// InjectFault queues f; faults are tried in the order injected.
func (e *Engine[P]) InjectFault(f fault.Fault[P]) {
	if f.Times <= 0 {
		f.Times = 1
	}
	f.Protocols = slices.Clone(f.Protocols)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &f)
}

// ClearFaults removes every queued fault.
func (e *Engine[P]) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// PendingFaults returns how many fault uses are left.
func (e *Engine[P]) PendingFaults() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, f := range e.faults {
		n += f.Times
	}
	return n
}

// Take consumes one use of the first fault matching the request and
// returns a copy of it, or nil.
func (e *Engine[P]) Take(proto P, model, method string) *fault.Fault[P] {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.faults {
		if matches(f, proto, model, method) {
			cp := *f
			f.Times--
			if f.Times <= 0 {
				e.faults = slices.Delete(e.faults, i, i+1)
			}
			return &cp
		}
	}
	return nil
}

// Log appends c to the call log, numbering it.
func (e *Engine[P]) Log(c fault.Call[P]) {
	if !e.keepText {
		c.Body = ""
	}
	c = clone(c)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	c.Seq = e.seq
	e.calls = append(e.calls, c)
}

// Calls returns a copy of the call log, oldest first. A request still being
// served is not in it yet.
func (e *Engine[P]) Calls() []fault.Call[P] {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]fault.Call[P], len(e.calls))
	for i, c := range e.calls {
		out[i] = clone(c)
	}
	return out
}

// CallCount counts the applied calls of model and method ("" matches any).
func (e *Engine[P]) CallCount(model, method string) int { return e.count(model, method, true) }

// Requests counts the logged requests of model and method ("" matches
// any), applied or not.
func (e *Engine[P]) Requests(model, method string) int { return e.count(model, method, false) }

func (e *Engine[P]) count(model, method string, applied bool) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, c := range e.calls {
		if (!applied || c.Applied) && (model == "" || c.Model == model) && (method == "" || c.Method == method) {
			n++
		}
	}
	return n
}

// ResetCalls empties the call log.
func (e *Engine[P]) ResetCalls() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = nil
}

// Reply is an answer a fake builds before it is written, so that a fault
// can cut, delay or drop it.
type Reply struct {
	Status int
	// Header holds Content-Type and any other header; Content-Length is
	// set from Body.
	Header http.Header
	Body   []byte
}

// Exchange is one request for Serve.
type Exchange[P comparable] struct {
	// Call is the log entry so far: Protocol, Model and Method select the
	// fault; HTTPMethod, Path, Login and Form are logged as they are.
	Call fault.Call[P]
	// Run runs the call and returns its answer. It may fill in the call's
	// IDs, Login and Err, and sets Applied when the call ran to completion.
	Run func(c *fault.Call[P]) *Reply
	// Custom answers the fake's own kinds (ServerPage, OdooError,
	// SessionExpired, WriteFalse), nil for those it does not serve (a 501);
	// Custom itself is nil when the fake has none.
	Custom func(f *fault.Fault[P], c *fault.Call[P]) *Reply
	// NoFault serves the request without looking for a fault.
	NoFault bool
	// SelfLogged says that Run logs the call itself (Engine.Log): Serve
	// then logs only the requests a fault kept from running.
	SelfLogged bool
}

// DefaultErrorName is the exception of an OdooError fault without an
// ErrorName.
const DefaultErrorName = "odoo.exceptions.UserError"

type faultKey struct{}

// WithFault returns ctx carrying kind, the Call.Fault of the request being
// served: a fake whose Run logs its own calls (Exchange.SelfLogged) runs
// them with WithFault(ctx, c.Fault) and logs FaultOf(ctx).
func WithFault(ctx context.Context, kind string) context.Context {
	if kind == "" {
		return ctx
	}
	return context.WithValue(ctx, faultKey{}, kind)
}

// FaultOf returns the fault kind WithFault put on ctx, "" for none.
func FaultOf(ctx context.Context) string {
	k, _ := ctx.Value(faultKey{}).(string)
	return k
}

// Serve answers the request: it takes the first matching fault, runs the
// call as the fault allows, logs the call, then writes the answer.
func (e *Engine[P]) Serve(w http.ResponseWriter, r *http.Request, x Exchange[P]) {
	c := x.Call
	var f *fault.Fault[P]
	if !x.NoFault {
		f = e.Take(c.Protocol, c.Model, c.Method)
	}
	record := func(c fault.Call[P], rep *Reply) {
		if !x.SelfLogged || (!c.Applied && c.Err == "injected fault: "+c.Fault) {
			e.record(c, rep)
		}
	}
	if f == nil {
		rep := x.Run(&c)
		record(c, rep)
		write(w, rep)
		return
	}
	if e.logger != nil {
		e.logger.DebugContext(r.Context(), "fault", "kind", f.Kind.String(), "model", c.Model, "method", c.Method)
	}
	c.Fault = f.Kind.String()
	run := func() *Reply { return x.Run(&c) }
	skipped := func() { c.Err, c.Applied = "injected fault: "+f.Kind.String(), false }
	var rep *Reply
	switch f.Kind {
	case fault.Delay:
		if !wait(r.Context(), f.Delay) && !f.Apply {
			skipped() // the client went away: the call never runs
			record(c, nil)
			return
		}
		rep = run()
	case fault.Status, fault.HTML, fault.Garbage:
		if f.Apply {
			run()
			c.Err = "injected fault: " + f.Kind.String()
		} else {
			skipped()
		}
		rep = cannedReply(f)
	case fault.TooManyRequests:
		skipped()
		rep = cannedReply(f)
	case fault.DropBefore, fault.ResetBefore:
		skipped()
		record(c, nil)
		hangUp(w, f.Kind == fault.ResetBefore)
		return
	case fault.DropAfter, fault.ResetAfter:
		run()
		record(c, nil)
		hangUp(w, f.Kind == fault.ResetAfter)
		return
	case fault.Truncate:
		rep = run()
		record(c, rep)
		truncate(w, withHeader(rep, f.Header))
		return
	case fault.ShortBody:
		rep = run()
		record(c, rep)
		short := *rep
		short.Body = rep.Body[:len(rep.Body)/2]
		write(w, withHeader(&short, f.Header))
		return
	case fault.SlowBody:
		rep = run()
		record(c, rep)
		slow(r.Context(), w, withHeader(rep, f.Header), f.Delay)
		return
	default:
		skipped()
		if custom(f.Kind) && x.Custom != nil {
			if f.Kind == fault.OdooError && f.ErrorName == "" {
				f.ErrorName = DefaultErrorName
			}
			rep = x.Custom(f, &c)
		}
		if rep == nil {
			rep = textReply(http.StatusNotImplemented, fmt.Sprintf("fault %s: not supported by this server\n", f.Kind))
		}
	}
	rep = withHeader(rep, f.Header)
	record(c, rep)
	write(w, rep)
}

// record logs c with the reply the client is to get (nil: none).
func (e *Engine[P]) record(c fault.Call[P], rep *Reply) {
	if rep != nil {
		c.Status = rep.Status
		if e.keepText {
			c.Body = string(rep.Body)
		}
	}
	e.Log(c)
}

func withHeader(rep *Reply, h http.Header) *Reply {
	if len(h) == 0 {
		return rep
	}
	cp := *rep
	cp.Header = rep.Header.Clone()
	if cp.Header == nil {
		cp.Header = http.Header{}
	}
	for k, vs := range h {
		for _, v := range vs {
			cp.Header.Add(k, v)
		}
	}
	return &cp
}

func textReply(status int, body string) *Reply {
	return &Reply{Status: status, Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}, Body: []byte(body)}
}

// proxyPage is HTML's default page, a proxy's.
func proxyPage(status int) string {
	return fmt.Sprintf("<!DOCTYPE html>\n<html><head><title>%d %s</title></head>\n<body><h1>%s</h1>"+
		"<p>The proxy server received an invalid response from an upstream server. Please sign in again or retry later.</p>"+
		"<hr><center>nginx</center></body></html>\n", status, http.StatusText(status), http.StatusText(status))
}

// cannedReply is the answer of Status, HTML, TooManyRequests and Garbage.
func cannedReply[P comparable](f *fault.Fault[P]) *Reply {
	status, body := f.Status, f.Body
	switch f.Kind {
	case fault.HTML:
		if status == 0 {
			status = http.StatusOK
		}
		return &Reply{Status: status, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(cmp.Or(body, proxyPage(status)))}
	case fault.TooManyRequests:
		rep := textReply(http.StatusTooManyRequests, cmp.Or(body, "429 Too Many Requests\n"))
		if f.RetryAfter != "" {
			rep.Header.Set("Retry-After", f.RetryAfter)
		}
		return rep
	case fault.Garbage:
		if status == 0 {
			status = http.StatusOK
		}
		return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(cmp.Or(body, "\x00\x01garbage ]]} not json"))}
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	return textReply(status, cmp.Or(body, fmt.Sprintf("%d %s\n", status, http.StatusText(status))))
}

// wait sleeps d or until ctx is done.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func write(w http.ResponseWriter, rep *Reply) {
	writeHead(w, rep)
	_, _ = w.Write(rep.Body)
}

// writeHead writes rep's headers, a Content-Length announcing its whole
// body, and its status.
func writeHead(w http.ResponseWriter, rep *Reply) {
	for k, vs := range rep.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.Body)))
	w.WriteHeader(rep.Status)
}

// hijack takes the connection over, or aborts the handler where it cannot
// (HTTP/2), which resets the stream.
func hijack(w http.ResponseWriter) (net.Conn, *bufio.ReadWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, bw, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	return conn, bw
}

// hangUp closes the connection without a reply: with a FIN, or with a
// reset (SO_LINGER 0).
func hangUp(w http.ResponseWriter, reset bool) {
	conn, _ := hijack(w)
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// truncate writes the status line and headers announcing the whole body,
// half the body, then closes the connection.
func truncate(w http.ResponseWriter, rep *Reply) {
	conn, bw := hijack(w)
	defer conn.Close()
	fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", rep.Status, http.StatusText(rep.Status))
	h := rep.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Length", strconv.Itoa(len(rep.Body)))
	h.Set("Connection", "close")
	_ = h.Write(bw)
	_, _ = bw.WriteString("\r\n")
	_, _ = bw.Write(rep.Body[:len(rep.Body)/2])
	_ = bw.Flush()
}

// slow writes half the body, waits d (or until the client goes), then the
// rest.
func slow(ctx context.Context, w http.ResponseWriter, rep *Reply, d time.Duration) {
	writeHead(w, rep)
	half := len(rep.Body) / 2
	_, _ = w.Write(rep.Body[:half])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	if !wait(ctx, d) {
		return
	}
	_, _ = w.Write(rep.Body[half:])
}

// Engine is the fakes' fault.Injector.
var _ fault.Injector[int] = (*Engine[int])(nil)
