package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// This file maps Go structs tagged `odoo:"field"` to Odoo records.
//
// Decoding builds, once per struct type, a "shadow" struct type with the
// same field types and `json` tags named after the odoo tags (time.Time is
// swapped for DateTime), lets encoding/json fill a slice of shadows, and
// copies the fields over. Odoo's `false` for an empty value is turned into
// `null` beforehand (except for bool, interface and json.RawMessage fields),
// which encoding/json leaves as the zero value.

// Tag options: `odoo:"name"`, `odoo:"name,omitempty"` (not written when
// zero), `odoo:"name,readonly"` (read, never written), `odoo:"-"` (ignored).
// Untagged fields are ignored; untagged embedded structs are walked.

type structField struct {
	name      string
	index     []int
	typ       reflect.Type
	omitEmpty bool
	readOnly  bool
	isTime    bool      // time.Time, decoded through DateTime
	kind      fieldKind // how the fast decoder fills it
}

type structPlan struct {
	typ       reflect.Type
	fields    []structField
	names     []string
	shadow    reflect.Type // struct with json tags
	idShadow  int          // index of the "id" field in shadow
	idField   int          // index in fields of "id", or -1
	keepFalse map[string]bool
	hasTags   bool
	// fast is true when the fast decoder can fill every field (no field
	// behind an embedded pointer); byName maps a field name to fields.
	fast   bool
	byName map[string]int
}

var (
	planCache sync.Map // reflect.Type -> *structPlan
	timeType  = reflect.TypeFor[time.Time]()
	dtType    = reflect.TypeFor[DateTime]()
	idsType   = reflect.TypeFor[IDs]()
	rawType   = reflect.TypeFor[json.RawMessage]()
	unmarshT  = reflect.TypeFor[json.Unmarshaler]()
	zeroerT   = reflect.TypeFor[interface{ IsZero() bool }]()
)

// Fields returns the Odoo field names of T's `odoo` tags, in struct order
// (embedded structs included), so a read fetches only those columns.
func Fields[T any]() []string {
	p := planFor(reflect.TypeFor[T]())
	if p == nil {
		return nil
	}
	return append([]string(nil), p.names...)
}

// planFor returns the plan of struct type t (through pointers), or nil when
// t is not a struct with odoo tags.
func planFor(t reflect.Type) *structPlan {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || isValueType(t) {
		return nil
	}
	if p, ok := planCache.Load(t); ok {
		return p.(*structPlan)
	}
	p := buildPlan(t)
	if !p.hasTags {
		p = nil
	}
	if p == nil {
		planCache.Store(t, (*structPlan)(nil))
		return nil
	}
	actual, _ := planCache.LoadOrStore(t, p)
	return actual.(*structPlan)
}

// isValueType reports struct types that encode themselves (Many2One, Date,
// time.Time, ...) and so are values, not records.
func isValueType(t reflect.Type) bool {
	return t == timeType || t.Implements(unmarshT) || reflect.PointerTo(t).Implements(unmarshT)
}

func buildPlan(t reflect.Type) *structPlan {
	p := &structPlan{typ: t, idField: -1, keepFalse: map[string]bool{}}
	seen := map[string]bool{}
	var walk func(t reflect.Type, index []int, depth int)
	walk = func(t reflect.Type, index []int, depth int) {
		if depth > 8 {
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("odoo")
			idx := append(append([]int(nil), index...), i)
			if !hasTag {
				if f.Anonymous {
					ft := f.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct && !isValueType(ft) {
						walk(ft, idx, depth+1)
					}
				}
				continue
			}
			if tag == "-" || !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				continue
			}
			p.hasTags = true
			if seen[name] {
				continue
			}
			seen[name] = true
			sf := structField{name: name, index: idx, typ: f.Type, isTime: f.Type == timeType}
			for _, o := range strings.Split(opts, ",") {
				switch o {
				case "omitempty", "omitzero":
					sf.omitEmpty = true
				case "readonly":
					sf.readOnly = true
				}
			}
			if name == "id" {
				p.idField = len(p.fields)
			}
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Bool || ft.Kind() == reflect.Interface || ft == rawType {
				p.keepFalse[name] = true
			}
			p.fields = append(p.fields, sf)
			p.names = append(p.names, name)
		}
	}
	walk(t, nil, 0)
	sfs := make([]reflect.StructField, 0, len(p.fields)+1)
	for i, f := range p.fields {
		ft := f.typ
		if f.isTime {
			ft = dtType
		}
		sfs = append(sfs, reflect.StructField{
			Name: fmt.Sprintf("F%d", i),
			Type: ft,
			Tag:  reflect.StructTag(`json:"` + f.name + `"`),
		})
	}
	if p.idField >= 0 {
		p.idShadow = p.idField
	} else {
		p.idShadow = len(sfs)
		sfs = append(sfs, reflect.StructField{Name: "XID", Type: reflect.TypeFor[json.RawMessage](), Tag: `json:"id"`})
		p.keepFalse["id"] = true
	}
	p.shadow = reflect.StructOf(sfs)
	p.fast = true
	p.byName = make(map[string]int, len(p.fields))
	for i := range p.fields {
		f := &p.fields[i]
		f.kind = kindOf(f.typ)
		p.byName[f.name] = i
		if !directPath(t, f.index) {
			p.fast = false
		}
	}
	return p
}

