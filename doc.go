// Package deskbridge is the map of an SDK for Go services that work with
// helpdesks: Odoo Helpdesk above all, the legacy Jutda (django-helpdesk)
// HTTP API, and the Ekiclik product and order exchange that runs over an
// Odoo REST add-on. This package holds what every layer shares: the
// failure vocabulary, one name per meaning (ErrInvalidArgument,
// ErrOutcomeUnknown, ErrNotApplied, ErrNotFound, ErrRateLimited,
// ErrUnsupported, ErrBodyTooLarge, ErrRedirectRefused) with its three error
// types (ArgumentError, RateLimitError, NotFoundError), Secret (how configurations
// and clients hold passwords, API keys and tokens so that nothing prints
// them), Ptr and the Observer call hook. The work is done by its
// sub-packages, lowest layer first:
//
//   - [github.com/deskbridge/deskbridge/domain]: Odoo search domains. A
//     typed builder (domain.Eq, domain.In, domain.Or, ...), encoding to
//     Odoo's prefix-list JSON, parsing from JSON and from the Python-literal
//     text Odoo stores, validation, and Match to evaluate a domain against a
//     record.
//   - [github.com/deskbridge/deskbridge/odoo]: the generic model client. One
//     Client for search_read, read, create, write, unlink, search_count,
//     fields_get, name_search, read_group and any method through CallMethod, over
//     four protocols: JSON-RPC (/jsonrpc), web session (/web/dataset/call_kw),
//     Odoo 19 JSON-2 (/json/2) and the REST v2 add-on (OAuth2). Value types
//     for many2one, x2many commands, dates and datetimes; typed models with
//     generics and iter.Seq2 paging; errors usable with errors.Is.
//   - [github.com/deskbridge/deskbridge/odoo/odootest]: an in-memory Odoo that
//     speaks all four protocols, with demo data, a call log and fault
//     injection, for tests and demos.
//   - [github.com/deskbridge/deskbridge/helpdesk]: typed services for tickets,
//     teams, stages, types, tags, SLAs and chatter on Odoo Enterprise
//     Helpdesk and the OCA helpdesk_mgmt module, and ticket transfer between
//     two Odoo instances.
//   - [github.com/deskbridge/deskbridge/jutda]: a client for the legacy
//     django-helpdesk API, with [github.com/deskbridge/deskbridge/jutda/jutdatest].
//   - [github.com/deskbridge/deskbridge/ekiclik]: the Ekiclik exchange payloads
//     and a client for the odoo-rest-api /api/<model>/ routes they travel on,
//     with [github.com/deskbridge/deskbridge/ekiclik/ekiclitest].
//   - [github.com/deskbridge/deskbridge/fault]: the fault kinds the three
//     fakes inject (one table of meanings), Fault and the call log's Call.
//   - [github.com/deskbridge/deskbridge/odoo/odoogen]: Go structs with odoo
//     tags from a model's fields_get, behind the odoogen command.
//
// Two commands: cmd/deskbridge checks destinations, transfers tickets
// between Odoo databases and reads the transfer history; cmd/odoogen
// writes odoo-tagged structs (go generate).
//
// Every client shares one HTTP transport (internal/transport): retries that
// never repeat a call the server may have applied unless it is a read,
// client-side rate limiting, Retry-After, a response size cap, and log/slog
// logging with passwords, API keys, tokens and session ids redacted.
package deskbridge
