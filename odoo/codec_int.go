package odoo

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// The integer rule: every integer the codec reads (a struct field of any
// integer kind, named integer types without their own decoder, pointers
// to them and them inside slices, arrays and maps; a record id inside a
// Many2One or IDs; a plain integer result) is read by this one rule, on
// both decoder paths:
//
//   - a JSON number whose value has no fraction and fits the Go type is
//     read: 1, -3, 1.0, 1e2, 1.50e1;
//   - a number with a fraction (1.5), one out of the Go type's range (300
//     into an int8, -1 into a uint, 2^63 into an int64, 1e400) or a value
//     that is not a number is refused (a *ResponseError naming the field).
//
// Odoo's false and null keep their meaning (no value) where they had it.
// The value is worked out from the decimal digits, never through a
// float64, so 9007199254740993.0 reads as itself.
//
// The one-pass decoder reads plain integers with fastInt and hands any
// other number to jsonInteger; the encoding/json path decodes with the
// caller's types first and, when that fails, once more with ruleType's
// types (ruleInt64 and the like in place of each integer), whose UnmarshalJSON is
// jsonInteger.

// intError is a number the integer rule refuses; reason is empty when
// the value is not a number at all (the message then says only what the
// JSON value is).
type intError struct {
	reason string
}

func (e *intError) Error() string {
	if e.reason == "" {
		return "not a number"
	}
	return e.reason
}

// jsonInteger reads b, a JSON number, as an integer of the given bit size
// (signed or not) by the integer rule, and answers its bits (an int64 for
// a signed kind, a uint64 otherwise).
func jsonInteger(b []byte, bits int, signed bool) (uint64, error) {
	neg, mag, st := integerValue(b)
	switch st {
	case intNotNumber:
		return 0, &intError{}
	case intFraction:
		return 0, &intError{reason: snippet(bytes.TrimSpace(b), 40) + " is not an integer"}
	}
	limit := uint64(1<<bits - 1) // the largest magnitude allowed
	switch {
	case signed && neg:
		limit = 1 << (bits - 1)
	case signed:
		limit = 1<<(bits-1) - 1
	case neg:
		limit = 0 // -0 only
	}
	if st == intTooLarge || mag > limit {
		name := "int"
		if !signed {
			name = "uint"
		}
		return 0, &intError{reason: snippet(bytes.TrimSpace(b), 40) + " is out of " + name + strconv.Itoa(bits) + "'s range"}
	}
	if neg {
		return uint64(-int64(mag)), nil
	}
	return mag, nil
}

// What integerValue found.
const (
	intOK        = iota
	intNotNumber // not a JSON number
	intFraction  // a number with a fraction
	intTooLarge  // an integer beyond 2^64-1 (mag is then 0)
)

// integerValue reads b, a JSON number, as a sign and a magnitude: exactly,
// from its digits (never through a float64).
func integerValue(b []byte) (neg bool, mag uint64, status int) {
	b = bytes.TrimSpace(b)
	d := fastDec{b: b}
	if end, ok := d.number(); !ok || end != len(b) {
		return false, 0, intNotNumber
	}
	i := 0
	if b[0] == '-' {
		neg = true
		i++
	}
	// The digits without the point, and the exponent that places them:
	// value = digits * 10^exp.
	start := i
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	intDigits := b[start:i]
	var frac []byte
	if i < len(b) && b[i] == '.' {
		j := i + 1
		for i = j; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
		frac = b[j:i]
	}
	exp := 0
	if i < len(b) { // 'e' or 'E', then a valid exponent (number checked it)
		negExp := b[i+1] == '-'
		e, err := strconv.Atoi(strings.TrimPrefix(string(b[i+1:]), "+"))
		if err != nil || e > len(b)+20 || e < -(len(b)+20) {
			// Beyond every digit: a fraction, or beyond 20 digits, unless
			// the digits are all zeros.
			switch {
			case allZero(intDigits) && allZero(frac):
				return false, 0, intOK
			case negExp:
				return neg, 0, intFraction
			}
			return neg, 0, intTooLarge
		}
		exp = e
	}
	digits := make([]byte, 0, len(intDigits)+len(frac)+20)
	digits = append(append(digits, intDigits...), frac...)
	exp -= len(frac)
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	if len(digits) == 0 {
		return false, 0, intOK
	}
	for ; exp < 0; exp++ {
		if digits[len(digits)-1] != '0' {
			return neg, 0, intFraction
		}
		digits = digits[:len(digits)-1]
	}
	if len(digits)+exp > 20 {
		return neg, 0, intTooLarge
	}
	for ; exp > 0; exp-- {
		digits = append(digits, '0')
	}
	mag, err := strconv.ParseUint(string(digits), 10, 64)
	if err != nil {
		return neg, 0, intTooLarge
	}
	return neg, mag, intOK
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != '0' {
			return false
		}
	}
	return true
}

