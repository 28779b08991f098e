package transport

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/internal/leaktest"
)

func TestRedactPatterns(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"form", "grant_type=password&username=bob&password=hunter2&client_secret=cs1", "grant_type=password&username=bob&password=[REDACTED]&client_secret=[REDACTED]"},
		{"query", "https://h/api?api_key=k1&limit=5&access_token=t1", "https://h/api?api_key=[REDACTED]&limit=5&access_token=[REDACTED]"},
		{"query all names", "?passwd=a&apikey=b&key=c&token=d&refresh_token=e&session_id=f&secret=g", "?passwd=[REDACTED]&apikey=[REDACTED]&key=[REDACTED]&token=[REDACTED]&refresh_token=[REDACTED]&session_id=[REDACTED]&secret=[REDACTED]"},
		{"query case", "?Password=a&API_KEY=b", "?Password=[REDACTED]&API_KEY=[REDACTED]"},
		{"json nested", `{"params":{"db":"d","login":"bob","password":"hunter2","x":{"refresh_token":"r"}}}`, `{"params":{"db":"d","login":"bob","password":"[REDACTED]","x":{"refresh_token":"[REDACTED]"}}}`},
		{"json spaces and escapes", `{"client_secret" :  "a\"b\\c", "n": 1}`, `{"client_secret" :  "[REDACTED]", "n": 1}`},
		{"json number and null", `{"token": 12345, "api_key": null}`, `{"token": "[REDACTED]", "api_key": "[REDACTED]"}`},
		{"json truncated", `{"password": "hunt`, `{"password": "[REDACTED]`},
		{"json backslash value", `{"password":"\\","db":"d"}`, `{"password":"[REDACTED]","db":"d"}`},
		{"json escaped quote value", `{"password":"a\"b","db":"d"}`, `{"password":"[REDACTED]","db":"d"}`},
		{"json in json with escapes", `"{\"token\": \"a\\\"b\\\\\", \"db\": 1}"`, `"{\"token\": \"[REDACTED]\", \"db\": 1}"`},
		{"header in map print", `map[Authorization:[Bearer x] Accept:[a]]`, `map[Authorization:[REDACTED]`},
		{"json in json string", `{"body":"{\"password\": \"hunter2\"}"}`, `{"body":"{\"password\": \"[REDACTED]\"}"}`},
		{"python repr", `kwargs={'password': 'hunter2', 'login': 'bob'}`, `kwargs={'password': '[REDACTED]', 'login': 'bob'}`},
		{"authorization header", "Authorization: Bearer abc.def.ghi", "Authorization: [REDACTED]"},
		{"x-api-key header", "X-Api-Key: k-123\nAccept: */*", "X-Api-Key: [REDACTED]\nAccept: */*"},
		{"cookie header", "Cookie: session_id=abc123; tz=UTC", "Cookie: [REDACTED]"},
		{"set-cookie header", "Set-Cookie: session_id=abc123; Path=/; HttpOnly", "Set-Cookie: [REDACTED]"},
		{"cookie text", "sent session_id=abc123; frontend_lang=en", "sent session_id=[REDACTED]; frontend_lang=en"},
		{"bearer in text", "token rejected: bearer abc.def", "token rejected: bearer [REDACTED]"},
		{"basic in text", "auth Basic dXNlcjpwYXNz failed", "auth Basic [REDACTED] failed"},
		{"userinfo", "Get \"https://bob:hunter2@odoo.example.com/x\": EOF", "Get \"https://bob:[REDACTED]@odoo.example.com/x\": EOF"},
		{"json header map", `{"Authorization": "Bearer x", "Accept": "a"}`, `{"Authorization": "[REDACTED]", "Accept": "a"}`},
		{"query inside a JSON string", `{"q":"password=abc&x=1","u":"https://h/?token=t1"}`, `{"q":"password=[REDACTED]&x=1","u":"https://h/?token=[REDACTED]"}`},
		{"logfmt quoted", `msg=login password="hunter 2" user=bob`, `msg=login password="[REDACTED]" user=bob`},
		{"after colon or slash", `a:password=x /token=y`, `a:password=[REDACTED] /token=[REDACTED]`},
		{"whole-name words", "session=abc&sid=def&auth=ghi&pass=jkl", "session=[REDACTED]&sid=[REDACTED]&auth=[REDACTED]&pass=[REDACTED]"},
		{"no secrets", "monkey=1&keyboard=2&author_id=5&login=bob&inside=1&passenger=2", "monkey=1&keyboard=2&author_id=5&login=bob&inside=1&passenger=2"},
		{"no secrets json", `{"login": "bob", "author_id": 7, "keys": [1]}`, `{"login": "bob", "author_id": 7, "keys": [1]}`},
		{"empty", "", ""},
	}
	c := New(Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRedactLiteralSecrets(t *testing.T) {
	c := New(Config{})
	const secret = `p@ss "wörd"/&<x>`
	c.AddSecret(secret)
	c.AddSecret("") // ignored
	c.AddSecret("abc")
	c.AddSecret("abcdef") // longer one containing another is masked whole
	goJSON, _ := json.Marshal(secret)
	tests := []struct{ name, in string }{
		{"raw", "login failed for " + secret},
		{"json-rpc args", `{"method":"call","params":{"service":"object","method":"execute_kw","args":["db",2,` + string(goJSON) + `,"res.partner","read"]}}`},
		{"query escaped", "https://h/x?db=" + url.QueryEscape(secret)},
		{"path escaped", "https://h/" + url.PathEscape(secret) + "/x"},
		{"python json", `["db", 2, "p@ss \"w\u00f6rd\"/&<x>"]`},
	}
	for _, tt := range tests {
		got := c.Redact(tt.in)
		for _, leak := range []string{secret, "ss \"w", "w\\u00f6rd", "%40ss"} {
			if strings.Contains(got, leak) {
				t.Errorf("%s: Redact(%q) = %q still contains %q", tt.name, tt.in, got, leak)
			}
		}
		if !strings.Contains(got, redacted) {
			t.Errorf("%s: nothing redacted in %q", tt.name, got)
		}
	}
	if got := c.Redact("x abcdef y abc z"); got != "x [REDACTED] y [REDACTED] z" {
		t.Errorf("overlapping secrets: %q", got)
	}
	if got := c.Redact("nothing here"); got != "nothing here" {
		t.Errorf("changed clean text: %q", got)
	}
}

func TestRedactHeader(t *testing.T) {
	c := New(Config{})
	c.AddSecret("lit-secret")
	h := http.Header{
		"Authorization": {"Bearer tok"},
		"Cookie":        {"session_id=abc"},
		"Set-Cookie":    {"session_id=abc; Path=/"},
		"X-Api-Key":     {"k"},
		"X-Auth-Token":  {"t"},
		"Content-Type":  {"application/json"},
		"X-Trace":       {"id lit-secret"},
	}
	got := c.RedactHeader(h)
	for _, k := range []string{"Authorization", "Cookie", "Set-Cookie", "X-Api-Key", "X-Auth-Token"} {
		if v := got.Get(k); v != redacted {
			t.Errorf("%s = %q", k, v)
		}
	}
	if got.Get("Content-Type") != "application/json" || got.Get("X-Trace") != "id [REDACTED]" {
		t.Errorf("other headers: %v", got)
	}
	if h.Get("Authorization") != "Bearer tok" {
		t.Error("RedactHeader modified its argument")
	}
	if c.RedactHeader(nil) != nil {
		t.Error("RedactHeader(nil) != nil")
	}
}

func TestFormattingHidesSecrets(t *testing.T) {
	c := New(Config{UserAgent: "app/1"})
	c.AddSecret("hunter2")
	req := &Request{Method: "POST", URL: "https://bob:hunter2@h/x?password=hunter2", Header: http.Header{"Authorization": {"Bearer hunter2"}}, Body: []byte(`{"password":"hunter2"}`)}
	resp := &Response{StatusCode: 200, Header: http.Header{"Set-Cookie": {"session_id=hunter2"}}, Body: []byte("hunter2"), Attempts: 1}
	for _, v := range []any{c, req, resp} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(f, v); strings.Contains(s, "hunter2") {
				t.Errorf("%s of %T leaks: %s", f, v, s)
			}
		}
	}
	var buf strings.Builder
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("values", "client", c, "req", req, "resp", resp)
	if strings.Contains(buf.String(), "hunter2") || !strings.Contains(buf.String(), "POST https://h/x") {
		t.Errorf("slog output: %s", buf.String())
	}
	if !strings.Contains(req.String(), "POST https://h/x") {
		t.Errorf("Request.String() = %q", req.String())
	}
}

