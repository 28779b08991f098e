// Package django holds the checks of Django's that the Jutda client and
// its fake both run: what the server's form accepts, the client refuses
// nothing more, and the fake refuses nothing less.
package django

import (
	"net/netip"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The e-mail check is Django 3.2's EmailValidator (django/core/validators.py),
// which the server's ticket form runs on submitter_email: the same regular
// expressions, the "localhost" allowlist, the IDN retry through Python's
// "idna" codec, and the 320-character limit of the 3.2 security releases.
var (
	emailUser = regexp.MustCompile(`(?i)(^[-!#$%&'*+/=?^_` + "`" + `{}|~0-9A-Z]+(\.[-!#$%&'*+/=?^_` + "`" + `{}|~0-9A-Z]+)*\z` +
		`|^"([\x01-\x08\x0b\x0c\x0e-\x1f!#-\[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"\z)`)
	// Go's RE2 has no look-behind: the domain's last label must not end
	// with "-", checked by hand.
	emailDomain  = regexp.MustCompile(`(?i)^((?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+)(?:[A-Z0-9-]{2,63})\z`)
	emailLiteral = regexp.MustCompile(`(?i)^\[([A-F0-9:.]+)\]\z`)
)

// ValidEmail reports whether Django's EmailValidator accepts s (strip it
// first, as the form field does).
func ValidEmail(s string) bool {
	if s == "" || !strings.Contains(s, "@") || utf8.RuneCountInString(s) > 320 {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	user, domain := s[:at], s[at+1:]
	if !emailUser.MatchString(user) {
		return false
	}
	if domain == "localhost" || emailDomainPart(domain) {
		return true
	}
	ascii, ok := idnaEncode(domain)
	return ok && emailDomainPart(ascii)
}

// emailDomainPart is EmailValidator.validate_domain_part.
func emailDomainPart(d string) bool {
	if emailDomain.MatchString(d) {
		return !strings.HasSuffix(d, "-")
	}
	if m := emailLiteral.FindStringSubmatch(d); m != nil {
		a, err := netip.ParseAddr(m[1])
		return err == nil && a.Zone() == ""
	}
	return false
}

// idnaEncode is Python's str.encode("idna") (IDNA 2003, which Django's
// punycode() calls), closely enough for a yes/no answer: labels split at
// the dots IDNA knows, ASCII labels kept, the others lowercased and
// Punycode-encoded with "xn--". It reports false where Python raises
// UnicodeError: an empty or over-long label, or a character nameprep
// prohibits (spaces, controls, private use, ...). Nameprep's NFKC
// mapping is not applied, so a rare compatibility character may encode
// differently than in Python; the server's own check stays the judge.
func idnaEncode(domain string) (string, bool) {
	domain = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".").Replace(domain)
	labels := strings.Split(domain, ".")
	if len(labels) > 1 && labels[len(labels)-1] == "" {
		out, ok := idnaLabels(labels[:len(labels)-1]) // a trailing dot is kept as such
		return out + ".", ok
	}
	return idnaLabels(labels)
}

func idnaLabels(labels []string) (string, bool) {
	out := make([]string, len(labels))
	for i, l := range labels {
		if isASCII(l) {
			if l == "" || len(l) > 63 {
				return "", false
			}
			out[i] = l
			continue
		}
		for _, r := range l {
			if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Cs, r) ||
				r == utf8.RuneError || r >= 0xfff9 && r <= 0xfffd {
				return "", false
			}
		}
		enc := "xn--" + punycode(strings.ToLower(l))
		if len(enc) > 63 {
			return "", false
		}
		out[i] = enc
	}
	return strings.Join(out, "."), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// punycode is RFC 3492's encoding of s (without the "xn--" prefix).
func punycode(s string) string {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	rs := []rune(s)
	var b strings.Builder
	for _, r := range rs {
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	h := b.Len()
	basic := h
	if basic > 0 {
		b.WriteByte('-')
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	adapt := func(delta, points int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / points
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(rs) {
		m := int(unicode.MaxRune) + 1
		for _, r := range rs {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range rs {
			if int(r) < n {
				delta++
			}
			if int(r) == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					switch {
					case t < tmin:
						t = tmin
					case t > tmax:
						t = tmax
					}
					if q < t {
						break
					}
					b.WriteByte(digit(t + (q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				b.WriteByte(digit(q))
				bias = adapt(delta, h+1, h == basic)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return b.String()
}
