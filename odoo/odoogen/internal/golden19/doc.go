// Package golden19 holds odoogen's output for the helpdesk.ticket
// fields_get captured on Odoo 19 (OCA helpdesk_mgmt, JSON-2): the golden
// file odoogen's tests compare with and compile against odootest.
package golden19

//go:generate go run github.com/deskbridge/deskbridge/cmd/odoogen -from ../../../../testdata/fixtures/odoo19/12-json2-fields_get-ticket.json -model helpdesk.ticket -type Ticket -o ticket_gen.go
