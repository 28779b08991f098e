package odoo

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

type testBase struct {
	ID   int64  `odoo:"id"`
	Name string `odoo:"name"`
}

type testTicket struct {
	testBase
	Description string          `odoo:"description,omitempty"`
	Stage       Many2One        `odoo:"stage_id"`
	Partner     Many2One        `odoo:"partner_id,omitempty"`
	Email       string          `odoo:"partner_email,omitempty"`
	Tags        IDs             `odoo:"tag_ids,omitempty"`
	Priority    string          `odoo:"priority"`
	Created     time.Time       `odoo:"create_date,readonly"`
	Closed      DateTime        `odoo:"closed_date,omitempty"`
	Deadline    Date            `odoo:"date_deadline,omitempty"`
	Active      bool            `odoo:"active,omitempty"`
	Color       int             `odoo:"color,omitempty"`
	Hours       float64         `odoo:"hours,omitempty"`
	File        []byte          `odoo:"datas,omitempty"`
	Extra       any             `odoo:"extra,omitempty"`
	Raw         json.RawMessage `odoo:"raw,omitempty"`
	Ignored     string          `odoo:"-"`
	NoTag       string
}

func TestDecodeFalseAsZero(t *testing.T) {
	raw := []byte(`[
	 {"id": 1, "name": "Printer", "description": false, "stage_id": [1, "New"], "partner_id": false,
	  "partner_email": false, "tag_ids": [1, 2], "priority": "1", "create_date": "2026-11-24 15:40:58",
	  "closed_date": false, "date_deadline": "2026-12-01", "active": false, "color": false, "hours": false,
	  "datas": "aGVsbG8=", "extra": false, "raw": false, "unknown": false, "other": {"k": false}},
	 {"id": 2, "name": "has \"false\" inside: false", "description": "x", "stage_id": false, "partner_id": [3, "A, B"],
	  "partner_email": "a@b.c", "tag_ids": [], "priority": "0", "create_date": false,
	  "closed_date": "2026-11-25 10:00:00", "date_deadline": false, "active": true, "color": 3, "hours": 1.5,
	  "datas": false, "extra": {"a": 1}, "raw": [1]}
	]`)
	got, ids, err := decodeRecords[testTicket](raw)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []int64{1, 2}) {
		t.Errorf("ids = %v", ids)
	}
	want := []testTicket{
		{testBase: testBase{1, "Printer"}, Stage: Many2One{1, "New"}, Tags: IDs{1, 2}, Priority: "1",
			Created: time.Date(2026, 11, 24, 15, 40, 58, 0, time.UTC), Deadline: NewDate(2026, 12, 1),
			File: []byte("hello"), Extra: false, Raw: json.RawMessage("false")},
		{testBase: testBase{2, `has "false" inside: false`}, Description: "x", Partner: Many2One{3, "A, B"},
			Email: "a@b.c", Tags: IDs{}, Priority: "0", Closed: NewDateTime(time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)),
			Active: true, Color: 3, Hours: 1.5, Extra: map[string]any{"a": float64(1)}, Raw: json.RawMessage("[1]")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, want)
	}
	// The input was not modified.
	if !json.Valid(raw) || string(raw[20:30]) == "" {
		t.Fatal("input damaged")
	}
	var one testTicket
	if err := decodeInto(json.RawMessage(`{"id": 9, "name": false, "stage_id": false}`), &one); err != nil || one.ID != 9 || one.Name != "" {
		t.Errorf("decode one = %+v, %v", one, err)
	}
	var ptrs []*testTicket
	if err := decodeInto(raw, &ptrs); err != nil || len(ptrs) != 2 || ptrs[1].Partner.ID != 3 {
		t.Errorf("decode []*T = %v, %v", ptrs, err)
	}
	var s string
	if err := decodeInto(json.RawMessage(`false`), &s); err != nil || s != "" {
		t.Errorf("decode false into string = %q, %v", s, err)
	}
	var b bool
	if err := decodeInto(json.RawMessage(`true`), &b); err != nil || !b {
		t.Errorf("decode bool = %v, %v", b, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		out  any
	}{
		{"type mismatch", `[{"id": 1, "name": 5}]`, &[]testTicket{}},
		{"bad many2one", `[{"id": 1, "stage_id": "x"}]`, &[]testTicket{}},
		{"bad date", `[{"id": 1, "date_deadline": "soon"}]`, &[]testTicket{}},
		{"not a list", `{"id": 1}`, &[]testTicket{}},
		{"truncated", `[{"id": 1, "name": "x`, &[]testTicket{}},
		{"not a pointer", `[]`, []testTicket{}},
	}
	for _, tc := range tests {
		if err := decodeInto(json.RawMessage(tc.raw), tc.out); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
