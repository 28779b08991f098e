package odoo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/leaktest"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// secretSniffer sits in front of odootest and collects the secrets the
// server hands out: session ids (Set-Cookie) and OAuth2 access and refresh
// tokens (token replies).
type secretSniffer struct {
	h  http.Handler
	mu sync.Mutex
	// issued holds every session id and token seen, by kind.
	issued map[string][]string
}

func (s *secretSniffer) add(kind, v string) {
	if v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued[kind] = append(s.issued[kind], v)
}

func (s *secretSniffer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, r)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.Name == "session_id" {
			s.add("session id", ck.Value)
		}
	}
	var tok struct {
		Access  string `json:"access_token"`
		Refresh string `json:"refresh_token"`
	}
	if strings.Contains(r.URL.Path, "oauth2/token") && json.Unmarshal(rec.Body.Bytes(), &tok) == nil {
		s.add("access token", tok.Access)
		s.add("refresh token", tok.Refresh)
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// TestSecretsNeverLeak runs the protocol suite (every method, logins,
// session and token renewal, server errors and faults) with debug logging
// into a buffer, on all four protocols, and asserts that no password, API
// key, OAuth2 client secret, access or refresh token or session id appears
// in a log line, in an error's text (%v, %+v, %#v) or in the printed
// client (%v, %+v, %#v, %s, slog).
func TestSecretsNeverLeak(t *testing.T) {
	const (
		pw     = "pw-Sec7Leak-Qz"
		key    = "key-Sec7Leak-Vr"
		secret = "client-Sec7Leak-Wm"
	)
	s := newServer(t, odootest.WithUser("bot", pw), odootest.WithAPIKey("bot", key), odootest.WithOAuth2Client("cid", secret),
		odootest.WithTokenTTL(time.Hour))
	sn := &secretSniffer{h: s, issued: map[string][]string{}}
	ts := httptest.NewServer(sn)
	t.Cleanup(ts.Close)

	var logBuf bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logBuf, mu: &logMu}, &slog.HandlerOptions{Level: slog.LevelDebug}))

	var texts []string // every error and printed value
	record := func(what string, err error) {
		if err != nil {
			texts = append(texts, what+": "+err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	ctx := context.Background()
	for _, p := range protocols {
		opts := []odoo.Option{odoo.WithProtocol(p), odoo.WithDatabase(s.Database()), odoo.WithLogger(logger),
			odoo.WithRetry(2, time.Millisecond, 5*time.Millisecond)}
		// own are the secrets this client holds (a client can only hide
		// what it knows); a server error will echo them.
		var wrong []odoo.Option
		var own []string
		switch p {
		case odoo.JSON2:
			opts = append(opts, odoo.WithAPIKey("", key))
			wrong, own = []odoo.Option{odoo.WithAPIKey("", key+"-wrong")}, []string{key}
		case odoo.RESTv2:
			opts = append(opts, odoo.WithPassword("bot", pw), odoo.WithOAuth2Client("cid", secret))
			wrong, own = []odoo.Option{odoo.WithPassword("bot", pw), odoo.WithOAuth2Client("cid", secret+"-wrong")}, []string{pw, secret}
		case odoo.JSONRPC:
			opts = append(opts, odoo.WithAPIKey("bot", key))
			wrong, own = []odoo.Option{odoo.WithAPIKey("bot", key+"-wrong")}, []string{key}
		default:
			opts = append(opts, odoo.WithPassword("bot", pw))
			wrong, own = []odoo.Option{odoo.WithPassword("bot", pw+"-wrong")}, []string{pw}
		}
		c, err := odoo.New(ts.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		// Refused credentials (their error may quote the request).
		bad, err := odoo.New(ts.URL, append(opts, wrong...)...)
		if err != nil {
			t.Fatal(err)
		}
		err = bad.Authenticate(ctx)
		if err == nil {
			t.Errorf("%s: wrong credentials accepted", p)
		}
		record(p.String()+" bad login", err)
		texts = append(texts, fmt.Sprintf("%v %+v %#v %s", bad, bad, bad, bad))

		run := func(what string, f func() error) {
			record(p.String()+" "+what, f())
		}
		run("authenticate", func() error { return c.Authenticate(ctx) })
		run("version", func() error { _, err := c.Version(ctx); return err })
		run("search_read", func() error {
			_, err := c.SearchRead(ctx, relModel, domain.Eq("stage_id.name", "Doing"), &odoo.SearchOptions{Fields: []string{"name"}, Limit: 3})
			return err
		})
		var id int64
		run("create", func() error {
			var err error
			id, err = c.Create(ctx, relModel, odoo.Values{"name": "secret test"}, nil)
			return err
		})
		run("read", func() error { _, err := c.Read(ctx, relModel, []int64{id}, nil); return err })
		run("write", func() error { return c.Write(ctx, relModel, []int64{id}, odoo.Values{"name": "secret test 2"}, nil) })
		run("message_post", func() error {
			_, err := c.CallMethod(ctx, relModel, "message_post", []any{[]int64{id}}, map[string]any{"body": "hello"})
			return err
		})
		run("fields_get", func() error { _, err := c.FieldsGet(ctx, relModel, nil); return err })
		run("name_search", func() error { _, err := c.NameSearch(ctx, relModel, "Task", nil); return err })
		run("read_group", func() error {
			_, err := c.ReadGroup(ctx, relModel, domain.Domain{}, []string{"stage_id"}, &odoo.ReadGroupOptions{Aggregates: []string{"hours:sum"}})
			return err
		})
		run("all", func() error {
			for _, err := range odoo.NewModel[Task](c, relModel).WithPageSize(7).All(ctx, domain.Domain{}, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		})
		run("unlink", func() error { return c.Unlink(ctx, relModel, []int64{id}, nil) })
		// Server errors that echo what the client sent: its secrets as
		// values in a domain on an unknown field.
		for _, sec := range own {
			run("echo "+sec[:4], func() error {
				_, err := c.SearchRead(ctx, relModel, domain.Eq("no_such_field", sec), nil)
				if err == nil {
					return fmt.Errorf("no error")
				}
				return err
			})
		}
		// Renewal: expired sessions and tokens, then a call.
		s.ExpireSessions()
		s.ExpireTokens()
		run("after expiry", func() error { _, err := c.SearchCount(ctx, relModel, domain.Domain{}, nil); return err })
		// Faults on logins and calls: cut, lost and garbled replies.
		for _, f := range []odootest.Fault{
			{Kind: fault.ShortBody, Method: "authenticate"},
			{Kind: fault.ShortBody, Method: "token"},
			{Kind: fault.HTML, Status: 502, Method: "token", Times: 3},
			{Kind: fault.ShortBody, Model: relModel, Method: "search_read"},
			{Kind: fault.DropAfter, Model: relModel, Method: "create"},
			{Kind: fault.HTML, Model: relModel, Method: "create"},
		} {
			fresh, err := odoo.New(ts.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			s.InjectFault(f)
			run(fmt.Sprintf("fault %v on %s", f.Kind, f.Method), func() error {
				if f.Model == "" {
					return fresh.Authenticate(ctx)
				}
				_, err := fresh.Create(ctx, relModel, odoo.Values{"name": "fault"}, nil)
				if f.Method == "search_read" {
					_, err = fresh.SearchRead(ctx, relModel, domain.Domain{}, nil)
				}
				return err
			})
			s.ClearFaults()
			texts = append(texts, fmt.Sprintf("%v %+v %#v %s", fresh, fresh, fresh, fresh))
		}
		texts = append(texts, fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c), c.String())
		logger.Debug("client", "client", c)
	}

	sn.mu.Lock()
	issued := sn.issued
	sn.mu.Unlock()
	if len(issued["session id"]) < 2 || len(issued["access token"]) < 2 || len(issued["refresh token"]) < 2 {
		t.Fatalf("the suite saw too few server secrets to check: %v", issued)
	}
	secrets := map[string][]string{"password": {pw}, "API key": {key}, "OAuth2 client secret": {secret}}
	for k, v := range issued {
		secrets[k] = v
	}
	logMu.Lock()
	logs := logBuf.String()
	logMu.Unlock()
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) < 100 {
		t.Fatalf("only %d log lines: is debug logging on?", len(lines))
	}
	if len(texts) < 20 {
		t.Fatalf("only %d error texts collected", len(texts))
	}
	for kind, vals := range secrets {
		for _, v := range vals {
			for i, l := range lines {
				if strings.Contains(l, v) {
					t.Errorf("log line %d shows a %s: %s", i, kind, l)
				}
			}
			for _, x := range texts {
				if strings.Contains(x, v) {
					t.Errorf("error or printed value shows a %s: %s", kind, x)
				}
			}
		}
	}
	t.Logf("%d log lines and %d error texts checked against %d secrets (%d session ids, %d access and %d refresh tokens)",
		len(lines), len(texts), 3+len(issued["session id"])+len(issued["access token"])+len(issued["refresh token"]),
		len(issued["session id"]), len(issued["access token"]), len(issued["refresh token"]))
}

// The secrets of the hostile-server tests: long enough that an 8-byte
// piece of each can be looked for.
const (
	hostilePW     = "pw-9f8e7d6c5b4a-Straddle-Qz01" // 29 bytes, as in the report
	hostileKey    = "0123456789abcdef0123456789abcdef01234567"
	hostileSecret = "cs-Kx7Client-Sec-77aa88bb99"
	hostileSID    = "sid0f1e2d3c4b5a69788796a5b4c3d2e1f0aabbcc"
	hostileAccess = "at-Zq3Access-Tok-0c1c2c3c4c"
	hostileReresh = "rt-Wv5Refresh-Tok-1d2d3d4d5d"
)

var hostileSecrets = []string{hostilePW, hostileKey, hostileSecret, hostileSID, hostileAccess, hostileReresh}

// echoModes are the ways a hostile server or proxy sends secrets back.
var echoModes = []string{"raw dump", "HTML page", "JSON-RPC debug", "nested arguments", "URL with session_id", "straddling the cut"}

// hostile is an Odoo look-alike for every protocol that logs in normally
// and then, at the failing stage ("login" or "call"), answers with the
// request it got and every secret it knows, in the echo mode's form. For
// "straddling the cut" it places the client's secret offset%len(own) at
// byte offset of a plain-text page.
type hostile struct {
	stage, mode string
	offset      int
	own         []string
}

func (h *hostile) dump(r *http.Request, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL.RequestURI())
	for k, vs := range r.Header {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(vs, ", "))
	}
	b.WriteString("\n")
	b.Write(body)
	b.WriteString("\nknown: " + strings.Join(hostileSecrets, " "))
	return b.String()
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	login := r.URL.Path == "/web/session/authenticate" || strings.HasSuffix(r.URL.Path, "/oauth2/token") ||
		bytes.Contains(body, []byte(`"authenticate"`)) || bytes.Contains(body, []byte(`"login"`)) ||
		bytes.Contains(body, []byte("context_get")) || strings.HasSuffix(r.URL.Path, "/context_get")
	if h.stage == "never" || (h.stage == "login") != login {
		h.normal(w, r, body)
		return
	}
	dump := h.dump(r, body)
	json2ish := strings.HasPrefix(r.URL.Path, "/json/2/") || strings.HasPrefix(r.URL.Path, "/api/v2/")
	switch h.mode {
	case "raw dump":
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, dump)
	case "HTML page":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = fmt.Fprintf(w, "<html><body><h1>Server Error</h1><table><tr><td>POST</td><td>%s</td></tr>", html.EscapeString(dump))
		for _, s := range hostileSecrets {
			_, _ = fmt.Fprintf(w, `<tr><td>value</td><td><input value="%s"></td></tr>`, html.EscapeString(s))
		}
		_, _ = io.WriteString(w, "</table></body></html>")
	case "JSON-RPC debug", "nested arguments":
		args := []any{dump}
		if h.mode == "nested arguments" {
			args = []any{"bad values", map[string]any{"vals": map[string]any{"password": hostilePW, "note": "x " + hostileKey}},
				[]any{[]any{hostileSID, map[string]any{"k": []any{hostileAccess, hostileReresh}}}, hostileSecret}}
		}
		errBody := map[string]any{"name": "builtins.ValueError", "message": "bad value: " + dump,
			"debug": "Traceback (most recent call last):\n" + dump, "arguments": args}
		w.Header().Set("Content-Type", "application/json")
		if json2ish {
			status := http.StatusUnprocessableEntity
			if login {
				// JSON-2 and REST v2 prove a key by a call: only a
				// refusal fails Authenticate.
				status = http.StatusUnauthorized
				errBody["name"] = "odoo.exceptions.AccessDenied"
			}
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(errBody)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": 1,
			"error": map[string]any{"code": 200, "message": "Odoo Server Error", "data": errBody}})
	case "URL with session_id":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		_, _ = fmt.Fprintf(w, `<a href="/web/login?session_id=%s&amp;redirect=%%2Fodoo%%3Fpassword%%3D%s">Sign in</a> `+
			`https://odoo.example.com/web?session_id=%s&access_token=%s&refresh_token=%s&client_secret=%s&key=%s`,
			hostileSID, hostilePW, hostileSID, hostileAccess, hostileReresh, hostileSecret, hostileKey)
	case "straddling the cut":
		s := h.own[h.offset%len(h.own)]
		pad := strings.Repeat("Proxy error. ", h.offset/13+1)[:h.offset-1] + " "
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, pad+s+" was refused by the upstream")
	}
}

