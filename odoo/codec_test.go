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

func TestFields(t *testing.T) {
	got := Fields[testTicket]()
	want := []string{"id", "name", "description", "stage_id", "partner_id", "partner_email", "tag_ids", "priority",
		"create_date", "closed_date", "date_deadline", "active", "color", "hours", "datas", "extra", "raw"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Fields = %v\nwant     %v", got, want)
	}
	if Fields[map[string]any]() != nil || Fields[struct{ A int }]() != nil {
		t.Error("Fields of untagged types should be nil")
	}
	got[0] = "changed"
	if Fields[testTicket]()[0] != "id" {
		t.Error("Fields returned the cached slice")
	}
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

func TestEncodeValues(t *testing.T) {
	tk := testTicket{
		testBase: testBase{ID: 5, Name: "N"},
		Stage:    Many2One{ID: 2, Name: "ignored"},
		Tags:     IDs{1, 2},
		Created:  time.Now(),
		Closed:   NewDateTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
		Ignored:  "x",
		NoTag:    "y",
	}
	m, err := encodeValues(tk)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	want := `{"closed_date":"2026-01-02 03:04:05","name":"N","priority":"","stage_id":2,"tag_ids":[[6,0,[1,2]]]}`
	if string(b) != want {
		t.Errorf("encode = %s\nwant     %s", b, want)
	}
	type withTime struct {
		When time.Time `odoo:"when"`
		Zero time.Time `odoo:"zero"`
		Ptr  *string   `odoo:"ptr,omitempty"`
	}
	m, _ = encodeValues(&withTime{When: time.Date(2026, 1, 2, 4, 4, 5, 0, time.FixedZone("X", 3600))})
	if b, _ := json.Marshal(m); string(b) != `{"when":"2026-01-02 03:04:05","zero":false}` {
		t.Errorf("time encode = %s", b)
	}
	if m, err := encodeValues(map[string]int{"a": 1}); err != nil || m["a"] != 1 {
		t.Errorf("map encode = %v, %v", m, err)
	}
	for _, bad := range []any{42, "s", []int{1}, struct{ A int }{}} {
		if _, err := encodeValues(bad); err == nil {
			t.Errorf("encodeValues(%T) accepted", bad)
		}
	}
}

func TestNullFalse(t *testing.T) {
	keep := map[string]bool{"b": true}
	tests := []struct{ in, want string }{
		{`{"a": false, "b": false}`, `{"a": null , "b": false}`},
		{`{"a":false}`, `{"a":null }`},
		{`["false", false, {"x": [false]}]`, `["false", false, {"x": [false]}]`},
		{`{"s": "a\"b", "t":false}`, `{"s": "a\"b", "t":null }`},
		{`{"s": "a\\", "t":false}`, `{"s": "a\\", "t":null }`},
		{`{"unterminated": "false`, `{"unterminated": "false`},
		{`{"a": fals`, `{"a": fals`},
	}
	for _, tc := range tests {
		if got := string(nullFalse([]byte(tc.in), keep)); got != tc.want {
			t.Errorf("nullFalse(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestNullFalseEscapedKey(t *testing.T) {
	got := string(nullFalse([]byte(`{"\u0061ctive":false,"x\"y":false}`), map[string]bool{"active": true}))
	if got != `{"\u0061ctive":false,"x\"y":null }` {
		t.Errorf("nullFalse = %s", got)
	}
}

func TestEncodeValuesTimes(t *testing.T) {
	when := time.Date(2026, 1, 2, 4, 4, 5, 0, time.FixedZone("X", 3600))
	in := Values{"a": when, "b": &when, "c": time.Time{}, "d": 1}
	m, err := encodeValues(in)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	if string(b) != `{"a":"2026-01-02 03:04:05","b":"2026-01-02 03:04:05","c":false,"d":1}` {
		t.Errorf("encode = %s", b)
	}
	if _, ok := in["a"].(time.Time); !ok {
		t.Error("the caller's map was modified")
	}
	plain := map[string]any{"x": 1}
	if m, _ := encodeValues(plain); reflect.ValueOf(m).Pointer() != reflect.ValueOf(plain).Pointer() {
		t.Error("a map without times was copied")
	}
}
