package domain

import (
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// Odoo's datetime format, in UTC.
const odooDateTime = "2006-01-02 15:04:05"

// errDomain returns a Domain that carries err.
func errDomain(err error) Domain { return Domain{&node{kind: kErr, err: err}} }

// Condition is (field, op, value) for any operator, including the legacy
// aliases '<>' and '=='. For OpAny and OpNotAny, value is a Domain or a
// prefix list ([]any). Like every builder it never panics: a bad field,
// operator or value yields a Domain whose Validate returns the error.
func Condition(field string, op Operator, value any) Domain {
	o, ok := normOperator(string(op))
	if !ok {
		return errDomain(invalidf(-1, "unknown operator %s in %s", quotePy(string(op)), quotePy(field)))
	}
	return leafDomain(field, o, value)
}

func leafDomain(field string, op Operator, value any) Domain {
	var v any
	if op == OpAny || op == OpNotAny {
		v = value
		if l, ok := value.([]any); ok {
			d, err := FromList(l)
			if err != nil {
				return errDomain(invalidf(-1, "sub-domain of %s: %v", quotePy(field), err))
			}
			v = d
		}
	} else {
		var err error
		v, err = canon(value)
		if err != nil {
			return errDomain(invalidf(-1, "value of %s %s: %v", quotePy(field), quotePy(string(op)), err))
		}
	}
	n, err := makeLeaf(field, op, v, -1)
	if err != nil {
		return errDomain(err)
	}
	return Domain{n}
}

// makeLeaf checks a term whose operator is already normalised and whose
// value is canonical (except for any / not any, where it may be a Domain or
// a prefix list), and normalises the value for the operator.
func makeLeaf(field string, op Operator, v any, pos int) (*node, *Error) {
	if msg := checkField(field); msg != "" {
		return nil, invalidf(pos, "%s", msg)
	}
	switch op {
	case OpAny, OpNotAny:
		switch sub := v.(type) {
		case Domain:
			if err := sub.Validate(); err != nil {
				return nil, invalidf(pos, "sub-domain of %s: %v", quotePy(field), err)
			}
		case []any:
			d, err := fromList(sub, 0, false)
			if err != nil {
				return nil, invalidf(pos, "sub-domain of %s: %s", quotePy(field), err.Msg)
			}
			v = d
		default:
			return nil, invalidf(pos, "operator %s on %s needs a sub-domain list, got %s", quotePy(string(op)), quotePy(field), describe(v))
		}
	case OpIn, OpNotIn, OpChildOf, OpParentOf:
		if _, ok := v.([]any); !ok {
			// Odoo accepts a single value and treats it as a one-element list.
			v = []any{v}
		}
	}
	if op != OpAny && op != OpNotAny {
		if _, ok := v.(Domain); ok {
			return nil, invalidf(pos, "a sub-domain value needs 'any' or 'not any', not %s", quotePy(string(op)))
		}
	}
	return &node{kind: kLeaf, leaf: Leaf{Field: field, Op: op, Value: v}}, nil
}

func describe(v any) string {
	switch v := v.(type) {
	case []any:
		return "a list"
	case string:
		return "string " + quotePy(v)
	default:
		return fmt.Sprintf("%T %s", v, formatPython(v))
	}
}

// canon converts a Go value into the normalised form a Domain holds.
func canon(v any) (any, error) { return canonDepth(v, 0) }

func canonDepth(v any, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("value nested too deeply (or cyclic)")
	}
	switch v := v.(type) {
	case nil:
		return false, nil
	case bool:
		return v, nil
	case string:
		return validString(v), nil
	case int:
		return int64(v), nil
	case int64:
		return v, nil
	case int32:
		return int64(v), nil
	case int16:
		return int64(v), nil
	case int8:
		return int64(v), nil
	case uint:
		return canonUint(uint64(v)), nil
	case uint64:
		return canonUint(v), nil
	case uint32:
		return int64(v), nil
	case uint16:
		return int64(v), nil
	case uint8:
		return int64(v), nil
	case float64:
		return canonFloat(v)
	case float32:
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(v), 'g', -1, 32), 64)
		return canonFloat(f)
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, nil
		}
		f, err := v.Float64()
		if err != nil {
			return nil, fmt.Errorf("invalid number %q", string(v))
		}
		return canonFloat(f)
	case time.Time:
		if v.IsZero() {
			return false, nil
		}
		return v.UTC().Format(odooDateTime), nil
	case *time.Time:
		if v == nil || v.IsZero() {
			return false, nil
		}
		return v.UTC().Format(odooDateTime), nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			c, err := canonDepth(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case []int64:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = e
		}
		return out, nil
	case []int:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = int64(e)
		}
		return out, nil
	case []string:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = validString(e)
		}
		return out, nil
	case Domain:
		if depth > 0 {
			return nil, fmt.Errorf("a Domain value is only allowed as the value of 'any' or 'not any'")
		}
		return v, nil
	case json.Marshaler:
		return canonMarshaler(v)
	case encoding.TextMarshaler:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return false, nil
		}
		t, err := v.MarshalText()
		if err != nil {
			return nil, fmt.Errorf("%T: %w", v, err)
		}
		return validString(string(t)), nil
	}
	return canonReflect(reflect.ValueOf(v), depth)
}

