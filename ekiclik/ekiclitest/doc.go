// Package ekiclitest is an in-memory Odoo 16 server with the odoo-rest-api
// module's routes and the Ekiclik exchange's behaviour, for tests and
// demos of package ekiclik. It never leaves loopback. It answers as the
// real module does in the captures of testdata/fixtures/odoo16-restapi
// (TestFidelityRESTAPI replays all of them).
//
// Routes:
//
//	POST /web/session/authenticate  {"params": {"db", "login", "password"}} → session info, Set-Cookie session_id
//	POST /auth/                     the same (a missing db: AccessDenied "`db` is required.")
//	GET  /api/<model>/              query={a, b{c}}, filter=[...], page_size, page, limit, order → {count, prev, current, next, total_pages, result}
//	GET  /api/<model>/<id>/         the bare record
//	POST /api/<model>/              {"params": {"data": {...}}} → result: new id
//	PUT  /api/<model>/              {"params": {"filter": [...], "data": {...}}} → result: true
//	PUT  /api/<model>/<id>/         {"params": {"data": {...}}} → result: true
//	DELETE /api/<model>/<id>/       → {"result": true} (no JSON-RPC envelope)
//	DELETE /api/<model>/?filter=... → {"result": true}
//	POST /object/<model>/<method>   {"params": {"args", "kwargs"}} → the result (search, search_count, search_read)
//	POST /object/<model>/<id>/read  → read's result
//
// As on the real module: datetimes read "2026-12-01-18-53" (no seconds);
// many2one fields a bare id, or {"id", "name"} when the query nests them;
// x2many fields a list of ids (or of nested records). order applies only
// with a filter. x2many values take {"push": [ids]}, {"pop": [ids]},
// {"delete": [ids]} (which deletes the records too) or a list that
// replaces. PUT swallows the write's errors: an unknown field or a missing
// id answers result false, a filter that matches nothing true. A missing
// id on GET answers HTTP 400 HTML, except with the query {id}, which the
// module answers by echoing {"id": N} without reading the record; an
// unknown field in query answers 500 HTML; a query syntax error and an
// unknown model answer HTTP 200 with the module's own error envelope
// (data.exception_type, no context). Without a session a GET or DELETE
// answers 303 to /web/login?redirect=..., a POST or PUT the JSON-RPC code
// 100. POST errors are Odoo's JSON-RPC error envelope (unknown field:
// builtins.ValueError; missing required field, missing data, unknown
// model: odoo.exceptions.ValidationError).
//
// The models are res.partner, res.partner.category, res.country and
// res.users with the fields the captures show; with the Ekiclik module (the
// default; WithoutEkiclikModule for a stock server) also the fields it
// adds (create_by, status, is_pos, code_pos, ...) and its own models
// (product.template, product.master, crm.lead, purchase.order,
// sale.order), which accept any field since no capture lists theirs. Its
// side effects are imitated: a product.template POST with configurations
// creates a product.master (ref = product_ref, the id answered) and one
// product.template per configuration; a crm.lead POST also creates the
// sale.order of its quotation (ek_order_id as text, state "draft").
//
// The fault engine is the one every fake of this module shares
// (package fault has the table of kinds): Calls, CallCount and Requests read the
// call log; InjectFault answers the next matching requests badly (a status,
// an HTML page, an Odoo error, an expired session, a connection closed or
// reset before or after the call ran, a truncated, short, slow or garbage
// body, a delay, a write answered false). ExpireSessions ends every
// session.
package ekiclitest
