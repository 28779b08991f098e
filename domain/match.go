package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNoResolver is matched by the error Match returns when a domain needs
// related records (a dotted path, any / not any, child_of / parent_of, like
// on an x2many) and the Resolver is nil.
var ErrNoResolver = errors.New("domain: a resolver is needed")

// maxHierarchy bounds child_of / parent_of walks over broken hierarchies.
const maxHierarchy = 100000

// Match reports whether record satisfies d, with Odoo's value conventions:
//
//   - A missing key, false, nil, "" and an empty list are "unset":
//     (f, '=', False) matches them, (f, '!=', False) matches the others.
//   - A many2one is an id (any Go integer or float type) or [id, name];
//     compared with a string it compares the name.
//   - An x2many is a list of ids ([]any, []int64, []int): '=' and 'in'
//     match when any id matches, '!=' and 'not in' when none does.
//   - Numbers compare numerically whatever their Go types; strings, dates
//     and datetimes compare as strings (a datetime compared with a date
//     'YYYY-MM-DD' compares its day, as Odoo does).
//   - like and ilike match the pattern anywhere in the value, with % and _
//     as wildcards and \ as escape; =like and =ilike (and their negations)
//     match the whole value; the i forms compare case-insensitively. A like
//     on a many2one compares its name; on an x2many the related records'
//     display_name (or name), through resolve. An empty pattern follows
//     Odoo 19: like matches every record, not like none, =like the unset
//     values, not =like the set ones.
//   - '=?' is true when its value is falsy (false, 0, "", []), as Odoo 19
//     reads it, else it is '='.
//   - Negative operators (!=, not in, not like, not =like, ...) match unset
//     values, as Odoo's SQL does.
//   - A dotted path f.g matches when any record f points to matches g
//     (Odoo's 'any' rewrite); any / not any test the sub-domain on the
//     records f points to ("id" is the record itself).
//   - child_of walks up "parent_id" from the record f points to (or from
//     the record itself for "id"): a record is its own child. parent_of
//     walks down "child_ids" the same way.
//
// A domain carrying an error, an unknown operator, or a needed resolver
// that is nil gives an error, never a panic.
func Match(d Domain, record map[string]any, resolve Resolver) (bool, error) {
	if err := d.Validate(); err != nil {
		return false, err
	}
	if d.n == nil {
		return true, nil
	}
	m := matcher{resolve: resolve}
	return m.node(d.n, record)
}

type matcher struct {
	resolve Resolver
}

