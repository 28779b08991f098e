package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

type intPrio int16 // a named integer without its own decoder

// IntFields holds one field of every integer kind the codec reads.
type IntFields struct {
	I    int               `odoo:"i"`
	I8   int8              `odoo:"i8"`
	I16  int16             `odoo:"i16"`
	I32  int32             `odoo:"i32"`
	I64  int64             `odoo:"i64"`
	U    uint              `odoo:"u"`
	U8   uint8             `odoo:"u8"`
	U16  uint16            `odoo:"u16"`
	U32  uint32            `odoo:"u32"`
	U64  uint64            `odoo:"u64"`
	Prio intPrio           `odoo:"prio"`
	Ptr  *int32            `odoo:"ptr"`
	List []uint16          `odoo:"list"`
	Map  map[string]int8   `odoo:"map"`
	Arr  [1]int64          `odoo:"arr"`
	Refs map[string]*int64 `odoo:"refs"`
}

// intsFast is decoded by the one-pass decoder.
type intsFast struct {
	ID int64 `odoo:"id"`
	IntFields
}

// intsJSON has its fields behind an embedded pointer, which the one-pass
// decoder leaves to the encoding/json path (directPath).
type intsJSON struct {
	ID int64 `odoo:"id"`
	*IntFields
}

// TestIntegerRule: every integer kind, on both decoder paths, reads a
// number with no fraction that fits (1, 1.0, 1e2, -3, the kind's bounds)
// and refuses a fraction, a value out of the kind's range and a
// non-number with a *ResponseError naming the field (issue 18 item 4).
func TestIntegerRule(t *testing.T) {
	if planFor(typeOf[intsFast]()).fast == false || planFor(typeOf[intsJSON]()).fast == true {
		t.Fatal("intsFast must take the one-pass path and intsJSON the encoding/json path")
	}
	type kindCase struct {
		name   string
		typ    reflect.Type // the integer
		wrap   func(string) string
		direct bool // a plain integer field, which the one-pass decoder reads itself
	}
	same := func(s string) string { return s }
	var kinds []kindCase
	ft := typeOf[IntFields]()
	for i := range ft.NumField() {
		f := ft.Field(i)
		k := kindCase{name: f.Tag.Get("odoo"), typ: f.Type, wrap: same, direct: true}
		switch f.Type.Kind() {
		case reflect.Pointer:
			k.typ, k.direct = f.Type.Elem(), false
		case reflect.Slice, reflect.Array:
			k.typ, k.direct = f.Type.Elem(), false
			k.wrap = func(s string) string { return "[" + s + "]" }
		case reflect.Map:
			k.typ, k.direct = f.Type.Elem(), false
			if k.typ.Kind() == reflect.Pointer {
				k.typ = k.typ.Elem()
			}
			k.wrap = func(s string) string { return `{"k": ` + s + `}` }
		}
		kinds = append(kinds, k)
	}
	for _, k := range kinds {
		bits := k.typ.Bits()
		signed := k.typ.Kind() >= reflect.Int && k.typ.Kind() <= reflect.Int64
		lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(bits))
		if signed {
			hi.Rsh(hi, 1)
			lo.Neg(hi)
		}
		hi.Sub(hi, big.NewInt(1))
		one := big.NewInt(1)
		type in struct {
			json string
			want *big.Int // nil: refused
		}
		ins := []in{
			{"1", big.NewInt(1)}, {"1.0", big.NewInt(1)}, {"1e2", big.NewInt(100)}, {"1E+2", big.NewInt(100)},
			{"1.50e1", big.NewInt(15)}, {"0", big.NewInt(0)}, {"-0.0", big.NewInt(0)}, {"0e999", big.NewInt(0)},
			{hi.String(), hi}, {hi.String() + ".000", hi}, {lo.String(), lo},
			{new(big.Int).Add(hi, one).String(), nil}, {new(big.Int).Sub(lo, one).String(), nil},
			{"1.5", nil}, {"-2.25", nil}, {"1e-1", nil}, {"1e-999", nil}, {"1e400", nil}, {"1e99999999999999999999", nil},
			{`"1"`, nil}, {"true", nil}, {"[1]", nil}, {`{"a": 1}`, nil},
		}
		if signed {
			ins = append(ins, in{"-3", big.NewInt(-3)}, in{"-3.0e0", big.NewInt(-3)})
		} else {
			ins = append(ins, in{"-3", nil}, in{"-1", nil})
		}
		if bits >= 16 {
			ins = append(ins, in{"300", big.NewInt(300)}, in{"3e2", big.NewInt(300)})
		} else {
			ins = append(ins, in{"300", nil}, in{"3e2", nil})
		}
		for _, c := range ins {
			raw := []byte(fmt.Sprintf(`[{"id": 7, %q: %s}]`, k.name, k.wrap(c.json)))
			for _, path := range []string{"fast", "encoding/json"} {
				var got reflect.Value
				var err error
				if path == "fast" {
					var out []intsFast
					err = DecodeResult(raw, &out)
					if err == nil {
						got = reflect.ValueOf(out[0].IntFields)
					}
					// The one-pass decoder decides plain fields itself.
					fv, _, ok := planFor(typeOf[intsFast]()).fastList(raw, typeOf[[]intsFast]())
					if k.direct && ok != (c.want != nil) {
						t.Errorf("%s %s: one-pass decoder took it: %v, want %v", k.name, c.json, ok, c.want != nil)
					}
					if ok && err == nil && !reflect.DeepEqual(fv.Index(0).Interface(), out[0]) {
						t.Errorf("%s %s: one-pass %+v, decoded %+v", k.name, c.json, fv.Index(0).Interface(), out[0])
					}
				} else {
					var out []intsJSON
					err = DecodeResult(raw, &out)
					if err == nil {
						got = reflect.ValueOf(IntFields{})
						if out[0].IntFields != nil { // nil: every field zero
							got = reflect.ValueOf(*out[0].IntFields)
						}
					}
				}
				if c.want == nil {
					var re *ResponseError
					if !errors.As(err, &re) || re.Field != "[0]."+k.name {
						t.Errorf("%s path, %s = %s: error %T %v, want a *ResponseError for field [0].%s", path, k.name, c.json, err, err, k.name)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s path, %s = %s: %v", path, k.name, c.json, err)
					continue
				}
				if v := intValueOf(t, got.FieldByNameFunc(func(n string) bool {
					f, _ := typeOf[IntFields]().FieldByName(n)
					return f.Tag.Get("odoo") == k.name
				})); v.Cmp(c.want) != 0 {
					t.Errorf("%s path, %s = %s: read %s, want %s", path, k.name, c.json, v, c.want)
				}
			}
		}
	}
}