// fieldAlloc returns v's field at index, allocating nil embedded pointers.
func fieldAlloc(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// fieldRead returns v's field at index, or ok=false behind a nil embedded
// pointer.
func fieldRead(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// copyShadow copies a decoded shadow into the struct dst.
func (p *structPlan) copyShadow(dst, src reflect.Value) {
	for i := range p.fields {
		f := &p.fields[i]
		sv := src.Field(i)
		if sv.IsZero() {
			continue
		}
		dv := fieldAlloc(dst, f.index)
		if f.isTime {
			dv.Set(reflect.ValueOf(sv.Interface().(DateTime).Time))
			continue
		}
		dv.Set(sv)
	}
}

// shadowID returns the record id held by a decoded shadow.
func (p *structPlan) shadowID(src reflect.Value) int64 {
	f := src.Field(p.idShadow)
	switch f.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return int64(f.Uint())
	}
	if raw, ok := f.Interface().(json.RawMessage); ok && !isEmptyJSON(raw) {
		id, _ := decodeID(raw)
		return id
	}
	return 0
}

// nullFalse returns b with every object member whose value is the literal
// false (and whose key is not in keep) set to null. b is not modified; the
// result is b itself when nothing changes.
func nullFalse(b []byte, keep map[string]bool) []byte {
	var out []byte
	var lastStr []byte
	afterColon := false
	key := []byte(nil)
	for i := 0; i < len(b); {
		c := b[i]
		switch c {
		case '"':
			j := i + 1
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return pick(out, b) // malformed: let the JSON decoder report it
				}
				j += k
				n := 0
				for m := j - 1; m > i && b[m] == '\\'; m-- {
					n++
				}
				if n%2 == 0 {
					break
				}
				j++
			}
			lastStr = b[i+1 : j]
			i = j + 1
			afterColon = false
			continue
		case ':':
			key = lastStr
			afterColon = true
		case 'f':
			if afterColon && len(b)-i >= 5 && string(b[i:i+5]) == "false" && !keepKey(keep, key) {
				if out == nil {
					out = make([]byte, len(b))
					copy(out, b)
				}
				copy(out[i:i+5], "null ")
			}
			afterColon = false
			i += 5
			continue
		case ' ', '\t', '\n', '\r':
		default:
			afterColon = false
		}
		i++
	}
	return pick(out, b)
}

// keepKey reports whether the raw (still escaped) key is in keep.
func keepKey(keep map[string]bool, key []byte) bool {
	if len(keep) == 0 {
		return false
	}
	if bytes.IndexByte(key, '\\') < 0 {
		return keep[string(key)]
	}
	var k string
	if json.Unmarshal(append(append([]byte{'"'}, key...), '"'), &k) != nil {
		return false
	}
	return keep[k]
}

func pick(out, b []byte) []byte {
	if out != nil {
		return out
	}
	return b
}

