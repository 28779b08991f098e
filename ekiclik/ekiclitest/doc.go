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
//	POST /web/session/destroy       logs the session out → {"jsonrpc", "id"} (no result), Set-Cookie: a new anonymous session
//	GET  /api/<model>/              query={a, b{c}}, filter=[...], page_size, page, limit, order → {count, prev, current, next, total_pages, result}
//	GET  /api/<model>/<id>/         the bare record
//	POST /api/<model>/              {"params": {"data": {...}}} → result: new id
//	PUT  /api/<model>/              {"params": {"filter": [...], "data": {...}}} → result: true
//	PUT  /api/<model>/<id>/         {"params": {"data": {...}}} → result: true
//	DELETE /api/<model>/<id>/       → {"result": true} (no JSON-RPC envelope)
//	DELETE /api/<model>/?filter=... → {"result": true}
//	POST /object/<model>/<method>   {"params": {"args", "kwargs"}} → the ORM method's result
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
// From the module's source (controllers.py, serializers.py; no capture):
// a bad filter, order, page_size, page or limit, and a bulk DELETE without
// a filter, answer Odoo's 500 page (they are outside the module's try
// blocks); a bulk PUT whose filter fails answers Odoo's JSON-RPC error, an
// unknown x2many operation fails a single-record PUT (RuntimeError) and is
// skipped by a bulk one; a nested many2one that is not set reads as the
// query's fields at their empty values ({"id": false, "name": false}); a
// "-field" query writes every other field; /object/ answers a recordset
// (search, create) as Odoo's JSON encoder does, "res.partner(1, 2)".
//
// The records live in an odootest.Server on Odoo 16 (the captures'
// version), and the routes call its ORM as the module's controllers call
// request.env[model]: search, read, create, write, unlink and, on
// /object/, any method odootest has, as the logged-in user (uid 2), with
// odootest's conversions, x2many commands, searches and Odoo's errors.
// This package adds the routes, their query, filter and paging handling,
// the module's serializer and the Ekiclik module's side effects. So the
// database starts as Odoo's does: the company's partner (1), OdooBot
// (archived) and the admin's partner (3), users 1 and 2 (the login, uid
// 2); new records take the next ids. Besides odootest's models the server
// has res.partner.category, res.country and the res.partner fields the
// captures show (category_id, country_id, ...); with the Ekiclik module
// (the default; WithoutEkiclikModule for a stock server) also the fields
// it adds (create_by, status, is_pos, code_pos, ...) and its own models
// (product.template, product.master, crm.lead, purchase.order,
// sale.order). No capture lists the Ekiclik module's fields: schema.go
// declares those the ekiclik payloads send, typed by what they send
// (nested objects are Json fields), a guess said there. A field no model
// declares is refused as on Odoo (the models no longer accept any field);
// WithModels adds typed odootest models. The Ekiclik module's side
// effects are imitated (guessed from the exchange specification): a
// product.template POST with configurations creates a product.master (ref
// = product_ref, the id answered) and one product.template per
// configuration; a crm.lead POST also creates the sale.order of its
// quotation (ek_order_id as text, state "draft"); a refused create
// undoes the others. The writing routes run one at a time, as each
// request's transaction would make them appear.
//
// Test hooks have odootest's names and shapes, on the server's store:
// Create (an "id" in vals is kept), Write, Unlink, Record (read's form:
// many2one [id, name], false for empty values), Search and Count. The
// sessions of /auth/ and /web/session/authenticate are this package's own.
//
// The fault engine is the one every fake of this module shares
// (package fault has the table of kinds): Calls, CallCount and Requests read the
// call log; InjectFault answers the next matching requests badly (a status,
// an HTML page, an Odoo error, an expired session, a connection closed or
// reset before or after the call ran, a truncated, short, slow or garbage
// body, a delay, a write answered false). ExpireSessions ends every
// session.
package ekiclitest