// intValueOf reads the integer in v (through a pointer, a one-element
// list or array, a map's "k").
func intValueOf(t *testing.T, v reflect.Value) *big.Int {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		return intValueOf(t, v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Len() != 1 {
			t.Fatalf("list of %d", v.Len())
		}
		return intValueOf(t, v.Index(0))
	case reflect.Map:
		return intValueOf(t, v.MapIndex(reflect.ValueOf("k")))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return big.NewInt(v.Int())
	}
	return new(big.Int).SetUint64(v.Uint())
}

// TestIntegerRuleIDs: the ids inside a Many2One and an IDs list, a
// record's id and a plain integer result follow the same rule.
func TestIntegerRuleIDs(t *testing.T) {
	for _, c := range []struct {
		json string
		want int64
		ok   bool
	}{
		{"5", 5, true}, {"5.0", 5, true}, {"5e1", 50, true}, {"9223372036854775807.0", 1<<63 - 1, true},
		{"9007199254740993.0", 9007199254740993, true}, {"-9223372036854775808", -1 << 63, true},
		{"5.5", 0, false}, {"9223372036854775808", 0, false}, {"1e400", 0, false}, {`"5"`, 0, false},
	} {
		var m Many2One
		err := json.Unmarshal([]byte("["+c.json+`, "T"]`), &m)
		if (err == nil) != c.ok || m.ID != c.want {
			t.Errorf("many2one [%s, \"T\"]: %+v %v", c.json, m, err)
		}
		var ids IDs
		err = json.Unmarshal([]byte("[2, "+c.json+"]"), &ids)
		if (err == nil) != c.ok || (c.ok && (len(ids) != 2 || ids[1] != c.want)) {
			t.Errorf("ids [2, %s]: %v %v", c.json, ids, err)
		}
		var n int64
		err = DecodeResult([]byte(c.json), &n)
		if (err == nil) != c.ok || n != c.want {
			t.Errorf("result %s into int64: %d %v", c.json, n, err)
		}
		var re *ResponseError
		if !c.ok && !errors.As(err, &re) {
			t.Errorf("result %s into int64: error %T, want a *ResponseError", c.json, err)
		}
		// A record's id read without an id field (the ids of a page).
		type noID struct {
			Name string `odoo:"name"`
		}
		_, rids, err := decodeRecords[noID]([]byte(`[{"id": ` + c.json + `, "name": "a"}]`))
		if c.ok && (err != nil || len(rids) != 1 || rids[0] != c.want) {
			t.Errorf("record id %s: %v %v", c.json, rids, err)
		}
	}
}

