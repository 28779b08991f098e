package odoo

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// fastDec is a strict one-pass JSON reader over b.
type fastDec struct {
	b []byte
	i int
	// seen holds the short strings and many2one names read so far (see
	// shared), so that the values a list repeats record after record
	// (stage, team and partner names, selection values) are one string
	// each, not one allocation per record.
	seen map[string]string
}

// Strings shared through fastDec.seen: at most sharedMax bytes long, at
// most sharedCount of them per reader.
const (
	sharedMax   = 64
	sharedCount = 4096
)

// shared reads the string at d.i (see strTo); a plain string of at most max
// bytes is the one already read with the same bytes when there is one
// (when d shares strings: d.seen is not nil, as in a list of records).
func (d *fastDec) shared(max int) (string, bool) {
	start := d.i
	end, escaped, high, ok := d.strEnd()
	if !ok {
		return "", false
	}
	if escaped || high || end-start-2 > max || d.seen == nil {
		return d.strTo(end, escaped, high)
	}
	body := d.b[start+1 : end-1]
	d.i = end
	if s, ok := d.seen[string(body)]; ok { // no allocation for the look-up
		return s, true
	}
	s := string(body)
	if len(d.seen) < sharedCount {
		d.seen[s] = s
	}
	return s, true
}

func (d *fastDec) ws() {
	for d.i < len(d.b) {
		c := d.b[d.i]
		if c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			return
		}
		d.i++
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

// Bytes of a string body that the scanner must look at: the closing
// quote, a backslash and control characters. stringSpecial finds them
// eight bytes at a time (SWAR); bytes ≥ 0x80 are not special (they only
// mean the body must be checked as UTF-8, see strEnd).
const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// stringSpecial has the high bit set in the byte of w (little endian) that
// is '"', '\\' or below 0x20, and possibly in bytes above it; the lowest
// set bit is always a true one.
func stringSpecial(w uint64) uint64 {
	quote := w ^ (swarOnes * '"')
	slash := w ^ (swarOnes * '\\')
	zq := (quote - swarOnes) &^ quote
	zs := (slash - swarOnes) &^ slash
	ctl := (w - swarOnes*0x20) &^ w
	return (zq | zs | ctl) & swarHighs
}

// strEnd finds the end of the string at d.i (just past its closing
// quote), whether it holds escapes and whether it may hold bytes ≥ 0x80;
// ok is false for a control character, a bad escape or no end. It steps
// over plain runs eight bytes at a time.
func (d *fastDec) strEnd() (end int, escaped, high, ok bool) {
	b := d.b
	j := d.i + 1
	var acc uint64
	for {
		for j+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[j:])
			if m := stringSpecial(w); m != 0 {
				k := bits.TrailingZeros64(m) >> 3
				acc |= w & (1<<(8*k) - 1)
				j += k
				break
			}
			acc |= w
			j += 8
		}
		for j < len(b) && b[j] >= 0x20 && b[j] != '"' && b[j] != '\\' {
			acc |= uint64(b[j])
			j++
		}
		if j >= len(b) {
			return 0, false, false, false
		}
		switch c := b[j]; {
		case c == '"':
			return j + 1, escaped, acc&swarHighs != 0, true
		case c == '\\':
			escaped = true
			if j+1 >= len(b) {
				return 0, false, false, false
			}
			switch b[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(b) || !isHex4(b[j+2:j+6]) {
					return 0, false, false, false
				}
				j += 6
			default:
				return 0, false, false, false
			}
		default: // a control character
			return 0, false, false, false
		}
	}
}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// strTo reads the string at d.i, whose end strEnd found: one copy of its
// bytes, unescaped on the way when it has escapes. Strings with bytes
// that are not UTF-8 are unquoted by encoding/json, which decides how to
// repair them.
func (d *fastDec) strTo(end int, escaped, high bool) (string, bool) {
	tok := d.b[d.i:end]
	d.i = end
	body := tok[1 : len(tok)-1]
	if high && !utf8.Valid(body) {
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
// as encoding/json does, a lone or broken UTF-16 surrogate reading as
// U+FFFD, into one allocation (the result is never longer than body).
func unescape(body []byte) string {
	var out strings.Builder
	out.Grow(len(body))
	for i := 0; i < len(body); {
		if body[i] != '\\' {
			j := bytes.IndexByte(body[i:], '\\')
			if j < 0 {
				j = len(body) - i
			}
			out.Write(body[i : i+j])
			i += j
			continue
		}
		switch e := body[i+1]; e {
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		case 'u':
			r := rune(hex4(body[i+2 : i+6]))
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(body) && body[i] == '\\' && body[i+1] == 'u' {
					if dec := utf16.DecodeRune(r, rune(hex4(body[i+2:i+6]))); dec != utf8.RuneError {
						out.WriteRune(dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out.WriteRune(r)
			continue
		default: // '"', '\\', '/'
			out.WriteByte(e)
		}
		i += 2
	}
	return out.String()
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
		end, _, _, ok := d.strEnd()
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
				end, _, _, ok := d.strEnd()
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
	t, ok := fixedDateTime(b[1:20])
	if ok {
		d.i += 21
	}
	return t, ok
}

// fixedDateTime parses s, exactly "2006-01-02 15:04:05" (Odoo's wire form,
// UTC), without time.Parse; ok is false for anything else, which
// parseOdooTime's layouts then decide. It is the first step of
// parseOdooTime, so both paths read a datetime the same way.
func fixedDateTime(s []byte) (time.Time, bool) {
	if len(s) != len(DateTimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
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
	return t, true
}

// many2one reads a many2one in Odoo's [id, "name"] form at d.i (a '[');
// ok is false, with d.i kept, for any other form, which
// Many2One.UnmarshalJSON's general path reads. Many2One.UnmarshalJSON
// runs this same code first (fastMany2One).
func (d *fastDec) many2one() (Many2One, bool) {
	start := d.i
	d.i++
	d.ws()
	id, j, ok := fastInt(d.b, d.i)
	if !ok {
		d.i = start
		return Many2One{}, false
	}
	d.i = j
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != ',' {
		d.i = start
		return Many2One{}, false
	}
	d.i++
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		d.i = start
		return Many2One{}, false
	}
	name, ok := d.shared(sharedMax)
	if ok {
		d.ws()
		ok = d.i < len(d.b) && d.b[d.i] == ']'
	}
	if !ok {
		d.i = start
		return Many2One{}, false
	}
	d.i++
	return Many2One{ID: id, Name: name}, true
}

// ids reads a plain list of integer ids at d.i (a '['), in one
// allocation; ok is false, with d.i kept, for anything else (pairs,
// floats), which IDs.UnmarshalJSON's general path reads. IDs.UnmarshalJSON
// runs this same code first (fastIDs).
func (d *fastDec) ids() (IDs, bool) {
	start := d.i
	d.i++
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return IDs{}, true
	}
	end := bytes.IndexByte(d.b[d.i:], ']')
	if end < 0 {
		d.i = start
		return nil, false
	}
	out := make(IDs, 0, bytes.Count(d.b[d.i:d.i+end], []byte{','})+1)
	for {
		id, j, ok := fastInt(d.b, d.i)
		if !ok {
			d.i = start
			return nil, false
		}
		out = append(out, id)
		d.i = j
		d.ws()
		if d.i < len(d.b) && d.b[d.i] == ']' {
			d.i++
			return out, true
		}
		if d.i >= len(d.b) || d.b[d.i] != ',' {
			d.i = start
			return nil, false
		}
		d.i++
		d.ws()
	}
}
