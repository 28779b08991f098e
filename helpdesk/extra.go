package helpdesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
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

// TicketField decodes t.Extra[name] into a T through the odoo package's
// decoders (odoo.DecodeResult): a string, number or bool as is, integers
// by odoo's integer rule (3 and 3.0 read as 3, 3.5 is an error); an
// empty field (Odoo's false, or null) is the zero T; many2one values
// decode into odoo.Many2One, x2many ones into odoo.IDs or []int64, dates
// into odoo.Date, datetimes into odoo.DateTime or time.Time (UTC, as
// Ticket's times); a json.RawMessage gets the JSON as sent, false
// included. A name not in Extra (not given to WithTicketFields) is an
// error matching deskbridge.ErrInvalidArgument; a value of another shape is an error
// that shows it.
func TicketField[T any](t Ticket, name string) (T, error) {
	var v T
	raw, ok := t.Extra[name]
	if !ok {
		return v, invalid("TicketField", "field %q was not read: name it in WithTicketFields", name)
	}
	if r, isRaw := any(&v).(*json.RawMessage); isRaw {
		*r = slices.Clone(raw)
		return v, nil
	}
	raw = bytes.TrimSpace(raw)
	if bytes.Equal(raw, []byte("false")) || bytes.Equal(raw, []byte("null")) {
		return v, nil
	}
	var err error
	if tp, isTime := any(&v).(*time.Time); isTime {
		var dt odoo.DateTime
		err = json.Unmarshal(raw, &dt)
		*tp = dt.Time
	} else {
		err = odoo.DecodeResult(raw, &v) // odoo's decoders: its integer rule, Many2One, ...
	}
	if err != nil {
		return v, fmt.Errorf("helpdesk: ticket %d field %s: got %s: %w", t.ID, name, snippet(raw), err)
	}
	return v, nil
}

// checkExtraValues refuses an Extra value of a create or write that names
// no field.
func checkExtraValues(arg string, vals map[string]any) error {
	if _, ok := vals[""]; ok {
		return invalid(arg, "has a value without a field name")
	}
	return nil
}
