package domain

import (
	"strings"
	"unicode/utf8"
)

// parsePyStrings reads a Python string literal at p.i+len(prefix), and the
// literals adjacent to it, which Python concatenates ('a' 'b' is 'ab').
func (p *parser) parsePyStrings(prefix string, start int) (any, *Error) {
	s, err := p.parsePyString(prefix, start)
	if err != nil {
		return nil, err
	}
	for {
		save := p.i
		p.skipSpace()
		if p.eof() {
			p.i = save
			break
		}
		c := p.s[p.i]
		if c == '\'' || c == '"' {
			more, err := p.parsePyString("", p.i)
			if err != nil {
				return nil, err
			}
			s += more
			continue
		}
		j := p.i
		for j < len(p.s) && j-p.i <= 2 && isIdent(p.s[j]) {
			j++
		}
		if j > p.i && j-p.i <= 2 && j < len(p.s) && (p.s[j] == '\'' || p.s[j] == '"') {
			more, err := p.parsePyString(p.s[p.i:j], p.i)
			if err != nil {
				return nil, err
			}
			s += more
			continue
		}
		p.i = save
		break
	}
	return validString(s), nil
}

// parsePyString reads one literal: an optional u/r prefix, then a single-,
// double- or triple-quoted body with Python's escapes.
func (p *parser) parsePyString(prefix string, start int) (string, *Error) {
	raw := false
	switch strings.ToLower(prefix) {
	case "", "u":
	case "r":
		raw = true
	case "b", "br", "rb":
		return "", invalidf(start, "bytes literals are not supported in domains")
	default:
		return "", syntaxf(start, "unsupported expression %s: a domain holds only literal values", quotePy(prefix))
	}
	p.i = start + len(prefix)
	q := p.s[p.i]
	triple := p.hasPrefix(string([]byte{q, q, q}))
	if triple {
		p.i += 3
	} else {
		p.i++
	}
	// Fast path: no escapes, no newline.
	for j := p.i; j < len(p.s); j++ {
		c := p.s[j]
		if c == q && !triple {
			s := p.s[p.i:j]
			p.i = j + 1
			return s, nil
		}
		if c == '\\' || c == '\n' || c == '\r' || c == q {
			break
		}
	}
	var b []byte
	for {
		if p.eof() {
			return "", syntaxf(start, "unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == q && (!triple || p.hasPrefix(string([]byte{q, q, q}))):
			if triple {
				p.i += 3
			} else {
				p.i++
			}
			return string(b), nil
		case (c == '\n' || c == '\r') && !triple:
			return "", syntaxf(p.i, "newline in string")
		case c != '\\':
			b = append(b, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.s) {
			return "", syntaxf(start, "unterminated string")
		}
		e := p.s[p.i+1]
		if raw {
			// In a raw string a backslash escapes nothing but still
			// keeps the next character inside the literal.
			b = append(b, c, e)
			p.i += 2
			continue
		}
		escPos := p.i
		p.i += 2
		switch e {
		case '\n':
		case '\r':
			if p.hasPrefix("\n") {
				p.i++
			}
		case '\\', '\'', '"':
			b = append(b, e)
		case 'a':
			b = append(b, '\a')
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
		case 'v':
			b = append(b, '\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			r := rune(e - '0')
			for k := 0; k < 2 && p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '7'; k++ {
				r = r*8 + rune(p.s[p.i]-'0')
				p.i++
			}
			b = utf8.AppendRune(b, r)
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			r, ok := hexRune(p.s, p.i, n)
			if !ok || r > utf8.MaxRune || r < 0 {
				return "", syntaxf(escPos, "invalid \\%c escape", e)
			}
			p.i += n
			b = utf8.AppendRune(b, r)
		case 'N':
			return "", syntaxf(escPos, "\\N{...} escapes are not supported")
		default:
			b = append(b, c, e)
		}
	}
}
