package helpdesk

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// addCustomField creates a manual x_ field on the ticket model through
// ir.model.fields, as Settings > Technical > Fields does.
func (e *env) addCustomField(name, ttype string) {
	e.t.Helper()
	model := "helpdesk.ticket"
	ms, err := e.client.SearchRead(e.ctx, "ir.model", domain.Eq("model", model), &odoo.SearchOptions{Fields: []string{"id"}})
	if err != nil || len(ms) != 1 {
		e.t.Fatalf("ir.model of %s: %v %v", model, ms, err)
	}
	if _, err := e.client.Create(e.ctx, "ir.model.fields", map[string]any{
		"name": name, "model_id": ms[0]["id"], "model": model, "state": "manual", "ttype": ttype, "field_description": name,
	}, nil); err != nil {
		e.t.Fatalf("create field %s: %v", name, err)
	}
}

// Custom fields are read and written through Tickets.List, All, Get,
// Create and Update, on every flavor and protocol.
func TestExtraFieldsRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.addCustomField("x_customer_ref", "char")
		e.addCustomField("x_escalations", "integer")
		e.addCustomField("x_due", "date")
		e.addCustomField("x_vip", "boolean")
		e.addCustomField("x_last_contact", "datetime")
		hd, err := New(e.client, WithTicketFields("x_customer_ref", "x_escalations", "x_due", "x_vip", "x_last_contact"))
		if err != nil {
			t.Fatal(err)
		}
		some, err := New(e.client, WithTicketFields("x_customer_ref"))
		if err != nil {
			t.Fatal(err)
		}
		contact := time.Date(2026, 11, 30, 9, 30, 0, 0, time.UTC)
		id, err := hd.Tickets.Create(e.ctx, TicketCreate{Name: "Custom", Description: "<p>x</p>", TeamID: e.fx.team,
			Extra: map[string]any{"x_customer_ref": "CUST-42", "x_escalations": 2, "x_due": odoo.NewDate(2026, 12, 24),
				"x_vip": true, "x_last_contact": odoo.NewDateTime(contact)}})
		if err != nil {
			t.Fatal(err)
		}

		// Get: the Service's extra fields, and only those.
		if only, err := some.Tickets.Get(e.ctx, id); err != nil || len(only.Extra) != 1 {
			t.Errorf("Get with one extra field: %v, %v", only.Extra, err)
		} else if _, err := TicketField[int64](only, "x_escalations"); !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("x_escalations was not asked for, got err %v", err)
		}
		got, err := hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ref, err := TicketField[string](got, "x_customer_ref"); err != nil || ref != "CUST-42" {
			t.Errorf("x_customer_ref = %q, %v", ref, err)
		}
		if n, err := TicketField[int64](got, "x_escalations"); err != nil || n != 2 {
			t.Errorf("x_escalations = %d, %v", n, err)
		}
		if got.Name != "Custom" || got.Team.ID != e.fx.team {
			t.Errorf("typed fields lost: %+v", got)
		}

		// List, filtered on a custom field.
		list, err := hd.Tickets.List(e.ctx, &TicketListOptions{Where: domain.Eq("x_customer_ref", "CUST-42")})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != id {
			t.Fatalf("List by x_customer_ref: %+v", list)
		}
		lt := list[0]
		if d, err := TicketField[odoo.Date](lt, "x_due"); err != nil || d != odoo.NewDate(2026, 12, 24) {
			t.Errorf("x_due = %v, %v", d, err)
		}
		if v, err := TicketField[bool](lt, "x_vip"); err != nil || !v {
			t.Errorf("x_vip = %v, %v", v, err)
		}
		if at, err := TicketField[time.Time](lt, "x_last_contact"); err != nil || !at.Equal(contact) {
			t.Errorf("x_last_contact = %v, %v", at, err)
		}

		// Update: write and clear custom fields.
		if err := hd.Tickets.Update(e.ctx, id, TicketUpdate{Extra: map[string]any{"x_customer_ref": false, "x_escalations": 3}}); err != nil {
			t.Fatal(err)
		}
		// All, one page at a time and with workers.
		for _, workers := range []int{0, 2} {
			var seen []Ticket
			for tk, err := range hd.Tickets.All(e.ctx, &TicketListOptions{TeamID: e.fx.team, PageSize: 2, Workers: workers}) {
				if err != nil {
					t.Fatal(err)
				}
				if tk.ID == id {
					seen = append(seen, tk)
				}
				if _, ok := tk.Extra["x_vip"]; !ok {
					t.Errorf("ticket %d lacks x_vip: %v", tk.ID, tk.Extra)
				}
			}
			if len(seen) != 1 {
				t.Fatalf("workers %d: ticket %d seen %d times", workers, id, len(seen))
			}
			after := seen[0]
			if ref, err := TicketField[string](after, "x_customer_ref"); err != nil || ref != "" || string(after.Extra["x_customer_ref"]) != "false" {
				t.Errorf("cleared x_customer_ref = %q (raw %s), %v", ref, after.Extra["x_customer_ref"], err)
			}
			if n, _ := TicketField[int64](after, "x_escalations"); n != 3 {
				t.Errorf("x_escalations after update = %d", n)
			}
		}

		// Without extra fields nothing changes: no Extra, the typed path.
		plain, err := e.hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Extra != nil {
			t.Errorf("Extra without extra fields: %v", plain.Extra)
		}
	})
}

