package odoo

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Tag options: `odoo:"name"`, `odoo:"name,omitempty"` (not written when
// zero), `odoo:"name,omitzero"` (the same), `odoo:"name,readonly"` (read,
// never written), `odoo:"-"` (ignored); another option makes NewModel's
// Model refuse every call (Model.Err).
// Untagged fields are ignored; untagged embedded structs are walked.

type structField struct {
	name      string
	index     []int
	typ       reflect.Type
	omitEmpty bool
	readOnly  bool
	isTime    bool      // time.Time, decoded through DateTime
	kind      fieldKind // how the fast decoder fills it
	// ruleTyp is the field's type in ruleShadow (integers read by the
	// integer rule, codec_int.go), nil when it holds no integer.
	ruleTyp reflect.Type
}

type structPlan struct {
	typ    reflect.Type
	fields []structField
	names  []string
	shadow reflect.Type // struct with json tags
	// ruleShadow is shadow with the integer rule's types (ruleType), for
	// a result shadow refuses; nil when no field holds an integer.
	ruleShadow reflect.Type
	idShadow   int // index of the "id" field in shadow
	idField    int // index in fields of "id", or -1
	keepFalse  map[string]bool
	hasTags    bool
	// fast is true when the fast decoder can fill every field (no field
	// behind an embedded pointer); byName maps a field name to fields.
	fast   bool
	byName map[string]int
	// tagErr describes the first unknown tag option, "" when none.
	tagErr string
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
				case "":
				default:
					if p.tagErr == "" {
						p.tagErr = fmt.Sprintf("field %s: unknown option %q in `odoo:%q` (known: omitempty, omitzero, readonly)", f.Name, o, tag)
					}
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
	var ruleFields []reflect.StructField
	for i := range p.fields {
		f := &p.fields[i]
		if f.isTime {
			continue
		}
		if f.ruleTyp = ruleType(f.typ); f.ruleTyp != nil {
			if ruleFields == nil {
				ruleFields = append([]reflect.StructField(nil), sfs...)
			}
			ruleFields[i].Type = f.ruleTyp
		}
	}
	if ruleFields != nil {
		p.ruleShadow = reflect.StructOf(ruleFields)
	}
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

func typeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }

// fieldKind is how the fast decoder fills a field.
type fieldKind uint8

const (
	kindJSON     fieldKind = iota // encoding/json on the value
	kindString                    // JSON string
	kindInt                       // JSON integer (signed kinds)
	kindUint                      // JSON integer (unsigned kinds)
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
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
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