// decodeInto decodes an Odoo result into out, a non-nil pointer. Structs
// (and slices of structs or struct pointers) with odoo tags are filled by
// their tags, Odoo's false reading as the zero value; anything else goes
// through encoding/json, with a false result reading as the zero value of
// a non-bool target.
func decodeInto(raw json.RawMessage, out any) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("odoo: decode: want a non-nil pointer, got %T", out)
	}
	et := rv.Type().Elem()
	if p := planFor(et); p != nil && et.Kind() == reflect.Struct {
		return p.decodeOne(raw, rv.Elem())
	}
	if et.Kind() == reflect.Slice {
		if p := planFor(et.Elem()); p != nil {
			s, _, err := p.decodeList(raw, et)
			if err != nil {
				return err
			}
			rv.Elem().Set(s)
			return nil
		}
	}
	if isEmptyJSON(raw) && et.Kind() != reflect.Bool && et.Kind() != reflect.Interface && et != rawType {
		rv.Elem().Set(reflect.Zero(et))
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return decodeError(raw, err)
	}
	return nil
}

// decodeError describes a result that does not fit the caller's type.
func decodeError(raw []byte, err error) error {
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		return fmt.Errorf("odoo: decode result: field %q: JSON %s does not fit Go %s", ute.Field, ute.Value, ute.Type)
	}
	return fmt.Errorf("odoo: decode result: %w (%s)", err, Snippet(raw, 60))
}

func (p *structPlan) decodeOne(raw json.RawMessage, dst reflect.Value) error {
	if isEmptyJSON(raw) {
		dst.Set(reflect.Zero(dst.Type()))
		return nil
	}
	sh := reflect.New(p.shadow)
	if err := json.Unmarshal(nullFalse(raw, p.keepFalse), sh.Interface()); err != nil {
		return decodeError(raw, err)
	}
	dst.Set(reflect.Zero(dst.Type()))
	p.copyShadow(dst, sh.Elem())
	return nil
}

// decodeList decodes a JSON list of records into a slice of type st
// (elements are the plan's struct or pointers to it) and returns the ids.
// The fast decoder (fastdecode in this file) does the common case in one
// pass; anything it does not handle, errors included, goes through
// encoding/json (decodeListJSON), which is the reference behaviour.
func (p *structPlan) decodeList(raw json.RawMessage, st reflect.Type) (reflect.Value, []int64, error) {
	if p.fast {
		if v, ids, ok := p.fastList(raw, st); ok {
			return v, ids, nil
		}
	}
	return p.decodeListJSON(raw, st)
}

// decodeListJSON is decodeList through encoding/json: Odoo's false made
// null, a shadow struct decoded, its fields copied.
func (p *structPlan) decodeListJSON(raw json.RawMessage, st reflect.Type) (reflect.Value, []int64, error) {
	if isEmptyJSON(raw) {
		return reflect.MakeSlice(st, 0, 0), nil, nil
	}
	shs := reflect.New(reflect.SliceOf(p.shadow))
	if err := json.Unmarshal(nullFalse(raw, p.keepFalse), shs.Interface()); err != nil {
		return reflect.Value{}, nil, decodeError(raw, err)
	}
	src := shs.Elem()
	n := src.Len()
	out := reflect.MakeSlice(st, n, n)
	ids := make([]int64, n)
	ptr := st.Elem().Kind() == reflect.Pointer
	for i := 0; i < n; i++ {
		dst := out.Index(i)
		if ptr {
			dst.Set(reflect.New(st.Elem().Elem()))
			dst = dst.Elem()
		}
		p.copyShadow(dst, src.Index(i))
		ids[i] = p.shadowID(src.Index(i))
	}
	return out, ids, nil
}

// decodeRecords decodes a list of records into []T and their ids.
func decodeRecords[T any](raw json.RawMessage) ([]T, []int64, error) {
	p := planFor(reflect.TypeFor[T]())
	if p == nil || reflect.TypeFor[T]().Kind() != reflect.Struct {
		var out []T
		if err := decodeInto(raw, &out); err != nil {
			return nil, nil, err
		}
		// The ids, for paging, from a second light pass.
		var idOnly []struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(raw, &idOnly) != nil || len(idOnly) != len(out) {
			return out, nil, nil
		}
		ids := make([]int64, len(idOnly))
		for i, r := range idOnly {
			ids[i], _ = decodeID(r.ID)
		}
		return out, ids, nil
	}
	v, ids, err := p.decodeList(raw, reflect.TypeFor[[]T]())
	if err != nil {
		return nil, nil, err
	}
	return v.Interface().([]T), ids, nil
}

