package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// lineWith answers the first line of out that contains every part.
func lineWith(out string, parts ...string) (string, bool) {
next:
	for _, l := range strings.Split(out, "\n") {
		for _, p := range parts {
			if !strings.Contains(l, p) {
				continue next
			}
		}
		return l, true
	}
	return "", false
}

// restServer starts a REST-v2-only demo server with its own OAuth2 client
// and answers it with the environment that points the example at it.
func restServer(t *testing.T) (*odootest.Server, map[string]string) {
	t.Helper()
	srv := odootest.NewServer(odootest.WithProtocols(odoo.RESTv2), odootest.WithDemoData(),
		odootest.WithOAuth2Client("example-client", "example-secret"))
	t.Cleanup(srv.Close)
	return srv, map[string]string{
		"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": odootest.DefaultLogin,
		"ODOO_PASSWORD": odootest.DefaultPassword, "ODOO_CLIENT_ID": "example-client", "ODOO_CLIENT_SECRET": "example-secret",
	}
}

// TestEmbedded runs the example as `go run ./examples/restv2` does and
// checks the companies it lists against the demo data, read over REST v2
// from a second demo server.
func TestEmbedded(t *testing.T) {
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"-limit", "4"}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	out := stdout.String()
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, "No ODOO_URL set: started an embedded Odoo test server") {
		t.Errorf("first line = %q", first)
	}
	if stderr.Len() != 0 {
		t.Errorf("stderr = %q, want nothing without -v", stderr.String())
	}

	srv, env := restServer(t)
	c, err := odoo.New(srv.URL, odoo.WithProtocol(odoo.RESTv2), odoo.WithDatabase(srv.Database()),
		odoo.WithPassword(env["ODOO_LOGIN"], env["ODOO_PASSWORD"]), odoo.WithOAuth2Client(env["ODOO_CLIENT_ID"], env["ODOO_CLIENT_SECRET"]))
	if err != nil {
		t.Fatal(err)
	}
	want, err := odoo.NewModel[Partner](c, "res.partner").SearchRead(ctx, domain.Eq("is_company", true), &odoo.SearchOptions{Limit: 4, Order: "name, id"})
	if err != nil || len(want) != 4 {
		t.Fatalf("demo companies: %v, %v", want, err)
	}
	if _, ok := lineWith(out, "4 companies:"); !ok {
		t.Errorf("company count not shown:\n%s", out)
	}
	for _, p := range want {
		if _, ok := lineWith(out, fmt.Sprintf(" %d  ", p.ID), p.Name, p.Email); !ok {
			t.Errorf("company %d %q not listed:\n%s", p.ID, p.Name, out)
		}
	}
	// The wire requests of each step, in order.
	var last int
	for _, w := range []string{
		"POST /api/v2/authentication/oauth2/token → 200",
		"GET /api/v2/search_read/res.partner → 200",
		"POST /api/v2/create/res.partner → 200",
		"PUT /api/v2/write/res.partner → 200",
		"DELETE /api/v2/unlink/res.partner → 200",
	} {
		i := strings.Index(out[last:], w)
		if i < 0 {
			t.Errorf("request %q not shown after offset %d:\n%s", w, last, out)
			continue
		}
		last += i
	}
	// the second read of the tags comes from the catalog cache: no request line before it
	if i := strings.Index(out, "tags, read once"); i < 0 || !strings.HasPrefix(strings.SplitN(out[i:], "\n", 3)[1], "   5 tags again, from memory") {
		t.Errorf("cached tag read shows requests or is missing:\n%s", out)
	}
	for _, w := range []string{"Brussels", "deleted; reading it again answers no record", "Done in"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestFlow points the example at a server through ODOO_* and checks on the
// server that the partner was created, written and unlinked, all over REST
// v2, without a retry.
func TestFlow(t *testing.T) {
	srv, env := restServer(t)
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-v"}, envOf(env), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stdout.String())
	}
	out := stdout.String()
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, "Connecting to "+srv.URL+" over restv2") {
		t.Errorf("first line = %q", first)
	}

	var created, written, unlinked []int64
	for _, c := range srv.Calls() {
		if c.Protocol != odoo.RESTv2 {
			t.Errorf("call over %s: %+v", c.Protocol, c)
		}
		if c.Err != "" {
			t.Errorf("failed call: %+v", c)
		}
		if c.Model != "res.partner" || !c.Applied {
			continue
		}
		switch c.Method {
		case "create":
			created = append(created, c.IDs...)
		case "write":
			written = append(written, c.IDs...)
		case "unlink":
			unlinked = append(unlinked, c.IDs...)
		}
	}
	if len(created) != 1 || fmt.Sprint(written) != fmt.Sprint(created) || fmt.Sprint(unlinked) != fmt.Sprint(created) {
		t.Fatalf("created %v, written %v, unlinked %v: want one partner created, written and unlinked", created, written, unlinked)
	}
	if _, ok := lineWith(out, fmt.Sprintf("created partner %d", created[0])); !ok {
		t.Errorf("created partner not reported:\n%s", out)
	}
	if _, ok := srv.Record("res.partner", created[0]); ok {
		t.Errorf("partner %d still exists", created[0])
	}
	if n := srv.Count("res.partner", domain.Eq("name", PartnerName)); n != 0 {
		t.Errorf("%d partners named %q left", n, PartnerName)
	}

	// -v logs the HTTP attempts, without the secrets.
	log := stderr.String()
	if !strings.Contains(log, "/api/v2/create/res.partner") {
		t.Errorf("-v did not log the requests:\n%s", log)
	}
	for _, secret := range []string{env["ODOO_PASSWORD"] + "&", "example-secret", "Bearer "} {
		if strings.Contains(log+out, secret) {
			t.Errorf("%q leaked into the output or the log", secret)
		}
	}
}

