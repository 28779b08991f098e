package transport

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// redacted replaces every secret.
const redacted = "[REDACTED]"

// secretSet is the literal-secret registry of a Client. The forms to mask
// live in a closure behind an atomic pointer: printing a copy of a Client
// (any verb, even through a bad verb's dereference) or walking it with
// reflection shows addresses, never a secret.
type secretSet struct {
	mu    sync.Mutex // serialises add
	forms atomic.Pointer[func() []form]
	n     atomic.Int32
}

// form is one way a secret shows up in text.
type form struct {
	text string
	// left and right: the text's first (last) rune is a letter, digit or
	// '_', so the match must not be preceded (followed) by one. Set for
	// secrets shorter than minFreeSecret: "admin" is masked in
	// `"admin"`, `password=admin&` and "user admin refused", never in
	// "administrator" or "admin_tool".
	left, right bool
}

// minFreeSecret is the length from which a secret is masked wherever its
// bytes occur, inside other words too: 16 bytes cannot be part of a
// message by chance, and the base64 of a secret inside a longer base64
// text has letters on both sides.
const minFreeSecret = 16

// minBase64Core is the length from which a secret is also masked inside
// any base64 text (HTTP Basic credentials, a base64-encoded body).
const minBase64Core = 8

func (s *secretSet) count() int { return int(s.n.Load()) }

func (s *secretSet) list() []form {
	if f := s.forms.Load(); f != nil {
		return (*f)()
	}
	return nil
}

func (s *secretSet) add(secret string) {
	if secret == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.list()
	have := make(map[string]int, len(old))
	for i, f := range old {
		have[f.text] = i
	}
	list := slices.Clone(old)
	added := false
	for _, f := range secretForms(secret) {
		if f.text == "" {
			continue
		}
		if i, ok := have[f.text]; ok {
			// The same text of a longer secret is masked anywhere.
			list[i].left = list[i].left && f.left
			list[i].right = list[i].right && f.right
			continue
		}
		have[f.text] = len(list)
		list = append(list, f)
		added = true
	}
	if !added {
		return
	}
	s.n.Add(1)
	slices.SortStableFunc(list, func(a, b form) int { return len(b.text) - len(a.text) })
	get := func() []form { return list }
	s.forms.Store(&get)
}

// spans appends the spans of text where a registered form stands.
func (s *secretSet) spans(text string, out []span) []span {
	for _, f := range s.list() {
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], f.text)
			if i < 0 {
				break
			}
			i += off
			j := i + len(f.text)
			if (f.left && wordBefore(text, i)) || (f.right && wordAfter(text, j)) {
				off = i + 1
				continue
			}
			out = append(out, span{i, j, redacted})
			off = j
		}
	}
	return out
}

// isWordRune: letters, digits and '_' make words.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func wordBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r != utf8.RuneError && isWordRune(r)
}

func wordAfter(s string, j int) bool {
	if j >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return r != utf8.RuneError && isWordRune(r)
}

// secretForms lists the ways a secret shows up on the wire and in the
// pages that echo it: as is; URL query/form escaped (space as + and as
// %20, hex in upper and lower case) and path escaped; HTML escaped (Go,
// markupsafe and Django: debug pages of Django and Werkzeug echo the
// posted fields); JSON escaped (Go's HTML-safe and plain, Python's
// ASCII-only \uXXXX form Odoo answers with, and "\/" for "/"); base64 and
// base64url, padded and not; and, for secrets of minBase64Core bytes or
// more, the part of its base64 that is the same wherever it stands in a
// longer base64 text (HTTP Basic "login:password", an encoded body).
func secretForms(s string) []form {
	texts := []string{s, html.EscapeString(s), djangoEscaper.Replace(s)}
	for _, u := range []string{url.QueryEscape(s), url.PathEscape(s)} {
		texts = append(texts, u, strings.ReplaceAll(u, "+", "%20"), lowerHexEscapes(u))
	}
	if b, err := json.Marshal(s); err == nil {
		texts = append(texts, string(b[1:len(b)-1]))
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		out := strings.TrimSuffix(sb.String(), "\n")
		plain := out[1 : len(out)-1]
		texts = append(texts, plain, asciiJSON(plain), strings.ReplaceAll(plain, "/", `\/`),
			strings.ReplaceAll(asciiJSON(plain), "/", `\/`))
	}
	for _, e := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		texts = append(texts, e.EncodeToString([]byte(s)))
	}
	free := len(s) >= minFreeSecret
	forms := make([]form, 0, len(texts)+6)
	for _, t := range texts {
		f := form{text: t}
		if !free {
			r, _ := utf8.DecodeRuneInString(t)
			f.left = isWordRune(r)
			r, _ = utf8.DecodeLastRuneInString(t)
			f.right = isWordRune(r)
		}
		forms = append(forms, f)
	}
	if len(s) >= minBase64Core {
		for _, core := range base64Cores(s) {
			forms = append(forms, form{text: core})
		}
	}
	return forms
}

