package domain

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge/internal/jsonstr"
)

// MarshalJSON encodes the prefix list, as minimal as Odoo reads it: the
// top-level AND is implicit, leaves are 3-element arrays, an empty list
// stays [] and an any / not any value is its sub-domain list.
func (d Domain) MarshalJSON() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d.AppendJSON(make([]byte, 0, 64)), nil
}

// AppendJSON appends the JSON encoding of d to b. A Domain that carries an
// error appends nothing; MarshalJSON reports that error.
func (d Domain) AppendJSON(b []byte) []byte {
	if d.Validate() != nil {
		return b
	}
	return appendDomainJSON(b, d.n)
}

func appendDomainJSON(b []byte, n *node) []byte {
	b = append(b, '[')
	if n != nil {
		if n.kind == kAnd {
			for _, k := range n.kids {
				b = appendPrefixJSON(b, k)
			}
		} else {
			b = appendPrefixJSON(b, n)
		}
	}
	return append(b, ']')
}

func comma(b []byte) []byte {
	if c := b[len(b)-1]; c != '[' {
		b = append(b, ',')
	}
	return b
}

func appendPrefixJSON(b []byte, n *node) []byte {
	switch n.kind {
	case kAnd, kOr:
		op := `"&"`
		if n.kind == kOr {
			op = `"|"`
		}
		for range len(n.kids) - 1 {
			b = append(comma(b), op...)
		}
		for _, k := range n.kids {
			b = appendPrefixJSON(b, k)
		}
	case kNot:
		b = append(comma(b), `"!"`...)
		b = appendPrefixJSON(b, n.kids[0])
	case kTrue:
		b = append(comma(b), `[1,"=",1]`...)
	case kFalse:
		b = append(comma(b), `[0,"=",1]`...)
	case kLeaf:
		b = append(comma(b), '[')
		b = jsonstr.Append(b, n.leaf.Field)
		b = append(b, ',')
		b = jsonstr.Append(b, string(n.leaf.Op))
		b = append(b, ',')
		b = appendJSONValue(b, n.leaf.Value)
		b = append(b, ']')
	}
	return b
}

func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "false"...)
	case bool:
		return strconv.AppendBool(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return appendFloat(b, v)
	case string:
		return jsonstr.Append(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONValue(b, e)
		}
		return append(b, ']')
	case Domain:
		return appendDomainJSON(b, v.n)
	}
	// Not reached for canonical values.
	return append(b, "false"...)
}

const hexDigits = "0123456789abcdef"

// appendFloat writes f as Python's repr does, which is also valid JSON and
// always shows it is a float (2.0, not 2), so that it parses back as one.
func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		// Not reached for canonical values; JSON has no spelling for them.
		return append(b, '0')
	}
	if abs := math.Abs(f); abs != 0 && (abs < 1e-4 || abs >= 1e16) {
		return strconv.AppendFloat(b, f, 'e', -1, 64)
	}
	start := len(b)
	b = strconv.AppendFloat(b, f, 'f', -1, 64)
	for _, c := range b[start:] {
		if c == '.' {
			return b
		}
	}
	return append(b, '.', '0')
}

// String returns the Python-literal form, as Odoo writes domains in records
// and logs: ['|', ('a', '=', 1), ('b', 'in', [1, 2])].
func (d Domain) String() string {
	if err := d.Validate(); err != nil {
		return "<invalid domain: " + strings.TrimPrefix(err.Error(), "domain: ") + ">"
	}
	return string(appendDomainPython(make([]byte, 0, 64), d.n))
}

func appendDomainPython(b []byte, n *node) []byte {
	b = append(b, '[')
	if n != nil {
		if n.kind == kAnd {
			for _, k := range n.kids {
				b = appendPrefixPython(b, k)
			}
		} else {
			b = appendPrefixPython(b, n)
		}
	}
	return append(b, ']')
}

func pyComma(b []byte) []byte {
	if c := b[len(b)-1]; c != '[' {
		b = append(b, ',', ' ')
	}
	return b
}

func appendPrefixPython(b []byte, n *node) []byte {
	switch n.kind {
	case kAnd, kOr:
		op := `'&'`
		if n.kind == kOr {
			op = `'|'`
		}
		for range len(n.kids) - 1 {
			b = append(pyComma(b), op...)
		}
		for _, k := range n.kids {
			b = appendPrefixPython(b, k)
		}
	case kNot:
		b = append(pyComma(b), `'!'`...)
		b = appendPrefixPython(b, n.kids[0])
	case kTrue:
		b = append(pyComma(b), `(1, '=', 1)`...)
	case kFalse:
		b = append(pyComma(b), `(0, '=', 1)`...)
	case kLeaf:
		b = append(pyComma(b), '(')
		b = appendPyString(b, n.leaf.Field)
		b = append(b, ',', ' ')
		b = appendPyString(b, string(n.leaf.Op))
		b = append(b, ',', ' ')
		b = appendPythonValue(b, n.leaf.Value)
		b = append(b, ')')
	}
	return b
}

func appendPythonValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "None"...)
	case bool:
		if v {
			return append(b, "True"...)
		}
		return append(b, "False"...)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return appendFloat(b, v)
	case string:
		return appendPyString(b, v)
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',', ' ')
			}
			b = appendPythonValue(b, e)
		}
		return append(b, ']')
	case Domain:
		if v.Validate() != nil {
			return append(b, "None"...)
		}
		return appendDomainPython(b, v.n)
	}
	return append(b, "None"...)
}

func formatPython(v any) string { return string(appendPythonValue(nil, v)) }

func quotePy(s string) string { return string(appendPyString(nil, s)) }

// plainPy reports whether s is printable ASCII without q or a backslash,
// which repr writes as is.
func plainPy(s string, q byte) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == q || c == '\\' {
			return false
		}
	}
	return true
}

// appendPyString writes s as Python's repr writes a str.
func appendPyString(b []byte, s string) []byte {
	q := byte('\'')
	hasSingle, hasDouble := false, false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			hasSingle = true
		case '"':
			hasDouble = true
		}
	}
	if hasSingle && !hasDouble {
		q = '"'
	}
	b = append(b, q)
	if plainPy(s, q) {
		b = append(b, s...)
		return append(b, q)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == q || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == 0x7f:
				b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
		case unicode.IsPrint(r):
			b = append(b, s[i:i+size]...)
		case r < 0x100:
			b = append(b, '\\', 'x', hexDigits[r>>4], hexDigits[r&0xf])
		case r < 0x10000:
			b = append(b, '\\', 'u')
			for sh := 12; sh >= 0; sh -= 4 {
				b = append(b, hexDigits[(r>>sh)&0xf])
			}
		default:
			b = append(b, '\\', 'U')
			for sh := 28; sh >= 0; sh -= 4 {
				b = append(b, hexDigits[(r>>sh)&0xf])
			}
		}
		i += size
	}
	return append(b, q)
}
