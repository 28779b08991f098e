package ekiclitest

import "github.com/deskbridge/deskbridge/fault"

// Call is one entry of the call log (Calls). Model is "" for logins;
// Method is the operation: "authenticate", "create", "write", "read",
// "unlink", or "call" for the /object/ routes; IDs are the records read,
// created or written; Err says why the call failed or which fault
// answered it; Applied reports whether the call ran to completion and its
// changes are kept, whatever the client received.
type Call = fault.Call[fault.Single]

// Fault describes requests to answer badly (kinds: package fault): Method
// (the operation, as in Call) and Model select them ("" matches any).
// ekiclitest serves every kind but ServerPage (501).
type Fault = fault.Fault[fault.Single]
