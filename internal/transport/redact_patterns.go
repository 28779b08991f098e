// Recognised secret patterns (password=..., "api_key": "...", Bearer
// tokens, session ids): the scanner that finds them and the masking of
// the spans it finds.

package transport

import (
	"slices"
	"strings"
)

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
