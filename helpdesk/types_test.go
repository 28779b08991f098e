package helpdesk

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/deskbridge/deskbridge/odoo"
)

func TestDecodeTicketOdooShapes(t *testing.T) {
	// capture 05's first row (OCA), with Odoo's false for empty values
	raw := `{"id": 1, "name": "Problem with the delivery of goods", "description": "<p>Problem with the delivery of goods</p>",
		"stage_id": [1, "New"], "team_id": [2, "Helpdesk"], "user_id": [1, "OdooBot"], "partner_id": [11, "Gemini Furniture"],
		"partner_name": false, "partner_email": false, "tag_ids": [], "priority": "1", "create_date": "2026-11-24 15:40:58",
		"closed_date": false, "type_id": false, "number": "HT00001"}`
	tk, err := OCA.decodeTicket(json.RawMessage(raw))
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID != 1 || tk.Stage.Name != "New" || tk.Team.ID != 2 || tk.Partner.Name != "Gemini Furniture" || tk.PartnerName != "" ||
		tk.Priority != PriorityMedium || tk.Number != "HT00001" || !tk.ClosedAt.IsZero() || tk.Type.ID != 0 ||
		tk.CreatedAt.Format("2006-01-02 15:04:05") != "2026-11-24 15:40:58" || len(tk.TagIDs) != 0 {
		t.Errorf("decoded %+v", tk)
	}
	bad := []string{
		`{"id": "x"}`,
		`{"id": 1, "stage_id": "New"}`,
		`{"id": 1, "tag_ids": [1, "a"]}`,
		`{"id": 1, "create_date": "yesterday"}`,
		`{"id": 1, "name": 5}`,
	}
	for _, b := range bad {
		if _, err := OCA.decodeTicket(json.RawMessage(b)); err == nil {
			t.Errorf("decodeTicket(%s) succeeded", b)
		}
	}
}

func FuzzDecodeTicket(f *testing.F) {
	for _, s := range []string{
		`{"id": 1, "name": "x", "stage_id": [1, "New"], "tag_ids": [1, 2], "priority": "2", "create_date": "2025-05-06T14:30:00"}`,
		`{"id": 2, "team_id": false, "user_id": [3], "closed_date": "2025-05-06"}`,
		`{"id": 1.0, "stage_id": 4}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(s), &obj) != nil {
			return
		}
		r := json.RawMessage(s)
		for _, fl := range []Flavor{Enterprise, OCA} {
			tk, err := fl.decodeTicket(r)
			if err != nil {
				continue
			}
			// What decoded must survive a second decode of the same row.
			again, err := fl.decodeTicket(r)
			if err != nil || again.ID != tk.ID || again.Name != tk.Name || again.Stage != tk.Stage {
				t.Fatalf("decoding %s twice differs: %+v vs %+v (%v)", s, tk, again, err)
			}
		}
	})
}

// TestDecodeTicketSharedName: a flavor naming one Odoo field for two
// ticket fields, or naming a mapped field in WithTicketFields, reads it
// for each (the run-time plan holds one field per name).
func TestDecodeTicketSharedName(t *testing.T) {
	f := OCA
	f.Ticket.Number = "name"
	tk, err := f.decodeTicket(json.RawMessage(`{"id": 3, "name": "HT7"}`))
	if err != nil || tk.Name != "HT7" || tk.Number != "HT7" {
		t.Fatalf("decoded %+v, %v", tk, err)
	}
	p := f.ticketPlanFor([]string{"team_id", "x_a"})
	rec := reflect.New(p.typ)
	if err := odoo.DecodeResult(json.RawMessage(`{"id": 3, "team_id": [5.0, "T"]}`), rec.Interface()); err != nil {
		t.Fatal(err)
	}
	tk, err = p.ticket(f.Ticket.Model, rec.Elem())
	if err != nil || tk.Team.ID != 5 || string(tk.Extra["team_id"]) != `[5.0, "T"]` || string(tk.Extra["x_a"]) != "null" {
		t.Fatalf("decoded %+v, %v", tk, err)
	}
}

// decodeTicket decodes one ticket record, raw JSON as search_read answers
// it, under f's field names, through f's run-time plan (as Tickets.Changes
// decodes its records).
func (f *Flavor) decodeTicket(raw json.RawMessage) (Ticket, error) {
	p := f.ticketPlanFor(nil)
	rec := reflect.New(p.typ)
	if err := odoo.DecodeResult(raw, rec.Interface()); err != nil {
		return Ticket{}, err
	}
	return p.ticket(f.Ticket.Model, rec.Elem())
}
