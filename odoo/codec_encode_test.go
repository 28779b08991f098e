package odoo

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

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
