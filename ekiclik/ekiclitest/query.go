package ekiclitest

import (
	"fmt"
	"strings"
	"time"
)

// DatetimeLayout is how the module writes datetimes (%Y-%m-%d-%H-%M: no
// seconds, dashes), as the captures show.
const DatetimeLayout = "2006-01-02-15-04"

// query is a parsed query parameter, "{id, name, parent_id{id, name}}".
// all is "*" (every field); exclude the "-field" items.
type query struct {
	items   []queryItem
	all     bool
	exclude []string
}

type queryItem struct {
	name string
	sub  *query // nil: the field's plain value
}

// parseQuery reads the module's query syntax. The message of a missing
// "}" is the capture's; the others are guesses in the same form.
func parseQuery(src string) (*query, error) {
	p := &queryParser{s: src}
	p.space()
	q, err := p.block()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, fmt.Errorf("QuerySyntaxError: unexpected %q on %s", p.s[p.i:p.i+1], src)
	}
	return q, nil
}

type queryParser struct {
	s string
	i int
}

func (p *queryParser) space() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
}

func (p *queryParser) fail(what string) error {
	return fmt.Errorf("QuerySyntaxError: expecting %s on %s", what, p.s)
}

func (p *queryParser) block() (*query, error) {
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return nil, p.fail("'{'")
	}
	p.i++
	q := &query{}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, p.fail("'}'")
		}
		if p.s[p.i] == '}' {
			p.i++
			return q, nil
		}
		neg := false
		if p.s[p.i] == '-' {
			neg = true
			p.i++
		}
		start := p.i
		for p.i < len(p.s) && (isNameByte(p.s[p.i]) || p.s[p.i] == '*') {
			p.i++
		}
		name := p.s[start:p.i]
		if name == "" {
			return nil, p.fail("a field name")
		}
		p.space()
		var sub *query
		if p.i < len(p.s) && p.s[p.i] == '{' {
			var err error
			if sub, err = p.block(); err != nil {
				return nil, err
			}
			p.space()
		}
		switch {
		case name == "*":
			q.all = true
		case neg:
			q.exclude = append(q.exclude, name)
		default:
			q.items = append(q.items, queryItem{name: name, sub: sub})
		}
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '}' {
			return nil, p.fail("'}'")
		}
	}
}

func isNameByte(b byte) bool {
	return b == '_' || b == '.' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// onlyID reports whether the query selects the id and nothing else: the
// module then answers {"id": N} without reading the record, so a missing
// id is echoed back.
func (q *query) onlyID() bool {
	return q != nil && !q.all && len(q.items) == 1 && q.items[0].name == "id" && q.items[0].sub == nil
}

// errUnknownField is a query naming a field the model does not have: the
// module lets the KeyError out, which Odoo answers with its 500 page.
type errUnknownField struct{ model, field string }

func (e *errUnknownField) Error() string {
	return fmt.Sprintf("KeyError: '%s' on %s", e.field, e.model)
}

// project reads rec of m as the module writes it for q (nil: every
// field). s.mu held.
func (s *Server) project(m *model, rec map[string]any, q *query) (map[string]any, error) {
	var items []queryItem
	if q == nil || q.all {
		for _, n := range m.order {
			items = append(items, queryItem{name: n})
		}
		if m.open {
			for n := range rec {
				if m.fields[n] == nil {
					items = append(items, queryItem{name: n})
				}
			}
		}
	}
	if q != nil {
		items = append(items, q.items...)
	}
	out := map[string]any{}
	for _, it := range items {
		if q != nil && contains(q.exclude, it.name) {
			continue
		}
		f := m.field(it.name)
		if f == nil {
			return nil, &errUnknownField{m.name, it.name}
		}
		v, err := s.value(m, rec, f, it.sub)
		if err != nil {
			return nil, err
		}
		out[it.name] = v
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, e := range xs {
		if e == x {
			return true
		}
	}
	return false
}

// value is one field of rec as the module writes it; sub is the nested
// query of a relational field. s.mu held.
func (s *Server) value(m *model, rec map[string]any, f *field, sub *query) (any, error) {
	switch f.kind {
	case kMany2one:
		id, _ := rec[f.name].(int64)
		if id == 0 || s.tables[f.rel][id] == nil {
			return false, nil
		}
		if sub == nil {
			return id, nil
		}
		return s.project(s.models[f.rel], s.tables[f.rel][id], sub)
	case kOne2many, kMany2many:
		ids := s.x2many(m, rec, f)
		if sub == nil {
			return ids, nil
		}
		out := make([]any, 0, len(ids))
		for _, id := range ids {
			r, err := s.project(s.models[f.rel], s.tables[f.rel][id], sub)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	case kDatetime:
		t, ok := rec[f.name].(time.Time)
		if !ok {
			return false, nil
		}
		return t.UTC().Format(DatetimeLayout), nil
	case kChar:
		if f.name == "display_name" {
			if n, ok := rec["name"].(string); ok && n != "" {
				return n, nil
			}
			return fmt.Sprintf("%s,%d", m.name, rec["id"]), nil
		}
		if v, ok := rec[f.name].(string); ok && v != "" {
			return v, nil
		}
		return false, nil
	case kBool:
		b, _ := rec[f.name].(bool)
		return b, nil
	case kNumber:
		if v, ok := rec[f.name]; ok && v != nil {
			return v, nil
		}
		return int64(0), nil
	}
	v, ok := rec[f.name]
	if !ok || v == nil {
		return false, nil
	}
	return v, nil
}

// x2many is the ids of an x2many field of rec: stored for a many2many,
// computed from the inverse for a one2many or a mirrored many2many. s.mu
// held.
func (s *Server) x2many(m *model, rec map[string]any, f *field) []int64 {
	id, _ := rec["id"].(int64)
	if f.kind == kMany2many && f.inverse == "" {
		ids, _ := rec[f.name].([]int64)
		var out []int64
		for _, x := range ids {
			if s.tables[f.rel][x] != nil {
				out = append(out, x)
			}
		}
		return nonNil(out)
	}
	var out []int64
	for _, r := range s.sorted(f.rel) {
		switch v := r[f.inverse].(type) {
		case int64:
			if v == id {
				out = append(out, r["id"].(int64))
			}
		case []int64:
			if contains64(v, id) {
				out = append(out, r["id"].(int64))
			}
		}
	}
	return nonNil(out)
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func contains64(xs []int64, x int64) bool {
	for _, e := range xs {
		if e == x {
			return true
		}
	}
	return false
}
