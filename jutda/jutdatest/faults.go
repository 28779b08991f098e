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

// FaultKind is what an injected fault does; jutdatest shares the kinds and
// their meanings with the module's other fakes.
type FaultKind = fault.Kind

// The fault kinds (table in RELIABILITY.md).
const (
	FaultStatus, FaultHTML, Fault429, FaultGarbage                     = fault.Status, fault.HTML, fault.TooManyRequests, fault.Garbage
	FaultDelay, FaultSlowBody, FaultTruncate, FaultShortBody           = fault.Delay, fault.SlowBody, fault.Truncate, fault.ShortBody
	FaultDropBefore, FaultResetBefore, FaultDropAfter, FaultResetAfter = fault.DropBefore, fault.ResetBefore, fault.DropAfter, fault.ResetAfter
)

// FaultServerPage answers Django's 500 page (the debug page, which lists
// the POST fields, with WithDebugPages); the call is not applied.
const FaultServerPage = fault.ServerPage
