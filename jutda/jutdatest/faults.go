package jutdatest

import "github.com/deskbridge/deskbridge/fault"

// Call is one entry of the call log (Calls). Method is the API method from
// the path ("create_ticket"), "help", or "" for a path outside
// /api/<method>/; Model is always ""; Login is the user name the request
// carried; Form is the request's form without the password field; Status
// and Body are the reply the server produced (a fault may have kept it
// from the client); Applied reports whether the call changed (or read) the
// server's state to completion.
type Call = fault.Call[fault.Single]

// Fault describes requests to answer badly (kinds: package fault): Method
// selects the API method ("" matches any). jutdatest serves every kind but
// OdooError, SessionExpired and WriteFalse (501); its ServerPage is
// Django's 500 page (the debug page, which lists the POST fields, with
// WithDebugPages).
type Fault = fault.Fault[fault.Single]
