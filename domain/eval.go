package domain

import (
	"fmt"
	"strings"
)

// Env is an evaluation context for ParsePython: the values of the names
// and expressions a stored domain refers to, the way Odoo's safe_eval
// context holds uid, user, context_today and the rest. Its values are any
// Go value a domain builder accepts (bool, ints, floats, strings, slices,
// time.Time, ...), plus, for the expressions evaluated step by step:
//
//   - map[string]any, whose keys are read as attributes (user.company_id.id
//     with Env{"user": map[string]any{"company_id": map[string]any{"id": 1}}})
//     and whose get method is Python's dict.get (context.get('lang'),
//     context.get('team_id', False));
//   - func(args ...any) (any, error), called with the literal arguments
//     written in the domain (ref('base.main_company'), context_today()).
//
// An expression is first looked up as written, spaces outside string
// literals removed: Env{"context_today().strftime('%Y-%m-%d')": "2024-05-01"}
// answers exactly that expression, however complex. Otherwise it is
// evaluated from its first name as above.
//
// Supported expressions are names, attribute access (a.b.c), calls with
// positional literal arguments (f(1, 'x', [2, 3])) and subscripts by
// literal (a['k'], a[0]), chained in any order. Operators (uid + 1,
// not x, a or b), keyword arguments (relativedelta(days=1)) and
// comprehensions are not evaluated: put the whole expression in the Env.
// Without an Env, or for a name it lacks, ParsePython answers ErrSyntax
// naming the expression.
type Env map[string]any

// Func is the type of an Env value called from a domain.
type Func = func(args ...any) (any, error)

// parseExpr reads the expression that starts with the identifier at
// p.s[start:j] and answers its value from p.env.
func (p *parser) parseExpr(start, j int) (any, *Error) {
	end, key, err := scanExpr(p.s, j)
	if err != nil {
		err.Pos = start
		return nil, err
	}
	expr := p.s[start:end]
	p.i = end
	if p.env == nil {
		return nil, syntaxf(start, "unsupported expression %s: a domain holds only literal values (ParsePython with an Env evaluates names)", quotePy(key))
	}
	v, found := p.env[key]
	if !found {
		var e *Error
		v, e = p.eval(start, expr)
		if e != nil {
			return nil, e
		}
	}
	c, cerr := canon(v)
	if cerr != nil {
		return nil, invalidf(start, "value of %s: %v", quotePy(key), cerr)
	}
	return c, nil
}

// scanExpr finds the end of the expression whose first name ends at j:
// attribute names, and balanced (...) and [...] groups with string
// literals inside them. It also answers the expression without spaces
// outside string literals, the key looked up in an Env.
func scanExpr(s string, j int) (int, string, *Error) {
	var key strings.Builder
	start := j
	for start > 0 && isIdent(s[start-1]) {
		start--
	}
	key.WriteString(s[start:j])
	for {
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if k >= len(s) {
			return j, key.String(), nil
		}
		switch c := s[k]; c {
		case '.':
			k++
			for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
				k++
			}
			n := k
			for n < len(s) && isIdent(s[n]) {
				n++
			}
			if n == k {
				return j, "", syntaxf(j, "attribute name expected after '.'")
			}
			key.WriteString("." + s[k:n])
			j = n
		case '(', '[':
			end, err := skipGroup(s, k, &key)
			if err != nil {
				return j, "", err
			}
			j = end
		default:
			return j, key.String(), nil
		}
	}
}

// skipGroup skips the balanced group opening at s[i], writing it to key
// without spaces outside string literals, and answers the index after it.
func skipGroup(s string, i int, key *strings.Builder) (int, *Error) {
	var stack []byte
	for k := i; k < len(s); k++ {
		c := s[k]
		switch c {
		case '(', '[', '{':
			stack = append(stack, closeFor(c))
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != c {
				return 0, syntaxf(k, "unbalanced %q in an expression", c)
			}
			stack = stack[:len(stack)-1]
		case '\'', '"':
			e := k + 1
			for e < len(s) && s[e] != c {
				if s[e] == '\\' {
					e++
				}
				e++
			}
			if e >= len(s) {
				return 0, syntaxf(k, "unterminated string")
			}
			key.WriteString(s[k : e+1])
			k = e
			continue
		case ' ', '\t', '\n', '\r':
			continue
		}
		key.WriteByte(c)
		if len(stack) == 0 {
			return k + 1, nil
		}
	}
	return 0, syntaxf(i, "unterminated %q in an expression", s[i])
}

