// Package odoo is a client for the models of an Odoo server: search_read,
// read, search, search_count, create, write, unlink, fields_get,
// name_search, ReadGroup (read_group, or formatted_read_group on 19, with
// one result shape), MessagePost (chatter, HTML kept on every version) and
// any other method through CallMethod (or ExecuteCall with a Call value),
// over one of four protocols:
//
//   - JSONRPC: the external API at /jsonrpc (common.authenticate, then
//     object.execute_kw) with a password or an API key; every version.
//   - WebSession: the web client's session cookie and
//     /web/dataset/call_kw; logs in again when the session expires.
//   - JSON2: Odoo 19's /json/2/<model>/<method> with an API key.
//   - RESTv2: the REST v2 add-on (/api/v2/...) with an OAuth2 password
//     grant (golang.org/x/oauth2), refreshing its token.
//
// Nothing above the Client depends on the protocol: each turns a Call into
// its wire form and its reply into JSON or an *Error. Without WithProtocol
// the client picks the fastest protocol the credentials allow: the web
// session for a password, JSON-2 for an API key on Odoo 19+ (JSON-RPC
// before), REST v2 for an OAuth2 client; Client.Protocol tells which.
// Client.Version reads the server's version once and keeps it.
//
// # Quick start
//
//	c, err := odoo.New("https://odoo.example.com",
//		odoo.WithDatabase("prod"),
//		odoo.WithAPIKey("bot@example.com", os.Getenv("ODOO_API_KEY")))
//	if err != nil { ... }
//	tickets, err := c.SearchRead(ctx, "helpdesk.ticket",
//		domain.Eq("stage_id.fold", false),
//		&odoo.SearchOptions{Fields: []string{"name", "stage_id"}, Limit: 20})
//
// The first call logs in; Authenticate does it earlier to check the
// credentials.
//
// # Typed models
//
// A struct with `odoo:"field"` tags names the fields to read and receives
// them, Odoo's false for an empty value reading as the Go zero value:
//
//	type Ticket struct {
//		ID      int64         `odoo:"id"`
//		Name    string        `odoo:"name"`
//		Stage   odoo.Many2One `odoo:"stage_id"`
//		TagIDs  odoo.IDs      `odoo:"tag_ids,omitempty"`
//		Created time.Time     `odoo:"create_date,readonly"`
//	}
//	tickets := odoo.NewModel[Ticket](c, "helpdesk.ticket")
//	for t, err := range tickets.All(ctx, domain.Domain{}, nil) { ... }
//
// All pages through a model by id (id > last), one request per page, and
// stops fetching when the loop breaks. Tag options: omitempty and omitzero
// (the same: not written when zero), readonly (never written), "-"
// (ignored); any other option is a mistake NewModel reports (Model.Err, and
// every call of the Model fails with a *deskbridge.ArgumentError). Embedded structs
// are walked. Create and Write encode the tagged fields; write Values (a map)
// to change only some fields.
//
// WithWorkers(n) makes All (and SearchRead without a limit) search the ids
// first and read them a page at a time with n requests in flight, still in
// order and holding at most n pages. Changes(ctx, cursor, opts) is a change
// feed: the records created or written since a stored Cursor, in
// (write_date, id) order, up to a settle horizon; Missing finds the
// deletions a feed cannot see. Over REST v2 every paging loop stops at an
// empty page, never at a short one (the add-on may cap pages).
//
// # Conveniences
//
// ReadEnv reads the ODOO_* environment (EnvConfig.Connect logs in and says
// which variable to check; FromEnv does both). Client.Ref finds a record by
// XML id. WithObserver receives a deskbridge.CallEvent for every HTTP
// attempt (model, method, protocol, attempt, status, bytes, duration,
// redacted error), for metrics or tracing; RouteRequest.System/Protocol
// rename the labels of one route call (ekiclik's, on a Client it shares).
//
// # Values
//
// Many2One reads [id, "name"] and writes the id; IDs reads an x2many field
// and writes a Set command; Commands (Create, Update, Delete, Unlink, Link,
// Clear, Set) write x2many changes; Date and DateTime read and write Odoo's
// UTC "2006-01-02" and "2006-01-02 15:04:05" (time.Time fields are written
// as DateTime too); []byte is a binary field (base64 on the wire).
// Every integer is read by one rule, in struct fields of any integer kind
// (named, behind pointers, in slices and maps), in Many2One and IDs and in
// plain results: a JSON number with no fraction that fits the Go type
// (1, 1.0 and 1e2 read as 1, 1 and 100); a fraction (1.5), a value out of
// the type's range (300 for an int8) or a non-number is a *ResponseError.
//
// # Errors
//
// Server errors of every protocol are an *Error (exception name, message,
// model, method, HTTP status or JSON-RPC code) matching the sentinels with
// errors.Is: ErrAccessDenied, ErrAccess, ErrMissing, ErrValidation,
// ErrUser, ErrSessionExpired, deskbridge.ErrNotFound (unknown model, method or
// route, and a missing record: ErrMissing's MissingError), ErrUnknownField, ErrInvalidValue (e.g. a selection key the field
// lacks), ErrDatabaseNotFound (every protocol's way of saying the database
// does not exist; never ErrAccess), deskbridge.ErrUnsupported (e.g. JSON-2 on a
// server older than 19). A reply that
// is not what the protocol promises (an HTML page, truncated JSON) is a
// *ResponseError, and so is a result that does not fit the Go type it is
// decoded into (a number for a string field, a many2one that is not
// [id, "name"]): its Model, Method and Field ("[3].stage_id") say where.
// A method that returned None (Odoo then sends no "result") succeeds with
// a null result. A transport failure wraps the transport's error (so
// errors.Is(err, context.DeadlineExceeded) and errors.As(err, **net.OpError)
// work). A reply over WithMaxBodySize matches deskbridge.ErrBodyTooLarge.
//
// Invalid arguments (an empty model, a non-positive id, nil values, a
// negative limit, an invalid domain, a nil context) give a *deskbridge.ArgumentError
// matching deskbridge.ErrInvalidArgument before any request is sent.
//
// The error of a call that changes data (create, write, unlink,
// message_post, any method not known as read-only) matches exactly one of
// deskbridge.ErrOutcomeUnknown and deskbridge.ErrNotApplied, by the rule
// written in deskbridge.ErrOutcomeUnknown's doc. Outcome unknown: the request may have
// reached the server without a usable reply coming back (connection reset
// after the request was written, a reply cut short, garbled or an HTML
// page, the context ended while reading, a proxy's 5xx page); it may have
// been applied, and it was not sent again. Not applied: an *Error (Odoo
// raised and rolled back), a 4xx reply (a 429 is a
// *deskbridge.RateLimitError), a failed login, no credentials
// (ErrNoCredentials, which also matches deskbridge.ErrInvalidArgument), a
// request that never left. Errors of reads match neither.
//
// Passwords, API keys, tokens and session ids never appear in errors, logs
// or the output of %v.
//
// # Sessions and tokens
//
// The web session protocol keeps the session_id cookie itself (not in an
// http.Client jar). When Odoo says the session expired (JSON-RPC code 100,
// or the 404 page a multi-database server answers once the session is
// gone) the client logs in again once and replays the call, writes
// included: Odoo refuses an expired session before it runs anything, so
// the call was not applied. Likewise REST v2 reuses its access token until
// it expires, refreshes it with the refresh token, and on a 401 gets a new
// token and replays the call once. JSON-RPC and JSON-2 keep no session.
// Logout (or Close) destroys the web session on the server; a later call
// logs in again.
//
// Add-ons that serve their own routes on the web session (the
// odoo-rest-api module's /api/<model>/ and /object/<model>/<method>) are
// reached with Client.Route: the same login (WithWebLoginRoute for the
// add-on's own, such as /auth/), session cookie, relogin, retries and
// redaction; RouteRequest.Model and Method name the call for the
// Observer. Package ekiclik is built on it.
//
// # Retries
//
// Read-only methods (search_read, read, search_count, fields_get, ...) are
// retried on transport errors, 429 and 5xx replies; create, write, unlink,
// message_post and unknown methods only when the request provably never
// reached the server (WithReadOnlyMethods adds methods to the first set).
package odoo
