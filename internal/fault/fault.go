// Package fault is the one fault engine of the fake servers (odootest,
// jutdatest, ekiclitest): the queue of injected faults, the call log, and
// the code that answers a request the way a fault says.
//
// A fake embeds an *Engine, so InjectFault, ClearFaults, PendingFaults,
// Calls, CallCount, Requests and ResetCalls are its own methods, and
// re-exports Fault, Call and the kinds under its own names. For each
// request it builds an Exchange (what the request calls, and how to run
// it) and hands it to Serve, which takes the first matching fault, runs
// the call or not, logs the call, then writes the answer.
//
// # Fault kinds
//
// One meaning per name, in every fake. "Applied" says whether the call runs
// (its change is kept) although the client may never see the reply.
//
//	kind            name            applied   answer
//	Status          status          Apply     Status (500) with Body ("<code> <text>") as text/plain
//	HTML            html            Apply     Status (200) with an HTML page (Body, else a proxy's page)
//	TooManyRequests 429             no        429 with Retry-After: RetryAfter (when set)
//	Garbage         garbage         Apply     Status (200) application/json with a body that is not JSON (Body)
//	Delay           delay           yes       waits Delay, then serves normally; if the client goes first, no (Apply: yes)
//	DropBefore      drop-before     no        closes the connection (FIN) without a reply
//	ResetBefore     reset-before    no        resets the connection (RST) without a reply
//	DropAfter       drop-after      yes       runs the call, then closes the connection (FIN)
//	ResetAfter      reset-after     yes       runs the call, then resets the connection (RST)
//	Truncate        truncate        yes       headers with the whole Content-Length, half the body, then FIN
//	ShortBody       short-body      yes       a complete HTTP reply whose body is the first half of the real one
//	SlowBody        slow-body       yes       half the body, a wait of Delay (or until the client goes), the rest
//	ServerPage      server-page     no        the server's own error page for Status (500) (jutdatest: Django's)
//	OdooError       odoo-error      no        Odoo's error for ErrorName and ErrorMessage (odootest, ekiclitest)
//	SessionExpired  session-expired no        what the server answers without a session (ekiclitest)
//	WriteFalse      write-false     no        result false to a write, as odoo-rest-api's PUT on error (ekiclitest)
//
// The last four are answered by the fake (Exchange.Custom); a fake that
// has no such answer serves 501. Header is added to every fault's answer.
// Go's http.Transport silently retries an idempotent request that fails on
// a reused connection before any byte came back: give such faults Times 2
// to see the error.
package fault

import (
	"bufio"
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
)

// Kind is what an injected fault does (see the package's table).
type Kind int

// The kinds.
const (
	Status Kind = iota
	HTML
	TooManyRequests
	Garbage
	Delay
	DropBefore
	ResetBefore
	DropAfter
	ResetAfter
	Truncate
	ShortBody
	SlowBody
	ServerPage
	OdooError
	SessionExpired
	WriteFalse
)

var names = [...]string{"status", "html", "429", "garbage", "delay", "drop-before", "reset-before", "drop-after",
	"reset-after", "truncate", "short-body", "slow-body", "server-page", "odoo-error", "session-expired", "write-false"}

// String is the kind's name in the table.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// custom reports whether the fake answers the kind itself.
func (k Kind) custom() bool { return k >= ServerPage }

// Fault describes requests to answer badly. It applies to the next Times
// matching requests (0 means 1), then is consumed. P is the fake's
// protocol type (Single for a fake that speaks one).
type Fault[P comparable] struct {
	// Protocols, Model and Method select the requests; empty matches any.
	// Method is the API method (jutdatest: "create_ticket"), the ORM
	// method (odootest: "write", "authenticate") or the operation
	// (ekiclitest: "create", "write", "read", "unlink", "authenticate").
	Protocols     []P
	Model, Method string
	Times         int
	Kind          Kind
	// Status is the HTTP status of Status, HTML, Garbage and ServerPage.
	Status int
	// Body replaces the default body of Status, HTML, TooManyRequests and
	// Garbage.
	Body string
	// RetryAfter is TooManyRequests' Retry-After header (seconds or an
	// HTTP date; "" sends none).
	RetryAfter string
	// Delay is how long Delay and SlowBody wait.
	Delay time.Duration
	// Apply runs the call before a Status, HTML or Garbage answer (a proxy
	// that fails after forwarding), and runs a Delay's call although its
	// client went away during the wait (a server that does not notice).
	Apply bool
	// ErrorName and ErrorMessage are OdooError's exception, e.g.
	// "odoo.exceptions.UserError".
	ErrorName, ErrorMessage string
	// Header is added to the fault's answer.
	Header http.Header
}

func (f *Fault[P]) matches(proto P, model, method string) bool {
	return (len(f.Protocols) == 0 || slices.Contains(f.Protocols, proto)) &&
		(f.Model == "" || f.Model == model) && (f.Method == "" || f.Method == method)
}

// Single is the protocol type of a fake that speaks one protocol.
type Single struct{}