// eval evaluates expr (a name and its suffixes, as scanExpr accepted it)
// step by step against p.env.
func (p *parser) eval(pos int, expr string) (any, *Error) {
	j := 0
	for j < len(expr) && isIdent(expr[j]) {
		j++
	}
	name := expr[:j]
	v, ok := p.env[name]
	if !ok {
		return nil, syntaxf(pos, "unsupported expression %s: %s is not in the evaluation context", quotePy(strings.Join(strings.Fields(expr), "")), quotePy(name))
	}
	path := name
	for {
		for j < len(expr) && (expr[j] == ' ' || expr[j] == '\t') {
			j++
		}
		if j >= len(expr) {
			return v, nil
		}
		switch expr[j] {
		case '.':
			j++
			for j < len(expr) && (expr[j] == ' ' || expr[j] == '\t') {
				j++
			}
			k := j
			for k < len(expr) && isIdent(expr[k]) {
				k++
			}
			attr := expr[j:k]
			j = k
			m, isMap := v.(map[string]any)
			if !isMap {
				return nil, invalidf(pos, "%s has no attribute %s: it is %s, not a map", path, quotePy(attr), describe(v))
			}
			if attr == "get" {
				v = dictGet(m)
			} else if v, ok = m[attr]; !ok {
				return nil, invalidf(pos, "%s has no attribute %s", path, quotePy(attr))
			}
			path += "." + attr
		case '(', '[':
			var sink strings.Builder
			end, e := skipGroup(expr, j, &sink)
			if e != nil {
				return nil, e
			}
			open := expr[j]
			args, e := p.literalArgs(pos, expr[j+1:end-1])
			if e != nil {
				return nil, e
			}
			j = end
			if open == '[' {
				if v, e = subscript(pos, path, v, args); e != nil {
					return nil, e
				}
				path += "[...]"
				continue
			}
			f, isFunc := v.(Func)
			if !isFunc {
				return nil, invalidf(pos, "%s is not callable: it is %s, not a func(args ...any) (any, error)", path, describe(v))
			}
			r, err := f(args...)
			if err != nil {
				return nil, invalidf(pos, "%s(...): %v", path, err)
			}
			v = r
			path += "(...)"
		}
	}
}

// literalArgs reads the comma-separated arguments of a call or subscript:
// literal values, or names of the Env.
func (p *parser) literalArgs(pos int, inner string) ([]any, *Error) {
	sub := parser{s: "[" + inner + "]", py: true, env: p.env, depth: p.depth}
	v, err := sub.parseValue()
	if err == nil {
		sub.skipSpace()
		if !sub.eof() {
			err = syntaxf(sub.i, "unexpected %s", sub.describeNext())
		}
	}
	if err != nil {
		return nil, syntaxf(pos, "arguments %s: %s (only positional literal arguments are evaluated)", quotePy(inner), err.Msg)
	}
	return v.([]any), nil
}

// dictGet is Python's dict.get on m.
func dictGet(m map[string]any) Func {
	return func(args ...any) (any, error) {
		if len(args) < 1 || len(args) > 2 {
			return nil, fmt.Errorf("get takes 1 or 2 arguments, got %d", len(args))
		}
		k, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("get: key must be a string, got %s", describe(args[0]))
		}
		if v, ok := m[k]; ok {
			return v, nil
		}
		if len(args) == 2 {
			return args[1], nil
		}
		return false, nil // Python's None, which a domain reads as False
	}
}

// subscript is v[args[0]] for a map (string key) or a slice (int index).
func subscript(pos int, path string, v any, args []any) (any, *Error) {
	if len(args) != 1 {
		return nil, invalidf(pos, "%s[...] takes one key", path)
	}
	switch k := args[0].(type) {
	case string:
		if m, ok := v.(map[string]any); ok {
			if r, ok := m[k]; ok {
				return r, nil
			}
			return nil, invalidf(pos, "%s has no key %s", path, quotePy(k))
		}
	case int64:
		c, err := canon(v)
		if l, ok := c.([]any); ok && err == nil {
			if k < 0 {
				k += int64(len(l))
			}
			if k >= 0 && k < int64(len(l)) {
				return l[k], nil
			}
			return nil, invalidf(pos, "%s[%d] is out of range (%d items)", path, k, len(l))
		}
	}
	return nil, invalidf(pos, "cannot index %s (%s) with %s", path, describe(v), describe(args[0]))
}
