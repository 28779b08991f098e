package ekiclitest

import (
	"fmt"
	"strings"
)

// ModuleDateTimeLayout is how the odoo-rest-api module writes datetimes
// (%Y-%m-%d-%H-%M: no seconds, dashes), as the captures show; Odoo's own
// reads use odoo.DateTimeLayout.
const ModuleDateTimeLayout = "2006-01-02-15-04"

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
