package domain

import (
	"strconv"
	"unicode/utf8"
)

// parser reads a domain from text, in JSON (py false) or Python-literal
// (py true) syntax. The two grammars share their structure; the lexical
// differences live in the py branches and in parse_python.go.
type parser struct {
	s     string
	i     int
	py    bool
	depth int
	env   Env // names ParsePython evaluates; nil: none
}

func (p *parser) hasPrefix(s string) bool {
	return len(p.s)-p.i >= len(s) && p.s[p.i:p.i+len(s)] == s
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch c := p.s[p.i]; c {
		case ' ', '\t', '\n', '\r':
			p.i++
		case '\f', '\v':
			if !p.py {
				return
			}
			p.i++
		case '#':
			if !p.py {
				return
			}
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		case '\\':
			// Python's explicit line joining.
			if !p.py {
				return
			}
			switch {
			case p.hasPrefix("\\\n"):
				p.i += 2
			case p.hasPrefix("\\\r\n"):
				p.i += 3
			default:
				return
			}
		default:
			return
		}
	}
}

func (p *parser) describeNext() string {
	if p.eof() {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return quotePy(string(r))
}

func (p *parser) isOpen(c byte) bool { return c == '[' || (p.py && c == '(') }

func closeFor(open byte) byte {
	if open == '(' {
		return ')'
	}
	return ']'
}

// next skips space and then expects ',' or close after an element. It
// reports whether the list goes on.
func (p *parser) next(close byte) (bool, *Error) {
	p.skipSpace()
	if p.eof() {
		return false, syntaxf(p.i, "unexpected end of input, want ',' or '%c'", close)
	}
	switch p.s[p.i] {
	case ',':
		p.i++
		p.skipSpace()
		if !p.eof() && p.s[p.i] == close {
			if !p.py {
				return false, syntaxf(p.i, "trailing comma")
			}
			p.i++
			return false, nil
		}
		return true, nil
	case close:
		p.i++
		return false, nil
	}
	return false, syntaxf(p.i, "unexpected %s, want ',' or '%c'", p.describeNext(), close)
}

func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return invalidf(p.i, "domain nested too deeply")
	}
	return nil
}

// parseDomainList reads a prefix list: '[' items ']'.
func (p *parser) parseDomainList() (Domain, *Error) {
	if p.eof() || !p.isOpen(p.s[p.i]) {
		return Domain{}, syntaxf(p.i, "a domain is a list, got %s", p.describeNext())
	}
	if err := p.enter(); err != nil {
		return Domain{}, err
	}
	close := closeFor(p.s[p.i])
	p.i++
	var buf [8]item
	items := buf[:0]
	p.skipSpace()
	if !p.eof() && p.s[p.i] == close {
		p.i++
	} else {
		for {
			it, err := p.parseItem()
			if err != nil {
				return Domain{}, err
			}
			items = append(items, it)
			more, err := p.next(close)
			if err != nil {
				return Domain{}, err
			}
			if !more {
				break
			}
		}
	}
	p.depth--
	return assemble(items)
}

// parseItem reads one element of a prefix list: an operator or a term.
func (p *parser) parseItem() (item, *Error) {
	pos := p.i
	if !p.eof() && p.isOpen(p.s[p.i]) {
		return p.parseTerm()
	}
	v, err := p.parseValue()
	if err != nil {
		return item{}, err
	}
	return valueItem(v, pos)
}

func valueItem(v any, pos int) (item, *Error) {
	switch v := v.(type) {
	case string:
		if !isDomainOp(v) {
			return item{}, invalidf(pos, "unknown domain operator %s (want '&', '|', '!' or a 3-element term)", quotePy(v))
		}
		return item{pos: pos, op: v[0]}, nil
	case []any:
		if len(v) == 3 {
			n, err := term(v[0], v[1], v[2], pos, pos)
			if err != nil {
				return item{}, err
			}
			return item{pos: pos, n: n}, nil
		}
	}
	return item{}, invalidf(pos, "term must be a 3-element list (field, operator, value), got %s", formatPython(v))
}

