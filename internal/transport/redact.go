package transport

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"reflect"
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

// Secret patterns are found by a hand-written scanner rather than regular
// expressions: Redact runs on every log line, error and (with LogBodies)
// body, and Go's regexp needed milliseconds for a 16 KiB JSON body.

// keywordsByFirst lists, by first letter, the words that start the search
// for a secret: names (qualifies then decides on the whole name) and auth
// schemes ("Bearer abc").
var keywordsByFirst = [256][]string{
	'p': {"pass", "pwd", "private"},
	's': {"secret", "session", "sid"},
	't': {"token"},
	'k': {"key"},
	'a': {"authorization", "apikey", "api_key", "api-key", "access", "auth"},
	'c': {"cookie", "credential", "client"},
	'b': {"bearer", "basic"},
	'd': {"digest"},
}

// isScheme marks the auth-scheme keywords.
var isScheme = map[string]bool{"bearer": true, "basic": true, "digest": true}

// hasPrefixFold is strings.HasPrefix, ASCII case-insensitive; prefix is
// lower case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// qualifies reports whether a (lower-case) parameter, field or header name
// carries a secret: password, passwd, pwd, secret, token, api_key, apikey,
// session_id, authorization, cookie, credential anywhere in it; key, pass,
// auth, session and sid only as the whole name, "key" also as
// private/access/client/auth key ("monkey", "keyboard", "author_id" and
// "inside" are no secrets).
func qualifies(name string) bool {
	for _, w := range []string{"password", "passwd", "passphrase", "pwd", "secret", "token", "credential", "authorization", "cookie", "apikey", "api_key", "api-key", "sessionid", "session_id", "session-id"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	switch name {
	case "key", "pass", "auth", "session", "sid":
		return true
	}
	for _, p := range []string{"private", "access", "client", "auth"} {
		for _, sep := range []string{"", "_", "-"} {
			if strings.HasSuffix(name, p+sep+"key") {
				return true
			}
		}
	}
	return false
}

func isNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// span is a byte range of the input to replace by repl.
type span struct {
	start, end int
	repl       string
}

// redactPatterns masks the recognised secret patterns (no literal secrets):
// key=value in queries, forms and cookie text; "key": value in JSON (also
// JSON inside a JSON string) and 'key': value in Python reprs; header lines
// "Authorization: ..."; credentials after Bearer/Basic/Digest; the password
// of user:password@ in URLs.
func redactPatterns(s string) string {
	spans := patternSpans(s, nil)
	if len(spans) == 0 {
		return s
	}
	return applySpans(s, spans)
}

// patternSpans appends the spans of the secret patterns of s.
func patternSpans(s string, spans []span) []span {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		kws := keywordsByFirst[c]
		if kws == nil {
			continue
		}
		kw := ""
		for _, k := range kws {
			if hasPrefixFold(s[i:], k) {
				kw = k
				break
			}
		}
		if kw == "" {
			continue
		}
		if isScheme[kw] {
			if sp, ok := schemeSpan(s, i, len(kw)); ok {
				spans = append(spans, sp)
				i = sp.end - 1
			}
			continue
		}
		ns, ne := i, i+len(kw)
		for ns > 0 && isNameChar(s[ns-1]) {
			ns--
		}
		for ne < len(s) && isNameChar(s[ne]) {
			ne++
		}
		i = ne - 1 // one name, one decision
		if !qualifies(strings.ToLower(s[ns:ne])) {
			continue
		}
		if sp, ok := valueSpan(s, ns, ne); ok {
			spans = append(spans, sp)
		}
	}
	for off := 0; ; {
		i := strings.Index(s[off:], "://")
		if i < 0 {
			break
		}
		i += off + 3
		off = i
		colon := -1
		e := i
		for e < len(s) && !strings.ContainsRune("/?#@ \t\r\n", rune(s[e])) {
			if s[e] == ':' && colon < 0 {
				colon = e
			}
			e++
		}
		if e < len(s) && s[e] == '@' && colon >= 0 {
			spans = append(spans, span{colon + 1, e, redacted})
		}
	}
	return spans
}

