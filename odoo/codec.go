package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
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
	isTime    bool // time.Time, decoded through DateTime
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
func (p *structPlan) decodeList(raw json.RawMessage, st reflect.Type) (reflect.Value, []int64, error) {
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