// normal answers like Odoo: logins succeed (issuing hostileSID and the
// hostile tokens), calls answer an empty list.
func (h *hostile) normal(w http.ResponseWriter, r *http.Request, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasSuffix(r.URL.Path, "/oauth2/token"):
		_, _ = fmt.Fprintf(w, `{"access_token":%q,"refresh_token":%q,"token_type":"Bearer","expires_in":3600}`, hostileAccess, hostileReresh)
	case r.URL.Path == "/web/session/authenticate":
		http.SetCookie(w, &http.Cookie{Name: "session_id", Value: hostileSID, Path: "/"})
		_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":{"uid":2,"db":"db"}}`)
	case strings.HasPrefix(r.URL.Path, "/json/2/"):
		if strings.HasSuffix(r.URL.Path, "/context_get") {
			_, _ = io.WriteString(w, `{"uid":2,"lang":"en_US"}`)
			return
		}
		_, _ = io.WriteString(w, `[]`)
	case strings.HasPrefix(r.URL.Path, "/api/v2/"):
		if bytes.Contains(body, []byte("context_get")) {
			_, _ = io.WriteString(w, `{"result":{"uid":2,"lang":"en_US"}}`)
			return
		}
		_, _ = io.WriteString(w, `{"result":[]}`)
	default: // JSON-RPC
		if bytes.Contains(body, []byte(`"authenticate"`)) || bytes.Contains(body, []byte(`"login"`)) {
			_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":2}`)
			return
		}
		_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":[]}`)
	}
}

