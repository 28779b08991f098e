package odoo

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The fast decoder.
//
// Profiles of a 10 000-ticket search_read (see BENCHMARKS.md) showed the
// encoding/json path scanning the reply four times (nullFalse, checkValid,
// decode, the skip of each Unmarshaler value) and copying it once, then
// copying every shadow struct. fastList reads the list of records in one
// pass straight into the caller's structs, for the field types Odoo
// answers (strings, numbers, booleans, Many2One, IDs, DateTime/time.Time);
// other field types get their value through encoding/json. It is strict:
// on anything unexpected (bad syntax, a key with escapes, a value that
// does not fit) it gives up and decodeList runs the encoding/json path,
// which then decides, so both paths accept and refuse the same input.
//
// Over JSON-RPC and the web session, fastListAt runs inside the pass that
// reads the reply's envelope (readReply, through executeRecords and
// Client.executeInto), so the records are decoded where they lie in the
// body, without a pass that checks the result first. Many2one values and
// id lists are parsed in place (fastDec.many2one, fastDec.ids: the same
// code Many2One and IDs.UnmarshalJSON run first), strings are scanned
// eight bytes at a time and copied once (unescaped on the way), and short
// strings and many2one names that repeat from record to record are
// shared within one list (fastDec.shared).

// fastList decodes raw, a JSON list of record objects, into a slice of
// type st; ok is false when the encoding/json path must decide.
func (p *structPlan) fastList(raw []byte, st reflect.Type) (v reflect.Value, ids []int64, ok bool) {
	d := fastDec{b: raw}
	d.ws()
	if v, ids, ok = p.fastListAt(&d, st); !ok {
		return reflect.Value{}, nil, false
	}
	d.ws()
	if d.i != len(d.b) {
		return reflect.Value{}, nil, false
	}
	return v, ids, true
}

// fastListAt decodes the list of records at d.i (inside a larger body:
// the result member of a reply, see decodeReply) and leaves d.i just
// after it; ok is false when the encoding/json path must decide.
func (p *structPlan) fastListAt(d *fastDec, st reflect.Type) (v reflect.Value, ids []int64, ok bool) {
	if d.i >= len(d.b) || d.b[d.i] != '[' {
		return reflect.Value{}, nil, false // false, null, garbage: the JSON path
	}
	start := d.i
	d.i++
	if d.seen == nil {
		d.seen = make(map[string]string, 64)
	}
	ptr := st.Elem().Kind() == reflect.Pointer
	var order []int               // field index of each key position, from the records so far
	out := reflect.New(st).Elem() // addressable, so that it can Grow
	n := 0
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return reflect.MakeSlice(st, 0, 0), []int64{}, true
	}
	for {
		if n == out.Cap() {
			// Guess the rest from the size of the records so far.
			grow := 16
			if n > 0 {
				grow = max(n, (len(d.b)-d.i)/((d.i-start)/n+1)+1)
			}
			out.Grow(grow)
			ids = slices.Grow(ids, grow)
		}
		out.SetLen(n + 1)
		elem := out.Index(n)
		if ptr {
			nv := reflect.New(st.Elem().Elem())
			elem.Set(nv)
			elem = nv.Elem()
		}
		d.ws()
		id, err := p.fastRecord(d, elem, &order)
		if err != nil {
			return reflect.Value{}, nil, false
		}
		ids = append(ids, id)
		n++
		d.ws()
		if d.i >= len(d.b) {
			return reflect.Value{}, nil, false
		}
		if d.b[d.i] == ']' {
			d.i++
			return out, ids, true
		}
		if d.b[d.i] != ',' {
			return reflect.Value{}, nil, false
		}
		d.i++
	}
}

// fastRecord decodes one record object into dst and answers its id.
// Odoo writes the fields of every record in the same order: order
// remembers the field of each key position, so that a key is compared
// with one name rather than looked up.
func (p *structPlan) fastRecord(d *fastDec, dst reflect.Value, order *[]int) (int64, error) {
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return 0, errFastGiveUp
	}
	d.i++
	var id int64
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return 0, nil
	}
	for pos := 0; ; pos++ {
		d.ws()
		key, ok := d.key()
		if !ok {
			return 0, errFastGiveUp
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return 0, errFastGiveUp
		}
		d.i++
		d.ws()
		var fi int
		known := false
		if pos < len(*order) && (*order)[pos] >= 0 && p.fields[(*order)[pos]].name == string(key) {
			fi, known = (*order)[pos], true
		} else {
			fi, known = p.byName[string(key)]
			if pos < len(*order) {
				(*order)[pos] = -1
			} else if pos == len(*order) {
				if known {
					*order = append(*order, fi)
				} else {
					*order = append(*order, -1)
				}
			}
		}
		if !known && !bytes.Equal(key, []byte("id")) {
			// encoding/json matches keys without regard to case (and
			// nullFalse then keeps or nulls false by the key as written):
			// leave such a reply to it.
			for name := range p.byName {
				if strings.EqualFold(name, string(key)) {
					return 0, errFastGiveUp
				}
			}
		}
		start := d.i
		switch {
		case known:
			if err := p.fastField(d, fi, dst); err != nil {
				return 0, err
			}
			if fi == p.idField {
				id = p.shadowIDOf(dst)
			}
		default:
			if !d.skip() {
				return 0, errFastGiveUp
			}
			if string(key) == "id" && p.idField < 0 {
				if raw := d.b[start:d.i]; !isEmptyJSON(raw) {
					id, _ = decodeID(raw)
				} else {
					id = 0
				}
			}
		}
		d.ws()
		if d.i >= len(d.b) {
			return 0, errFastGiveUp
		}
		if d.b[d.i] == '}' {
			d.i++
			return id, nil
		}
		if d.b[d.i] != ',' {
			return 0, errFastGiveUp
		}
		d.i++
	}
}

