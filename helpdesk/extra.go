package helpdesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// WithTicketFields makes the Service read these ticket fields too (custom
// x_ fields, or any the typed Ticket does not map) in Tickets.List, Get,
// All and Changes, into Ticket.Extra as raw JSON per field; read one with
// TicketField. Write them with TicketCreate.Extra and TicketUpdate.Extra.
// A name the server lacks fails the reads with the server's "Invalid
// field" error, so name only fields that exist (odoo.Client.FieldsGet
// lists them).
//
// This is the one way the typed API carries custom fields: Extra rather
// than a generic TicketsOf[T], so that every helpdesk call keeps its
// Ticket type, and a field added later needs no new type.
func WithTicketFields(names ...string) Option {
	return func(c *config) { c.extra = append(c.extra, names...) }
}

// checkExtraFields refuses names that are not field names.
func checkExtraFields(names []string) error {
	for i, n := range names {
		if n == "" || strings.ContainsAny(n, " ,.\"'") {
			return invalid(fmt.Sprintf("WithTicketFields[%d]", i), "%q is not a field name", n)
		}
	}
	return nil
}

// withExtra is fields plus the extra names it lacks.
func withExtra(fields, extra []string) []string {
	out := slices.Clone(fields)
	for _, n := range extra {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// extraOf picks the extra fields of r.
func extraOf(r row, extra []string) map[string]json.RawMessage {
	m := make(map[string]json.RawMessage, len(extra))
	for _, n := range extra {
		if v, ok := r[n]; ok {
			m[n] = v
		}
	}
	return m
}

// TicketField decodes t.Extra[name] into a T: a string, number or bool
// as is; an empty field (Odoo's false) is the zero T unless T is bool;
// many2one values decode into odoo.Many2One, x2many ones into odoo.IDs or
// []int64, dates into odoo.Date / odoo.DateTime. A name not in Extra (not
// given to WithTicketFields) is an error matching ErrInvalidArgument.
func TicketField[T any](t Ticket, name string) (T, error) {
	var v T
	raw, ok := t.Extra[name]
	if !ok {
		return v, invalid("TicketField", "field %q was not read: name it in WithTicketFields", name)
	}
	if _, isBool := any(v).(bool); !isBool && bytes.Equal(bytes.TrimSpace(raw), []byte("false")) {
		return v, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("helpdesk: ticket %d field %s: %w", t.ID, name, err)
	}
	return v, nil
}
