// Package odootest is an in-memory Odoo server for tests, demos and
// examples, like net/http/httptest but an Odoo.
//
//	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
//	defer srv.Close()
//	// point a client at srv.URL, database srv.Database(), admin/admin
//
// # Protocols
//
// The server answers the four protocols of the odoo client, on the wire
// formats a real Odoo uses (TestFidelity replays every capture of real
// Odoo 16, 17, 18 and 19 servers in testdata/fixtures against it):
//
//   - odoo.JSONRPC: POST /jsonrpc, services common (version, login,
//     authenticate), object (execute_kw, execute) and db (list).
//   - odoo.WebSession: POST /web/session/authenticate, get_session_info and
//     destroy, /web/dataset/call_kw/<model>/<method> with the session_id
//     cookie, /web/webclient/version_info.
//   - odoo.JSON2: POST /json/2/<model>/<method> with "Authorization: bearer
//     <API key>" and X-Odoo-Database, named arguments in the body (ids,
//     context, domain, fields, vals_list, vals, ...), the bare result as
//     reply; GET /web/version.
//   - odoo.RESTv2: the REST add-on's OAuth2 token endpoint
//     (/api/v2/authentication/oauth2/token, password and refresh_token
//     grants, client credentials in the form or in Basic auth, expiring
//     access tokens), GET /api/v2/search_read/<model> and /api/v2/read/<model>
//     (JSON-encoded query parameters), POST /api/v2/create/<model>
//     {"values": {...} or [...]} (answers the id, or the list of ids),
//     PUT /api/v2/write/<model> {"ids", "values"} (true), DELETE
//     /api/v2/unlink/<model> {"ids"} (true), POST /api/v2/call {"model",
//     "method", "args", "kwargs"} → {"result": ...}. Calls need
//     "Authorization: Bearer <token>"; the DATABASE header, when sent, must
//     name the database. Errors are non-2xx JSON {"code", "name",
//     "message", "arguments", "traceback"}.
//
// WithProtocols takes odoo.Protocol values and limits what is answered; other routes answer Odoo's 404
// HTML page. WithVersion("16.0" | "17.0" | "18.0" | "19.0") makes the
// server answer as that Odoo Community version does in everything the
// real-server captures show (version.go lists each difference and its
// capture); JSON-2 exists only on 19. WithDatabases serves several
// databases without a filter, WithDBFilter hides some from the web
// session and JSON-2. Ten failed web logins from one address within a
// minute lock web logins out for a minute, as Odoo does. On 19,
// api_doc's GET /doc-bearer/<model>.json and /doc-bearer/index.json
// answer with a bearer key.
//
// Every server has res.lang with en_US and ExtraLanguage (de_DE): stage,
// type and category names and selection labels read under context.lang
// come back translated; a lang that is not installed answers UserError
// "Invalid language code". API keys can be made and revoked over RPC
// through the identity check, as Odoo 19 does
// (res.users.apikeys.description.make_key, res.users.identitycheck.run_check,
// res.users.apikeys.remove).
//
// # Credentials
//
// The admin (uid 2) logs in with DefaultLogin/DefaultPassword; its API key
// DefaultAPIKey works as a JSON-RPC password and a JSON-2 bearer key. The
// REST v2 client is DefaultClientID/DefaultClientSecret. WithUser,
// WithAPIKey and WithOAuth2Client add more; WithReadOnly makes a user get
// AccessError on writes. With demo data, DemoLogin/DemoPassword is "Marc
// Demo".
//
// # ORM
//
// Models have typed fields (char, text, html, integer, float, boolean,
// selection, date, datetime, many2one, one2many, many2many, binary, json).
// Supported methods: search, search_read, read, search_count, create (a
// dict or a list), write, unlink, copy, exists, fields_get, name_search,
// name_get (to Odoo 17), formatted_read_group (19), web_search_read,
// read_group (counts and sums; lazy by the first groupby field with
// <field>_count, or by all with __count when lazy is false; __domain in
// Odoo's normalized form), default_get, message_post, message_subscribe,
// message_unsubscribe, action_archive/action_unarchive. Domains are
// evaluated with domain.Match (dotted paths, any/not any from Odoo 17,
// child_of); order ("name desc, id"), limit, offset; context active_test.
// Reads answer many2one as [id, display_name], false for empty values,
// x2many as id lists; x2many writes take commands 0–6 or plain id lists.
// create_date, write_date, create_uid and write_uid are maintained (UTC,
// "2006-01-02 15:04:05"). Each call is one transaction: an error rolls it
// back.
//
// Errors are Odoo's, in each protocol's shape: AccessDenied for bad
// credentials (common.authenticate answers false instead), UserError
// "Object x doesn't exist" for an unknown model, ValueError for an unknown
// field or a bad selection value, ValidationError for a missing required
// field or a many2one/many2many naming a record that does not exist, MissingError for unlink/write of a missing record (read skips
// it), AccessError for read-only users, SessionExpiredException (code 100,
// id null) for a bad web session, psycopg2.OperationalError for an unknown
// database, HTTP 400 "Invalid JSON data" for a body that is not JSON.
//
// # Schema
//
// Every server has res.partner, res.users, res.company, mail.message,
// mail.message.subtype (mail.mt_comment, mail.mt_note), mail.followers,
// ir.attachment (datas, file_size, sha1 checksum, mimetype) and ir.model
// (listing the installed models with their modules). WithFlavor adds the
// helpdesk models of Odoo Enterprise (helpdesk.ticket, helpdesk.team,
// helpdesk.stage, helpdesk.ticket.type, helpdesk.tag, helpdesk.sla,
// helpdesk.sla.status) or of OCA helpdesk_mgmt (helpdesk.ticket,
// helpdesk.ticket.team, helpdesk.ticket.stage, helpdesk.ticket.tag,
// helpdesk.ticket.category, helpdesk.ticket.channel, helpdesk.ticket.type).
// WithSLAModule adds OCA's SLA module helpdesk_mgmt_sla on top of the OCA
// flavor, in its 17 shape (status on the ticket, the check_sla cron
// method) up to 17.0 and its 18 shape (helpdesk.ticket.sla lines, set_sla)
// from 18.0, with the team's working calendar; a search on the module's
// computed fields that have no search method ignores the leaf, as Odoo does.
// helpdesk.ticket and res.partner are mail.thread models: as in Odoo, a
// create over the wire logs a creation message ("Ticket Created" for
// tickets) and subscribes the creator and the assigned user, and a
// ticket's stage_id and user_id changes post a tracking message. The
// context keys mail_create_nolog, mail_create_nosubscribe, mail_notrack
// and tracking_disable turn these off, like in Odoo. message_post
// subscribes the poster (the caller, or the author when the caller is
// archived) unless mail_create_nosubscribe is set or the message is a
// notification, and from 17 it stores a string body HTML-escaped in <p>
// unless body_is_html is true (16 keeps it as HTML). OdooBot's partner is
// archived; ir.model.data holds the base XML ids (base.partner_root,
// base.user_admin, ...). Creating an ir.model.fields record of state
// manual (name x_..., as the admin) adds that field to its model. An
// Enterprise team with auto_assignment assigns new tickets that do not
// name a user_id to its first member. RegisterModel adds a
// test's own models; AddFields adds custom fields to installed ones. mail.message records may be created directly
// (with their original date and author), as a ticket transfer needs.
//
// # Test hooks
//
// Create, Write, Unlink, Record, Search and Count reach the store without
// the wire (and without chatter side effects); Create keeps an "id" of its
// values, for fixtures that replay a captured database. Execute runs an ORM
// method as a user without the wire (Odoo's errors as *MethodError): the
// way in for a fake of an add-on whose routes run over the ORM, as
// ekiclitest's odoo-rest-api routes do.
// Calls, CallCount and ResetCalls read the call log, whose entries say
// whether a call was applied. InjectFault makes the next matching requests
// fail (the kinds are package fault's: an HTTP status, an Odoo error, a
// delay, a connection dropped before or after the call ran, a truncated or
// slow body, an HTML page, 429 with Retry-After). ExpireSessions and ExpireTokens end web sessions
// and REST v2 access tokens. WithClock fixes the clock. HandleMethod
// answers a custom method with a function of the test. WithRESTv2Forms
// picks among the REST v2 reply forms the add-on's docs leave open (guessed
// forms, no capture: wrapped or bare results, create's id or list, empty
// writes, error bodies, a page cap). NewClient gives an odoo.Client with
// the default credentials of a protocol.
//
// The server is safe for concurrent use: one RWMutex guards the store.
package odootest