// shadowIDOf reads the id field of a decoded record.
func (p *structPlan) shadowIDOf(dst reflect.Value) int64 {
	f := dst.FieldByIndex(p.fields[p.idField].index)
	switch f.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(f.Uint())
	}
	return 0
}

// fastField decodes the value at d into field fi of dst, as the
// encoding/json path would: Odoo's false (outside bool, interface and
// json.RawMessage fields) and null leave plain values alone and reset
// Unmarshaler values.
func (p *structPlan) fastField(d *fastDec, fi int, dst reflect.Value) error {
	f := &p.fields[fi]
	fv := dst.FieldByIndex(f.index)
	start := d.i
	if d.i >= len(d.b) {
		return errFastGiveUp
	}
	c := d.b[d.i]
	if c == 'n' || (c == 'f' && f.kind != kindBool && f.kind != kindJSON) {
		if !d.literal() {
			return errFastGiveUp
		}
		switch f.kind {
		case kindMany2One, kindIDs, kindDateTime, kindTime:
			fv.SetZero()
		case kindJSON:
			return p.fastJSON(f, fv, d.b[start:d.i])
		}
		return nil
	}
	switch f.kind {
	case kindString:
		if c == '"' {
			s, ok := d.shared(16) // selection values and the like repeat
			if !ok {
				return errFastGiveUp
			}
			fv.SetString(s)
			return nil
		}
	case kindInt:
		if n, j, ok := fastInt(d.b, d.i); ok && (j >= len(d.b) || !isNumberByte(d.b[j])) && !fv.OverflowInt(n) {
			d.i = j
			fv.SetInt(n)
			return nil
		}
		return d.integer(fv, true)
	case kindUint:
		if n, j, ok := fastInt(d.b, d.i); ok && n >= 0 && (j >= len(d.b) || !isNumberByte(d.b[j])) && !fv.OverflowUint(uint64(n)) {
			d.i = j
			fv.SetUint(uint64(n))
			return nil
		}
		return d.integer(fv, false)
	case kindFloat:
		if j, ok := d.number(); ok {
			x, err := strconv.ParseFloat(string(d.b[start:j]), fv.Type().Bits())
			if err == nil {
				d.i = j
				fv.SetFloat(x)
				return nil
			}
		}
	case kindBool:
		if c == 't' || c == 'f' {
			if !d.literal() {
				return errFastGiveUp
			}
			fv.SetBool(c == 't')
			return nil
		}
	case kindMany2One:
		if c == '[' {
			if m, ok := d.many2one(); ok {
				*fv.Addr().Interface().(*Many2One) = m
				return nil
			}
		}
		if !d.skip() {
			return errFastGiveUp
		}
		if fv.Addr().Interface().(*Many2One).UnmarshalJSON(d.b[start:d.i]) != nil {
			return errFastGiveUp
		}
		return nil
	case kindIDs:
		if c == '[' {
			if ids, ok := d.ids(); ok {
				*fv.Addr().Interface().(*IDs) = ids
				return nil
			}
		}
		if !d.skip() {
			return errFastGiveUp
		}
		if fv.Addr().Interface().(*IDs).UnmarshalJSON(d.b[start:d.i]) != nil {
			return errFastGiveUp
		}
		return nil
	case kindDateTime, kindTime:
		if c == '"' {
			t, ok := d.odooDateTime()
			if !ok {
				if !d.skip() {
					return errFastGiveUp
				}
				var dt DateTime
				if dt.UnmarshalJSON(d.b[start:d.i]) != nil {
					return errFastGiveUp
				}
				t = dt.Time
			}
			// Through the field's address: reflect.ValueOf(t) would
			// allocate a copy of every time.
			if f.kind == kindTime {
				*fv.Addr().Interface().(*time.Time) = t
			} else {
				fv.Addr().Interface().(*DateTime).Time = t
			}
			return nil
		}
	}
	// Anything else: the value through encoding/json.
	d.i = start
	if !d.skip() {
		return errFastGiveUp
	}
	return p.fastJSON(f, fv, d.b[start:d.i])
}

// fastJSON decodes one value with encoding/json, Odoo's false made null
// as the encoding/json path does (nested object members included).
func (p *structPlan) fastJSON(f *structField, fv reflect.Value, raw []byte) error {
	if string(raw) == "false" && !p.keepFalse[f.name] {
		raw = []byte("null")
	}
	if f.kind != kindJSON {
		// A plain value in a form the fast path does not read (a float
		// for an int, a number for a string): let encoding/json decide.
		var probe = reflect.New(f.typ)
		if json.Unmarshal(nullFalse(raw, p.keepFalse), probe.Interface()) != nil {
			return errFastGiveUp
		}
		if !probe.Elem().IsZero() {
			fv.Set(probe.Elem())
		}
		return nil
	}
	if json.Unmarshal(nullFalse(raw, p.keepFalse), fv.Addr().Interface()) != nil {
		return errFastGiveUp
	}
	return nil
}

// integer reads the number at d.i into fv, an integer field, by the
// integer rule (jsonInteger: 1.0 and 1e2 are read); anything else gives
// up, and the encoding/json path decides and names the value.
func (d *fastDec) integer(fv reflect.Value, signed bool) error {
	j, ok := d.number()
	if !ok {
		return errFastGiveUp
	}
	n, err := jsonInteger(d.b[d.i:j], fv.Type().Bits(), signed)
	if err != nil {
		return errFastGiveUp
	}
	d.i = j
	if signed {
		fv.SetInt(int64(n))
	} else {
		fv.SetUint(n)
	}
	return nil
}

func isNumberByte(c byte) bool {
	return c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || (c >= '0' && c <= '9')
}
