package domain

import (
	"errors"
	"fmt"
	"strings"
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
