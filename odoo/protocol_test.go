package odoo_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// atVersion is the odootest option of a version profile ("16.0".."19.0").
func atVersion(v string) odootest.Option { return odootest.WithVersion(v) }

// Issue 19, item 1: without WithProtocol a password logs in through the web
// session, on every version.
func TestDefaultProtocolPassword(t *testing.T) {
	ctx := context.Background()
	for _, v := range []string{"16.0", "17.0", "18.0", "19.0"} {
		t.Run(v, func(t *testing.T) {
			s := newServer(t, atVersion(v))
			c, err := odoo.New(s.URL, odoo.WithDatabase(s.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
			if err != nil {
				t.Fatal(err)
			}
			if c.Protocol() != odoo.WebSession {
				t.Errorf("Protocol = %v, want web", c.Protocol())
			}
			if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err != nil {
				t.Fatal(err)
			}
			for _, r := range s.Calls() {
				if r.Protocol != odoo.WebSession {
					t.Errorf("request over %s: %+v", r.Protocol, r)
				}
			}
		})
	}
}

// Issue 19, item 1: without WithProtocol an API key uses JSON-2 on 19 and
// JSON-RPC before, by the server's version read once without credentials.
func TestDefaultProtocolAPIKey(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		v    string
		want odoo.Protocol
	}{{"16.0", odoo.JSONRPC}, {"17.0", odoo.JSONRPC}, {"18.0", odoo.JSONRPC}, {"19.0", odoo.JSON2}} {
		t.Run(tc.v, func(t *testing.T) {
			s := newServer(t, atVersion(tc.v))
			c, err := odoo.New(s.URL, odoo.WithDatabase(s.Database()), odoo.WithAPIKey(odootest.DefaultLogin, odootest.DefaultAPIKey))
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err != nil {
					t.Fatal(err)
				}
			}
			if c.Protocol() != tc.want || !strings.Contains(c.String(), "protocol="+tc.want.String()) {
				t.Errorf("Protocol = %v (%s), want %v", c.Protocol(), c, tc.want)
			}
			versions := 0
			for _, r := range s.Calls() {
				if r.Model == "" && r.Method == "version" || r.Method == "version_info" {
					versions++
				} else if r.Model != "" && r.Protocol != tc.want {
					t.Errorf("request over %s: %+v", r.Protocol, r)
				}
			}
			if versions > 2 { // /web/version, then version_info where it is missing
				t.Errorf("%d version requests", versions)
			}
			if v, err := c.Version(ctx); err != nil || !strings.HasPrefix(v.ServerVersion, tc.v[:2]) {
				t.Errorf("Version = %+v, %v", v, err)
			}
		})
	}
}

