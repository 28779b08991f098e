package jutdatest

import (
	"fmt"
	"net/url"
	"time"
)

// Call is one entry of the call log.
type Call struct {
	Seq int
	// Method is the API method from the path ("create_ticket"), "help",
	// or "" for a path outside /api/<method>/.
	Method string
	// HTTPMethod is the request's method ("POST").
	HTTPMethod string
	// User is the user name the request carried.
	User string
	// Form is the request's form, without the password field.
	Form url.Values
	// Status and Text are the reply the server produced (a fault may have
	// kept it from the client).
	Status int
	Text   string
	// Fault names the injected fault that answered or disturbed the
	// request, "" when none did.
	Fault string
	// Applied reports whether the call changed (or read) the server's
	// state to completion. A FaultDropAfter, FaultTruncate or
	// FaultSlowBody call is applied although the client may never get the
	// reply.
	Applied bool
}

func (s *Server) logCall(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	c.Seq = s.seq
	s.calls = append(s.calls, c)
}

// Calls returns a copy of the call log, oldest first. A request still being
// served is not in it yet; Close waits for every request to finish.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		c.Form = cloneValues(c.Form)
		out[i] = c
	}
	return out
}

// CallCount counts the applied calls of method ("" counts every method).
func (s *Server) CallCount(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Applied && (method == "" || c.Method == method) {
			n++
		}
	}
	return n
}

// Attempts counts the requests for method that reached the server, applied
// or not.
func (s *Server) Attempts(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Method == method {
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
	// FaultStatus answers Status (default 500) with Body as text/plain;
	// the call is not applied. Status 200 with a Body serves garbage; 500
	// without a Body serves the server's 500 page (the debug page with
	// WithDebugPages).
	FaultStatus FaultKind = iota
	// FaultDelay waits Delay (or until the client goes away), then serves
	// the request normally: it is applied either way.
	FaultDelay
	// FaultDropBefore reads the request and resets the connection without
	// applying the call.
	FaultDropBefore
	// FaultDropAfter applies the call, then resets the connection without
	// a reply: the "reply lost" case.
	FaultDropAfter
	// FaultTruncate applies the call, sends the headers and the first half
	// of the body (chunked), then closes the connection before the body
	// ends.
	FaultTruncate
	// FaultHTML answers an HTML page with Status (default 200), like a
	// proxy error or a login page; the call is not applied.
	FaultHTML
	// Fault429 answers 429 Too Many Requests with RetryAfter (seconds or
	// an HTTP date); the call is not applied.
	Fault429
	// FaultSlowBody applies the call, sends the headers and half the body,
	// waits Delay (or until the client goes away), then sends the rest.
	FaultSlowBody
)

var faultNames = map[FaultKind]string{
	FaultStatus: "status", FaultDelay: "delay", FaultDropBefore: "drop before", FaultDropAfter: "drop after",
	FaultTruncate: "truncate", FaultHTML: "html", Fault429: "429", FaultSlowBody: "slow body",
}

// String names the kind.
func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes requests to answer badly. It applies to the next Times
// matching requests (0 means 1), then is consumed.
type Fault struct {
	// Method is the API method to match ("create_ticket"); "" matches any.
	Method string
	Times  int
	Kind   FaultKind
	// Status is the HTTP status of FaultStatus and FaultHTML.
	Status int
	// Body is FaultStatus's body (FaultHTML has its own page).
	Body string
	// RetryAfter is Fault429's Retry-After header ("" sends none).
	RetryAfter string
	// Delay is how long FaultDelay and FaultSlowBody wait.
	Delay time.Duration
}

// InjectFault queues f; faults are tried in the order injected.
func (s *Server) InjectFault(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// ClearFaults removes every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults returns how many fault uses are left.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.Times
	}
	return n
}

// takeFault consumes one use of the first fault matching method.
func (s *Server) takeFault(method string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Method == "" || f.Method == method {
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

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