// Call is one entry of the call log.
type Call[P comparable] struct {
	Seq      int
	Protocol P
	// HTTPMethod and Path are the request's ("POST", "/api/create_ticket/").
	HTTPMethod, Path string
	// Model and Method are what the request called, as Fault selects them
	// (Model is "" for logins and for fakes without models).
	Model, Method string
	// IDs are the records the call named or created.
	IDs []int64
	// Login is the user the request logged in as (or tried to).
	Login string
	// Form is the request's form without its password (jutdatest).
	Form url.Values
	// Status and Text are the reply the server produced (0 and "" when a
	// fault dropped the connection); Text is kept only by an Engine made
	// with KeepText.
	Status int
	Text   string
	// Fault names the kind of the injected fault that answered or
	// disturbed the request, "" when none did.
	Fault string
	// Err says why the call failed ("<exception>: <message>"), or
	// "injected fault: <kind>" when a fault answered instead of the call.
	Err string
	// Applied reports whether the call ran to completion and its changes
	// are kept, whatever the client received.
	Applied bool
}

func (c Call[P]) clone() Call[P] {
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
	faults []*Fault[P]
	calls  []Call[P]
	seq    int
}

// New returns an Engine. keepText keeps each reply's body in Call.Text;
// logger (nil for none) gets one debug line per fault served.
func New[P comparable](keepText bool, logger *slog.Logger) *Engine[P] {
	return &Engine[P]{keepText: keepText, logger: logger}
}

// InjectFault queues f; faults are tried in the order injected.
func (e *Engine[P]) InjectFault(f Fault[P]) {
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
func (e *Engine[P]) Take(proto P, model, method string) *Fault[P] {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.faults {
		if f.matches(proto, model, method) {
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
func (e *Engine[P]) Log(c Call[P]) {
	if !e.keepText {
		c.Text = ""
	}
	c = c.clone()
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	c.Seq = e.seq
	e.calls = append(e.calls, c)
}

// Calls returns a copy of the call log, oldest first. A request still being
// served is not in it yet.
func (e *Engine[P]) Calls() []Call[P] {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Call[P], len(e.calls))
	for i, c := range e.calls {
		out[i] = c.clone()
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
	Call Call[P]
	// Run runs the call and returns its answer. It may fill in the call's
	// IDs, Login and Err, and sets Applied when the call ran to completion.
	Run func(c *Call[P]) *Reply
	// Custom answers the fake's own kinds (ServerPage, OdooError,
	// SessionExpired, WriteFalse), nil for those it does not serve (a 501);
	// Custom itself is nil when the fake has none.
	Custom func(f *Fault[P], c *Call[P]) *Reply
	// NoFault serves the request without looking for a fault.
	NoFault bool
	// SelfLogged says that Run logs the call itself (Engine.Log): Serve
	// then logs only the requests a fault kept from running.
	SelfLogged bool
}

// Serve answers the request: it takes the first matching fault, runs the
// call as the fault allows, logs the call, then writes the answer.
func (e *Engine[P]) Serve(w http.ResponseWriter, r *http.Request, x Exchange[P]) {
	c := x.Call
	var f *Fault[P]
	if !x.NoFault {
		f = e.Take(c.Protocol, c.Model, c.Method)
	}
	record := func(c Call[P], rep *Reply) {
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
	case Delay:
		if !wait(r.Context(), f.Delay) && !f.Apply {
			skipped() // the client went away: the call never runs
			record(c, nil)
			return
		}
		rep = run()
	case Status, HTML, Garbage:
		if f.Apply {
			run()
			c.Err = "injected fault: " + f.Kind.String()
		} else {
			skipped()
		}
		rep = cannedReply(f)
	case TooManyRequests:
		skipped()
		rep = cannedReply(f)
	case DropBefore, ResetBefore:
		skipped()
		record(c, nil)
		hangUp(w, f.Kind == ResetBefore)
		return
	case DropAfter, ResetAfter:
		run()
		record(c, nil)
		hangUp(w, f.Kind == ResetAfter)
		return
	case Truncate:
		rep = run()
		record(c, rep)
		truncate(w, withHeader(rep, f.Header))
		return
	case ShortBody:
		rep = run()
		record(c, rep)
		short := *rep
		short.Body = rep.Body[:len(rep.Body)/2]
		write(w, withHeader(&short, f.Header))
		return
	case SlowBody:
		rep = run()
		record(c, rep)
		slow(r.Context(), w, withHeader(rep, f.Header), f.Delay)
		return
	default:
		skipped()
		if f.Kind.custom() && x.Custom != nil {
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
func (e *Engine[P]) record(c Call[P], rep *Reply) {
	if rep != nil {
		c.Status = rep.Status
		if e.keepText {
			c.Text = string(rep.Body)
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
func cannedReply[P comparable](f *Fault[P]) *Reply {
	return canned(f.Kind, f.Status, f.Body, f.RetryAfter)
}

func canned(k Kind, status int, body, retryAfter string) *Reply {
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	switch k {
	case HTML:
		if status == 0 {
			status = http.StatusOK
		}
		return &Reply{Status: status, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(or(body, proxyPage(status)))}
	case TooManyRequests:
		rep := textReply(http.StatusTooManyRequests, or(body, "429 Too Many Requests\n"))
		if retryAfter != "" {
			rep.Header.Set("Retry-After", retryAfter)
		}
		return rep
	case Garbage:
		if status == 0 {
			status = http.StatusOK
		}
		return &Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(or(body, "\x00\x01garbage ]]} not json"))}
	}
	if status == 0 {
		status = http.StatusInternalServerError
	}
	return textReply(status, or(body, fmt.Sprintf("%d %s\n", status, http.StatusText(status))))
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
	for k, vs := range rep.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.Body)))
	w.WriteHeader(rep.Status)
	_, _ = w.Write(rep.Body)
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
	for k, vs := range rep.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(rep.Body)))
	w.WriteHeader(rep.Status)
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
