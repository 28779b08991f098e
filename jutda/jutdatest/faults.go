package jutdatest

import "github.com/deskbridge/deskbridge/internal/fault"

// Call is one entry of the call log (Calls). Method is the API method from
// the path ("create_ticket"), "help", or "" for a path outside
// /api/<method>/; Model is always ""; Login is the user name the request
// carried; Form is the request's form without the password field; Status
// and Text are the reply the server produced (a fault may have kept it
// from the client); Applied reports whether the call changed (or read) the
// server's state to completion.
type Call = fault.Call[fault.Single]

// Fault describes requests to answer badly: Method selects the API method
// ("" matches any). See FaultKind for what each kind does.
type Fault = fault.Fault[fault.Single]

// FaultKind is what an injected fault does. The kinds mean the same in
// every fake of this module (odootest, jutdatest, ekiclitest); the table is
// in RELIABILITY.md.
type FaultKind = fault.Kind

// The fault kinds jutdatest serves.
const (
	// FaultStatus answers Status (default 500) with Body as text/plain;
	// the call is not applied (unless Apply).
	FaultStatus = fault.Status
	// FaultHTML answers an HTML page with Status (default 200), like a
	// proxy error or a login page.
	FaultHTML = fault.HTML
	// Fault429 answers 429 Too Many Requests with RetryAfter.
	Fault429 = fault.TooManyRequests
	// FaultGarbage answers 200 with a body that is not JSON.
	FaultGarbage = fault.Garbage
	// FaultDelay waits Delay, then serves the request normally; when the
	// client goes away first, the call is not run (with Apply: it runs
	// anyway, as on a server that does not notice).
	FaultDelay = fault.Delay
	// FaultDropBefore closes the connection (FIN) without applying the
	// call; FaultResetBefore resets it (RST).
	FaultDropBefore  = fault.DropBefore
	FaultResetBefore = fault.ResetBefore
	// FaultDropAfter applies the call, then closes the connection (FIN)
	// without a reply: the "reply lost" case; FaultResetAfter resets it.
	FaultDropAfter  = fault.DropAfter
	FaultResetAfter = fault.ResetAfter
	// FaultTruncate applies the call, sends the headers with the whole
	// Content-Length and half the body, then closes the connection.
	FaultTruncate = fault.Truncate
	// FaultShortBody applies the call and sends a complete reply whose
	// body is the first half of the real one.
	FaultShortBody = fault.ShortBody
	// FaultSlowBody applies the call, sends half the body, waits Delay (or
	// until the client goes away), then sends the rest.
	FaultSlowBody = fault.SlowBody
	// FaultServerPage answers Django's 500 page (the debug page, which
	// lists the POST fields, with WithDebugPages); the call is not
	// applied.
	FaultServerPage = fault.ServerPage
)