// Extra values without a field name are refused before any request; a
// field the server lacks is the server's error.
func TestExtraFieldsRefused(t *testing.T) {
	e := newEnv(t, "oca", odoo.JSONRPC)
	before := len(e.srv.Calls())
	if _, err := e.hd.Tickets.Create(e.ctx, TicketCreate{Name: "n", Extra: map[string]any{"": 1}}); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("Create with an unnamed Extra value: %v", err)
	}
	if err := e.hd.Tickets.Update(e.ctx, 1, TicketUpdate{Extra: map[string]any{"": 1}}); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("Update with an unnamed Extra value: %v", err)
	}
	if n := len(e.srv.Calls()); n != before {
		t.Errorf("%d requests sent for refused arguments", n-before)
	}
	hd, err := New(e.client, WithTicketFields("x_missing"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = hd.Tickets.List(e.ctx, nil)
	var oe *odoo.Error
	if !errors.As(err, &oe) {
		t.Errorf("unknown field: want the server's *odoo.Error, got %v", err)
	}
}

func TestTicketFieldDecodes(t *testing.T) {
	tk := Ticket{ID: 5, Extra: map[string]json.RawMessage{
		"m2o": json.RawMessage(`[3, "Azure"]`), "ids": json.RawMessage(`[1, 2]`), "dt": json.RawMessage(`"2026-12-01 10:00:00"`),
		"empty": json.RawMessage(`false`), "null": json.RawMessage(`null`), "obj": json.RawMessage(`{"a": 1}`),
		"word": json.RawMessage(`"x"`), "sel": json.RawMessage(`"gold"`),
	}}
	if v, err := TicketField[odoo.Many2One](tk, "m2o"); err != nil || v != (odoo.Many2One{ID: 3, Name: "Azure"}) {
		t.Errorf("many2one: %v %v", v, err)
	}
	if v, err := TicketField[odoo.IDs](tk, "ids"); err != nil || !slices.Equal(v, odoo.IDs{1, 2}) {
		t.Errorf("IDs: %v %v", v, err)
	}
	if v, err := TicketField[[]int64](tk, "ids"); err != nil || !slices.Equal(v, []int64{1, 2}) {
		t.Errorf("[]int64: %v %v", v, err)
	}
	want := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if v, err := TicketField[time.Time](tk, "dt"); err != nil || !v.Equal(want) {
		t.Errorf("time.Time: %v %v", v, err)
	}
	if v, err := TicketField[odoo.DateTime](tk, "dt"); err != nil || !v.Equal(want) {
		t.Errorf("odoo.DateTime: %v %v", v, err)
	}
	for _, f := range []string{"empty", "null"} {
		if v, err := TicketField[string](tk, f); err != nil || v != "" {
			t.Errorf("string from %s: %q %v", f, v, err)
		}
		if v, err := TicketField[odoo.Many2One](tk, f); err != nil || !v.IsZero() {
			t.Errorf("many2one from %s: %v %v", f, v, err)
		}
	}
	if v, err := TicketField[json.RawMessage](tk, "empty"); err != nil || string(v) != "false" {
		t.Errorf("raw false: %s %v", v, err)
	}
	if v, err := TicketField[map[string]int](tk, "obj"); err != nil || v["a"] != 1 {
		t.Errorf("object: %v %v", v, err)
	}
	type level string
	if v, err := TicketField[level](tk, "sel"); err != nil || v != "gold" {
		t.Errorf("named string: %v %v", v, err)
	}
	_, err := TicketField[int64](tk, "word")
	if err == nil || errors.Is(err, deskbridge.ErrInvalidArgument) || !containsAll(err.Error(), "word", "int64", `"x"`) {
		t.Errorf("int64 from a string: %v", err)
	}
	if _, err := TicketField[string](tk, "absent"); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("absent field: %v", err)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