// decodeID reads a record id (inside a Many2One, an IDs list, a record's
// "id") by the integer rule, for an int64.
func decodeID(b []byte) (int64, error) {
	n, err := jsonInteger(b, 64, true)
	if err != nil {
		return 0, &intError{reason: "not a record id: " + snippet(bytes.TrimSpace(b), 40)}
	}
	return int64(n), nil
}

// integer is the constraint of ruleSet.
type integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// ruleSet reads b into *p by the integer rule; null is left alone, as
// encoding/json leaves an integer alone.
func ruleSet[T integer](p *T, b []byte) error {
	if string(b) == "null" {
		return nil
	}
	t := reflect.TypeFor[T]()
	signed := t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64
	n, err := jsonInteger(b, t.Bits(), signed)
	if err != nil {
		return err
	}
	if signed {
		*p = T(int64(n))
	} else {
		*p = T(n)
	}
	return nil
}

// The integers of the types the encoding/json path decodes with when the
// caller's types refuse a value (ruleType): one per integer kind, each
// reading its JSON by the integer rule.
type (
	ruleInt     int
	ruleInt8    int8
	ruleInt16   int16
	ruleInt32   int32
	ruleInt64   int64
	ruleUint    uint
	ruleUint8   uint8
	ruleUint16  uint16
	ruleUint32  uint32
	ruleUint64  uint64
	ruleUintptr uintptr
)

func (v *ruleInt) UnmarshalJSON(b []byte) error     { return ruleSet((*int)(v), b) }
func (v *ruleInt8) UnmarshalJSON(b []byte) error    { return ruleSet((*int8)(v), b) }
func (v *ruleInt16) UnmarshalJSON(b []byte) error   { return ruleSet((*int16)(v), b) }
func (v *ruleInt32) UnmarshalJSON(b []byte) error   { return ruleSet((*int32)(v), b) }
func (v *ruleInt64) UnmarshalJSON(b []byte) error   { return ruleSet((*int64)(v), b) }
func (v *ruleUint) UnmarshalJSON(b []byte) error    { return ruleSet((*uint)(v), b) }
func (v *ruleUint8) UnmarshalJSON(b []byte) error   { return ruleSet((*uint8)(v), b) }
func (v *ruleUint16) UnmarshalJSON(b []byte) error  { return ruleSet((*uint16)(v), b) }
func (v *ruleUint32) UnmarshalJSON(b []byte) error  { return ruleSet((*uint32)(v), b) }
func (v *ruleUint64) UnmarshalJSON(b []byte) error  { return ruleSet((*uint64)(v), b) }
func (v *ruleUintptr) UnmarshalJSON(b []byte) error { return ruleSet((*uintptr)(v), b) }

var ruleInts = map[reflect.Kind]reflect.Type{
	reflect.Int:     reflect.TypeFor[ruleInt](),
	reflect.Int8:    reflect.TypeFor[ruleInt8](),
	reflect.Int16:   reflect.TypeFor[ruleInt16](),
	reflect.Int32:   reflect.TypeFor[ruleInt32](),
	reflect.Int64:   reflect.TypeFor[ruleInt64](),
	reflect.Uint:    reflect.TypeFor[ruleUint](),
	reflect.Uint8:   reflect.TypeFor[ruleUint8](),
	reflect.Uint16:  reflect.TypeFor[ruleUint16](),
	reflect.Uint32:  reflect.TypeFor[ruleUint32](),
	reflect.Uint64:  reflect.TypeFor[ruleUint64](),
	reflect.Uintptr: reflect.TypeFor[ruleUintptr](),
}

