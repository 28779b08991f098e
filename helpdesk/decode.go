package helpdesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// row is one record as search_read or read answer it, field by field. The
// typed values are decoded through the flavor's field names, so one Go type
// serves both schemas and only the mapped columns are fetched.
type row map[string]json.RawMessage

// decoder reads typed values out of a row and keeps the first error.
type decoder struct {
	r     row
	model string
	err   error
}

func (d *decoder) fail(field string, raw json.RawMessage, want string) {
	if d.err == nil {
		s := string(raw)
		if len(s) > 60 {
			s = s[:60] + "..."
		}
		d.err = fmt.Errorf("helpdesk: decode %s.%s: want %s, got %s", d.model, field, want, s)
	}
}

// raw returns the field's JSON, or nil when the field is not mapped, not
// in the row, null or Odoo's false for an empty value.
func (d *decoder) raw(field string) json.RawMessage {
	if field == "" {
		return nil
	}
	v, ok := d.r[field]
	if !ok {
		return nil
	}
	v = bytes.TrimSpace(v)
	if bytes.Equal(v, []byte("false")) || bytes.Equal(v, []byte("null")) || len(v) == 0 {
		return nil
	}
	return v
}

func (d *decoder) int(field string) int64 {
	v := d.raw(field)
	if v == nil {
		return 0
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil {
		// Some servers answer integers as floats (1.0).
		f, ferr := strconv.ParseFloat(string(v), 64)
		if ferr != nil || f != float64(int64(f)) {
			d.fail(field, v, "an integer")
			return 0
		}
		n = int64(f)
	}
	return n
}

func (d *decoder) float(field string) float64 {
	v := d.raw(field)
	if v == nil {
		return 0
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil {
		d.fail(field, v, "a number")
	}
	return f
}

func (d *decoder) bool(field string) bool {
	v := d.raw(field)
	if v == nil {
		return false
	}
	if string(v) == "true" {
		return true
	}
	d.fail(field, v, "a boolean")
	return false
}

func (d *decoder) str(field string) string {
	v := d.raw(field)
	if v == nil {
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		d.fail(field, v, "a string")
	}
	return s
}

// m2o reads a many2one through odoo.Many2One's decoder (the one the
// typed path uses): [id, "name"], [id], a bare id, ids answered as 1.0,
// or false.
func (d *decoder) m2o(field string) odoo.Many2One {
	v := d.raw(field)
	var m odoo.Many2One
	if v == nil {
		return m
	}
	if err := m.UnmarshalJSON(v); err != nil {
		d.fail(field, v, "[id, name]")
		return odoo.Many2One{}
	}
	return m
}

// ids reads an x2many as a list of ids through odoo.IDs's decoder.
func (d *decoder) ids(field string) []int64 {
	v := d.raw(field)
	if v == nil {
		return nil
	}
	var ids odoo.IDs
	if err := ids.UnmarshalJSON(v); err != nil {
		d.fail(field, v, "a list of ids")
		return nil
	}
	return []int64(ids)
}

// time reads an Odoo datetime or date through odoo.DateTime's decoder
// (UTC "2006-01-02 15:04:05", the ISO forms of REST add-ons, a date).
func (d *decoder) time(field string) time.Time {
	v := d.raw(field)
	if v == nil {
		return time.Time{}
	}
	var t odoo.DateTime
	if err := t.UnmarshalJSON(v); err != nil {
		d.fail(field, v, "a datetime")
		return time.Time{}
	}
	return t.Time.UTC()
}

// fieldList returns the non-empty names, "id" first, without repeats.
func fieldList(names ...string) []string {
	out := make([]string, 0, len(names)+1)
	seen := map[string]bool{"id": true}
	out = append(out, "id")
	for _, n := range names {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// ticketRow is a ticket as search_read and read answer it under the
// built-in flavors' field names, for the odoo package's one-pass typed
// decoder (no map and no copy of each field's bytes per record). The
// fields named differently by Enterprise and OCA are here under both
// names; the flavor says which one is the ticket's (ticketFromRow), so a
// field the flavor does not map stays zero whatever the server sends.
type ticketRow struct {
	// A float, as decoder.int accepts ids answered as 1.0; every Odoo id
	// (PostgreSQL integer) is exact in a float64.
	ID           float64       `odoo:"id"`
	Name         string        `odoo:"name"`
	Description  string        `odoo:"description"`
	Number       string        `odoo:"number"`     // OCA
	TicketRef    string        `odoo:"ticket_ref"` // Enterprise
	Team         odoo.Many2One `odoo:"team_id"`
	Stage        odoo.Many2One `odoo:"stage_id"`
	User         odoo.Many2One `odoo:"user_id"`
	Partner      odoo.Many2One `odoo:"partner_id"`
	PartnerName  string        `odoo:"partner_name"`
	PartnerEmail string        `odoo:"partner_email"`
	Priority     string        `odoo:"priority"`
	TypeID       odoo.Many2One `odoo:"type_id"`        // OCA
	TicketTypeID odoo.Many2One `odoo:"ticket_type_id"` // Enterprise
	Tags         odoo.IDs      `odoo:"tag_ids"`
	CreateDate   time.Time     `odoo:"create_date"`
	WriteDate    time.Time     `odoo:"write_date"`
	CloseDate    time.Time     `odoo:"close_date"`  // Enterprise
	ClosedDate   time.Time     `odoo:"closed_date"` // OCA
}