// FuzzRedact places a secret, in one of the encodings a server or page
// echoes it in, at a random offset of random text, standing as a value
// (between the separators of JSON, forms, HTML or prose) or, for the base64
// forms and secrets of 16 bytes or more, glued to letters: no piece of 8
// bytes of the secret or of its encoded form survives Redact (the whole
// secret when shorter), and Redact never panics. Inside a longer base64
// text (HTTP Basic "login:password") a secret is masked from 8 bytes on:
// the part of its base64 that depends on it alone is then checked.
func FuzzRedact(f *testing.F) {
	f.Add("hunter2", `{"params":{"args":["db",2,"`, `"]}}`, uint8(0), uint8(0))
	f.Add("p@ss w/rd", "password=", "&x=1", uint8(7), uint8(2))
	f.Add("]]", "[", "]", uint8(1), uint8(3))
	f.Add("D]", "RE", "x", uint8(0), uint8(1))
	f.Add("a", "aaa", "a", uint8(3), uint8(4))
	f.Add("wörd\"", `{"k":"`, `"}`, uint8(2), uint8(5))
	f.Add("\xff\xfe", "?token=", "", uint8(9), uint8(6))
	f.Add("sk_live_0123456789abcdef", "QUJD", "QUJD", uint8(0), uint8(7))
	f.Add("correct horse battery", "Basic ", "", uint8(14), uint8(0))
	seps := []string{" ", `"`, "=", "&", "<", ">", "'", ",", ":", "\n", "(", ")", ";"}
	f.Fuzz(func(t *testing.T, secret, prefix, suffix string, enc, sep uint8) {
		if secret == "" || strings.Contains(redacted, secret) {
			return // nothing to hide, or text the mark itself shows
		}
		e := encodings[int(enc)%len(encodings)]
		form := e.enc(secret)
		glued := sep >= 128
		base64ish := strings.HasPrefix(e.name, "base64") || strings.HasPrefix(e.name, "basic")
		if glued && len(secret) < minFreeSecret && !(base64ish && len(secret) >= minBase64Core) {
			glued = false
		}
		before, after := seps[int(sep)%len(seps)], seps[int(sep/7)%len(seps)]
		if glued {
			before, after = "QUJD", "QUJD"
		}
		in := prefix + before + form + after + suffix
		pieces := []string{secret, form}
		switch {
		case strings.HasPrefix(e.name, "basic"):
			if len(secret) < minBase64Core {
				return // no guarantee: too short to tell from other base64
			}
			pieces = base64Cores(secret)
		case base64ish:
			pieces = []string{form}
		}
		if leaktest.Leak(prefix+before+"\x00"+after+suffix, pieces...) != "" {
			return // the surrounding text (with its separators) holds a piece itself
		}
		c := New(Config{})
		c.AddSecret(secret)
		out := c.Redact(in)
		for _, part := range strings.Split(out, redacted) {
			if l := leaktest.Leak(part, pieces...); l != "" {
				t.Fatalf("%s (%s) survives in %q (input %q)", l, e.name, out, in)
			}
		}
	})
}

