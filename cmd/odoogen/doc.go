// Command odoogen writes Go structs with `odoo` tags (for odoo.NewModel)
// for Odoo models, from a saved fields_get answer or a live server:
//
//	odoogen -from fields.json -model helpdesk.ticket -type Ticket -pkg tickets -o ticket_gen.go
//	odoogen -model helpdesk.ticket,helpdesk.ticket.stage -type Ticket,Stage -pkg tickets -o models_gen.go
//
// From go generate:
//
//	//go:generate go run github.com/deskbridge/deskbridge/cmd/odoogen -from fields.json -model helpdesk.ticket -type Ticket -o ticket_gen.go
//
// -from reads a file holding one model's fields_get answer: the bare result
// object, a JSON-RPC reply, a capture file of either, or Odoo 19's
// /doc-bearer/<model>.json answer. Without -from odoogen asks the server
// the ODOO_* variables name (odoo.ReadEnv: ODOO_URL, ODOO_DB, ODOO_LOGIN,
// ODOO_PASSWORD or ODOO_API_KEY, ODOO_PROTOCOL...) over any protocol,
// one fields_get per model. -type names the Go types, in the order of
// -model (default: the model name in CamelCase); -pkg defaults to
// $GOPACKAGE (set by go generate); -fields keeps only the fields named
// (one model); -o writes the file (default: standard output).
//
// The type mapping and tags are package odoogen's
// (github.com/deskbridge/deskbridge/odoo/odoogen). The exit status is 0 on
// success, 1 when the server or the file fails, 2 for a bad command line.
package main
