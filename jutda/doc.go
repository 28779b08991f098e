// Package jutda is a client for the legacy HTTP API of Jutda Helpdesk
// (django-helpdesk's helpdesk/api.py): the API other systems use to open,
// hold, follow up and resolve tickets.
//
//	c, err := jutda.New("https://support.example.com/helpdesk", jutda.WithPassword("api", os.Getenv("JUTDA_PASSWORD")))
//	if err != nil { ... }
//	id, err := c.CreateTicket(ctx, jutda.TicketCreate{
//		Queue: 1, Title: "Invoice 2024-117 overdue", Body: "Reminder sent twice.",
//		SubmitterEmail: "billing@customer.example",
//	})
//
// # The wire
//
// Every call is a POST to <base>/api/<method>/ with a form-encoded body
// (application/x-www-form-urlencoded) carrying the credentials and the
// method's fields. The server's code reads the credentials from the fields
// "user" and "password" (its help page says so too, but its sample lists
// "username="; the code wins);
// WithCredentialFields changes them for installs that differ. Replies are
// text/plain (a ticket or user id, or an empty body) except list_queues,
// which answers text/json with string ids.
//
// # What the server does
//
//   - CreateTicket opens a ticket in a queue, adds a public "Ticket Opened"
//     follow-up ("Ticket Opened & Assigned to <full name>" when assigned)
//     and e-mails the submitter (when SubmitterEmail is set), the assigned
//     user (unless it is the API user, and as its settings say) and the
//     queue's new-ticket and updated-ticket CC addresses. SubmitterEmail
//     is checked as the server's Django EmailValidator does: root@localhost
//     and x@bücher.example are accepted. If the assigned user has no
//     helpdesk settings row, the server saves the ticket and then fails
//     with 500: an *Error matching deskbridge.ErrOutcomeUnknown.
//   - HoldTicket puts a ticket on hold: its escalation stops (the helpdesk's
//     escalate_tickets job skips held tickets) until UnholdTicket. Holding
//     changes nothing else: the ticket can still be followed up and resolved.
//   - AddFollowup adds a comment. A public follow-up is e-mailed to the
//     submitter and the ticket's CCs. Beware: the legacy server tests the
//     flag as a non-empty string, so "n" counts as public too — every
//     follow-up sent over this API is stored public and e-mailed. The
//     queue's updated-ticket CC is e-mailed, and the assigned user when it
//     is not the API user and its settings allow it (the default). See
//     AddFollowup.
//   - Resolve adds a public "Resolved" follow-up with the resolution text,
//     e-mails the submitter and CCs, and sets the status to Resolved.
//   - DeleteTicket deletes the ticket and its follow-ups for good.
//
// # Errors
//
// The server's 405 (a request that is not a POST) has an empty body and no
// Allow header. Its 404 and 500 pages are Django's built-in ones
// (text/html, no charset).
//
// Arguments are checked before anything is sent: a bad one is a
// *deskbridge.ArgumentError naming the field (errors.Is(err, deskbridge.ErrInvalidArgument)).
// An error status from the server is an *Error with the status code and the
// body's text, matching ErrRejected (400), ErrAccessDenied (403, bad user or
// password), deskbridge.ErrNotFound (404, and the server's 400 "Invalid ticket ID" and
// "Invalid username provided"), ErrBadMethod (405), deskbridge.ErrRateLimited (429) and
// ErrServer (5xx). A 200 whose body is not what the method promises (an HTML
// login page, a non-numeric id) is a *ResponseError quoting the body's first
// bytes. A failure without a reply is a *TransportError (MaybeSent says
// whether the request may have reached the server). A 429 the client did
// not retry is a *deskbridge.RateLimitError (RetryAfter, Attempts) wrapping
// the *Error, matching deskbridge.ErrRateLimited.
//
// The error of a state-changing call (every method but list_queues and
// find_user) matches exactly one of deskbridge.ErrOutcomeUnknown and
// deskbridge.ErrNotApplied, by the rule written in the former's doc.
// Outcome unknown, the call may have been applied: no reply came back after
// the request may have reached the server, a 5xx other than 501 came back
// (a proxy's 504 while the helpdesk carries on, Django's 500 page after the
// ticket was saved), or a 200 that is not the promised reply. Check the
// helpdesk before sending such a call again. Not applied: any other status
// (400 form errors, 403, 404, 429, ...) or a request that never left
// (there is no jutda.ErrNotSent: a refused connection matches
// deskbridge.ErrNotApplied).
//
// # Retries
//
// list_queues and find_user are reads, retried on transport errors, 429
// and 5xx. create_ticket, delete_ticket, hold_ticket, unhold_ticket,
// add_followup and resolve change state (a second create or follow-up is a
// duplicate the customer may be e-mailed about) and are never sent twice:
// they are retried only when the request provably never left the machine (a
// refused connection, say), never on a 429 or 5xx reply.
//
// # Secrets
//
// The password never appears in errors, in the logs (WithLogger, bodies
// included with WithLogBodies) or in the output of fmt's %v, %+v and %#v of a
// Client: every reply text that reaches an error is redacted too, since a
// Django debug page echoes the POST fields.
//
// Package jutda/jutdatest is an in-memory server with the same rules, for
// tests and demos.
package jutda