// TestErrors checks that refused credentials, an unreachable server, a
// server without the add-on and a bad setup give a readable one-line error,
// exit status 1 and no secret.
func TestErrors(t *testing.T) {
	srv, good := restServer(t)
	noREST := odootest.NewServer(odootest.WithProtocols(odoo.JSONRPC, odoo.WebSession)) // no /api/v2
	defer noREST.Close()
	// Port 1 (tcpmux) has no listener: a freed ephemeral port could be
	// taken by another test's server meanwhile.
	down := "http://127.0.0.1:1"

	const secret = "Sup3r-Secret-Pa55"
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name string
		env  map[string]string
		is   error
		want string
	}{
		{"wrong password", with("ODOO_PASSWORD", secret), odoo.ErrAccessDenied, "login refused by " + srv.URL},
		{"wrong client secret", with("ODOO_CLIENT_SECRET", secret), odoo.ErrAccessDenied, "check ODOO_LOGIN, ODOO_PASSWORD, ODOO_CLIENT_ID and ODOO_CLIENT_SECRET"},
		{"unknown client", with("ODOO_CLIENT_ID", "nobody", "ODOO_PASSWORD", secret), odoo.ErrAccessDenied, "login refused"},
		{"unreachable", with("ODOO_URL", down, "ODOO_PASSWORD", secret), nil, "cannot reach " + down},
		{"no REST add-on", with("ODOO_URL", noREST.URL, "ODOO_PASSWORD", secret), deskbridge.ErrNotFound, "does not answer the restv2 protocol"},
		{"missing client", with("ODOO_CLIENT_ID", "", "ODOO_PASSWORD", secret), deskbridge.ErrInvalidArgument, "ODOO_CLIENT_ID must be set"},
		{"other protocol", with("ODOO_PROTOCOL", "jsonrpc"), deskbridge.ErrInvalidArgument, "REST v2 only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), nil, envOf(tc.env), &stdout, &stderr)
			if err == nil {
				t.Fatalf("run succeeded:\n%s", stdout.String())
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v does not match %v", err, tc.is)
			}
			if code := exitCode(&stderr, "restv2", err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			msg := stderr.String()
			if !strings.HasPrefix(msg, "restv2: ") || strings.Count(msg, "\n") != 1 {
				t.Errorf("stderr = %q, want one line starting with the program's name", msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", msg, tc.want)
			}
			if strings.Contains(msg+stdout.String()+fmt.Sprintf("%+v", err), secret) {
				t.Errorf("the secret leaked: %q", msg)
			}
		})
	}
	if n := srv.CallCount("res.partner", "create"); n != 0 {
		t.Errorf("%d partners created despite the errors", n)
	}
}

func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-cleanup"}, 2, "flag provided but not defined: -cleanup"},
		{[]string{"-h"}, 0, "usage: restv2"},
		{[]string{"-limit", "-1"}, 1, "-limit must be at least 1"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, envOf(nil), &stdout, &stderr)
		if code := exitCode(&stderr, "restv2", err); code != tc.code || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.want)
		}
	}
}