// encodeValues turns the values of a create or write into a map: Values
// and maps are used as they are, structs with odoo tags give their tagged
// fields (see Fields), skipping "id", readonly fields and zero omitempty
// fields. time.Time is written as a DateTime, IDs as a Set command.
func encodeValues(v any) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case Values:
		return normalizeTimes(x), nil
	case map[string]any:
		return normalizeTimes(x), nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		m := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			m[it.Key().String()] = it.Value().Interface()
		}
		return m, nil
	}
	p := planFor(rv.Type())
	if p == nil || rv.Kind() != reflect.Struct {
		return nil, fmt.Errorf("odoo: values must be odoo.Values, a map or a struct with odoo tags, not %T", v)
	}
	m := make(map[string]any, len(p.fields))
	for _, f := range p.fields {
		if f.readOnly || f.name == "id" {
			continue
		}
		fv, ok := fieldRead(rv, f.index)
		if !ok {
			continue
		}
		if f.omitEmpty && isZeroValue(fv) {
			continue
		}
		switch {
		case f.isTime:
			m[f.name] = NewDateTime(fv.Interface().(time.Time))
		case f.typ == idsType:
			m[f.name] = Commands{Set(fv.Interface().(IDs)...)}
		default:
			m[f.name] = fv.Interface()
		}
	}
	return m, nil
}

// normalizeTimes returns m with time.Time values as DateTime (Odoo's UTC
// "2006-01-02 15:04:05", false when zero); m itself when there are none.
func normalizeTimes(m map[string]any) map[string]any {
	var out map[string]any
	for k, v := range m {
		var t time.Time
		switch x := v.(type) {
		case time.Time:
			t = x
		case *time.Time:
			if x == nil {
				continue
			}
			t = *x
		default:
			continue
		}
		if out == nil {
			out = make(map[string]any, len(m))
			for k2, v2 := range m {
				out[k2] = v2
			}
		}
		out[k] = NewDateTime(t)
	}
	if out == nil {
		return m
	}
	return out
}

