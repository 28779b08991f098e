package domain

import (
	"errors"
	"math"
	"strings"
)

// Parse reads a domain in Odoo's JSON form or its Python-literal form: text
// that parses as JSON is read as JSON (so "\/" is "/"), anything else as a
// Python literal. Errors are *Error values with the byte offset of the
// problem; they match ErrSyntax or ErrInvalid.
func Parse(s string) (Domain, error) {
	d, err := parseText(s, false)
	if err != nil && errors.Is(err, ErrSyntax) {
		return parseText(s, true)
	}
	return d, err
}

// ParseJSON reads Odoo's JSON prefix-list form. JSON null is the empty
// domain. Numbers without a fraction or exponent become int64, others
// float64; null inside a leaf becomes false, as Odoo reads None.
func ParseJSON(b []byte) (Domain, error) { return parseText(string(b), false) }

// ParsePython reads the Python-literal form Odoo stores in records and
// actions: lists and tuples, True/False/None, single-, double- or
// triple-quoted strings (with u/r prefixes and Python's escapes), ints,
// floats, trailing commas, comments. Expressions (uid, context_today(),
// user.company_id.id, ref(...)) are not literals: with no env they give
// ErrSyntax naming the expression; with an Env (several are merged, later
// ones winning) they take the values it gives, as Odoo's safe_eval does
// with its evaluation context. Env documents the expressions supported.
func ParsePython(s string, env ...Env) (Domain, error) {
	var e Env
	switch len(env) {
	case 0:
	case 1:
		e = env[0]
	default:
		e = Env{}
		for _, m := range env {
			for k, v := range m {
				e[k] = v
			}
		}
	}
	return parse(s, true, e)
}

func parseText(s string, py bool) (Domain, error) { return parse(s, py, nil) }

func parse(s string, py bool, env Env) (Domain, error) {
	p := parser{s: s, py: py, env: env}
	p.skipSpace()
	if !py && p.hasPrefix("null") {
		p.i += 4
		p.skipSpace()
		if p.i == len(p.s) {
			return Domain{}, nil
		}
	}
	d, err := p.parseDomainList()
	if err != nil {
		return Domain{}, err
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return Domain{}, syntaxf(p.i, "unexpected %s after the domain", p.describeNext())
	}
	return d, nil
}

// maxDepth bounds the nesting of lists so that hostile input cannot
// exhaust the stack.
const maxDepth = 200

// item is one element of a prefix list while it is being read.
type item struct {
	pos int
	op  byte // '&', '|', '!' or 0 for a term
	n   *node
}

// assemble turns a prefix list into a tree, checking the operators' arity.
// Several trees left over are joined by Odoo's implicit AND. It first
// builds binary nodes and flattens them once at the end, so that a long
// chain of '&' or '|' costs linear time.
func assemble(items []item) (Domain, *Error) {
	stack := make([]*node, 0, len(items))
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		switch it.op {
		case 0:
			stack = append(stack, it.n)
		case '!':
			if len(stack) < 1 {
				return Domain{}, invalidf(it.pos, "'!' needs 1 operand, found none")
			}
			stack[len(stack)-1] = &node{kind: kNot, kids: []*node{stack[len(stack)-1]}, raw: true}
		default:
			if len(stack) < 2 {
				return Domain{}, invalidf(it.pos, "'%c' needs 2 operands, found %d", it.op, len(stack))
			}
			k := kAnd
			if it.op == '|' {
				k = kOr
			}
			a, b := stack[len(stack)-1], stack[len(stack)-2]
			stack = append(stack[:len(stack)-2], &node{kind: k, kids: []*node{a, b}, raw: true})
		}
	}
	switch len(stack) {
	case 0:
		return Domain{}, nil
	case 1:
		return Domain{flatten(stack[0])}, nil
	}
	kids := make([]*node, len(stack))
	for i, n := range stack {
		kids[len(stack)-1-i] = n
	}
	return Domain{flatten(&node{kind: kAnd, kids: kids, raw: true})}, nil
}

// flatten merges the binary And and Or nodes assemble built into n-ary
// ones, as the And and Or builders do. It changes only the raw nodes
// assemble made; nodes of finished Domains are shared and never written.
func flatten(n *node) *node {
	if !n.raw {
		return n
	}
	n.raw = false
	switch n.kind {
	case kNot:
		n.kids[0] = flatten(n.kids[0])
	case kAnd, kOr:
		n.kids = collect(n.kind, n, make([]*node, 0, len(n.kids)))
	}
	return n
}

func collect(k kind, n *node, out []*node) []*node {
	for _, c := range n.kids {
		switch {
		case c.kind == k && c.raw:
			c.raw = false
			out = collect(k, c, out)
		case c.kind == k:
			out = append(out, c.kids...)
		default:
			out = append(out, flatten(c))
		}
	}
	return out
}