// authPaths are the ways a Client logs in.
// given are the secrets the client is configured with, issued the ones
// its login gets (known to it from then on): the ones it must hide. The
// hostile server echoes the others too.
var authPaths = []struct {
	name          string
	opts          []odoo.Option
	given, issued []string
}{
	{"JSON-RPC password", []odoo.Option{odoo.WithProtocol(odoo.JSONRPC), odoo.WithPassword("bot", hostilePW)}, []string{hostilePW}, nil},
	{"JSON-RPC API key", []odoo.Option{odoo.WithProtocol(odoo.JSONRPC), odoo.WithAPIKey("bot", hostileKey)}, []string{hostileKey}, nil},
	{"web session", []odoo.Option{odoo.WithProtocol(odoo.WebSession), odoo.WithPassword("bot", hostilePW)}, []string{hostilePW}, []string{hostileSID}},
	{"JSON-2 bearer", []odoo.Option{odoo.WithProtocol(odoo.JSON2), odoo.WithAPIKey("", hostileKey)}, []string{hostileKey}, nil},
	{"REST v2", []odoo.Option{odoo.WithProtocol(odoo.RESTv2), odoo.WithPassword("bot", hostilePW), odoo.WithOAuth2Client("cid", hostileSecret)},
		[]string{hostilePW, hostileSecret}, []string{hostileAccess, hostileReresh}},
}

