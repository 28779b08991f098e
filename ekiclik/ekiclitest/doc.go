// Package ekiclitest is an in-memory Odoo server with the odoo-rest-api
// module's routes and the Ekiclik exchange's behaviour, for tests and
// demos of package ekiclik. It never leaves loopback.
//
// Routes:
//
//	POST /web/session/authenticate  {"params": {"db", "login", "password"}} → Set-Cookie session_id
//	POST /auth/                     same params → result.session_id ("Invalid credentials." when refused)
//	GET  /api/<model>/              query={a, b}, filter=[...], page_size, page, limit, order
//	GET  /api/<model>/<id>/         one record
//	POST /api/<model>/              {"params": {"data": {...}}} → result: new id
//	PUT  /api/<model>/              {"params": {"filter": [...], "data": {...}}} → result: true
//	PUT  /api/<model>/<id>/         {"params": {"data": {...}}} → result: true
//	DELETE /api/<model>/<id>/       → {"result": true}
//
// Like Odoo, a JSON route (POST, PUT) whose session is missing or expired
// answers the JSON-RPC error code 100 (odoo.http.SessionExpiredException)
// and an HTTP route (GET, DELETE) a 303 redirect to /web/login. Errors of
// JSON routes are Odoo's JSON-RPC error envelope with HTTP 200; a body that
// is not JSON gets HTTP 400 "Invalid JSON data"; unknown routes a 404 HTML
// page.
//
// The Ekiclik module's side effects are imitated: a product.template POST
// with configurations creates a product.master (ref = product_ref, the id
// answered) and one product.template per configuration; a crm.lead POST
// also creates the sale.order of its quotation (ek_order_id as text, state
// "draft"), which UpdateOrderStatus then finds.
//
// The call log (Calls, CallCount) says which calls ran and whether they
// were applied; InjectFault answers the next matching requests badly (a
// status, an HTML page, an Odoo error, an expired session, a connection
// dropped before or after the call ran, a truncated or garbage body, a
// delay, a write answered false). ExpireSessions ends every session.
package ekiclitest
