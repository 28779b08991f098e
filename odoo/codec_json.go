package odoo

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// Decoding builds, once per struct type, a "shadow" struct type with the
// same field types and `json` tags named after the odoo tags (time.Time is
// swapped for DateTime), lets encoding/json fill a slice of shadows, and
// copies the fields over. Odoo's `false` for an empty value is turned into
// `null` beforehand (except for bool, interface and json.RawMessage fields),
// which encoding/json leaves as the zero value.

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
		if sv.Type() != dv.Type() { // the rule shadow's integers
			fromRule(dv, sv)
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

func (p *structPlan) decodeOne(raw json.RawMessage, dst reflect.Value) error {
	if isEmptyJSON(raw) {
		dst.Set(reflect.Zero(dst.Type()))
		return nil
	}
	sh, err := unmarshalShadow(nullFalse(raw, p.keepFalse), p.shadow, p.ruleShadow)
	if err != nil {
		return p.locate(raw, false, err)
	}
	dst.Set(reflect.Zero(dst.Type()))
	p.copyShadow(dst, sh.Elem())
	return nil
}

// decodeListJSON is decodeList through encoding/json: Odoo's false made
// null, a shadow struct decoded, its fields copied.
func (p *structPlan) decodeListJSON(raw json.RawMessage, st reflect.Type) (reflect.Value, []int64, error) {
	if isEmptyJSON(raw) {
		return reflect.MakeSlice(st, 0, 0), nil, nil
	}
	var rule reflect.Type
	if p.ruleShadow != nil {
		rule = reflect.SliceOf(p.ruleShadow)
	}
	shs, err := unmarshalShadow(nullFalse(raw, p.keepFalse), reflect.SliceOf(p.shadow), rule)
	if err != nil {
		return reflect.Value{}, nil, p.locate(raw, true, err)
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

// unmarshalShadow decodes b into a new value of type shadow and, when
// encoding/json refuses it and rule (the same type with the integer
// rule's integers, codec_int.go) is not nil, into one of type rule: the
// caller's integer types decode plain integers as the rule does, so the
// common case pays nothing for it.
func unmarshalShadow(b []byte, shadow, rule reflect.Type) (reflect.Value, error) {
	sh := reflect.New(shadow)
	err := json.Unmarshal(b, sh.Interface())
	if err == nil || rule == nil {
		return sh, err
	}
	sh = reflect.New(rule)
	if json.Unmarshal(b, sh.Interface()) != nil {
		return reflect.Value{}, err
	}
	return sh, nil
}