// The reason of a refused integer says what is wrong with it.
func TestIntegerRuleReasons(t *testing.T) {
	for _, c := range []struct{ raw, field, reason string }{
		{`[{"id": 1.5}]`, "[0].id", "want int64, got a number: 1.5 is not an integer"},
		{`[{"id": 9223372036854775808}]`, "[0].id", "want int64, got a number: 9223372036854775808 is out of int64's range"},
		{`[{"id": 1, "i8": 300}]`, "[0].i8", "want int8, got a number: 300 is out of int8's range"},
		{`[{"id": 1, "u": -1}]`, "[0].u", "want uint, got a number: -1 is out of uint64's range"},
		{`[{"id": 1, "prio": "x"}]`, "[0].prio", "want odoo.intPrio, got a string"},
		{`[{"id": 1, "list": [1, 2.5]}]`, "[0].list", "want []uint16, got a list: 2.5 is not an integer"},
	} {
		for _, decode := range []func() error{
			func() error { var out []intsFast; return DecodeResult([]byte(c.raw), &out) },
			func() error { var out []intsJSON; return DecodeResult([]byte(c.raw), &out) },
		} {
			err := decode()
			var re *ResponseError
			if !errors.As(err, &re) || re.Field != c.field || re.Reason != c.reason {
				t.Errorf("%s: %v, want field %s reason %q", c.raw, err, c.field, c.reason)
			}
			if strings.Contains(fmt.Sprint(err), "rule") {
				t.Errorf("%s: the message names the decoder's own types: %v", c.raw, err)
			}
		}
	}
}

// FuzzIntegerRule checks jsonInteger against math/big's exact reading of
// the same JSON number.
func FuzzIntegerRule(f *testing.F) {
	for _, s := range []string{"1", "1.0", "1e2", "1.5", "-3", "300", "1e400", "9223372036854775808", "-9223372036854775808.000",
		"18446744073709551615", "0.0e-5", "-0", "12.340e1", "1e-1", `"1"`, "01", "1.", "-"} {
		f.Add([]byte(s), uint8(64), true)
		f.Add([]byte(s), uint8(8), false)
	}
	f.Fuzz(func(t *testing.T, b []byte, bits uint8, signed bool) {
		bits = []uint8{8, 16, 32, 64}[bits%4]
		got, err := jsonInteger(b, int(bits), signed)
		b = bytes.TrimSpace(b) // around the number: allowed
		d := fastDec{b: b}
		end, isNum := d.number()
		if !isNum || end != len(b) {
			if err == nil {
				t.Fatalf("%q (not a JSON number) read as %d", b, got)
			}
			return
		}
		r, ok := new(big.Rat).SetString(string(b))
		if !ok {
			if bytes.ContainsAny(b, "eE") { // math/big refuses huge exponents
				return
			}
			t.Fatalf("math/big cannot read %q", b)
		}
		lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(bits))
		if signed {
			hi.Rsh(hi, 1)
			lo.Neg(hi)
		}
		hi.Sub(hi, big.NewInt(1))
		fits := r.IsInt() && r.Num().Cmp(lo) >= 0 && r.Num().Cmp(hi) <= 0
		if fits != (err == nil) {
			t.Fatalf("%q into %d bits (signed %v): %d, %v; math/big says fits=%v", b, bits, signed, got, err, fits)
		}
		if !fits {
			return
		}
		want := r.Num()
		var have *big.Int
		if signed {
			have = big.NewInt(int64(got))
		} else {
			have = new(big.Int).SetUint64(got)
		}
		if have.Cmp(want) != 0 {
			t.Fatalf("%q: read %s, want %s", b, have, want)
		}
	})
}

