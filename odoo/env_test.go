package odoo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/leaktest"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// The ODOO_* variables a program reads: here a map stands in for
// os.Getenv (odoo.FromEnv reads the real environment).
func ExampleReadEnv() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	env := map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin"}

	cfg, err := odoo.ReadEnv(func(k string) string { return env[k] })
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := cfg.Connect(context.Background()) // logs in: bad credentials fail here
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("uid", client.UID())
	// Output: uid 2
}

func TestReadEnv(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	const secret = "Sup3r-Secret-Pa55"
	for _, tc := range []struct {
		name string
		env  map[string]string
		arg  string // the deskbridge.ArgumentError's Arg, "" for success
		want string
	}{
		{"no url", map[string]string{"ODOO_PASSWORD": secret}, "", ""},
		{"missing", map[string]string{"ODOO_URL": srv.URL, "ODOO_PASSWORD": secret}, "environment", "ODOO_DB, ODOO_LOGIN must be set too"},
		{"json2", map[string]string{"ODOO_URL": srv.URL, "ODOO_PROTOCOL": "json2"}, "environment", "ODOO_API_KEY must be set"},
		{"restv2 by client id", map[string]string{"ODOO_URL": srv.URL, "ODOO_CLIENT_ID": "c"}, "environment", "ODOO_LOGIN, ODOO_PASSWORD, ODOO_CLIENT_SECRET"},
		{"bad protocol", map[string]string{"ODOO_PROTOCOL": "soap"}, `ODOO_PROTOCOL="soap"`, "want jsonrpc"},
		{"bad url", map[string]string{"ODOO_URL": "odoo.example.com"}, "ODOO_URL", "http(s) URL"},
		{"url with user", map[string]string{"ODOO_URL": "https://admin:" + secret + "@odoo.example.com"}, "ODOO_URL", "must not hold credentials"},
		{"all secrets", map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": "db", "ODOO_LOGIN": "me", "ODOO_PASSWORD": secret, "ODOO_API_KEY": secret,
			"ODOO_CLIENT_ID": "c", "ODOO_CLIENT_SECRET": secret}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := odoo.ReadEnv(envOf(tc.env))
			var ae *deskbridge.ArgumentError
			switch {
			case tc.arg == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tc.arg != "" && (!errors.As(err, &ae) || ae.Arg != tc.arg || !errors.Is(err, deskbridge.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want a deskbridge.ArgumentError for %s saying %q", err, tc.arg, tc.want)
			}
			js, _ := json.Marshal(cfg)
			var logged bytes.Buffer
			slog.New(slog.NewJSONHandler(&logged, nil)).Info("cfg", "cfg", cfg, "wrapped", struct{ C odoo.EnvConfig }{cfg})
			if s := fmt.Sprintf("%v %+v %#v %s %+v %s %s", cfg, cfg, cfg, err, struct{ C odoo.EnvConfig }{cfg}, js, logged.String()); strings.Contains(s, secret) {
				t.Errorf("secret shown: %s", s)
			}
		})
	}
}

// TestEnvConnect checks each protocol's variables against the fake, and
// that a refused login says which variables to check.
func TestEnvConnect(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	base := map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": odootest.DefaultLogin}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		env   map[string]string
		proto odoo.Protocol
		err   string
	}{
		{"password", with("ODOO_PASSWORD", odootest.DefaultPassword), odoo.WebSession, ""},
		{"web", with("ODOO_PASSWORD", odootest.DefaultPassword, "ODOO_PROTOCOL", "web"), odoo.WebSession, ""},
		{"json2", with("ODOO_API_KEY", odootest.DefaultAPIKey, "ODOO_PROTOCOL", "json2"), odoo.JSON2, ""},
		{"restv2", with("ODOO_PASSWORD", odootest.DefaultPassword, "ODOO_CLIENT_ID", odootest.DefaultClientID, "ODOO_CLIENT_SECRET", odootest.DefaultClientSecret), odoo.RESTv2, ""},
		{"wrong password", with("ODOO_PASSWORD", "nope"), odoo.WebSession, "check ODOO_LOGIN and ODOO_PASSWORD"},
		{"wrong key", with("ODOO_API_KEY", "nope", "ODOO_PROTOCOL", "json2"), odoo.JSON2, "check ODOO_LOGIN and ODOO_API_KEY"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := odoo.ReadEnv(envOf(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			c, err := cfg.Connect(context.Background())
			if tc.err != "" {
				if !errors.Is(err, odoo.ErrAccessDenied) || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "nope") {
					t.Fatalf("err = %v, want ErrAccessDenied saying %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Protocol() != tc.proto {
				t.Errorf("protocol %s, want %s", c.Protocol(), tc.proto)
			}
		})
	}
	cfg, err := odoo.ReadEnv(envOf(with("ODOO_PASSWORD", odootest.DefaultPassword, "ODOO_DB", "nosuchdb")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Connect(context.Background()); !errors.Is(err, odoo.ErrDatabaseNotFound) || !strings.Contains(err.Error(), "check ODOO_DB") {
		t.Errorf("wrong database: %v, want ErrDatabaseNotFound saying check ODOO_DB", err)
	}
	if _, err := (odoo.EnvConfig{}).Connect(context.Background()); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("Connect without URL: %v", err)
	}
}

// TestEnvConfigNeverPrintsSecrets: an EnvConfig read from the environment
// shows no piece of its secrets under every fmt verb (%d and %x included),
// slog, JSON and reflection (every string reflection reaches, unexported
// fields too), alone, through a pointer, and inside the containers a
// program keeps it in: a slice, a map, a struct with an exported or an
// unexported field (fmt cannot call methods through the latter and prints
// its fields), a panic. It failed while the secrets were plain strings.
func TestEnvConfigNeverPrintsSecrets(t *testing.T) {
	secrets := []string{"pw-7d3f9a1c-0b5e", "key-4e8a2b6c-91d0", "cs-0a1b2c3d-4e5f"}
	c, err := odoo.ReadEnv(envOf(map[string]string{"ODOO_URL": "https://odoo.example.com", "ODOO_DB": "db", "ODOO_LOGIN": "admin",
		"ODOO_PASSWORD": secrets[0], "ODOO_API_KEY": secrets[1], "ODOO_CLIENT_ID": "app", "ODOO_CLIENT_SECRET": secrets[2]}))
	if err != nil {
		t.Fatal(err)
	}
	type holder struct {
		conf odoo.EnvConfig
		Ptr  *odoo.EnvConfig
	}
	leaktest.Check(t, secrets, leaktest.Containers(c)...)
	leaktest.Check(t, secrets, holder{c, &c}, &holder{c, &c}, []holder{{c, &c}}, map[string]any{"h": holder{c, &c}})
	leaktest.CheckReflect(t, secrets, c)
	if got := leaktest.Recovered(func() { panic(holder{c, &c}) }); leaktest.Leak(got, secrets...) != "" {
		t.Errorf("panic prints %q", got)
	}
}