func isZeroValue(v reflect.Value) bool {
	if v.Type().Implements(zeroerT) {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return true
		}
		return v.Interface().(interface{ IsZero() bool }).IsZero()
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

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

// fieldKind is how the fast decoder fills a field.
type fieldKind uint8

const (
	kindJSON     fieldKind = iota // encoding/json on the value
	kindString                    // JSON string
	kindInt                       // JSON integer
	kindFloat                     // JSON number
	kindBool                      // true / false
	kindMany2One                  // Many2One.UnmarshalJSON
	kindIDs                       // IDs.UnmarshalJSON
	kindDateTime                  // DateTime
	kindTime                      // time.Time, read as a DateTime
)

var (
	m2oType       = reflect.TypeFor[Many2One]()
	textUnmarshT  = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
	errFastGiveUp = errors.New("odoo: fast decoder gave up")
)

// kindOf picks the fast decoder's way of filling a field of type t.
func kindOf(t reflect.Type) fieldKind {
	switch t {
	case m2oType:
		return kindMany2One
	case idsType:
		return kindIDs
	case dtType:
		return kindDateTime
	case timeType:
		return kindTime
	}
	if t.Implements(unmarshT) || reflect.PointerTo(t).Implements(unmarshT) ||
		t.Implements(textUnmarshT) || reflect.PointerTo(t).Implements(textUnmarshT) {
		return kindJSON
	}
	switch t.Kind() {
	case reflect.String:
		return kindString
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Float32, reflect.Float64:
		return kindFloat
	case reflect.Bool:
		return kindBool
	}
	return kindJSON
}

// directPath reports whether index reaches its field without going
// through a pointer (an embedded *T would need allocating).
func directPath(t reflect.Type, index []int) bool {
	for i, x := range index {
		if i > 0 {
			if t.Kind() == reflect.Pointer {
				return false
			}
		}
		t = t.Field(x).Type
	}
	return true
}

// fastList decodes raw, a JSON list of record objects, into a slice of
// type st; ok is false when the encoding/json path must decide.
func (p *structPlan) fastList(raw []byte, st reflect.Type) (v reflect.Value, ids []int64, ok bool) {
	d := fastDec{b: raw}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '[' {
		return reflect.Value{}, nil, false // false, null, garbage: the JSON path
	}
	d.i++
	ptr := st.Elem().Kind() == reflect.Pointer
	var order []int               // field index of each key position, from the records so far
	out := reflect.New(st).Elem() // addressable, so that it can Grow
	n := 0
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
	} else {
		for {
			if n == out.Cap() {
				// Guess the rest from the size of the records so far.
				grow := 16
				if n > 0 {
					grow = max(n, (len(d.b)-d.i)/(d.i/n)+1)
				}
				out.Grow(grow)
			}
			out.SetLen(n + 1)
			elem := out.Index(n)
			if ptr {
				nv := reflect.New(st.Elem().Elem())
				elem.Set(nv)
				elem = nv.Elem()
			}
			d.ws()
			id, err := p.fastRecord(&d, elem, &order)
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
				break
			}
			if d.b[d.i] != ',' {
				return reflect.Value{}, nil, false
			}
			d.i++
		}
	}
	d.ws()
	if d.i != len(d.b) {
		return reflect.Value{}, nil, false
	}
	if n == 0 {
		return reflect.MakeSlice(st, 0, 0), []int64{}, true
	}
	return out, ids, true
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
			s, ok := d.str()
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
	case kindMany2One, kindIDs:
		if !d.skip() {
			return errFastGiveUp
		}
		u := fv.Addr().Interface().(json.Unmarshaler)
		if u.UnmarshalJSON(d.b[start:d.i]) != nil {
			return errFastGiveUp
		}
		return nil
	case kindDateTime, kindTime:
		if c == '"' {
			if t, ok := d.odooDateTime(); ok {
				if f.kind == kindTime {
					fv.Set(reflect.ValueOf(t))
				} else {
					fv.Set(reflect.ValueOf(DateTime{t}))
				}
				return nil
			}
			if !d.skip() {
				return errFastGiveUp
			}
			var dt DateTime
			if dt.UnmarshalJSON(d.b[start:d.i]) != nil {
				return errFastGiveUp
			}
			if f.kind == kindTime {
				fv.Set(reflect.ValueOf(dt.Time))
			} else {
				fv.Set(reflect.ValueOf(dt))
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

func isNumberByte(c byte) bool {
	return c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || (c >= '0' && c <= '9')
}

// fastDec is a strict one-pass JSON reader over b.
type fastDec struct {
	b []byte
	i int
}

func (d *fastDec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// key reads an object key; ok is false for a key with escapes.
func (d *fastDec) key() ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	j := d.i + 1
	for j < len(d.b) {
		c := d.b[j]
		if c == '"' {
			k := d.b[d.i+1 : j]
			d.i = j + 1
			return k, true
		}
		if c == '\\' || c < 0x20 {
			return nil, false
		}
		j++
	}
	return nil, false
}

// literal reads true, false or null.
func (d *fastDec) literal() bool {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(d.b)-d.i >= len(lit) && string(d.b[d.i:d.i+len(lit)]) == lit {
			d.i += len(lit)
			return true
		}
	}
	return false
}

// number checks a JSON number at d.i and answers its end; d.i is kept.
func (d *fastDec) number() (int, bool) {
	b, j := d.b, d.i
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	default:
		return 0, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, false
		}
	}
	return j, true
}

// strEnd finds the end of the string at d.i (just past its closing
// quote) and whether it holds escapes; ok is false for a control
// character, a bad escape or no end.
func (d *fastDec) strEnd() (end int, escaped, ok bool) {
	b := d.b
	j := d.i + 1
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			return j + 1, escaped, true
		case c == '\\':
			escaped = true
			if j+1 >= len(b) {
				return 0, false, false
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(b) || !isHex4(b[j+2:j+6]) {
					return 0, false, false
				}
				j += 6
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		default:
			j++
		}
	}
	return 0, false, false
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// str reads a string. Strings with escapes or bytes that are not UTF-8
// are unquoted by encoding/json, which decides how to repair them.
func (d *fastDec) str() (string, bool) {
	end, escaped, ok := d.strEnd()
	if !ok {
		return "", false
	}
	tok := d.b[d.i:end]
	d.i = end
	body := tok[1 : len(tok)-1]
	ascii := true
	for _, c := range body {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii && !utf8.Valid(body) {
		// encoding/json replaces the bad bytes; let it.
		var s string
		if json.Unmarshal(tok, &s) != nil {
			return "", false
		}
		return s, true
	}
	if !escaped {
		return string(body), true
	}
	return unescape(body), true
}

// unescape decodes the escapes of a checked JSON string body (see strEnd)
// as encoding/json does: a lone or broken UTF-16 surrogate reads as
// U+FFFD.
func unescape(body []byte) string {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			j := i + 1
			for j < len(body) && body[j] != '\\' {
				j++
			}
			out = append(out, body[i:j]...)
			i = j
			continue
		}
		switch e := body[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hex4(body[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, rune(hex4(body[i+2:i+6]))); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, e)
		}
		i += 2
	}
	return string(out)
}

