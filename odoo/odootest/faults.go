package odootest

import (
	"fmt"
	"slices"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// CallRecord is one entry of the call log: an ORM call, an authentication
// or a version call, with its outcome.
type CallRecord struct {
	Seq      int
	Protocol odoo.Protocol
	// Model is "" for authentication and version calls, whose Method is
	// "authenticate", "login", "version", "session_info", "destroy" or
	// "token".
	Model, Method string
	// IDs are the records the call named (read, write, unlink, ...) or
	// created (create, copy, message_post).
	IDs   []int64
	Login string
	// Err is "<exception>: <message>" when the call failed, or
	// "injected fault: <kind>" when a fault answered instead.
	Err string
	// Applied reports whether the server ran the call to completion (its
	// changes are committed). A FaultDropAfter or FaultTruncate call is
	// applied although the client never gets the reply.
	Applied bool
}

func (s *Server) logCall(rec CallRecord) {
	s.amu.Lock()
	defer s.amu.Unlock()
	s.seq++
	rec.Seq = s.seq
	s.calls = append(s.calls, rec)
}

// Calls answers a copy of the call log, oldest first.
func (s *Server) Calls() []CallRecord {
	s.amu.Lock()
	defer s.amu.Unlock()
	out := make([]CallRecord, len(s.calls))
	copy(out, s.calls)
	return out
}

// CallCount counts the applied calls of model and method ("" matches any).
func (s *Server) CallCount(model, method string) int {
	s.amu.Lock()
	defer s.amu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Applied && (model == "" || c.Model == model) && (method == "" || c.Method == method) {
			n++
		}
	}
	return n
}

// ResetCalls empties the call log.
func (s *Server) ResetCalls() {
	s.amu.Lock()
	defer s.amu.Unlock()
	s.calls = nil
}

// FaultKind is what an injected fault does.
type FaultKind int

// The fault kinds.
const (
	// FaultStatus answers Status with a small text body; the call is not
	// applied.
	FaultStatus FaultKind = iota
	// FaultOdooError answers the protocol's error shape for ErrorName and
	// ErrorMessage; the call is not applied.
	FaultOdooError
	// FaultDelay sleeps Delay (or until the request is cancelled), then
	// serves normally.
	FaultDelay
	// FaultDropBefore closes the connection without applying the call.
	// Go's http.Transport silently retries a GET (or a request with an
	// Idempotency-Key) that fails this way on a reused connection: give
	// such faults Times 2 to see the error.
	FaultDropBefore
	// FaultDropAfter applies the call, then closes the connection without
	// a reply: the "reply lost" case.
	FaultDropAfter
	// FaultTruncate applies the call, then sends the first half of the
	// reply (a complete HTTP response with cut JSON).
	FaultTruncate
	// FaultHTML answers an HTML page with Status (default 200), like a
	// proxy or a login page; the call is not applied.
	FaultHTML
	// Fault429 answers 429 Too Many Requests with RetryAfter; the call is
	// not applied.
	Fault429
	// FaultSlowBody applies the call, writes half the reply, sleeps Delay,
	// then writes the rest.
	FaultSlowBody
)

var faultNames = map[FaultKind]string{
	FaultStatus: "status", FaultOdooError: "odoo error", FaultDelay: "delay", FaultDropBefore: "drop before",
	FaultDropAfter: "drop after", FaultTruncate: "truncate", FaultHTML: "html", Fault429: "429", FaultSlowBody: "slow body",
}

// String names the kind.
func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes requests to answer badly. A fault applies to the next
// Times matching requests, then is consumed.
type Fault struct {
	Protocols     []odoo.Protocol // empty matches any
	Model, Method string          // "" matches any; auth calls have Method "authenticate", "token", ...
	Times         int             // how many matching requests (0 means 1)
	Kind          FaultKind
	Status        int    // FaultStatus, FaultHTML: the HTTP status
	RetryAfter    string // Fault429: the Retry-After value ("1" or an HTTP date)
	Delay         time.Duration
	// ErrorName and ErrorMessage: FaultOdooError's exception, e.g.
	// "odoo.exceptions.UserError".
	ErrorName, ErrorMessage string
}

// InjectFault queues f; faults are tried in the order injected.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.amu.Lock()
	defer s.amu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.amu.Lock()
	defer s.amu.Unlock()
	s.faults = nil
}

// PendingFaults answers how many fault uses are left.
func (s *Server) PendingFaults() int {
	s.amu.Lock()
	defer s.amu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}

// takeFault consumes one use of the first fault matching the request.
func (s *Server) takeFault(proto odoo.Protocol, model, method string) *Fault {
	s.amu.Lock()
	defer s.amu.Unlock()
	for i, f := range s.faults {
		if (len(f.Protocols) == 0 || slices.Contains(f.Protocols, proto)) && (f.Model == "" || f.Model == model) && (f.Method == "" || f.Method == method) {
			f.Times--
			if f.Times <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
			cp := *f
			return &cp
		}
	}
	return nil
}
