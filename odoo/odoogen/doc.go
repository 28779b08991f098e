// Package odoogen writes Go structs with `odoo` tags for Odoo models, from
// a live server's fields_get or a saved one. The command
// github.com/deskbridge/deskbridge/cmd/odoogen runs it (go generate):
//
//	//go:generate go run github.com/deskbridge/deskbridge/cmd/odoogen -from fields.json -model helpdesk.ticket -type Ticket -pkg tickets -o ticket_gen.go
//
// Field types map to the Go types odoo.NewModel decodes:
//
//	char, text, html            string
//	integer                     int64
//	float, monetary             float64
//	boolean                     bool
//	date, datetime              odoo.Date, odoo.DateTime
//	binary                      []byte (base64 on the wire)
//	selection                   a named string type, its values as constants
//	                            (labels in comments); int64 when every value
//	                            is a number
//	many2one                    odoo.Many2One
//	one2many, many2many         odoo.IDs
//	reference                   string ("model,id"; empty when unset)
//	many2one_reference          int64 (the record id; its model is in another
//	                            field, as Odoo reads it)
//	json, properties,           json.RawMessage, the field's JSON as the server
//	properties_definition       sends it (false when empty); decode it yourself
//	any other type              json.RawMessage
//
// Readonly fields get the readonly tag option (read, never written), id
// too; every writable field omitempty (left out of Create and Write when
// zero, so a struct does not clear what it did not set and server defaults
// apply; write odoo.Values to clear a field). Required is said in the doc
// comment, with the label, type, relation and help text. Fields are sorted by name (id first), the
// output is gofmt'ed and depends only on its input.
package odoogen
