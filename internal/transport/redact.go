package transport

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// redacted replaces every secret.
const redacted = "[REDACTED]"

// secretSet is the literal-secret registry of a Client.
type secretSet struct {
	mu   sync.Mutex
	list []string // every registered form, longest first
	rep  atomic.Pointer[strings.Replacer]
	n    atomic.Int32
}

func (s *secretSet) count() int { return int(s.n.Load()) }

func (s *secretSet) add(secret string) {
	if secret == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	added := false
	for _, f := range secretForms(secret) {
		if f != "" && !slices.Contains(s.list, f) {
			s.list = append(s.list, f)
			added = true
		}
	}
	if !added {
		return
	}
	s.n.Add(1)
	// Longest first: strings.Replacer prefers earlier pairs at a position,
	// so a secret containing another is masked whole.
	slices.SortStableFunc(s.list, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(s.list))
	for _, f := range s.list {
		pairs = append(pairs, f, redacted)
	}
	s.rep.Store(strings.NewReplacer(pairs...))
}

func (s *secretSet) replace(text string) string {
	if r := s.rep.Load(); r != nil {
		return r.Replace(text)
	}
	return text
}

// secretForms lists the ways a secret shows up on the wire: as is, URL
// query/form and path escaped, JSON escaped (Go's HTML-safe and plain, and
// Python's ASCII-only \uXXXX form Odoo answers with).
func secretForms(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s)}
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		out := strings.TrimSuffix(sb.String(), "\n")
		forms = append(forms, out[1:len(out)-1], asciiJSON(out[1:len(out)-1]))
	}
	return forms
}

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

// secretName matches parameter, field and header names that carry secrets.
// "key" alone must be the whole name ("monkey" is not a secret).
const secretName = `(?:[\w.\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|apikey|session[_\-]?id|sessionid|authorization|cookie|credential)[\w.\-]*|(?:private|access|client|auth)[_\-]?key|key)`

type redactRule struct {
	re   *regexp.Regexp
	repl string
}

var redactRules = []redactRule{
	// user:password@ in URLs.
	{regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.\-]*://[^/?#@\s:]*:)[^/?#@\s]*@`), "${1}" + redacted + "@"},
	// Header lines: "Authorization: Bearer x", "Set-Cookie: session_id=...".
	{regexp.MustCompile(`(?i)(\b(?:proxy-)?authorization|\bset-cookie|\bcookie|\bx-api-key|\bapi-key|\bx-[\w\-]*(?:token|secret|api-?key|session|password))([ \t]*:[ \t]*)[^\r\n]*`), "${1}${2}" + redacted},
	// Bare credentials after an auth scheme.
	{regexp.MustCompile(`(?i)\b(bearer|basic|digest)[ \t]+[A-Za-z0-9._~+/=\-]+`), "${1} " + redacted},
	// JSON: "password": "..." (any nesting), also unterminated (truncated).
	{regexp.MustCompile(`(?i)("` + secretName + `"\s*:\s*)(?:"(?:[^"\\]|\\.)*\\?"?|[^,}\]\s"]+)`), `${1}"` + redacted + `"`},
	// JSON inside a JSON string: \"password\": \"...\".
	{regexp.MustCompile(`(?i)(\\+"` + secretName + `\\+"\s*:\s*)(?:\\+"(?:[^"\\]|\\[^"])*(?:\\+")?|[^,}\]\s"\\]+)`), `${1}\"` + redacted + `\"`},
	// Python reprs in Odoo tracebacks: 'password': '...'.
	{regexp.MustCompile(`(?i)('` + secretName + `'\s*:\s*)(?:'(?:[^'\\]|\\.)*\\?'?)`), `${1}'` + redacted + `'`},
	// Queries, form bodies, cookie text: password=...&, session_id=...;
	{regexp.MustCompile(`(?i)((?:^|[?&;,\s"'({\[])` + secretName + `=)[^&;,\s"'<>)}\]]*`), "${1}" + redacted},
}

// redactPatterns masks the recognised secret patterns (no literal secrets).
func redactPatterns(s string) string {
	for _, r := range redactRules {
		s = r.re.ReplaceAllString(s, r.repl)
	}
	return s
}

// AddSecret registers a literal secret (password, API key, token, session
// id) that Redact and the logs must never show. Empty strings are ignored.
// Its URL-escaped and JSON-escaped forms are registered too.
func (c *Client) AddSecret(s string) { c.secrets.add(s) }

// Redact returns s with every registered secret and every recognised secret
// pattern (password=, "password": ..., Authorization, session_id, tokens,
// client_secret, api keys) replaced by "[REDACTED]".
//
// Patterns are applied first, literal secrets last, so no registered secret
// survives whatever the patterns did.
func (c *Client) Redact(s string) string {
	if s == "" {
		return s
	}
	return c.secrets.replace(redactPatterns(s))
}

// sensitiveHeader matches header names whose whole value is a credential.
var sensitiveHeader = regexp.MustCompile(`(?i)^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|` + secretName + `)$`)

// RedactHeader returns a copy of h fit for logs: credential headers
// (Authorization, Cookie, Set-Cookie, X-Api-Key, ...token/secret/key...)
// are replaced by "[REDACTED]", the others pass through Redact.
func (c *Client) RedactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		if sensitiveHeader.MatchString(k) {
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