// schemeSpan masks the credential after an auth scheme word at s[i:i+n]
// ("Bearer abc", "Basic dXNl...").
func schemeSpan(s string, i, n int) (span, bool) {
	if i > 0 && isNameChar(s[i-1]) {
		return span{}, false
	}
	k := i + n
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k == i+n {
		return span{}, false
	}
	e := k
	for e < len(s) && isTokenChar(s[e]) {
		e++
	}
	if e == k {
		return span{}, false
	}
	return span{k, e, redacted}, true
}

func isTokenChar(c byte) bool {
	return isNameChar(c) || c == '~' || c == '+' || c == '/' || c == '='
}

// valueSpan finds the value of the secret name s[ns:ne] from its context.
func valueSpan(s string, ns, ne int) (span, bool) {
	var prev byte
	if ns > 0 {
		prev = s[ns-1]
	}
	// Quoted name: JSON "name": v, JSON in a JSON string \"name\": \"v\",
	// Python 'name': 'v'.
	if prev == '"' || prev == '\'' {
		k := 0 // backslashes escaping the quotes
		for ns-2-k >= 0 && s[ns-2-k] == '\\' {
			k++
		}
		if sp, ok := quotedValueSpan(s, ne, prev, k); ok {
			return sp, true
		}
		if k > 0 {
			if sp, ok := quotedValueSpan(s, ne, prev, 0); ok {
				return sp, true
			}
		}
		// Not a quoted key after all ("password=x" inside a string).
	}
	// name=value: queries, forms, cookies, logfmt (also name="value").
	if ne < len(s) && s[ne] == '=' {
		v := ne + 1
		if strings.HasPrefix(s[v:], redacted) {
			// Redacted already (text redacted twice).
			return span{v, v + len(redacted), redacted}, true
		}
		// A quoted value (logfmt) only after a space: in `"a=1&password="`
		// the quote ends the string holding the query.
		if v < len(s) && (s[v] == '"' || s[v] == '\'') && (ns == 0 || isSpace(prev)) {
			return span{v + 1, quotedEnd(s, v+1, s[v], 0), redacted}, true
		}
		e := v
		for e < len(s) && !isSpace(s[e]) && !strings.ContainsRune("&;,\"'<>)}]", rune(s[e])) {
			e++
		}
		return span{v, e, redacted}, true
	}
	// Header line: "Authorization: Bearer x", "Set-Cookie: ...": the rest
	// of the line.
	i := ne
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == ':' {
		i++
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		e := i
		for e < len(s) && s[e] != '\n' && s[e] != '\r' {
			e++
		}
		if e > i {
			return span{i, e, redacted}, true
		}
	}
	return span{}, false
}

