package fault

import (
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Kind is what an injected fault does (see the package's table).
type Kind int

// The kinds, in the order of the package's table.
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

// String is the kind's name in the table ("drop-after"), as Call.Fault
// records it.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(names) {
		return names[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Fault describes requests to answer badly. It applies to the next Times
// matching requests (0 means 1), then is consumed. P is the fake's
// protocol type (Single for a fake that speaks one).
type Fault[P comparable] struct {
	// Protocols, Model and Method select the requests; empty matches any.
	// Method is the API method (jutdatest: "create_ticket"), the ORM
	// method (odootest: "write", "authenticate") or the operation
	// (ekiclitest: "create", "write", "read", "unlink", "call",
	// "authenticate").
	Protocols     []P
	Model, Method string
	Times         int
	Kind          Kind
	// Status is the HTTP status of Status, HTML and Garbage.
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
	// "odoo.exceptions.AccessError" ("" is "odoo.exceptions.UserError").
	ErrorName, ErrorMessage string
	// Header is added to the fault's answer.
	Header http.Header
}

// Single is the protocol type of a fake that speaks one protocol.
type Single struct{}

// Call is one entry of a fake's call log.
type Call[P comparable] struct {
	// Seq numbers the entries from 1, in the order they were logged.
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
	// Status and Body are the reply the server produced (0 and "" when a
	// fault dropped the connection); Body is kept only by the fakes that
	// keep reply bodies (jutdatest), and is named as the SDK's errors name
	// a reply's body.
	Status int
	Body   string
	// Fault names the kind of the injected fault that answered or
	// disturbed the request (Kind.String), "" when none did.
	Fault string
	// Err says why the call failed ("<exception>: <message>"), or
	// "injected fault: <kind>" when a fault answered instead of the call.
	Err string
	// Applied reports whether the call ran to completion and its changes
	// are kept, whatever the client received.
	Applied bool
}

// Injector is the fault queue and the call log of a fake. odootest.Server,
// jutdatest.Server and ekiclitest.Server embed one (P is odoo.Protocol for
// odootest, Single for the others), so these methods are theirs. It is
// safe for concurrent use.
type Injector[P comparable] interface {
	// InjectFault queues f; the next requests f matches are answered by it
	// (Times of them, 0 meaning 1), faults tried in the order injected.
	InjectFault(f Fault[P])
	// ClearFaults removes every queued fault.
	ClearFaults()
	// PendingFaults returns how many fault uses are still queued.
	PendingFaults() int
	// Calls returns a copy of the call log, oldest first. A request still
	// being served is not in it yet.
	Calls() []Call[P]
	// CallCount counts the applied calls of model and method ("" matches
	// any).
	CallCount(model, method string) int
	// Requests counts the logged requests of model and method ("" matches
	// any), applied or not.
	Requests(model, method string) int
	// ResetCalls empties the call log.
	ResetCalls()
}