// The rule holds outside records too: plain results into json-tagged
// structs (Client.Ref's rows), read_group's counts and the ids a change
// feed pages by.
func TestIntegerRuleElsewhere(t *testing.T) {
	var rows []struct {
		ResID int64 `json:"res_id"`
		N     []int `json:"n"`
		Name  string
	}
	if err := DecodeResult([]byte(`[{"res_id": 5.0, "n": [1e2, 2], "Name": "x"}]`), &rows); err != nil || len(rows) != 1 ||
		rows[0].ResID != 5 || len(rows[0].N) != 2 || rows[0].N[0] != 100 || rows[0].Name != "x" {
		t.Errorf("json-tagged rows: %+v, %v", rows, err)
	}
	var re *ResponseError
	if err := DecodeResult([]byte(`[{"res_id": 5.5}]`), &rows); !errors.As(err, &re) || !strings.Contains(re.Reason, "5.5 is not an integer") {
		t.Errorf("json-tagged rows, 5.5: %v", err)
	}

	var result string
	c := resultServer(t, &result)
	ctx := context.Background()
	result = `[{"model": "res.partner", "res_id": 3.0}]`
	if ref, err := c.Ref(ctx, "base.partner_root"); err != nil || ref.ID != 3 {
		t.Errorf("Ref with res_id 3.0: %+v, %v", ref, err)
	}
	result = `[{"stage_id": [1, "A"], "stage_id_count": 3.0, "__domain": [["stage_id", "=", 1]]}]`
	if gs, err := c.ReadGroup(ctx, "helpdesk.ticket", domain.Domain{}, []string{"stage_id"}, nil); err != nil || len(gs) != 1 || gs[0].Count != 3 {
		t.Errorf("ReadGroup with count 3.0: %+v, %v", gs, err)
	}
	result = `[{"id": 4.0, "name": "a", "write_date": "2026-11-24 15:40:58"}]`
	m := NewModel[testTicket](c, "helpdesk.ticket")
	seen := false
	for ch, err := range m.Changes(ctx, "", nil) {
		if err != nil || ch.Record.ID != 4 {
			t.Errorf("Changes with id 4.0: %+v, %v", ch, err)
		}
		seen = true
		break
	}
	if !seen {
		t.Error("Changes answered nothing")
	}
}

// FuzzIntegerPaths: for one integer field of every kind, the one-pass
// decoder and the encoding/json path read the same value or both refuse.
func FuzzIntegerPaths(f *testing.F) {
	for _, s := range []string{"1", "1.0", "1e2", "-3", "300", "1.5", "-0.0", "18446744073709551615", "9223372036854775808", "1e400", `"1"`, "null", "false"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(9))
	}
	names := []string{"i", "i8", "i16", "i32", "i64", "u", "u8", "u16", "u32", "u64", "prio", "ptr", "list", "map", "arr", "refs"}
	p := planFor(typeOf[intsFast]())
	st := typeOf[[]intsFast]()
	f.Fuzz(func(t *testing.T, num string, field uint8) {
		name := names[int(field)%len(names)]
		raw := []byte(`[{"id": 1, "` + name + `": ` + num + `}]`)
		jv, _, jerr := p.decodeListJSON(raw, st)
		if fv, _, ok := p.fastList(raw, st); ok {
			if jerr != nil {
				t.Fatalf("%s: one-pass read it, encoding/json path refused: %v", raw, jerr)
			}
			if !reflect.DeepEqual(fv.Interface(), jv.Interface()) {
				t.Fatalf("%s: one-pass %+v, encoding/json path %+v", raw, fv.Interface(), jv.Interface())
			}
		}
		var viaPtr []intsJSON
		perr := DecodeResult(raw, &viaPtr)
		if (perr == nil) != (jerr == nil) {
			t.Fatalf("%s: embedded-pointer struct %v, plain struct %v", raw, perr, jerr)
		}
		if perr == nil {
			got := IntFields{}
			if viaPtr[0].IntFields != nil {
				got = *viaPtr[0].IntFields
			}
			if want := jv.Index(0).Interface().(intsFast).IntFields; !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: embedded-pointer struct %+v, plain struct %+v", raw, got, want)
			}
		}
	})
}
