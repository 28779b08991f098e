// Package golden16 holds odoogen's output for the helpdesk.ticket
// fields_get captured on Odoo 16 (OCA helpdesk_mgmt): the golden file
// odoogen's tests compare with and compile against odootest.
package golden16

//go:generate go run github.com/deskbridge/deskbridge/cmd/odoogen -from ../../../../testdata/fixtures/odoo16/14-execute_kw-fields_get-ticket.json -model helpdesk.ticket -type Ticket -o ticket_gen.go