// The same choice on replayed real replies: 19's /web/version and JSON-2,
// 18's version_info (no /web/version route replayed) and /jsonrpc.
func TestDefaultProtocolAPIKeyCaptured(t *testing.T) {
	ctx := context.Background()
	rp19 := newReplay(t, map[string]*capture{"/web/version": loadCapture(t, "odoo19", "01"), "call": loadCapture(t, "odoo19", "02")})
	rp18 := newReplay(t, map[string]*capture{"version": loadCapture(t, "odoo18", "42"), "login": loadCapture(t, "odoo18", "02"),
		"call": loadCapture(t, "odoo18", "27")})
	for _, tc := range []struct {
		rp    *replay
		want  odoo.Protocol
		kinds []string
	}{
		{rp19, odoo.JSON2, []string{"/web/version", "call"}},
		{rp18, odoo.JSONRPC, []string{"/web/version", "version", "login"}},
	} {
		c, err := odoo.New(tc.rp.URL, odoo.WithDatabase("helpdesk"), odoo.WithAPIKey("admin", "replayed-key"), odoo.WithRetry(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Authenticate(ctx); err != nil {
			t.Fatal(err)
		}
		if c.Protocol() != tc.want || c.UID() != 2 {
			t.Errorf("Protocol = %v, UID = %d; want %v, 2", c.Protocol(), c.UID(), tc.want)
		}
		if _, err := c.Version(ctx); err != nil {
			t.Fatal(err)
		}
		if got := tc.rp.kinds(); !slices.Equal(got, tc.kinds) {
			t.Errorf("requests %v, want %v (the version read once)", got, tc.kinds)
		}
	}
}

// Issue 16, defect 8: JSON-2 against a server without it (18's web route
// answering 303 to the login page, or 400 with a session; 17's 404 page)
// says so instead of reporting an unexpected reply.
func TestJSON2OnOlderServer(t *testing.T) {
	ctx := context.Background()
	loginPage := &capture{}
	loginPage.Response.Status, loginPage.Response.ContentType = 200, "text/html; charset=utf-8"
	page := "<!DOCTYPE html>\n<html><head><title>Odoo</title></head><body><form class=\"oe_login_form\" action=\"/web/login\"></form></body></html>"
	loginPage.Response.Text = &page // made up: the 303's target, which the captures do not hold
	for _, tc := range []struct{ set, num, version string }{
		{"odoo18", "49", "18.0"}, {"odoo18", "67", "18.0"}, {"odoo18", "68", "18.0"}, {"odoo17", "49", "17.0"},
	} {
		t.Run(tc.set+"/"+tc.num, func(t *testing.T) {
			rp := newReplay(t, map[string]*capture{"call": loadCapture(t, tc.set, tc.num), "/web/login": loginPage,
				"version": loadCapture(t, tc.set, "42")})
			c, err := odoo.New(rp.URL, odoo.WithProtocol(odoo.JSON2), odoo.WithAPIKey("", "replayed-key"), odoo.WithRetry(-1, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.SearchCount(ctx, "helpdesk.ticket", domain.Domain{}, nil)
			if !errors.Is(err, deskbridge.ErrUnsupported) || !strings.Contains(err.Error(), "this server has no JSON-2 (Odoo 19+ only)") ||
				!strings.Contains(err.Error(), tc.version) {
				t.Errorf("err = %v, want ErrUnsupported saying JSON-2 needs 19 and the server is %s", err, tc.version)
			}
			if errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Errorf("%v: not an unknown outcome", err)
			}
		})
	}
	// A 19 server's unknown database is not a missing JSON-2.
	rp := newReplay(t, map[string]*capture{"call": loadCapture(t, "odoo19", "50"), "/web/version": loadCapture(t, "odoo19", "01")})
	c, _ := odoo.New(rp.URL, odoo.WithProtocol(odoo.JSON2), odoo.WithAPIKey("", "k"), odoo.WithDatabase("nosuchdb"))
	if _, err := c.SearchCount(ctx, "helpdesk.ticket", domain.Domain{}, nil); errors.Is(err, deskbridge.ErrUnsupported) || !errors.Is(err, odoo.ErrDatabaseNotFound) {
		t.Errorf("unknown database on 19: %v", err)
	}
}

// Issue 16, defect 5: Authenticate on JSON-2 and REST v2 fails on a wrong
// database, as JSON-RPC does.
func TestAuthenticateWrongDatabase(t *testing.T) {
	ctx := context.Background()
	s := newServer(t, atVersion("19.0"))
	for _, p := range protocols {
		t.Run(p.String(), func(t *testing.T) {
			c := newClient(t, s, p, odoo.WithDatabase("nosuchdb"))
			err := c.Authenticate(ctx)
			if err == nil || !errors.Is(err, odoo.ErrDatabaseNotFound) || errors.Is(err, odoo.ErrAccess) {
				t.Errorf("Authenticate on database nosuchdb: %v, want ErrDatabaseNotFound", err)
			}
		})
	}
}

// Version reads the server once; the answer is kept.
func TestVersionCached(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s, odoo.JSONRPC)
	for range 3 {
		v, err := c.Version(ctx)
		if err != nil || v.Major == 0 {
			t.Fatalf("Version = %+v, %v", v, err)
		}
		v.ServerVersionInfo[0] = "changed by the caller"
	}
	if n := len(s.Calls()); n != 1 {
		t.Errorf("%d requests for three Version calls, want 1", n)
	}
}

// Issue 19, item 1: Close ends the web session on the server; a later call
// logs in again.
func TestCloseEndsSession(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	c := newClient(t, s, odoo.WebSession)
	if err := c.Close(); err != nil { // before any login: nothing to end
		t.Fatal(err)
	}
	if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SearchCount(ctx, "x_test.task", domain.Domain{}, nil); err != nil {
		t.Fatal(err)
	}
	var methods []string
	for _, r := range s.Calls() {
		methods = append(methods, r.Method)
	}
	want := []string{"authenticate", "search_count", "destroy", "authenticate", "search_count"}
	if !slices.Equal(methods, want) {
		t.Errorf("requests %v, want %v", methods, want)
	}
}

// Issue 16, defects 3-8 on odootest's version profiles: every version and
// protocol it has answers the same sentinels, ReadGroup picks the method
// the version has, and JSON-2 before 19 says it needs 19.
func TestVersionProfiles(t *testing.T) {
	ctx := context.Background()
	for _, v := range versions {
		for _, p := range protocolsOf(v) {
			t.Run(v+"/"+p.String(), func(t *testing.T) {
				s := newServer(t, odootest.WithVersion(v))
				c := newClient(t, s, p)
				_, err := c.CallMethod(ctx, "x_test.task", "no_such_method", []any{[]int64{1}}, nil)
				checkSentinels(t, err, deskbridge.ErrNotFound)
				_, err = c.SearchRead(ctx, "x_nope.model", domain.Domain{}, nil)
				if !errors.Is(err, deskbridge.ErrNotFound) {
					t.Errorf("unknown model: %v", err)
				}
				_, err = c.Create(ctx, "x_test.task", odoo.Values{"name": "x", "priority": "9"}, nil)
				checkSentinels(t, err, odoo.ErrInvalidValue)
				err = c.Write(ctx, "x_test.task", []int64{1}, odoo.Values{"no_such_field": 1}, nil)
				checkSentinels(t, err, odoo.ErrUnknownField)
				if _, err := c.ReadGroup(ctx, "x_test.task", domain.Domain{}, []string{"stage_id"}, nil); err != nil {
					t.Fatal(err)
				}
				method, other := "read_group", "formatted_read_group"
				if v == "19.0" {
					method, other = other, method
				}
				if s.CallCount("x_test.task", method) != 1 || s.CallCount("x_test.task", other) != 0 {
					t.Errorf("ReadGroup on %s: %d %s, %d %s calls", v, s.CallCount("x_test.task", method), method, s.CallCount("x_test.task", other), other)
				}
				if s.CallCount("x_test.task", "name_get") != 0 {
					t.Error("name_get called")
				}
				wrong := newClient(t, s, p, odoo.WithDatabase("nosuchdb"))
				checkSentinels(t, wrong.Authenticate(ctx), odoo.ErrDatabaseNotFound)
			})
		}
		if v == "19.0" {
			continue
		}
		t.Run(v+"/json2", func(t *testing.T) {
			s := newServer(t, odootest.WithVersion(v))
			_, err := newClient(t, s, odoo.JSON2).SearchCount(ctx, "x_test.task", domain.Domain{}, nil)
			if !errors.Is(err, deskbridge.ErrUnsupported) || !strings.Contains(err.Error(), "Odoo 19+ only") || !strings.Contains(err.Error(), v) {
				t.Errorf("JSON-2 on %s: %v", v, err)
			}
		})
	}
}

// The protocol the client chose is logged at debug level.
func TestProtocolChoiceLogged(t *testing.T) {
	s := newServer(t, odootest.WithVersion("19.0"))
	for _, tc := range []struct {
		opt  odoo.Option
		want string
	}{
		{odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword), "protocol web chosen for the credentials"},
		{odoo.WithAPIKey(odootest.DefaultLogin, odootest.DefaultAPIKey), "protocol json2 chosen for an API key on Odoo 19.0"},
	} {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c, err := odoo.New(s.URL, odoo.WithDatabase(s.Database()), tc.opt, odoo.WithLogger(log))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Authenticate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), tc.want) || strings.Contains(buf.String(), odootest.DefaultAPIKey) {
			t.Errorf("log %q, want %q", buf.String(), tc.want)
		}
	}
}
