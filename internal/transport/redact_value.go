// Redaction of every string reachable from a value (decoded JSON, an
// error's fields), at any depth.

package transport

import "reflect"

// maxRedactDepth bounds RedactValue's walk (decoded JSON has no cycles,
// but a caller's value might).
const maxRedactDepth = 64

// RedactValue redacts, in place, every string reachable from v at any
// depth with c.Redact (see RedactValueWith).
func (c *Client) RedactValue(v any) { RedactValueWith(v, c.Redact) }

// RedactValueWith redacts, in place, every string reachable from v at any
// depth with redact: a pointer's target, exported struct fields, slice and
// array elements, map keys and values, the contents of interfaces ([]any
// and map[string]any of decoded JSON). v is typically a pointer to an
// error struct; strings that cannot be set in place (a map's entries, an
// interface's value) are replaced by redacted copies.
func RedactValueWith(v any, redact func(string) string) {
	if v == nil || redact == nil {
		return
	}
	w := valueRedactor(redact)
	w.redactValue(reflect.ValueOf(v), 0)
}

// valueRedactor walks values for RedactValueWith.
type valueRedactor func(string) string

// redactValue redacts what v reaches and returns the value to put in v's
// place when v itself cannot be changed in place, with ok=true.
func (c valueRedactor) redactValue(v reflect.Value, depth int) (reflect.Value, bool) {
	if depth > maxRedactDepth || !v.IsValid() {
		return v, false
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		r := c(s)
		if r == s {
			return v, false
		}
		if v.CanSet() {
			v.SetString(r)
			return v, false
		}
		nv := reflect.New(v.Type()).Elem()
		nv.SetString(r)
		return nv, true
	case reflect.Pointer:
		if !v.IsNil() {
			c.redactValue(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		if nv, ok := c.redactValue(v.Elem(), depth+1); ok {
			if v.CanSet() {
				v.Set(nv)
				return v, false
			}
			return nv, true
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.setRedacted(v.Index(i), depth)
		}
	case reflect.Array, reflect.Struct:
		if !v.CanAddr() {
			// Inside an interface or a map: redact a copy.
			cp := reflect.New(v.Type()).Elem()
			cp.Set(v)
			c.redactFields(cp, depth)
			return cp, true
		}
		c.redactFields(v, depth)
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		type kv struct{ k, v reflect.Value }
		var changed []kv
		var stale []reflect.Value
		it := v.MapRange()
		for it.Next() {
			k, e := it.Key(), it.Value()
			nk, kc := c.redactValue(k, depth+1)
			ne, ec := c.redactValue(e, depth+1)
			if kc || ec {
				if kc {
					stale = append(stale, k)
				}
				changed = append(changed, kv{nk, ne})
			}
		}
		for _, k := range stale {
			v.SetMapIndex(k, reflect.Value{})
		}
		for _, e := range changed {
			v.SetMapIndex(e.k, e.v)
		}
	}
	return v, false
}

// setRedacted redacts the addressable element e in place.
func (c valueRedactor) setRedacted(e reflect.Value, depth int) {
	if nv, ok := c.redactValue(e, depth+1); ok && e.CanSet() {
		e.Set(nv)
	}
}

// redactFields redacts the elements of an addressable array or the
// exported fields of an addressable struct.
func (c valueRedactor) redactFields(v reflect.Value, depth int) {
	if v.Kind() == reflect.Array {
		for i := range v.Len() {
			c.setRedacted(v.Index(i), depth)
		}
		return
	}
	for i := range v.NumField() {
		if v.Type().Field(i).IsExported() {
			c.setRedacted(v.Field(i), depth)
		}
	}
}
