// Package helpdesk gives typed services for Odoo helpdesks on top of the
// generic odoo client: tickets, teams, stages, ticket types, tags, SLA
// policies and statuses, and a ticket's chatter (messages, followers,
// attachments).
//
//	client, err := odoo.New(url, odoo.WithDatabase("odoo"), odoo.WithPassword("admin", pw))
//	hd, err := helpdesk.New(client)
//	open, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{TeamID: 5, State: helpdesk.StateOpen})
//	id, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer on fire", Priority: helpdesk.PriorityHigh})
//	msg, err := hd.Messages.Post(ctx, id, helpdesk.MessagePost{Body: "<p>On it</p>", Internal: true})
//
// # Flavors
//
// One typed API serves two server schemas. A Flavor maps the typed names
// to each schema's models and fields:
//
//   - Enterprise (Odoo Enterprise Helpdesk): helpdesk.ticket,
//     helpdesk.team, helpdesk.stage, helpdesk.ticket.type, helpdesk.tag,
//     helpdesk.sla and helpdesk.sla.status. A ticket is closed when its
//     stage is folded; the type field is ticket_type_id, the close date
//     close_date, the reference ticket_ref.
//   - OCA (helpdesk_mgmt, with helpdesk_type for types): helpdesk.ticket,
//     helpdesk.ticket.team, helpdesk.ticket.stage, helpdesk.ticket.tag and
//     helpdesk.ticket.type. A ticket is closed when its stage has
//     closed=True; the type field is type_id, the close date closed_date,
//     the reference number. There are no SLA models.
//   - OCASLA17 and OCASLA18: OCA with its SLA module helpdesk_mgmt_sla.
//     Policies are helpdesk.sla (teams, categories, tags, a Python domain,
//     working days and hours); on 16.0/17.0 a ticket's one status is its
//     sla_deadline and sla_expired, written by the module's cron, on 18.0
//     each policy has a helpdesk.ticket.sla line with its state. SLA and
//     SLAStatus are the same types as on Enterprise; their fields say what
//     each schema fills, SLAState how the states map. Filters never use the
//     module's computed fields the server cannot search (it ignores such a
//     leaf: team_sla on 17, sla_deadline on 18).
//
// Both use mail.message, mail.followers and ir.attachment for the chatter.
//
// New sends no request. Without WithFlavor, the flavor is detected from
// the server's ir.model on the first call that needs it (Detect does the
// same on its own) and kept.
//
// # Catalog cache
//
// Teams, stages, ticket types, tags and SLA policies change a few times a
// year. With WithCatalogCache(ttl) a Service keeps them (and the detected
// flavor) in memory: within the ttl they cost no request; after it one
// small check per catalog (its records' ids and write dates) and a fetch
// only when something changed; concurrent callers share one refresh; a
// failed refresh serves the last good data up to WithCatalogStaleLimit,
// logged through WithLogger. Writes through the Service drop what they
// touch; Invalidate drops everything. Every slice returned is a copy.
//
// # Errors
//
// Arguments are checked before any request: an empty ticket name, an
// unknown priority or a non-positive id gives a *deskbridge.ArgumentError matching
// deskbridge.ErrInvalidArgument. An operation the server's schema cannot do (SLAs on
// helpdesk_mgmt without helpdesk_mgmt_sla, ticket types without
// helpdesk_type) gives an
// *UnsupportedError matching deskbridge.ErrUnsupported that names what is missing.
// A ticket that does not exist gives an error matching
// deskbridge.ErrNotFound: a *deskbridge.NotFoundError from Tickets.Get, Tickets.Close
// and SLAs.Get, Odoo's MissingError (an *odoo.Error, odoo.ErrMissing too)
// from Update, Delete, MoveToStage, Assign, Messages.Post and
// Followers.Add; Messages.List, Followers.List and Attachments.List of a
// missing ticket answer an empty list. Errors from the server come through
// unchanged: match them with the odoo package's sentinels (odoo.ErrAccess,
// odoo.ErrMissing, odoo.ErrValidation, ...) and, for a call that changes
// data, deskbridge.ErrOutcomeUnknown or deskbridge.ErrNotApplied (exactly
// one of them, as odoo's). A reply of the wrong shape (a number for a
// name, a many2one that is not [id, "name"]) gives the odoo package's
// *odoo.ResponseError naming the model, method and value ("[3].name"):
// every record, whatever its kind or schema, decodes through that
// package's codec, integers by its one integer rule: answered as floats
// (7.0, [5.0, "T"], [1.0, 2]) they read as integers, and an id with a
// fraction is such an *odoo.ResponseError too.
//
// # Closing and transferring
//
// Tickets.Close moves a ticket to a closing stage: one named by id or
// exact name (StageByID, StageByName), or by default the team's first
// closing stage, in stage order, that is not a cancel or reject stage.
//
// Transfer copies tickets to another Odoo (16, 17, 18 or 19 to any of
// them) as the Odoo 17 transfer module does: fields, stage (by exact name
// through a mapping), team, type, tags, the customer by e-mail or a
// configured partner, no assignee unless mapped, then the chatter with
// dates, authors (archived partners and OdooBot included) and HTML kept,
// followers and attachments; optionally notes linking both tickets and
// the closing of the original. It never makes its own user a follower and
// never writes a field the destination lacks or computes. A re-run
// completes an interrupted one and never duplicates. CheckDestination
// lists what a destination lacks; EnsureSourceField creates the field
// that records a ticket's source. Destinations (LoadDestinations) keeps
// named destinations in a file (secrets as deskbridge.Secret); History
// keeps the per-ticket records of every run in a JSON-lines file, and a
// step's error read back from it (RecordedError) still matches, with
// errors.Is, the sentinels the original matched (deskbridge.ErrOutcomeUnknown,
// odoo.ErrAccess, ...). The command cmd/deskbridge runs all of it.
//
// # Paging
//
// Tickets.List makes one search_read with the options' Limit and Offset;
// Tickets.All returns an iter.Seq2 that reads every matching ticket a page
// at a time, by id (id > last seen), so memory stays bounded by the page
// size and a table that changes underneath is neither repeated nor
// skipped. TicketListOptions.Workers reads pages several at a time, still
// in order. Tickets.Count counts without reading; Tickets.Changes is a
// change feed over odoo.Model.Changes (tickets created or written since a
// stored cursor), and Tickets.Missing finds deleted tickets.
//
// # Custom fields
//
// Fields a helpdesk adds (x_ fields, a module's) go through the typed API:
// WithTicketFields names them once for the Service, every Tickets.List,
// All, Get and Changes reads them into Ticket.Extra as the server's JSON,
// and TicketField[T] decodes one (false as the zero value, many2one as
// odoo.Many2One, datetimes as time.Time). TicketCreate.Extra and
// TicketUpdate.Extra write them by field name. Tickets read with extra
// fields, and those of a Flavor with other ticket field names, decode
// through the odoo package's one-pass decoder too, into a record type
// built at run time from the flavor's names and the extra fields.
package helpdesk