// term checks a (field, operator, value) triple read by a parser or
// FromList; pos locates the triple, opPos its operator.
func term(field, op, value any, pos, opPos int) (*node, *Error) {
	o, ok := op.(string)
	if !ok {
		return nil, invalidf(opPos, "operator must be a string, got %s", describe(op))
	}
	if f, ok := constLeaf(field); ok {
		if o == "=" && isNum(value, 1) {
			if f {
				return True.n, nil
			}
			return False.n, nil
		}
		return nil, invalidf(pos, "a numeric field is only allowed in (1, '=', 1) and (0, '=', 1), got %s", formatPython([]any{field, op, value}))
	}
	f, ok := field.(string)
	if !ok {
		return nil, invalidf(pos, "field name must be a string, got %s", describe(field))
	}
	oper, ok := normOperator(o)
	if !ok {
		return nil, invalidf(opPos, "unknown operator %s in %s", quotePy(o), quotePy(f))
	}
	return makeLeaf(f, oper, value, pos)
}

// constLeaf recognises the numeric "field" of the True and False leaves.
func constLeaf(field any) (isTrue, ok bool) {
	switch {
	case isNum(field, 1):
		return true, true
	case isNum(field, 0):
		return false, true
	}
	return false, false
}

func isNum(v any, want int64) bool {
	switch v := v.(type) {
	case int64:
		return v == want
	case float64:
		return v == float64(want)
	}
	return false
}

// FromList builds a Domain from a prefix list held in Go values, such as
// the output of json.Unmarshal: strings "&", "|", "!", 3-element slices and
// Domain values (an empty Domain counts as True there, as in Odoo).
// Because encoding/json decodes every number as float64, a float64 without
// a fractional part (and within ±2^53) is taken as an int64; decode with
// json.Decoder.UseNumber to keep numbers exactly. Error positions are
// element indexes in items.
func FromList(items []any) (Domain, error) {
	d, err := fromList(items, 0, true)
	if err != nil {
		return Domain{}, err
	}
	return d, nil
}

// fromList reads items; raw says they come from the caller (and get
// intify), not from an already canonical sub-domain value.
func fromList(items []any, depth int, raw bool) (Domain, *Error) {
	if depth > maxDepth {
		return Domain{}, invalidf(0, "domain nested too deeply")
	}
	its := make([]item, 0, len(items))
	for i, it := range items {
		if s, ok := it.(string); ok {
			if !isDomainOp(s) {
				return Domain{}, invalidf(i, "unknown domain operator %s (want '&', '|', '!' or a 3-element term)", quotePy(s))
			}
			its = append(its, item{pos: i, op: s[0]})
			continue
		}
		if d, ok := it.(Domain); ok {
			if err := d.Validate(); err != nil {
				return Domain{}, invalidf(i, "%s", strings.TrimPrefix(err.Error(), "domain: "))
			}
			n := d.n
			if n == nil {
				n = True.n
			}
			its = append(its, item{pos: i, n: n})
			continue
		}
		if raw {
			it = intify(it)
		}
		v, cerr := canon(it)
		if cerr != nil {
			return Domain{}, invalidf(i, "%v", cerr)
		}
		l, ok := v.([]any)
		if !ok || len(l) != 3 {
			return Domain{}, invalidf(i, "term must be a 3-element list (field, operator, value), got %s", formatPython(v))
		}
		val := l[2]
		if o, ok := l[1].(string); ok {
			if op, ok := normOperator(o); ok && (op == OpAny || op == OpNotAny) {
				if sl, ok := l[2].([]any); ok {
					sub, err := fromList(sl, depth+1, false)
					if err != nil {
						return Domain{}, invalidf(i, "sub-domain of %s: %s", formatPython(l[0]), err.Msg)
					}
					val = sub
				}
			}
		}
		n, err := term(l[0], l[1], val, i, i)
		if err != nil {
			return Domain{}, err
		}
		its = append(its, item{pos: i, n: n})
	}
	return assemble(its)
}

// intify returns v with integral float64 values turned into int64,
// recursively through []any, without changing v.
func intify(v any) any {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) <= 1<<53 {
			return int64(v)
		}
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = intify(e)
		}
		return out
	}
	return v
}

// UnmarshalJSON decodes the prefix list (see ParseJSON). It also accepts
// the way Odoo returns a domain stored in a record (ir.filters,
// ir.actions.act_window, ...): a JSON string holding the domain's text,
// read with Parse, or false for an empty field.
func (d *Domain) UnmarshalJSON(b []byte) error {
	p := parser{s: string(b)}
	p.skipSpace()
	if !p.eof() && p.s[p.i] == '"' {
		v, err := decodeJSONValue(b)
		if err != nil {
			return err
		}
		nd, err := Parse(v.(string))
		if err != nil {
			return err
		}
		*d = nd
		return nil
	}
	if p.hasPrefix("false") {
		if _, err := decodeJSONValue(b); err == nil {
			*d = Domain{}
			return nil
		}
	}
	nd, err := ParseJSON(b)
	if err != nil {
		return err
	}
	*d = nd
	return nil
}