// parseTerm reads (field, operator, value), reading the value of any /
// not any as a sub-domain.
func (p *parser) parseTerm() (item, *Error) {
	pos := p.i
	if err := p.enter(); err != nil {
		return item{}, err
	}
	open := p.s[p.i]
	close := closeFor(open)
	p.i++
	var elems [3]any
	n, opPos, sawComma := 0, pos, false
	p.skipSpace()
	if !p.eof() && p.s[p.i] == close {
		p.i++
	} else {
		for {
			p.skipSpace()
			var v any
			var err *Error
			if n == 1 {
				opPos = p.i
			}
			if n == 2 && p.subDomainNext(elems[1]) {
				var d Domain
				d, err = p.parseDomainList()
				v = d
			} else {
				v, err = p.parseValue()
			}
			if err != nil {
				return item{}, err
			}
			if n < 3 {
				elems[n] = v
			}
			n++
			p.skipSpace()
			if !p.eof() && p.s[p.i] == ',' {
				sawComma = true
			}
			more, err := p.next(close)
			if err != nil {
				return item{}, err
			}
			if !more {
				break
			}
		}
	}
	p.depth--
	if open == '(' && n == 1 && !sawComma {
		// A parenthesised expression, not a tuple.
		if d, ok := elems[0].(Domain); ok {
			return item{}, invalidf(pos, "term must be a 3-element list, got %s", d)
		}
		return valueItem(elems[0], pos)
	}
	if n != 3 {
		return item{}, invalidf(pos, "term must have 3 elements (field, operator, value), got %d", n)
	}
	nd, err := term(elems[0], elems[1], elems[2], pos, opPos)
	if err != nil {
		return item{}, err
	}
	return item{pos: pos, n: nd}, nil
}

// subDomainNext reports whether the next value is the sub-domain of an
// any / not any term.
func (p *parser) subDomainNext(op any) bool {
	s, ok := op.(string)
	if !ok || p.eof() || !p.isOpen(p.s[p.i]) {
		return false
	}
	o, ok := normOperator(s)
	return ok && (o == OpAny || o == OpNotAny)
}

// parseValue reads a literal value in canonical form.
func (p *parser) parseValue() (any, *Error) {
	if p.eof() {
		return nil, syntaxf(p.i, "unexpected end of input, want a value")
	}
	c := p.s[p.i]
	switch {
	case c == '[':
		return p.parseList(']')
	case c == '(' && p.py:
		return p.parseList(')')
	case c == '"' || (c == '\'' && p.py):
		return p.parsePyOrJSONString()
	case c == '{':
		return nil, invalidf(p.i, "dict values are not supported in domains")
	case c == '-' || (c >= '0' && c <= '9') || (p.py && (c == '+' || c == '.')):
		return p.parseNumber()
	case c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
		return p.parseWord()
	}
	return nil, syntaxf(p.i, "unexpected %s, want a value", p.describeNext())
}

func (p *parser) parsePyOrJSONString() (any, *Error) {
	if p.py {
		return p.parsePyStrings("", p.i)
	}
	return p.parseJSONString()
}

// parseList reads a JSON array, a Python list or a Python tuple; "(x)"
// without a comma is x itself, as in Python.
func (p *parser) parseList(close byte) (any, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++
	out := []any{}
	sawComma := false
	p.skipSpace()
	if !p.eof() && p.s[p.i] == close {
		p.i++
	} else {
		for {
			p.skipSpace()
			v, err := p.parseValue()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			p.skipSpace()
			if !p.eof() && p.s[p.i] == ',' {
				sawComma = true
			}
			more, err := p.next(close)
			if err != nil {
				return nil, err
			}
			if !more {
				break
			}
		}
	}
	p.depth--
	if close == ')' && len(out) == 1 && !sawComma {
		return out[0], nil
	}
	return out, nil
}

func (p *parser) parseWord() (any, *Error) {
	start := p.i
	j := p.i
	for j < len(p.s) && isIdent(p.s[j]) {
		j++
	}
	w := p.s[start:j]
	if p.py {
		if j < len(p.s) && (p.s[j] == '\'' || p.s[j] == '"') && len(w) <= 2 {
			return p.parsePyStrings(w, start)
		}
		switch w {
		case "True":
			p.i = j
			return true, nil
		case "False", "None":
			p.i = j
			return false, nil
		}
	} else {
		switch w {
		case "true":
			p.i = j
			return true, nil
		case "false", "null":
			p.i = j
			return false, nil
		}
	}
	if p.py {
		return p.parseExpr(start, j)
	}
	return nil, syntaxf(start, "unsupported expression %s: a domain holds only literal values", quotePy(w))
}

