package ekiclitest

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// Call is one entry of the call log.
type Call struct {
	Seq        int
	HTTPMethod string
	Path       string
	// Model is "" for logins.
	Model string
	// Op is "authenticate", "create", "write", "read" or "unlink".
	Op string
	// IDs are the records read, created or written.
	IDs   []int64
	Login string
	// Err says why the call failed or which fault answered it.
	Err string
	// Applied reports whether the call ran to completion and its changes
	// are kept, whatever the client received.
	Applied bool
}

func (s *Server) log(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.Seq = len(s.calls) + 1
	s.calls = append(s.calls, c)
}

// Calls returns a copy of the call log, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallCount counts the applied calls of model and op ("" matches any).
func (s *Server) CallCount(model, op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Applied && (model == "" || c.Model == model) && (op == "" || c.Op == op) {
			n++
		}
	}
	return n
}

// Requests counts the logged requests of model and op, applied or not.
func (s *Server) Requests(model, op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if (model == "" || c.Model == model) && (op == "" || c.Op == op) {
			n++
		}
	}
	return n
}

// ResetCalls empties the call log.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
}

// FaultKind is what an injected fault does.
type FaultKind int

// The fault kinds.
const (
	// FaultStatus answers Status with a short text body.
	FaultStatus FaultKind = iota
	// FaultHTML answers Status (200 when zero) with an HTML error page,
	// like a proxy or Odoo's own error pages.
	FaultHTML
	// FaultOdooError answers Odoo's JSON-RPC error envelope for
	// ErrorName and ErrorMessage (HTTP 200); the call is not applied.
	FaultOdooError
	// FaultSessionExpired answers as for an expired session.
	FaultSessionExpired
	// FaultDropBefore closes the connection without running the call.
	FaultDropBefore
	// FaultDropAfter runs the call, then closes the connection: the reply
	// is lost but the change is kept.
	FaultDropAfter
	// FaultTruncate runs the call, then sends the first half of a JSON
	// reply (Content-Length of the whole) and closes the connection.
	FaultTruncate
	// FaultGarbage answers 200 with a body that is not JSON.
	FaultGarbage
	// FaultDelay waits Delay (or until the request is cancelled), then
	// serves normally.
	FaultDelay
	// FaultWriteFalse answers result false to a PUT without writing, as
	// the module does when the write raises.
	FaultWriteFalse
)

var faultNames = [...]string{"status", "html", "odoo-error", "session-expired", "drop-before",
	"drop-after", "truncate", "garbage", "delay", "write-false"}

// String names the kind.
func (k FaultKind) String() string {
	if k >= 0 && int(k) < len(faultNames) {
		return faultNames[k]
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes requests to answer badly. It applies to the next Times
// matching requests (0 means 1), then is consumed.
type Fault struct {
	// Op ("authenticate", "create", "write", "read", "unlink") and Model
	// select the requests; "" matches any.
	Op, Model string
	Times     int
	Kind      FaultKind
	Status    int
	// Apply runs the call before a FaultStatus, FaultHTML or FaultGarbage
	// answer (a proxy that times out after forwarding).
	Apply                   bool
	Delay                   time.Duration
	ErrorName, ErrorMessage string
	// Header is added to the fault's reply (e.g. Retry-After).
	Header http.Header
}

// InjectFault queues f.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// PendingFaults returns how many fault answers are still queued.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}

func (s *Server) take(call *Call) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if (f.Op == "" || f.Op == call.Op) && (f.Model == "" || f.Model == call.Model) {
			cp := *f
			f.Times--
			if f.Times <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			return &cp
		}
	}
	return nil
}

// fault answers the request with a queued fault and reports whether it
// did. apply runs the call (nil for logins: a login fault never logs in)
// and records in call whether it was applied.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, call *Call, apply func()) bool {
	f := s.take(call)
	if f == nil {
		return false
	}
	if f.Kind == FaultDelay {
		pause(r, f.Delay)
		return false
	}
	call.Err = "injected fault: " + f.Kind.String()
	runIt := func() {
		if apply != nil {
			apply()
		}
	}
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	jsonRoute := r.Method == http.MethodPost || r.Method == http.MethodPut
	switch f.Kind {
	case FaultStatus:
		if f.Apply {
			runIt()
		}
		s.log(*call)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = fmt.Fprintf(w, "%d %s\n", f.Status, http.StatusText(f.Status))
	case FaultHTML:
		if f.Apply {
			runIt()
		}
		s.log(*call)
		st := f.Status
		if st == 0 {
			st = 200
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(st)
		_, _ = fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><h1>%s</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n",
			st, http.StatusText(st), http.StatusText(st))
	case FaultOdooError:
		s.log(*call)
		writeJSON(w, 200, errorBody(nil, &odooError{code: 200, name: f.ErrorName, message: f.ErrorMessage}))
	case FaultSessionExpired:
		s.log(*call)
		if jsonRoute || call.Op == "authenticate" {
			writeJSON(w, 200, errorBody(nil, sessionExpired))
		} else {
			http.Redirect(w, r, "/web/login?redirect="+r.URL.Path, http.StatusSeeOther)
		}
	case FaultDropBefore:
		s.log(*call)
		hijackClose(w)
	case FaultDropAfter:
		runIt()
		s.log(*call)
		hijackClose(w)
	case FaultTruncate:
		runIt()
		s.log(*call)
		body := `{"jsonrpc": "2.0", "id": null, "result": {"count": 1, "prev": null, "current": 1, "next": null, "total_pages": 1, "result": [{"id": 1}]}}`
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(200)
		_, _ = io.WriteString(w, body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hijackClose(w)
	case FaultGarbage:
		if f.Apply {
			runIt()
		}
		s.log(*call)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		_, _ = io.WriteString(w, "\x00\x01garbage ]]} not json")
	case FaultWriteFalse:
		s.log(*call)
		writeJSON(w, 200, map[string]any{"jsonrpc": "2.0", "id": nil, "result": false})
	default:
		s.log(*call)
		w.WriteHeader(http.StatusInternalServerError)
	}
	return true
}

// hijackClose closes the connection under the handler, so the client
// sees it cut.
func hijackClose(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// No hijacking (HTTP/2): abort the handler, which resets the stream.
	panic(http.ErrAbortHandler)
}