// quotedValueSpan finds the value after a name whose closing quote q
// (escaped by k backslashes) starts at ne: ": value".
func quotedValueSpan(s string, ne int, q byte, k int) (span, bool) {
	closeQ := strings.Repeat("\\", k) + string(q)
	if !strings.HasPrefix(s[ne:], closeQ) {
		return span{}, false
	}
	i := skipSpaces(s, ne+len(closeQ))
	if i >= len(s) || s[i] != ':' {
		return span{}, false
	}
	i = skipSpaces(s, i+1)
	if strings.HasPrefix(s[i:], closeQ) {
		start := i + len(closeQ)
		return span{start, quotedEnd(s, start, q, k), redacted}, true
	}
	e := i
	for e < len(s) && !isSpace(s[e]) && !strings.ContainsRune(",}]\"'\\", rune(s[e])) {
		e++
	}
	if e == i {
		return span{}, false
	}
	return span{i, e, closeQ + redacted + closeQ}, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// quotedEnd returns the end of a string value starting at i whose quotes
// q are escaped by k backslashes (0: plain JSON; 1: JSON inside a JSON
// string, ...); the end of s when unterminated. At nesting k the closing
// quote follows a run of backslashes r with r mod 2(k+1) == k; any other
// run escapes a quote inside the value.
func quotedEnd(s string, i int, q byte, k int) int {
	for i < len(s) {
		c := s[i]
		if c == q {
			return i
		}
		if c != '\\' {
			i++
			continue
		}
		r := 0
		for i+r < len(s) && s[i+r] == '\\' {
			r++
		}
		if i+r < len(s) && s[i+r] == q {
			if r%(2*(k+1)) == k {
				return i + r - k
			}
			i += r + 1
			continue
		}
		i += r
	}
	return len(s)
}

// applySpans replaces the spans (merged where they overlap).
func applySpans(s string, spans []span) string {
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	var b strings.Builder
	b.Grow(len(s) + len(spans)*len(redacted))
	last := 0
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		if sp.start < last { // inside the previous one
			continue
		}
		for i+1 < len(spans) && spans[i+1].start < sp.end {
			if spans[i+1].end > sp.end {
				sp.end = spans[i+1].end
				sp.repl = redacted
			}
			i++
		}
		b.WriteString(s[last:sp.start])
		b.WriteString(sp.repl)
		last = sp.end
	}
	b.WriteString(s[last:])
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

// maxRedactDepth bounds RedactValue's walk (decoded JSON has no cycles,
// but a caller's value might).
const maxRedactDepth = 64

// RedactValue redacts, in place, every string reachable from v at any
// depth with c.Redact (see RedactValueWith).
func (c *Client) RedactValue(v any) { RedactValueWith(v, c.Redact) }

// RedactValueWith redacts, in place, every string reachable from v at any
// depth with redact: a pointer's target, exported struct fields, slice and
// array elements, map keys and values, the contents of interfaces ([]any
// and map[string]any of decoded JSON). v is typically a pointer to an
// error struct; strings that cannot be set in place (a map's entries, an
// interface's value) are replaced by redacted copies.
func RedactValueWith(v any, redact func(string) string) {
	if v == nil || redact == nil {
		return
	}
	w := valueRedactor(redact)
	w.redactValue(reflect.ValueOf(v), 0)
}

// valueRedactor walks values for RedactValueWith.
type valueRedactor func(string) string

// redactValue redacts what v reaches and returns the value to put in v's
// place when v itself cannot be changed in place, with ok=true.
func (c valueRedactor) redactValue(v reflect.Value, depth int) (reflect.Value, bool) {
	if depth > maxRedactDepth || !v.IsValid() {
		return v, false
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		r := c(s)
		if r == s {
			return v, false
		}
		if v.CanSet() {
			v.SetString(r)
			return v, false
		}
		nv := reflect.New(v.Type()).Elem()
		nv.SetString(r)
		return nv, true
	case reflect.Pointer:
		if !v.IsNil() {
			c.redactValue(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		if nv, ok := c.redactValue(v.Elem(), depth+1); ok {
			if v.CanSet() {
				v.Set(nv)
				return v, false
			}
			return nv, true
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.setRedacted(v.Index(i), depth)
		}
	case reflect.Array, reflect.Struct:
		if !v.CanAddr() {
			// Inside an interface or a map: redact a copy.
			cp := reflect.New(v.Type()).Elem()
			cp.Set(v)
			c.redactFields(cp, depth)
			return cp, true
		}
		c.redactFields(v, depth)
	case reflect.Map:
		if v.IsNil() {
			return v, false
		}
		type kv struct{ k, v reflect.Value }
		var changed []kv
		var stale []reflect.Value
		it := v.MapRange()
		for it.Next() {
			k, e := it.Key(), it.Value()
			nk, kc := c.redactValue(k, depth+1)
			ne, ec := c.redactValue(e, depth+1)
			if kc || ec {
				if kc {
					stale = append(stale, k)
				}
				changed = append(changed, kv{nk, ne})
			}
		}
		for _, k := range stale {
			v.SetMapIndex(k, reflect.Value{})
		}
		for _, e := range changed {
			v.SetMapIndex(e.k, e.v)
		}
	}
	return v, false
}

// setRedacted redacts the addressable element e in place.
func (c valueRedactor) setRedacted(e reflect.Value, depth int) {
	if nv, ok := c.redactValue(e, depth+1); ok && e.CanSet() {
		e.Set(nv)
	}
}

// redactFields redacts the elements of an addressable array or the
// exported fields of an addressable struct.
func (c valueRedactor) redactFields(v reflect.Value, depth int) {
	if v.Kind() == reflect.Array {
		for i := range v.Len() {
			c.setRedacted(v.Index(i), depth)
		}
		return
	}
	for i := range v.NumField() {
		if v.Type().Field(i).IsExported() {
			c.setRedacted(v.Field(i), depth)
		}
	}
}