// base64Cores returns, for each of the three byte alignments s can have in
// a longer text, the run of base64 characters (standard and URL alphabet)
// that depend on s's bytes alone.
func base64Cores(s string) []string {
	var out []string
	for a := 0; a < 3; a++ {
		in := make([]byte, a+len(s))
		copy(in[a:], s)
		enc := base64.RawStdEncoding.EncodeToString(in)
		first, last := -1, -1
		for j := range len(enc) {
			lo, hi := 6*j/8, (6*j+5)/8
			if lo >= a && hi < a+len(s) {
				if first < 0 {
					first = j
				}
				last = j
			}
		}
		if first < 0 {
			continue
		}
		core := enc[first : last+1]
		out = append(out, core, strings.NewReplacer("+", "-", "/", "_").Replace(core))
	}
	return out
}

// lowerHexEscapes turns the %XX escapes of u to lower case hex.
func lowerHexEscapes(u string) string {
	b := []byte(u)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for k := i + 1; k <= i+2; k++ {
				if b[k] >= 'A' && b[k] <= 'F' {
					b[k] += 'a' - 'A'
				}
			}
			i += 2
		}
	}
	return string(b)
}

// djangoEscaper is django.utils.html.escape; markupsafe (Werkzeug) escapes
// like html.EscapeString.
var djangoEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")

// asciiJSON escapes non-ASCII runes as \uXXXX (surrogate pairs above the
// BMP), as Python's json.dumps does by default.
func asciiJSON(s string) string {
	var b strings.Builder
	const hex = "0123456789abcdef"
	u := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[(r>>uint(shift))&0xf])
		}
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			u(0xd800 + (r>>10)&0x3ff)
			u(0xdc00 + r&0x3ff)
		default:
			u(r)
		}
	}
	return b.String()
}

// AddSecret registers a literal secret (password, API key, token, session
// id) that Redact and the logs must never show. Empty strings are ignored.
// Its URL-escaped and JSON-escaped forms are registered too.
func (c *Client) AddSecret(s string) { c.secrets.add(s) }

// Redact returns s with every registered secret and every recognised secret
// pattern (password=, "password": ..., Authorization, session_id, tokens,
// client_secret, api keys) replaced by "[REDACTED]".
//
// Both are found in s as given and masked in one pass (overlapping spans
// merged), so the output is s's own text between "[REDACTED]" marks and no
// registered secret can survive half-masked. A registered secret shorter
// than 16 bytes is masked only where it stands as a value or a whole word
// (see form).
func (c *Client) Redact(s string) string {
	if s == "" {
		return s
	}
	spans := c.secrets.spans(s, patternSpans(s, nil))
	if len(spans) == 0 {
		return s
	}
	return applySpans(s, spans)
}

// RedactPatterns masks the recognised secret patterns of s (no literal
// secrets): for text built where no Client is at hand.
func RedactPatterns(s string) string { return redactPatterns(s) }

// RedactHeader returns a copy of h fit for logs: credential headers
// (Authorization, Cookie, Set-Cookie, X-Api-Key, ...token/secret/key...)
// are replaced by "[REDACTED]", the others pass through Redact.
func (c *Client) RedactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		if qualifies(strings.ToLower(k)) {
			out[k] = []string{redacted}
			continue
		}
		cp := make([]string, len(vs))
		for i, v := range vs {
			cp[i] = c.Redact(v)
		}
		out[k] = cp
	}
	return out
}
