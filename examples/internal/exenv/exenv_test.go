package exenv

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnv(t *testing.T) {
	full := func(kv ...string) map[string]string {
		m := map[string]string{"ODOO_URL": "https://odoo.example.com/", "ODOO_DB": "prod", "ODOO_LOGIN": "bot", "ODOO_PASSWORD": "pw"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name     string
		env      map[string]string
		protocol odoo.Protocol
		embedded bool
		err      string // "" means no error
	}{
		{"nothing set", nil, odoo.JSONRPC, true, ""},
		{"embedded json2", map[string]string{"ODOO_PROTOCOL": "json2"}, odoo.JSON2, true, ""},
		{"jsonrpc password", full(), odoo.JSONRPC, false, ""},
		{"jsonrpc api key", full("ODOO_PASSWORD", "", "ODOO_API_KEY", "k"), odoo.JSONRPC, false, ""},
		{"jsonrpc no secret", full("ODOO_PASSWORD", ""), odoo.JSONRPC, false, "ODOO_PASSWORD or ODOO_API_KEY must be set"},
		{"web needs password", full("ODOO_PROTOCOL", "web", "ODOO_PASSWORD", "", "ODOO_API_KEY", "k"), odoo.WebSession, false, "ODOO_PASSWORD must be set"},
		{"json2 key only", map[string]string{"ODOO_URL": "http://o:8069", "ODOO_PROTOCOL": "JSON-2", "ODOO_API_KEY": "k"}, odoo.JSON2, false, ""},
		{"json2 no key", full("ODOO_PROTOCOL", "json2"), odoo.JSON2, false, "ODOO_API_KEY must be set"},
		{"client id picks restv2", full("ODOO_CLIENT_ID", "c", "ODOO_CLIENT_SECRET", "s"), odoo.RESTv2, false, ""},
		{"restv2 no client", full("ODOO_PROTOCOL", "rest"), odoo.RESTv2, false, "ODOO_CLIENT_ID, ODOO_CLIENT_SECRET must be set"},
		{"bad protocol", full("ODOO_PROTOCOL", "soap"), 0, false, `ODOO_PROTOCOL="soap"`},
		{"bad url", full("ODOO_URL", "odoo.example.com"), 0, false, "ODOO_URL must be an http(s) URL"},
		{"ftp url", full("ODOO_URL", "ftp://odoo.example.com"), 0, false, "ODOO_URL must be an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := FromEnv(envOf(tc.env))
			if tc.err != "" {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want ErrConfig with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Protocol != tc.protocol || c.Embedded != tc.embedded {
				t.Errorf("protocol %s, embedded %v; want %s, %v", c.Protocol, c.Embedded, tc.protocol, tc.embedded)
			}
			if strings.HasSuffix(c.URL, "/") {
				t.Errorf("URL %q keeps its trailing slash", c.URL)
			}
		})
	}
}

func TestStringHidesSecrets(t *testing.T) {
	c := Config{URL: "https://user:urlpass@odoo.example.com", Database: "prod", Login: "bot", Password: "pw-secret",
		APIKey: "key-secret", ClientID: "cid", ClientSecret: "client-secret", Protocol: odoo.RESTv2}
	s := fmt.Sprint(c) + fmt.Sprintf("%v %+v %s", c, c, c.String())
	for _, secret := range []string{"urlpass", "pw-secret", "key-secret", "client-secret"} {
		if strings.Contains(s, secret) {
			t.Errorf("%q shows %q", s, secret)
		}
	}
	if !strings.Contains(s, "https://odoo.example.com over restv2, database prod, login bot") {
		t.Errorf("String = %q", c.String())
	}
}

// TestConnect logs in over every protocol to an embedded server, and
// checks a refused login and an unreachable server read well.
func TestConnect(t *testing.T) {
	ctx := context.Background()
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			c := Config{Protocol: p}
			srv := c.StartEmbedded()
			defer srv.Close()
			if _, err := Connect(ctx, c); err != nil {
				t.Fatal(err)
			}
			if srv.CallCount("", "") == 0 {
				t.Error("Connect sent no call")
			}
			c.Password, c.APIKey = "wrong-secret", "wrong-secret"
			c.ClientSecret = "wrong-secret"
			_, err := Connect(ctx, c)
			if !errors.Is(err, odoo.ErrAccessDenied) || !strings.Contains(err.Error(), "login refused") || strings.Contains(err.Error(), "wrong-secret") {
				t.Errorf("bad login: %v", err)
			}
		})
	}
	srv := odootest.NewServer()
	url := srv.URL
	srv.Close()
	_, err := Connect(ctx, Config{URL: url, Database: "odoo", Login: "admin", Password: "pw"}, odoo.WithRetry(-1, 0, 0))
	if err == nil || !strings.Contains(err.Error(), "cannot reach "+url) {
		t.Errorf("unreachable: %v", err)
	}
}

func TestTable(t *testing.T) {
	var b bytes.Buffer
	if err := Table(&b, []string{"ID", "NAME"}, [][]string{{"1", "Printer on fire"}, {"1234", "VPN"}}); err != nil {
		t.Fatal(err)
	}
	want := "ID    NAME\n1     Printer on fire\n1234  VPN\n"
	if b.String() != want {
		t.Errorf("Table =\n%q\nwant\n%q", b.String(), want)
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"Ärger mit dem Drucker", 6, "Ärger…"},
		{"abc", 0, "abc"},
	} {
		if got := Cut(tc.s, tc.n); got != tc.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestExit(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
		out  string
	}{
		{nil, 0, ""},
		{flag.ErrHelp, 0, ""},
		{&FlagError{Err: errors.New("flag provided but not defined: -x")}, 2, ""},
		{fmt.Errorf("login: %w", errors.New("line one\n  line two\ttabbed")), 1, "prog: login: line one line two tabbed\n"},
	} {
		var b bytes.Buffer
		if code := Exit(&b, "prog", tc.err); code != tc.code || b.String() != tc.out {
			t.Errorf("Exit(%v) = %d, %q; want %d, %q", tc.err, code, b.String(), tc.code, tc.out)
		}
	}
}

func TestParseFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var out bytes.Buffer
	fs.SetOutput(&out)
	v := fs.Bool("v", false, "")
	if err := ParseFlags(fs, []string{"-v"}); err != nil || !*v {
		t.Fatalf("ParseFlags: %v, v=%v", err, *v)
	}
	var fe *FlagError
	if err := ParseFlags(fs, []string{"-nope"}); !errors.As(err, &fe) {
		t.Errorf("unknown flag: %v, want a *FlagError", err)
	}
	if err := ParseFlags(fs, []string{"stray"}); !errors.As(err, &fe) || !strings.Contains(out.String(), `unexpected argument "stray"`) {
		t.Errorf("stray argument: %v, output %q", err, out.String())
	}
	if err := ParseFlags(fs, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}
