// Package jutdatest is an in-memory Jutda / django-helpdesk server speaking
// the legacy HTTP API (helpdesk/api.py), for tests, demos and examples, like
// net/http/httptest but a helpdesk.
//
//	srv := jutdatest.NewServer()
//	defer srv.Close()
//	c, _ := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
//
// # The API
//
// POST <URL>/api/<method>/ with a form body carrying "user" and "password"
// (WithCredentialFields for a patched install) answers the eight methods
// create_ticket, delete_ticket, hold_ticket, unhold_ticket, add_followup,
// resolve, list_queues and find_user with the real server's rules, statuses
// and texts:
//
//   - any method but POST: 405, empty body, no Allow header (the real code
//     sets an attribute that Django never sends); bad credentials or an
//     inactive user: 403, empty body; an unknown method: 400, empty body;
//     GET or POST /api/help/: the HTML help page (its prose says "user",
//     its sample "username=", as on the real page); /api/<method> without
//     its slash: Django's 301 to the path with it; other paths: Django's
//     404 page (text/html without charset, as its 500 page).
//   - create_ticket validates like the server's ticket form (queue and
//     assigned_to among the existing ids, title of at most 100 characters,
//     body required, submitter_email what Django's EmailValidator accepts,
//     priority 1–5 defaulting to 3, due_date a date/time) and answers 400
//     with Django's error text ("* title\n  * This field is required.") or
//     the new id. It e-mails as TicketForm.save does: the submitter, the
//     assignee (not the API user; UserSettings.EmailOnTicketAssign), the
//     queue's new-ticket CC and its updated-ticket CC.
//   - a missing ticket is 400 "Invalid ticket ID"; a ticket that is not a
//     number, or a number beyond 64 bits, is a 500 page (the latter a guess:
//     Django on SQLite cannot bind it). delete_ticket needs
//     confirm ("No confirmation provided"); add_followup a message ("Blank
//     message") and public 'y' or 'n' ("Invalid 'public' flag"); resolve a
//     resolution ("Blank resolution"); find_user a known username ("Invalid
//     username provided").
//   - list_queues answers text/json [{"id": "2", "title": "Billing"}, ...]
//     with string ids, as Python's json writes it, ordered by title (the
//     model's ordering).
//   - add_followup e-mails the assignee ("updated_owner") when it is not
//     the API user and UserSettings.EmailOnAPIChange (default on) allows;
//     resolve never does (the real code reads the setting wrongly). An
//     assignee without a settings row (SetUserSettings(id, nil)) makes
//     create_ticket, add_followup and resolve save their change and then
//     answer 500. Follow-up titles use the user's full name when set
//     (SetUserFullName).
//
// The server keeps the real code's quirks: every add_followup is stored
// public and e-mailed to the submitter, 'n' included (the code tests the
// flag as a non-empty string), and resolve leaves the ticket's Resolution
// empty (the code misspells the field; the text is in the "Resolved"
// follow-up). Outgoing mail is recorded, not sent: see Emails.
//
// # Data
//
// A new server has the queues "Support" (1) and "Billing" (2) and the users
// DefaultLogin (1, who may log in), "alice" (2) and "bob" (3). WithQueue and
// WithUser add more, as do AddQueue and AddUser; Ticket, Tickets and Emails
// read the state without the wire.
//
// # Test hooks
//
// The fault engine is the one every fake of this module shares
// (package fault has the table of kinds): Calls, CallCount, Requests and ResetCalls
// read the call log, every request with its method, form (password
// removed), status, reply and whether the server applied it. InjectFault
// makes the next matching requests fail: an HTTP status with any body,
// Django's own 500 page, a delay, a connection closed (FIN) or reset (RST)
// before or after the call ran, a body cut short or sent slowly, an HTML
// page, 429 with Retry-After. WithDebugPages makes 500 errors render
// Django's debug page, which lists the POST fields — the password included
// — as a real server in DEBUG mode does. SetUserSettings(id, nil) makes the
// real server's 500-after-save without a fault.
//
// The server is safe for concurrent use.
package jutdatest
