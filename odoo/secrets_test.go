package odoo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
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
	s := newServer(t, odootest.WithUser("bot", pw), odootest.WithAPIKey("bot", key), odootest.WithOAuthClient("cid", secret),
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
			ids, err := c.Create(ctx, relModel, odoo.Values{"name": "secret test"}, nil)
			if err == nil {
				id = ids[0]
			}
			return err
		})
		run("read", func() error { _, err := c.Read(ctx, relModel, []int64{id}, nil); return err })
		run("write", func() error { return c.Write(ctx, relModel, []int64{id}, odoo.Values{"name": "secret test 2"}, nil) })
		run("message_post", func() error {
			_, err := c.Call(ctx, relModel, "message_post", []any{[]int64{id}}, map[string]any{"body": "hello"})
			return err
		})
		run("fields_get", func() error { _, err := c.FieldsGet(ctx, relModel, nil); return err })
		run("name_search", func() error { _, err := c.NameSearch(ctx, relModel, "Task", nil); return err })
		run("read_group", func() error {
			_, err := c.ReadGroup(ctx, relModel, domain.Domain{}, []string{"hours:sum"}, []string{"stage_id"}, nil)
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
			{Kind: odootest.FaultTruncate, Method: "authenticate"},
			{Kind: odootest.FaultTruncate, Method: "token"},
			{Kind: odootest.FaultHTML, Status: 502, Method: "token", Times: 3},
			{Kind: odootest.FaultTruncate, Model: relModel, Method: "search_read"},
			{Kind: odootest.FaultDropAfter, Model: relModel, Method: "create"},
			{Kind: odootest.FaultHTML, Model: relModel, Method: "create"},
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
