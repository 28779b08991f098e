// Package ekiclik sends the payloads of the Ekiclik ⇄ Odoo exchange
// specification ("Echange Odoo-Ekiclik": a bank-facing platform pushing
// products, clients, points of sale, orders and purchases into Odoo)
// through the odoo-rest-api module's /api/<model>/ routes.
//
// # Payloads
//
// Product, Customer, PointOfSale, Opportunity and Purchase (POST) and
// ConfigurationUpdate, ProductUpdate, OrderStatusUpdate, PartnerUpdate and
// UserUpdate (PUT by filter) marshal to exactly the specification's bodies, odd
// types included: is_pos is the text "True"/"False" (PyBool), date_order
// is "02/01/06 15:04:05" text (OrderTime), and default_code, company_id,
// title and street2 are null when empty (NullString, NullID). The bodies
// are wrapped as {"params": {"data": ...}} or {"params": {"filter": [...],
// "data": ...}} (Envelope). Order states (OrderState), roles and statuses
// are typed strings with constants for the known values; unknown values
// are sent as is.
//
// # Client
//
// A Client runs on an *odoo.Client speaking the web session, as a
// helpdesk.Service does; the odoo.Client's options set the connection,
// ekiclik's options (WithCreateBy, WithEkiclikFields, WithMatchCount) only
// what is ekiclik's:
//
//	oc, err := odoo.New("https://odoo.example.com",
//		odoo.WithDatabase("prod"),
//		odoo.WithPassword("ekiclik-bot@example.com", os.Getenv("ODOO_PASSWORD")),
//		odoo.WithWebLoginRoute("/auth/")) // the module's login route; leave out for /web/session/authenticate
//	c, err := ekiclik.New(oc)
//	defer c.Close() // logs out
//	id, err := c.CreateProduct(ctx, ekiclik.Product{...})
//	n, err := c.UpdateOrderStatus(ctx, 1416, ekiclik.OrderStatusUpdate{State: ekiclik.OrderInPreparation})
//	cid, err := c.CreateCustomer(ctx, ekiclik.Customer{Name: "Amina", Email: "amina@example.dz"})
//	recs, err := c.List(ctx, "res.partner", domain.Eq("is_pos", "True"), &ekiclik.ListOptions{Query: ekiclik.Select("id", "name")})
//	raw, err := c.Get(ctx, "res.partner", cid, ekiclik.Select("name", "status"), nil)
//
// The routes go through odoo.Client.Route: the odoo.Client logs in on the
// first call through /web/session/authenticate (or the route
// odoo.WithWebLoginRoute names) and sends the session as the session_id
// cookie, never as a URL parameter; waiting for a login in progress
// respects the caller's context. Its retries, rate limit, logger
// (odoo.WithLogger, odoo.WithLogBodies) and observer (odoo.WithObserver;
// ekiclik's calls are reported with System "ekiclik" and Protocol
// "odoo-rest-api") serve ekiclik's calls too. Logout and Close end the
// odoo.Client's session, which anything else on that odoo.Client shares.
// Arguments are validated
// before anything is sent (required fields, non-negative prices, positive
// quantities, e-mail and phone formats, non-empty filters): a
// *deskbridge.ArgumentError matching deskbridge.ErrInvalidArgument.
//
// # Ekiclik fields and stock servers
//
// Every payload of the specification carries create_by, a field of the
// Ekiclik module (WithCreateBy sets the value). A stock Odoo with the plain
// odoo-rest-api module has no such field and refuses the write (a PUT is
// answered false: deskbridge.ErrNotApplied). WithEkiclikFields(false) leaves create_by
// out, so that the same client serves a plain server; the payloads' other
// fields go as the caller sets them.
//
// # Updates by filter
//
// The module answers true to a PUT by filter whatever it matched, none
// included. So each Update method first counts the matches with one GET
// (query {id}, page_size 1: its total_pages), returns the count, and gives
// a *deskbridge.NotFoundError (deskbridge.ErrNotFound) without sending the PUT when nothing
// matched. WithMatchCount(false) skips the count (the methods then return
// -1). Get of a record that does not exist is deskbridge.ErrNotFound too, also
// with the query {id}, which the module answers without reading the
// record.
//
// # Errors and retries
//
// Reads (List, Get) are retried on transport errors, 429 and 5xx,
// and log in again once when the session expired (Odoo's code 100 on JSON
// routes, its redirect to /web/login on HTTP routes). Creates and updates
// are sent once: never retried after they may have reached the server,
// never replayed after a session expiry. Their failures say what the
// server did:
//
//   - deskbridge.ErrNotApplied: surely not applied — Odoo answered
//     an error (an *odoo.Error, errors.As; odoo.ErrValidation and the
//     other sentinels match), refused the session, answered a 4xx (a
//     429 is a *deskbridge.RateLimitError with RetryAfter), the
//     module answered false, or the request never left.
//   - deskbridge.ErrNotFound (*deskbridge.NotFoundError): the update's filter matched nothing,
//     or the record read does not exist; nothing was written.
//   - deskbridge.ErrOutcomeUnknown: may have been applied —
//     the connection broke after sending, the deadline passed, or a 5xx,
//     HTML page, redirect or garbled body came back instead of the reply.
//     Look the record up before sending it again.
//
// A reply that is not what the module promises is an *odoo.ResponseError
// with the HTTP status and the start of the body. The password and
// session ids never appear in errors, logs (WithLogger, WithLogBodies)
// or the client's %v.
//
// Package ekiclitest is an in-memory server with these routes, a call log
// and fault hooks, for tests and demos.
package ekiclik