// FuzzRedactValues: whatever the value, a password in a form body or a
// JSON body is masked whole.
func FuzzRedactValues(f *testing.F) {
	f.Add("hunter2")
	f.Add(`a"b\c`)
	f.Add("&;=")
	f.Add("\x00\xff")
	f.Add("\\")
	f.Fuzz(func(t *testing.T, v string) {
		c := New(Config{})
		js, _ := json.Marshal(v)
		tests := []struct{ in, want string }{
			{"a=1&password=" + url.QueryEscape(v) + "&b=2", "a=1&password=[REDACTED]&b=2"},
			{"https://h/p?x=1&access_token=" + url.QueryEscape(v), "https://h/p?x=1&access_token=[REDACTED]"},
			{`{"params":{"password":` + string(js) + `,"db":"d"}}`, `{"params":{"password":"[REDACTED]","db":"d"}}`},
			{"Cookie: session_id=" + url.QueryEscape(v) + "; tz=UTC\nAccept: a", "Cookie: [REDACTED]\nAccept: a"},
			{"got session_id=" + url.QueryEscape(v) + "; Path=/", "got session_id=[REDACTED]; Path=/"},
		}
		q, _ := json.Marshal("a=1&password=" + url.QueryEscape(v))
		wantQ, _ := json.Marshal("a=1&password=[REDACTED]")
		tests = append(tests,
			struct{ in, want string }{`{"q":` + string(q) + `}`, `{"q":` + string(wantQ) + `}`},
			struct{ in, want string }{"msg=x password=" + strconv.Quote(v) + " user=bob", `msg=x password="[REDACTED]" user=bob`})
		// JSON inside a JSON string, as a log of a log would show it.
		inner, _ := json.Marshal(`{"password":` + string(js) + `,"db":"d"}`)
		want, _ := json.Marshal(`{"password":"[REDACTED]","db":"d"}`)
		tests = append(tests, struct{ in, want string }{string(inner), string(want)})
		if !strings.ContainsAny(v, "\r\n") {
			tests = append(tests, struct{ in, want string }{"Authorization: Bearer " + v + "\nX: 1", "Authorization: [REDACTED]\nX: 1"})
		}
		for _, tt := range tests {
			if got := c.Redact(tt.in); got != tt.want {
				t.Fatalf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	})
}