func canonUint(u uint64) any {
	if u > math.MaxInt64 {
		return float64(u)
	}
	return int64(u)
}

func canonFloat(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("unsupported number %v", f)
	}
	return f, nil
}

func canonMarshaler(m json.Marshaler) (any, error) {
	if rv := reflect.ValueOf(m); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return false, nil
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("%T: %w", m, err)
	}
	v, err := decodeJSONValue(b)
	if err != nil {
		return nil, fmt.Errorf("%T encodes %.40q: %w", m, b, err)
	}
	return v, nil
}

func canonReflect(rv reflect.Value, depth int) (any, error) {
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.String:
		return validString(rv.String()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return canonUint(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return canonFloat(rv.Float())
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return false, nil
		}
		return canonDepth(rv.Elem().Interface(), depth+1)
	case reflect.Slice:
		if rv.IsNil() {
			return []any{}, nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			c, err := canonDepth(rv.Index(i).Interface(), depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value of type %s", rv.Type())
}

// validString replaces each byte of s that is not valid UTF-8 with U+FFFD,
// as encoding/json does, so that the value survives a round trip.
func validString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// Eq is (field, '=', value).
func Eq(field string, value any) Domain { return leafDomain(field, OpEq, value) }

// Ne is (field, '!=', value).
func Ne(field string, value any) Domain { return leafDomain(field, OpNe, value) }

// Gt is (field, '>', value).
func Gt(field string, value any) Domain { return leafDomain(field, OpGt, value) }

// Ge is (field, '>=', value).
func Ge(field string, value any) Domain { return leafDomain(field, OpGe, value) }

// Lt is (field, '<', value).
func Lt(field string, value any) Domain { return leafDomain(field, OpLt, value) }

// Le is (field, '<=', value).
func Le(field string, value any) Domain { return leafDomain(field, OpLe, value) }

// In is (field, 'in', values); no values encodes as []. A single slice
// argument is taken as the list: In("id", ids) is In("id", ids...).
func In[T any](field string, values ...T) Domain { return listDomain(field, OpIn, values) }

// NotIn is (field, 'not in', values), with In's conventions.
func NotIn[T any](field string, values ...T) Domain { return listDomain(field, OpNotIn, values) }

func listDomain[T any](field string, op Operator, values []T) Domain {
	if len(values) == 1 {
		c, err := canon(values[0])
		if err != nil {
			return errDomain(invalidf(-1, "value of %s %s: %v", quotePy(field), quotePy(string(op)), err))
		}
		if l, ok := c.([]any); ok {
			return leafDomain(field, op, l)
		}
		return leafDomain(field, op, []any{c})
	}
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = v
	}
	return leafDomain(field, op, list)
}

// Like is (field, 'like', pattern): pattern matches anywhere in the value,
// with % and _ as wildcards.
func Like(field, pattern string) Domain { return leafDomain(field, OpLike, pattern) }

// ILike is (field, 'ilike', pattern), like Like but case-insensitive.
func ILike(field, pattern string) Domain { return leafDomain(field, OpILike, pattern) }

// NotLike is (field, 'not like', pattern).
func NotLike(field, pattern string) Domain { return leafDomain(field, OpNotLike, pattern) }

// NotILike is (field, 'not ilike', pattern).
func NotILike(field, pattern string) Domain { return leafDomain(field, OpNotILike, pattern) }

// EqLike is (field, '=like', pattern): the whole value matches pattern.
func EqLike(field, pattern string) Domain { return leafDomain(field, OpEqLike, pattern) }

// EqILike is (field, '=ilike', pattern), like EqLike but case-insensitive.
func EqILike(field, pattern string) Domain { return leafDomain(field, OpEqILike, pattern) }

// NotEqLike is (field, 'not =like', pattern) (Odoo 19+).
func NotEqLike(field, pattern string) Domain { return leafDomain(field, OpNotEqLike, pattern) }

// NotEqILike is (field, 'not =ilike', pattern) (Odoo 19+).
func NotEqILike(field, pattern string) Domain { return leafDomain(field, OpNotEqILike, pattern) }

// EqOrUnset is (field, '=?', value): true when value is unset (false, nil,
// 0, "" or an empty list), else the same as Eq.
func EqOrUnset(field string, value any) Domain { return leafDomain(field, OpEqOrUnset, value) }

// ChildOf is (field, 'child_of', ids).
func ChildOf(field string, ids ...int64) Domain { return listDomain(field, OpChildOf, ids) }

// ParentOf is (field, 'parent_of', ids).
func ParentOf(field string, ids ...int64) Domain { return listDomain(field, OpParentOf, ids) }

// Any is (field, 'any', sub) (Odoo 17+): some record field points to
// matches sub.
func Any(field string, sub Domain) Domain { return leafDomain(field, OpAny, sub) }

// NotAny is (field, 'not any', sub) (Odoo 17+): no record field points to
// matches sub.
func NotAny(field string, sub Domain) Domain { return leafDomain(field, OpNotAny, sub) }

// And combines domains with '&'. Empty domains are ignored, nested Ands are
// flattened, the And of one domain is that domain and the And of none is
// the empty domain. At the top level the encoding uses Odoo's implicit AND:
// And(a, b, c) encodes as [a, b, c].
func And(ds ...Domain) Domain { return nary(kAnd, ds) }

// Or combines domains with '|'. Nested Ors are flattened, the Or of one
// domain is that domain and the Or of none is the empty domain. An empty
// domain matches everything, so Or with an empty domain among others is
// True.
func Or(ds ...Domain) Domain { return nary(kOr, ds) }

func nary(k kind, ds []Domain) Domain {
	count := 0
	for _, d := range ds {
		switch {
		case d.n == nil:
			if k == kOr && len(ds) > 1 {
				// Keep an error from another operand rather than hide it.
				for _, e := range ds {
					if e.n != nil && e.n.kind == kErr {
						return e
					}
				}
				return True
			}
		case d.n.kind == kErr:
			return d
		case d.n.kind == k:
			count += len(d.n.kids)
		default:
			count++
		}
	}
	switch count {
	case 0:
		return Domain{}
	case 1:
		for _, d := range ds {
			if d.n != nil {
				return d
			}
		}
	}
	kids := make([]*node, 0, count)
	for _, d := range ds {
		switch {
		case d.n == nil:
		case d.n.kind == k:
			kids = append(kids, d.n.kids...)
		default:
			kids = append(kids, d.n)
		}
	}
	return Domain{&node{kind: k, kids: kids}}
}

// Not negates d with '!'. Not of the empty domain (which matches
// everything) is False.
func Not(d Domain) Domain {
	switch {
	case d.n == nil:
		return False
	case d.n.kind == kErr:
		return d
	}
	return Domain{&node{kind: kNot, kids: []*node{d.n}}}
}
