package odoo

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestMany2OneJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    Many2One
		wantErr bool
	}{
		{`[11, "Gemini Furniture"]`, Many2One{11, "Gemini Furniture"}, false},
		{`[3, "YourCompany, Mitchell Admin"]`, Many2One{3, "YourCompany, Mitchell Admin"}, false},
		{`false`, Many2One{}, false},
		{`null`, Many2One{}, false},
		{`7`, Many2One{ID: 7}, false},
		{`[7]`, Many2One{ID: 7}, false},
		{`[7, false]`, Many2One{ID: 7}, false},
		{`[]`, Many2One{}, false},
		{`{"id": 5, "display_name": "Five"}`, Many2One{5, "Five"}, false},
		{`{"id": 5, "name": "Five"}`, Many2One{5, "Five"}, false},
		{`"x"`, Many2One{}, true},
		{`[1, "a", 3]`, Many2One{}, true},
		{`[1.5, "a"]`, Many2One{}, true},
		{`["1", "a"]`, Many2One{}, true},
		{`true`, Many2One{}, true},
	}
	for _, tc := range tests {
		var m Many2One
		err := json.Unmarshal([]byte(tc.in), &m)
		if (err != nil) != tc.wantErr || m != tc.want {
			t.Errorf("Unmarshal(%s) = %+v, %v; want %+v, err %v", tc.in, m, err, tc.want, tc.wantErr)
		}
	}
	for _, tc := range []struct {
		in   Many2One
		want string
	}{{Many2One{}, "false"}, {Many2One{ID: 4, Name: "x"}, "4"}} {
		b, err := json.Marshal(tc.in)
		if err != nil || string(b) != tc.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tc.in, b, err, tc.want)
		}
	}
}

func TestIDsJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    IDs
		wantErr bool
	}{
		{`[1, 2]`, IDs{1, 2}, false},
		{`[]`, IDs{}, false},
		{`false`, nil, false},
		{`[[1, "a"], [2, "b"]]`, IDs{1, 2}, false},
		{`["a"]`, nil, true},
		{`{}`, nil, true},
	}
	for _, tc := range tests {
		var ids IDs
		err := json.Unmarshal([]byte(tc.in), &ids)
		if (err != nil) != tc.wantErr || !reflect.DeepEqual(ids, tc.want) {
			t.Errorf("Unmarshal(%s) = %#v, %v; want %#v", tc.in, ids, err, tc.want)
		}
	}
	if b, _ := json.Marshal(IDs(nil)); string(b) != "[]" {
		t.Errorf("Marshal(nil IDs) = %s", b)
	}
}

