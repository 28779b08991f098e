// Values as Match compares them: Python's truthiness, numbers, dates and
// lists, classified once per operand.

package domain

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// vkind classifies a value for comparison.
type vkind uint8

const (
	vUnset vkind = iota
	vTrue
	vNum
	vStr
	vM2O
	vList
)

type val struct {
	k    vkind
	i    int64
	f    float64
	isI  bool // the number is i (else f)
	s    string
	name bool // vM2O: s holds the display name
	list []val
}

func (v val) falsy() bool {
	switch v.k {
	case vUnset:
		return true
	case vNum:
		return (v.isI && v.i == 0) || (!v.isI && v.f == 0)
	case vStr:
		return v.s == ""
	case vList:
		return len(v.list) == 0
	}
	return false
}

// unset reports whether v is what Odoo reads as not set.
func (v val) unset() bool {
	return v.k == vUnset || (v.k == vStr && v.s == "") || (v.k == vList && len(v.list) == 0)
}

func (v val) asList() val {
	if v.k == vList {
		return v
	}
	return val{k: vList, list: []val{v}}
}

func intVal(i int64) val     { return val{k: vNum, i: i, isI: true} }
func floatVal(f float64) val { return val{k: vNum, f: f} }

// classifyCanon classifies a canonical domain value.
func classifyCanon(v any) val {
	switch v := v.(type) {
	case bool:
		if v {
			return val{k: vTrue}
		}
	case int64:
		return intVal(v)
	case float64:
		return floatVal(v)
	case string:
		return val{k: vStr, s: v}
	case []any:
		out := val{k: vList, list: make([]val, len(v))}
		for i, e := range v {
			out.list[i] = classifyCanon(e)
		}
		return out
	}
	return val{}
}

// classify classifies a record value, in any of the Go forms a record may
// hold it.
func classify(v any) (val, error) { return classifyDepth(v, 0) }

func classifyDepth(v any, depth int) (val, error) {
	if depth > maxDepth {
		return val{}, fmt.Errorf("value nested too deeply (or cyclic)")
	}
	switch v := v.(type) {
	case nil:
		return val{}, nil
	case bool:
		if v {
			return val{k: vTrue}, nil
		}
		return val{}, nil
	case string:
		return val{k: vStr, s: v}, nil
	case int:
		return intVal(int64(v)), nil
	case int64:
		return intVal(v), nil
	case int32:
		return intVal(int64(v)), nil
	case float64:
		return floatVal(v), nil
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return intVal(i), nil
		}
		f, err := v.Float64()
		if err != nil {
			return val{}, err
		}
		return floatVal(f), nil
	case time.Time:
		if v.IsZero() {
			return val{}, nil
		}
		return val{k: vStr, s: v.UTC().Format(odooDateTime)}, nil
	case []any:
		if len(v) == 2 {
			if s, ok := v[1].(string); ok {
				if id, err := classify(v[0]); err == nil && id.k == vNum {
					id.k, id.s, id.name = vM2O, s, true
					return id, nil
				}
			}
		}
		out := val{k: vList, list: make([]val, len(v))}
		for i, e := range v {
			c, err := classifyDepth(e, depth+1)
			if err != nil {
				return val{}, err
			}
			out.list[i] = c
		}
		return out, nil
	case []int64:
		out := val{k: vList, list: make([]val, len(v))}
		for i, e := range v {
			out.list[i] = intVal(e)
		}
		return out, nil
	case []int:
		out := val{k: vList, list: make([]val, len(v))}
		for i, e := range v {
			out.list[i] = intVal(int64(e))
		}
		return out, nil
	case map[string]any:
		return val{}, fmt.Errorf("unsupported record value of type %T", v)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intVal(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > 1<<63-1 {
			return floatVal(float64(u)), nil
		}
		return intVal(int64(u)), nil
	case reflect.Float32, reflect.Float64:
		return floatVal(rv.Float()), nil
	case reflect.String:
		return val{k: vStr, s: rv.String()}, nil
	case reflect.Bool:
		return classify(rv.Bool())
	}
	// Other types (odoo.Many2One, custom dates, ...) are read through the
	// JSON they encode to, which is what Odoo would see.
	c, err := canon(v)
	if err != nil {
		return val{}, err
	}
	if _, isSlice := v.([]any); !isSlice {
		if l, ok := c.([]any); ok {
			return classify(l)
		}
	}
	return classifyCanon(c), nil
}

func numCmp(a, b val) int {
	if a.isI && b.isI {
		switch {
		case a.i < b.i:
			return -1
		case a.i > b.i:
			return 1
		}
		return 0
	}
	af, bf := a.f, b.f
	if a.isI {
		af = float64(a.i)
	}
	if b.isI {
		bf = float64(b.i)
	}
	switch {
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

// eq is Odoo's '=' (and, with a list on the right, 'in').
func eq(rv, dv val) bool {
	switch {
	case dv.k == vList:
		if len(dv.list) == 0 {
			// ('f', '=', []) compares with False, as Odoo 19 rewrites it.
			return rv.unset()
		}
		for _, d := range dv.list {
			if eq(rv, d) {
				return true
			}
		}
		return false
	case dv.unset():
		if dv.k == vStr && rv.k == vStr {
			return rv.s == ""
		}
		return rv.unset()
	case rv.k == vList:
		for _, r := range rv.list {
			if eq(r, dv) {
				return true
			}
		}
		return false
	}
	switch rv.k {
	case vTrue:
		return dv.k == vTrue
	case vNum:
		return dv.k == vNum && numCmp(rv, dv) == 0
	case vStr:
		return dv.k == vStr && rv.s == dv.s
	case vM2O:
		switch dv.k {
		case vNum:
			return numCmp(rv, dv) == 0
		case vStr:
			return rv.s == dv.s
		}
	}
	return false
}

// compare is Odoo's <, <=, >, >=; unset values never compare.
func compare(op Operator, rv, dv val) bool {
	if rv.unset() || dv.unset() {
		return false
	}
	if rv.k == vList {
		for _, r := range rv.list {
			if compare(op, r, dv) {
				return true
			}
		}
		return false
	}
	var c int
	switch {
	case (rv.k == vNum || rv.k == vM2O) && dv.k == vNum:
		c = numCmp(rv, dv)
	case rv.k == vStr && dv.k == vStr:
		r := rv.s
		if isDate(dv.s) && len(r) > 10 && isDate(r[:10]) && r[10] == ' ' {
			// A datetime against a day: Odoo compares with the day's
			// bounds, which is comparing the datetime's day.
			r = r[:10]
		}
		c = strings.Compare(r, dv.s)
	default:
		return false
	}
	switch op {
	case OpGt:
		return c > 0
	case OpGe:
		return c >= 0
	case OpLt:
		return c < 0
	case OpLe:
		return c <= 0
	}
	return false
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i := 0; i < 10; i++ {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
