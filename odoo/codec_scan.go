package odoo

import (
	"encoding/json"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// fastDec is a strict one-pass JSON reader over b.
type fastDec struct {
	b []byte
	i int
}

func (d *fastDec) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// key reads an object key; ok is false for a key with escapes.
func (d *fastDec) key() ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return nil, false
	}
	j := d.i + 1
	for j < len(d.b) {
		c := d.b[j]
		if c == '"' {
			k := d.b[d.i+1 : j]
			d.i = j + 1
			return k, true
		}
		if c == '\\' || c < 0x20 {
			return nil, false
		}
		j++
	}
	return nil, false
}

// literal reads true, false or null.
func (d *fastDec) literal() bool {
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(d.b)-d.i >= len(lit) && string(d.b[d.i:d.i+len(lit)]) == lit {
			d.i += len(lit)
			return true
		}
	}
	return false
}

// number checks a JSON number at d.i and answers its end; d.i is kept.
func (d *fastDec) number() (int, bool) {
	b, j := d.b, d.i
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
	default:
		return 0, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == k {
			return 0, false
		}
	}
	return j, true
}

// strEnd finds the end of the string at d.i (just past its closing
// quote) and whether it holds escapes; ok is false for a control
// character, a bad escape or no end.
func (d *fastDec) strEnd() (end int, escaped, ok bool) {
	b := d.b
	j := d.i + 1
	for j < len(b) {
		c := b[j]
		switch {
		case c == '"':
			return j + 1, escaped, true
		case c == '\\':
			escaped = true
			if j+1 >= len(b) {
				return 0, false, false
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(b) || !isHex4(b[j+2:j+6]) {
					return 0, false, false
				}
				j += 6
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		default:
			j++
		}
	}
	return 0, false, false
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// str reads a string. Strings with escapes or bytes that are not UTF-8
// are unquoted by encoding/json, which decides how to repair them.
func (d *fastDec) str() (string, bool) {
	end, escaped, ok := d.strEnd()
	if !ok {
		return "", false
	}
	tok := d.b[d.i:end]
	d.i = end
	body := tok[1 : len(tok)-1]
	ascii := true
	for _, c := range body {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii && !utf8.Valid(body) {
		// encoding/json replaces the bad bytes; let it.
		var s string
		if json.Unmarshal(tok, &s) != nil {
			return "", false
		}
		return s, true
	}
	if !escaped {
		return string(body), true
	}
	return unescape(body), true
}

// unescape decodes the escapes of a checked JSON string body (see strEnd)
// as encoding/json does: a lone or broken UTF-16 surrogate reads as
// U+FFFD.
func unescape(body []byte) string {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' {
			j := i + 1
			for j < len(body) && body[j] != '\\' {
				j++
			}
			out = append(out, body[i:j]...)
			i = j
			continue
		}
		switch e := body[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := rune(hex4(body[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, rune(hex4(body[i+2:i+6]))); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, e)
		}
		i += 2
	}
	return string(out)
}

// hex4 reads four checked hex digits.
func hex4(b []byte) int {
	n := 0
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		n = n<<4 | int(c)
	}
	return n
}

// skip steps over one value, checking its syntax.
func (d *fastDec) skip() bool { return d.skipDepth(0) }

func (d *fastDec) skipDepth(depth int) bool {
	if d.i >= len(d.b) || depth > 10000 {
		return false
	}
	switch c := d.b[d.i]; {
	case c == '"':
		end, _, ok := d.strEnd()
		if !ok {
			return false
		}
		d.i = end
		return true
	case c == '[' || c == '{':
		d.i++
		d.ws()
		closing := byte(']')
		if c == '{' {
			closing = '}'
		}
		if d.i < len(d.b) && d.b[d.i] == closing {
			d.i++
			return true
		}
		for {
			d.ws()
			if c == '{' {
				if d.i >= len(d.b) || d.b[d.i] != '"' {
					return false
				}
				end, _, ok := d.strEnd()
				if !ok {
					return false
				}
				d.i = end
				d.ws()
				if d.i >= len(d.b) || d.b[d.i] != ':' {
					return false
				}
				d.i++
				d.ws()
			}
			if !d.skipDepth(depth + 1) {
				return false
			}
			d.ws()
			if d.i >= len(d.b) {
				return false
			}
			if d.b[d.i] == closing {
				d.i++
				return true
			}
			if d.b[d.i] != ',' {
				return false
			}
			d.i++
		}
	case c == 't' || c == 'f' || c == 'n':
		return d.literal()
	default:
		j, ok := d.number()
		if ok {
			d.i = j
		}
		return ok
	}
}

// odooDateTime reads "2006-01-02 15:04:05" (Odoo's form) as a UTC time;
// ok is false, with d.i kept, for any other string.
func (d *fastDec) odooDateTime() (time.Time, bool) {
	b := d.b[d.i:]
	if len(b) < 21 || b[20] != '"' {
		return time.Time{}, false
	}
	s := b[1:20]
	if s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(x []byte) (int, bool) {
		n := 0
		for _, c := range x {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	mo, ok2 := num(s[5:7])
	dd, ok3 := num(s[8:10])
	hh, ok4 := num(s[11:13])
	mi, ok5 := num(s[14:16])
	ss, ok6 := num(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || hh > 23 || mi > 59 || ss > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), dd, hh, mi, ss, 0, time.UTC)
	if t.Day() != dd || dd < 1 {
		return time.Time{}, false // day out of range: time.Parse decides
	}
	d.i += 21
	return t, true
}
