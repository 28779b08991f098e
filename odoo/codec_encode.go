package odoo

import (
	"fmt"
	"reflect"
	"time"
)

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