func isIdent(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= utf8.RuneSelf
}

// parseNumber reads an int (int64, or float64 when it does not fit) or a
// float. JSON's grammar is strict; Python also allows a sign, '.5', '5.'
// and digit underscores.
func (p *parser) parseNumber() (any, *Error) {
	start := p.i
	j := p.i
	neg := false
	if j < len(p.s) && (p.s[j] == '-' || (p.py && p.s[j] == '+')) {
		neg = p.s[j] == '-'
		j++
		if p.py {
			for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t') {
				j++
			}
		}
	}
	digitsStart := j
	isFloat := false
	underscore := false
	digits := func() int {
		k := j
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || (p.py && p.s[j] == '_' && j > k)) {
			if p.s[j] == '_' {
				underscore = true
			}
			j++
		}
		return j - k
	}
	intDigits := digits()
	if !p.py && (intDigits == 0 || (intDigits > 1 && p.s[digitsStart] == '0')) {
		return nil, syntaxf(start, "invalid number")
	}
	if j < len(p.s) && p.s[j] == '.' {
		isFloat = true
		j++
		if frac := digits(); frac == 0 && (!p.py || intDigits == 0) {
			return nil, syntaxf(start, "invalid number")
		}
	} else if intDigits == 0 {
		return nil, syntaxf(start, "invalid number")
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		isFloat = true
		j++
		if j < len(p.s) && (p.s[j] == '+' || p.s[j] == '-') {
			j++
		}
		if digits() == 0 {
			return nil, syntaxf(start, "invalid number")
		}
	}
	if j < len(p.s) && (isIdent(p.s[j]) || p.s[j] == '.') {
		return nil, syntaxf(j, "invalid number")
	}
	p.i = j
	text := p.s[digitsStart:j]
	if underscore {
		b := make([]byte, 0, len(text))
		for k := 0; k < len(text); k++ {
			if text[k] != '_' {
				b = append(b, text[k])
			}
		}
		text = string(b)
	}
	if neg {
		text = "-" + text
	}
	if !isFloat {
		if v, err := strconv.ParseInt(text, 10, 64); err == nil {
			return v, nil
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange || f > 1 || f < -1 {
			return nil, invalidf(start, "number out of range")
		}
	}
	return f, nil
}

// parseJSONString reads a JSON string. Invalid UTF-8 and lone surrogates
// become U+FFFD, as encoding/json does.
func (p *parser) parseJSONString() (any, *Error) {
	start := p.i
	p.i++
	// Fast path: no escapes.
	for j := p.i; j < len(p.s); j++ {
		c := p.s[j]
		if c == '"' {
			s := p.s[p.i:j]
			p.i = j + 1
			return validString(s), nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	b := make([]byte, 0, 16)
	for {
		if p.eof() {
			return nil, syntaxf(start, "unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return validString(string(b)), nil
		case c < 0x20:
			return nil, syntaxf(p.i, "control character in string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return nil, syntaxf(start, "unterminated string")
		}
		e := p.s[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hexRune(p.s, p.i, 4)
			if !ok {
				return nil, syntaxf(p.i-2, "invalid \\u escape")
			}
			p.i += 4
			if r >= 0xD800 && r < 0xDC00 && p.hasPrefix("\\u") {
				if r2, ok := hexRune(p.s, p.i+2, 4); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					r = (r-0xD800)<<10 | (r2 - 0xDC00) + 0x10000
					p.i += 6
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return nil, syntaxf(p.i-2, "invalid escape %s", quotePy(p.s[p.i-2:p.i]))
		}
	}
}

func hexRune(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	var r rune
	for k := i; k < i+n; k++ {
		c := s[k]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// decodeJSONValue reads one JSON value in canonical form (used for values
// that implement json.Marshaler).
func decodeJSONValue(b []byte) (any, error) {
	p := parser{s: string(b)}
	p.skipSpace()
	v, err := p.parseValue()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !p.eof() {
		return nil, syntaxf(p.i, "unexpected %s after the value", p.describeNext())
	}
	return v, nil
}