func (m *matcher) node(n *node, rec map[string]any) (bool, error) {
	switch n.kind {
	case kTrue:
		return true, nil
	case kFalse:
		return false, nil
	case kAnd:
		for _, k := range n.kids {
			ok, err := m.node(k, rec)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case kOr:
		for _, k := range n.kids {
			ok, err := m.node(k, rec)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case kNot:
		ok, err := m.node(n.kids[0], rec)
		return !ok && err == nil, err
	case kLeaf:
		return m.leaf(n.leaf, rec)
	case kErr:
		return false, n.err
	}
	return false, fmt.Errorf("domain: corrupt domain node %d", n.kind)
}

func (m *matcher) related(rec map[string]any, field string) ([]map[string]any, error) {
	if field == "id" {
		return []map[string]any{rec}, nil
	}
	if m.resolve == nil {
		return nil, fmt.Errorf("%w to read %s", ErrNoResolver, quotePy(field))
	}
	rs, err := m.resolve(rec, field)
	if err != nil {
		return nil, fmt.Errorf("domain: resolving %s: %w", quotePy(field), err)
	}
	return rs, nil
}

func (m *matcher) leaf(l Leaf, rec map[string]any) (bool, error) {
	if i := strings.IndexByte(l.Field, '.'); i >= 0 {
		rs, err := m.related(rec, l.Field[:i])
		if err != nil {
			return false, err
		}
		sub := Leaf{Field: l.Field[i+1:], Op: l.Op, Value: l.Value}
		for _, r := range rs {
			ok, err := m.leaf(sub, r)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	switch l.Op {
	case OpAny, OpNotAny:
		sub, ok := l.Value.(Domain)
		if !ok {
			return false, fmt.Errorf("domain: %s needs a sub-domain", quotePy(string(l.Op)))
		}
		rs, err := m.related(rec, l.Field)
		if err != nil {
			return false, err
		}
		found := false
		for _, r := range rs {
			ok, err := Match(sub, r, m.resolve)
			if err != nil {
				return false, err
			}
			if ok {
				found = true
				break
			}
		}
		return found == (l.Op == OpAny), nil
	case OpChildOf, OpParentOf:
		return m.hierarchy(l, rec)
	}
	rv, err := classify(rec[l.Field])
	if err != nil {
		return false, fmt.Errorf("domain: field %s: %w", quotePy(l.Field), err)
	}
	dv := classifyCanon(l.Value)
	switch l.Op {
	case OpEq:
		return eq(rv, dv), nil
	case OpNe:
		return !eq(rv, dv), nil
	case OpIn:
		return eq(rv, dv.asList()), nil
	case OpNotIn:
		return !eq(rv, dv.asList()), nil
	case OpEqOrUnset:
		if dv.falsy() {
			return true, nil
		}
		return eq(rv, dv), nil
	case OpGt, OpGe, OpLt, OpLe:
		return compare(l.Op, rv, dv), nil
	case OpLike, OpILike, OpEqLike, OpEqILike, OpNotLike, OpNotILike, OpNotEqLike, OpNotEqILike:
		return m.like(l, rec, rv, dv)
	}
	return false, fmt.Errorf("domain: unknown operator %s", quotePy(string(l.Op)))
}

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

func (m *matcher) like(l Leaf, rec map[string]any, rv, dv val) (bool, error) {
	negative := l.Op == OpNotLike || l.Op == OpNotILike || l.Op == OpNotEqLike || l.Op == OpNotEqILike
	whole := l.Op == OpEqLike || l.Op == OpEqILike || l.Op == OpNotEqLike || l.Op == OpNotEqILike
	fold := l.Op == OpILike || l.Op == OpNotILike || l.Op == OpEqILike || l.Op == OpNotEqILike
	if dv.falsy() && dv.k != vNum {
		if whole {
			return rv.unset() != negative, nil
		}
		return !negative, nil
	}
	pattern := likeText(dv)
	if !whole {
		pattern = "%" + pattern + "%"
	}
	var texts []string
	switch rv.k {
	case vUnset:
	case vTrue:
		texts = []string{"true"}
	case vNum, vStr:
		texts = []string{likeText(rv)}
	case vM2O, vList:
		if rv.k == vM2O && rv.name {
			texts = []string{rv.s}
			break
		}
		if rv.unset() {
			break
		}
		rs, err := m.related(rec, l.Field)
		if err != nil {
			return false, err
		}
		for _, r := range rs {
			name, ok := r["display_name"].(string)
			if !ok {
				name, _ = r["name"].(string)
			}
			texts = append(texts, name)
		}
	}
	found := false
	for _, t := range texts {
		if likeMatch(pattern, t, fold) {
			found = true
			break
		}
	}
	return found != negative, nil
}

func likeText(v val) string {
	switch v.k {
	case vStr, vM2O:
		return v.s
	case vNum:
		if v.isI {
			return strconv.FormatInt(v.i, 10)
		}
		return string(appendFloat(nil, v.f))
	case vTrue:
		return "True"
	}
	return ""
}

// likeMatch implements SQL LIKE: % matches any run of characters, _ one
// character, and a backslash makes the next character literal.
func likeMatch(pattern, s string, fold bool) bool {
	// Iterative matching with backtracking to the last %.
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(pattern) {
			pc, psize := utf8.DecodeRuneInString(pattern[pi:])
			sc, ssize := utf8.DecodeRuneInString(s[si:])
			switch pc {
			case '%':
				starP, starS = pi+psize, si
				pi += psize
				continue
			case '_':
				pi += psize
				si += ssize
				continue
			case '\\':
				if pi+psize < len(pattern) {
					pc, psize = utf8.DecodeRuneInString(pattern[pi+psize:])
					psize++
				}
			}
			if runeEq(pc, sc, fold) {
				pi += psize
				si += ssize
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, ssize := utf8.DecodeRuneInString(s[starS:])
		starS += ssize
		si = starS
		pi = starP
	}
	for pi < len(pattern) && pattern[pi] == '%' {
		pi++
	}
	return pi == len(pattern)
}

func runeEq(a, b rune, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	return unicode.ToLower(a) == unicode.ToLower(b) || unicode.ToUpper(a) == unicode.ToUpper(b)
}

func (m *matcher) hierarchy(l Leaf, rec map[string]any) (bool, error) {
	ids := map[int64]bool{}
	for _, e := range classifyCanon(l.Value).asList().list {
		if e.k == vNum && e.isI {
			ids[e.i] = true
		} else if e.k != vUnset {
			return false, fmt.Errorf("domain: %s %s needs ids, got %s", quotePy(l.Field), quotePy(string(l.Op)), formatPython(l.Value))
		}
	}
	if len(ids) == 0 {
		return false, nil
	}
	targets, err := m.related(rec, l.Field)
	if err != nil {
		return false, err
	}
	if m.resolve == nil {
		return false, fmt.Errorf("%w to walk %s", ErrNoResolver, quotePy(string(l.Op)))
	}
	step := "parent_id"
	if l.Op == OpParentOf {
		step = "child_ids"
	}
	for _, t := range targets {
		seen := map[int64]bool{}
		queue := []map[string]any{t}
		for len(queue) > 0 {
			r := queue[0]
			queue = queue[1:]
			idv, err := classify(r["id"])
			if err != nil || idv.k != vNum || !idv.isI || seen[idv.i] {
				continue
			}
			if ids[idv.i] {
				return true, nil
			}
			seen[idv.i] = true
			if len(seen) > maxHierarchy {
				return false, fmt.Errorf("domain: %s walk over more than %d records", quotePy(string(l.Op)), maxHierarchy)
			}
			next, err := m.resolve(r, step)
			if err != nil {
				return false, fmt.Errorf("domain: resolving %s: %w", quotePy(step), err)
			}
			queue = append(queue, next...)
		}
	}
	return false, nil
}
