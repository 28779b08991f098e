// Package fault is the vocabulary of the faults the module's fake servers
// inject (odootest, jutdatest, ekiclitest): what a Kind does, the Fault a
// test queues with the fake's InjectFault, and the Call entries of the
// fake's call log. Each fake names them with its protocol type:
// odootest.Fault is Fault[odoo.Protocol], jutdatest.Fault and
// ekiclitest.Fault are Fault[Single]; the same goes for Call. A test
// writes
//
//	srv.InjectFault(odootest.Fault{Model: "res.partner", Method: "create", Kind: fault.DropAfter})
//
// and reads srv.Calls(), srv.CallCount(model, method) (applied calls) or
// srv.Requests(model, method) (every logged request) afterwards.
//
// # Kinds
//
// One meaning per name, in every fake. A fault matches on Protocols
// (odootest), Model and Method, and applies to its next Times requests.
// "Applied" says whether the call runs (its change is kept) although the
// client may never see the reply. "Fakes" says which fakes serve the
// kind; the others answer it with a 501.
//
//	Kind            String()        Applied    Answer                                                          Fakes
//	Status          status          Apply      Status (500) with Body ("<code> <text>") as text/plain          all
//	HTML            html            Apply      Status (200) with an HTML page (Body, else a proxy's page)      all
//	TooManyRequests 429             no         429 with Retry-After: RetryAfter (none when "")                 all
//	Garbage         garbage         Apply      Status (200) application/json whose body is not JSON (Body)     all
//	Delay           delay           yes (1)    waits Delay, then serves normally                               all
//	DropBefore      drop-before     no         closes the connection (FIN) without a reply                     all
//	ResetBefore     reset-before    no         resets the connection (RST, SO_LINGER 0) without a reply        all
//	DropAfter       drop-after      yes        runs the call, then closes the connection (FIN)                 all
//	ResetAfter      reset-after     yes        runs the call, then resets the connection (RST)                 all
//	Truncate        truncate        yes        the whole Content-Length, half the body, then FIN (2)           all
//	ShortBody       short-body      yes        a complete reply whose body is the first half of the real one   all
//	SlowBody        slow-body       yes        half the body, a wait of Delay (or until the client goes), rest all
//	ServerPage      server-page     no         the server's own 500 page: Django's (its debug page, which      jutdatest
//	                                           lists the POST fields, with jutdatest.WithDebugPages)
//	OdooError       odoo-error      no         the protocol's Odoo error for ErrorName (default                odootest, ekiclitest
//	                                           odoo.exceptions.UserError) and ErrorMessage
//	SessionExpired  session-expired no         what the server answers without a session: code 100 on          ekiclitest
//	                                           JSON routes, a 303 to /web/login on GET and DELETE
//	WriteFalse      write-false     no         result false to a write, as odoo-rest-api's PUT on an error     ekiclitest
//
// (1) When the client goes away during the wait, the call does not run,
// unless Apply is set (a server that does not notice). (2) The client
// reads io.ErrUnexpectedEOF.
//
// "Apply" means: applied only with Fault.Apply (a proxy that fails after
// forwarding the request). Fault.Header is added to every kind's answer.
//
// Go's http.Transport silently retries an idempotent request (a GET, or
// one with an Idempotency-Key) that fails on a reused connection before
// any byte came back: give DropBefore and ResetBefore faults Times 2 to
// see the error.
package fault