func TestCommandsJSON(t *testing.T) {
	tests := []struct {
		name string
		cmds Commands
		want string
	}{
		{"create", Commands{Create(Values{"name": "x"})}, `[[0,0,{"name":"x"}]]`},
		{"update", Commands{Update(4, map[string]any{"name": "y"})}, `[[1,4,{"name":"y"}]]`},
		{"delete", Commands{Delete(4)}, `[[2,4,0]]`},
		{"unlink", Commands{Unlink(4)}, `[[3,4,0]]`},
		{"link", Commands{Link(4)}, `[[4,4,0]]`},
		{"clear", Commands{Clear()}, `[[5,0,0]]`},
		{"set", Commands{Set(1, 2)}, `[[6,0,[1,2]]]`},
		{"set-empty", Commands{Set()}, `[[6,0,[]]]`},
		{"mixed", Commands{Link(1), Unlink(2), Create(nil)}, `[[4,1,0],[3,2,0],[0,0,{}]]`},
		{"struct-values", Commands{Create(struct {
			Name string `odoo:"name"`
			Skip string `odoo:"x,omitempty"`
		}{Name: "n"})}, `[[0,0,{"name":"n"}]]`},
		{"nil", nil, `[]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.cmds)
			if err != nil || string(b) != tc.want {
				t.Fatalf("Marshal = %s, %v; want %s", b, err, tc.want)
			}
			var back Commands
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			b2, _ := json.Marshal(back)
			if string(b2) != tc.want {
				t.Errorf("round trip = %s, want %s", b2, tc.want)
			}
		})
	}
	// A read x2many (plain ids) decodes as one Set.
	var cs Commands
	if err := json.Unmarshal([]byte(`[1, 2]`), &cs); err != nil || len(cs) != 1 || cs[0].Op != OpSet || !reflect.DeepEqual(cs[0].IDs, []int64{1, 2}) {
		t.Errorf("Unmarshal([1,2]) = %+v, %v", cs, err)
	}
	for _, bad := range []string{`[[9,0,0]]`, `[[]]`, `[[1,2,3,4]]`, `[["a"]]`, `{}`} {
		if err := json.Unmarshal([]byte(bad), &cs); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
	if _, err := json.Marshal(Command{Op: 9}); err == nil {
		t.Error("Marshal of op 9 accepted")
	}
	if _, err := json.Marshal(Commands{Create(42)}); err == nil {
		t.Error("Create(42) accepted")
	}
}

func TestDateTimeJSON(t *testing.T) {
	ts := time.Date(2026, 11, 24, 15, 42, 8, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{`"2026-11-24 15:42:08"`, ts, false},
		{`"2026-11-24 15:42:08.123456"`, ts.Add(123456 * time.Microsecond), false},
		{`"2026-11-24T15:42:08"`, ts, false},
		{`"2026-11-24T15:42:08Z"`, ts, false},
		{`"2026-11-24T16:42:08+01:00"`, ts, false},
		{`"2026-11-24"`, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), false},
		{`false`, time.Time{}, false},
		{`null`, time.Time{}, false},
		{`""`, time.Time{}, false},
		{`"24/11/2026"`, time.Time{}, true},
		{`"2026-13-24 00:00:00"`, time.Time{}, true},
		{`12`, time.Time{}, true},
	}
	for _, tc := range tests {
		var d DateTime
		err := json.Unmarshal([]byte(tc.in), &d)
		if (err != nil) != tc.wantErr || !d.Equal(tc.want) {
			t.Errorf("DateTime(%s) = %v, %v; want %v err=%v", tc.in, d, err, tc.want, tc.wantErr)
		}
		if err == nil && !d.IsZero() && d.Location() != time.UTC {
			t.Errorf("DateTime(%s) not UTC: %v", tc.in, d.Location())
		}
	}
	paris := time.FixedZone("CET", 3600)
	b, _ := json.Marshal(NewDateTime(ts.In(paris).Add(300 * time.Millisecond)))
	if string(b) != `"2026-11-24 15:42:08"` {
		t.Errorf("Marshal DateTime = %s", b)
	}
	if b, _ := json.Marshal(DateTime{}); string(b) != "false" {
		t.Errorf("Marshal zero DateTime = %s", b)
	}
	if NewDateTime(ts).String() != "2026-11-24 15:42:08" || (DateTime{}).String() != "" {
		t.Error("DateTime.String")
	}
}

func TestDateJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{`"2025-05-06"`, NewDate(2025, 5, 6), false},
		{`"2025-05-06 23:59:59"`, NewDate(2025, 5, 6), false},
		{`"2025-05-06T10:00:00Z"`, NewDate(2025, 5, 6), false},
		{`false`, Date{}, false},
		{`"2025-02-30"`, Date{}, true},
		{`"tomorrow"`, Date{}, true},
	}
	for _, tc := range tests {
		var d Date
		err := json.Unmarshal([]byte(tc.in), &d)
		if (err != nil) != tc.wantErr || !d.Equal(tc.want.Time) {
			t.Errorf("Date(%s) = %v, %v; want %v", tc.in, d, err, tc.want)
		}
	}
	if b, _ := json.Marshal(NewDate(2025, 5, 6)); string(b) != `"2025-05-06"` {
		t.Errorf("Marshal Date = %s", b)
	}
	if b, _ := json.Marshal(Date{}); string(b) != `false` {
		t.Errorf("Marshal zero Date = %s", b)
	}
}

func TestParseProtocol(t *testing.T) {
	for _, p := range []Protocol{JSONRPC, WebSession, JSON2, RESTv2} {
		got, err := ParseProtocol(p.String())
		if err != nil || got != p {
			t.Errorf("ParseProtocol(%q) = %v, %v", p.String(), got, err)
		}
	}
	for in, want := range map[string]Protocol{"JSON-RPC": JSONRPC, "session": WebSession, "JSON-2": JSON2, " REST ": RESTv2} {
		if got, err := ParseProtocol(in); err != nil || got != want {
			t.Errorf("ParseProtocol(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseProtocol("xmlrpc"); err == nil {
		t.Error("ParseProtocol(xmlrpc) accepted")
	}
	if Protocol(9).String() != "Protocol(9)" {
		t.Error(Protocol(9).String())
	}
}
