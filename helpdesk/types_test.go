package helpdesk

import (
	"encoding/json"
	"testing"
)

func TestDecodeTicketOdooShapes(t *testing.T) {
	// capture 05's first row (OCA), with Odoo's false for empty values
	raw := `{"id": 1, "name": "Problem with the delivery of goods", "description": "<p>Problem with the delivery of goods</p>",
		"stage_id": [1, "New"], "team_id": [2, "Helpdesk"], "user_id": [1, "OdooBot"], "partner_id": [11, "Gemini Furniture"],
		"partner_name": false, "partner_email": false, "tag_ids": [], "priority": "1", "create_date": "2026-11-24 15:40:58",
		"closed_date": false, "type_id": false, "number": "HT00001"}`
	var r row
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		t.Fatal(err)
	}
	tk, err := OCA.decodeTicket(r)
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
		var r row
		if err := json.Unmarshal([]byte(b), &r); err != nil {
			t.Fatal(err)
		}
		if _, err := OCA.decodeTicket(r); err == nil {
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
		var r row
		if json.Unmarshal([]byte(s), &r) != nil {
			return
		}
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