// TestHostileEchoesNeverLeak: every auth path × echo mode × failing stage
// (login or call): no piece of 8 bytes of any secret in the error's
// Error(), %v, %+v, %#v, %s, %q, %x, slog lines (text and JSON) and JSON,
// in any debug log line of the client (text and JSON handlers), or in the
// value of a recovered panic. "straddling the cut" runs every offset from
// 150 to 250.
func TestHostileEchoesNeverLeak(t *testing.T) {
	checked := 0
	for _, ap := range authPaths {
		for _, mode := range echoModes {
			for _, stage := range []string{"login", "call"} {
				offsets := []int{0}
				if mode == "straddling the cut" {
					offsets = nil
					for o := 150; o <= 250; o++ {
						offsets = append(offsets, o)
					}
				}
				for _, off := range offsets {
					name := fmt.Sprintf("%s/%s/%s/%d", ap.name, mode, stage, off)
					own := ap.given
					if stage == "call" {
						own = append(slices.Clone(own), ap.issued...)
					}
					h := &hostile{stage: stage, mode: mode, offset: off, own: own}
					ts := httptest.NewServer(h)
					var logs bytes.Buffer
					var mu sync.Mutex
					lw := &lockedWriter{w: &logs, mu: &mu}
					lo := &slog.HandlerOptions{Level: slog.LevelDebug}
					logger := slog.New(teeHandler{slog.NewTextHandler(lw, lo), slog.NewJSONHandler(lw, lo)})
					c, err := odoo.New(ts.URL, append([]odoo.Option{odoo.WithDatabase("db"), odoo.WithLogger(logger),
						odoo.WithRetry(-1, time.Millisecond, time.Millisecond)}, ap.opts...)...)
					if err != nil {
						t.Fatal(err)
					}
					ctx := t.Context()
					if stage == "call" {
						if err := c.Authenticate(ctx); err != nil {
							t.Fatalf("%s: login: %v", name, err)
						}
						_, err = c.ExecuteCall(ctx, odoo.Call{Model: "res.partner", Method: "search_read", Args: []any{[]any{}}})
					} else {
						err = c.Authenticate(ctx)
					}
					ts.Close()
					if err == nil {
						t.Errorf("%s: no error", name)
						continue
					}
					leaktest.Check(t, own, err)
					mu.Lock()
					if l := leaktest.Leak(logs.String(), own...); l != "" {
						t.Errorf("%s: debug log shows %s:\n%s", name, l, logs.String())
					}
					mu.Unlock()
					if l := leaktest.Leak(leaktest.Recovered(func() { panic(err) }), own...); l != "" {
						t.Errorf("%s: recovered panic shows %s", name, l)
					}
					if mode == "straddling the cut" && off+len("[REDACTED]") <= 200 && !strings.Contains(err.Error(), "[REDACTED]") {
						t.Errorf("%s: the error quotes no masked secret: %v", name, err)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d failures checked", checked)
}

// TestPrintingClientsShowsNoSecret prints, with every verb, slog, JSON and
// a reflection walk, a logged-in Client of every auth path, a copy of it
// (*c), a Model and a copy of it, and the options: no secret, given or
// issued, shows.
func TestPrintingClientsShowsNoSecret(t *testing.T) {
	for _, ap := range authPaths {
		ts := httptest.NewServer(&hostile{stage: "never"})
		opts := append([]odoo.Option{odoo.WithDatabase("db")}, ap.opts...)
		c, err := odoo.New(ts.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Authenticate(t.Context()); err != nil {
			t.Fatalf("%s: %v", ap.name, err)
		}
		if _, err := c.ExecuteCall(t.Context(), odoo.Call{Model: "res.partner", Method: "search_read", Args: []any{[]any{}}}); err != nil {
			t.Fatalf("%s: %v", ap.name, err)
		}
		ts.Close()
		m := odoo.NewModel[Task](c, "res.partner")
		// Copies made through reflection, which vet's copylocks does not
		// flag: fmt.Printf("%v", *c) prints the same.
		cp := reflect.ValueOf(c).Elem().Interface()
		mcp := reflect.ValueOf(m).Elem().Interface()
		values := []any{c, cp, m, mcp, opts}
		for _, o := range opts {
			values = append(values, o)
		}
		secrets := append(slices.Clone(ap.given), ap.issued...)
		leaktest.Check(t, secrets, values...)
		for _, v := range values {
			if l := leaktest.Leak(leaktest.Recovered(func() { panic(fmt.Sprintf("%s %v", v, v)) }), secrets...); l != "" {
				t.Errorf("%s: panic with %T shows %s", ap.name, v, l)
			}
		}
	}
}

// Password "admin" (Odoo's default) masks only where it stands as a value
// or a word: "Contact your administrator" and the method admin_tool come
// through intact.
func TestShortPasswordLeavesWordsIntact(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if bytes.Contains(body, []byte(`"authenticate"`)) || bytes.Contains(body, []byte(`"login"`)) {
			_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":2}`)
			return
		}
		msg := "Access denied for user admin. Contact your administrator."
		if bytes.Contains(body, []byte("admin_tool")) {
			msg = "The method 'admin_tool' does not exist on the model 'res.partner'"
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": 1, "error": map[string]any{
			"code": 200, "message": "Odoo Server Error",
			"data": map[string]any{"name": "odoo.exceptions.AccessError", "message": msg, "arguments": []any{msg, "admin"}}}})
	}))
	defer ts.Close()
	c, err := odoo.New(ts.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase("db"), odoo.WithPassword("admin", "admin"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CallMethod(t.Context(), "res.partner", "check", nil, nil)
	if err == nil || !strings.Contains(err.Error(), "Contact your administrator.") || !strings.Contains(err.Error(), "for user [REDACTED].") {
		t.Errorf("err = %v, want the message intact but the password masked", err)
	}
	_, err = c.CallMethod(t.Context(), "res.partner", "admin_tool", nil, nil)
	var oe *odoo.Error
	if !errors.As(err, &oe) || !strings.Contains(err.Error(), "The method 'admin_tool' does not exist") || oe.Arguments[1] != "[REDACTED]" {
		t.Errorf("err = %v (%#v), want admin_tool intact, the bare argument masked", err, oe)
	}
}

// teeHandler writes each record to every handler (slog.NewMultiHandler
// needs Go 1.26).
type teeHandler []slog.Handler

func (t teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	for _, h := range t {
		if h.Enabled(ctx, l) {
			return true
		}
	}
	return false
}

func (t teeHandler) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range t {
		if h.Enabled(ctx, r.Level) {
			if err := h.Handle(ctx, r.Clone()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithAttrs(as)
	}
	return out
}

func (t teeHandler) WithGroup(name string) slog.Handler {
	out := make(teeHandler, len(t))
	for i, h := range t {
		out[i] = h.WithGroup(name)
	}
	return out
}