// hex4 reads four checked hex digits.
func hex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		n = n<<4 | int(c)
	}
	return n
}

// skip steps over one value, checking its syntax.
func (d *fastDec) skip() bool { return d.skipDepth(0) }

func (d *fastDec) skipDepth(depth int) bool {
	if d.i >= len(d.b) || depth > 10000 {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		end, _, ok := d.strEnd()
		if !ok {
			return false
		}
		d.i = end
		return true
	case c == '[' || c == '{':
		d.i++
		d.ws()
		closing := byte(']')
		if c == '{' {
			closing = '}'
		}
		if d.i < len(d.b) && d.b[d.i] == closing {
			d.i++
			return true
		}
		for {
			d.ws()
			if c == '{' {
				if d.i >= len(d.b) || d.b[d.i] != '"' {
					return false
				}
				end, _, ok := d.strEnd()
				if !ok {
					return false
				}
				d.i = end
				d.ws()
				if d.i >= len(d.b) || d.b[d.i] != ':' {
					return false
				}
				d.i++
				d.ws()
			}
			if !d.skipDepth(depth + 1) {
				return false
			}
			d.ws()
			if d.i >= len(d.b) {
				return false
			}
			if d.b[d.i] == closing {
				d.i++
				return true
			}
			if d.b[d.i] != ',' {
				return false
			}
			d.i++
		}
	case c == 't' || c == 'f' || c == 'n':
		return d.literal()
	default:
		j, ok := d.number()
		if ok {
			d.i = j
		}
		return ok
	}
}

// odooDateTime reads "2006-01-02 15:04:05" (Odoo's form) as a UTC time;
// ok is false, with d.i kept, for any other string.
func (d *fastDec) odooDateTime() (time.Time, bool) {
	b := d.b[d.i:]
	if len(b) < 21 || b[20] != '"' {
		return time.Time{}, false
	}
	s := b[1:20]
	if s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(x []byte) (int, bool) {
		n := 0
		for _, c := range x {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	mo, ok2 := num(s[5:7])
	dd, ok3 := num(s[8:10])
	hh, ok4 := num(s[11:13])
	mi, ok5 := num(s[14:16])
	ss, ok6 := num(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || hh > 23 || mi > 59 || ss > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), dd, hh, mi, ss, 0, time.UTC)
	if t.Day() != dd || dd < 1 {
		return time.Time{}, false // day out of range: time.Parse decides
	}
	d.i += 21
	return t, true
}

// fastRPCResult finds the result of a JSON-RPC reply body in one strict
// pass, without copying it: ok is true only for a well-formed object
// whose members are a result and others that are not an error (an error
// member, null aside, means the caller's full parse must build the
// *Error). It answers what ParseJSONRPCReply answers for such a body
// with a 2xx status, at a fraction of the cost of encoding/json's two
// passes (see BenchmarkParseJSONRPCReply).
func fastRPCResult(body []byte) (result json.RawMessage, ok bool) {
	d := fastDec{b: body}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, false
	}
	d.i++
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		return nil, false
	}
	for {
		d.ws()
		key, ok := d.key()
		if !ok {
			return nil, false
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false
		}
		d.i++
		d.ws()
		start := d.i
		if !d.skip() {
			return nil, false
		}
		val := d.b[start:d.i]
		switch {
		case string(key) == "result":
			result = val
		case string(key) == "error":
			if string(val) != "null" {
				return nil, false
			}
		case strings.EqualFold(string(key), "result") || strings.EqualFold(string(key), "error"):
			return nil, false // encoding/json would match it: its call
		}
		d.ws()
		if d.i >= len(d.b) {
			return nil, false
		}
		if d.b[d.i] == '}' {
			d.i++
			break
		}
		if d.b[d.i] != ',' {
			return nil, false
		}
		d.i++
	}
	d.ws()
	if d.i != len(d.b) || result == nil {
		return nil, false
	}
	return result, true
}