// ruleType returns t with every integer it holds (itself, through
// pointers, slices, arrays, map values and json-tagged structs) replaced by the rule type of its kind (ruleInt64, ...), or nil
// when t holds none. Types with their own decoder (json.Unmarshaler,
// encoding.TextUnmarshaler) and interfaces are kept as they are.
func ruleType(t reflect.Type) reflect.Type { return ruleTypeAt(t, 0) }

func ruleTypeAt(t reflect.Type, depth int) reflect.Type {
	if depth > 8 {
		return nil // deep or recursive types keep their own integers there
	}
	depth++
	if t.Implements(unmarshT) || reflect.PointerTo(t).Implements(unmarshT) ||
		t.Implements(textUnmarshT) || reflect.PointerTo(t).Implements(textUnmarshT) {
		return nil
	}
	if r, ok := ruleInts[t.Kind()]; ok {
		return r
	}
	switch t.Kind() {
	case reflect.Pointer:
		if e := ruleTypeAt(t.Elem(), depth); e != nil {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil // []byte and its kin are base64 to encoding/json
		}
		if e := ruleTypeAt(t.Elem(), depth); e != nil {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := ruleTypeAt(t.Elem(), depth); e != nil {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := ruleTypeAt(t.Elem(), depth); e != nil {
			return reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		return ruleStruct(t, depth)
	}
	return nil
}

// ruleStruct is ruleType of a struct that encoding/json decodes by its
// json tags (not a record with odoo tags: its plan has its own
// ruleShadow): the same fields and tags, integers swapped. Structs with an
// unexported or embedded field are kept as they are (reflect.StructOf
// cannot rebuild them faithfully), and so are integers more than 8 levels
// down (a recursive type).
func ruleStruct(t reflect.Type, depth int) reflect.Type {
	if t == timeType {
		return nil
	}
	var fields []reflect.StructField
	changed := false
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			return nil
		}
		if rt := ruleTypeAt(f.Type, depth); rt != nil {
			f.Type, changed = rt, true
		}
		f.Index, f.Offset = nil, 0
		fields = append(fields, f)
	}
	if !changed {
		return nil
	}
	return reflect.StructOf(fields)
}

// fromRule stores src, a value of ruleType(dst.Type()), into dst as
// encoding/json would have stored the same JSON (a map is added to, a
// slice replaced).
func fromRule(dst, src reflect.Value) {
	switch dst.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		dst.SetInt(src.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		dst.SetUint(src.Uint())
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.New(dst.Type().Elem()))
		}
		fromRule(dst.Elem(), src.Elem())
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		n := src.Len()
		dst.Set(reflect.MakeSlice(dst.Type(), n, n))
		for i := range n {
			fromRule(dst.Index(i), src.Index(i))
		}
	case reflect.Array:
		for i := range dst.Len() {
			fromRule(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(dst.Type(), src.Len()))
		}
		e := reflect.New(dst.Type().Elem()).Elem()
		for it := src.MapRange(); it.Next(); {
			e.SetZero()
			fromRule(e, it.Value())
			dst.SetMapIndex(it.Key(), e)
		}
	case reflect.Struct:
		for i := range dst.NumField() {
			if sf := src.Field(i); sf.Type() != dst.Field(i).Type() {
				fromRule(dst.Field(i), sf)
			} else {
				dst.Field(i).Set(sf)
			}
		}
	default:
		dst.Set(src)
	}
}

// unmarshalRule decodes raw into out (a pointer) with encoding/json and,
// when that fails and out's type holds integers, once more by the integer
// rule (ruleType), storing the result into out. The error is the rule's
// when it names a fraction or a range, else encoding/json's first one.
func unmarshalRule(raw []byte, out reflect.Value) error {
	err := json.Unmarshal(raw, out.Interface())
	if err == nil {
		return nil
	}
	rt := ruleType(out.Type().Elem())
	if rt == nil {
		return err
	}
	rv := reflect.New(rt)
	rerr := json.Unmarshal(raw, rv.Interface())
	if rerr == nil {
		fromRule(out.Elem(), rv.Elem())
		return nil
	}
	if ie, ok := rerr.(*intError); ok && ie.reason != "" {
		return rerr
	}
	return err
}
