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
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// envOf is an environment made of m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// demoService answers a helpdesk Service on a fresh demo server, the same
// data the embedded server of run holds, to derive what run must print.
func demoService(t *testing.T, flavor odootest.Flavor) (*odootest.Server, *helpdesk.Service) {
	t.Helper()
	srv := odootest.NewServer(odootest.WithFlavor(flavor), odootest.WithDemoData())
	t.Cleanup(srv.Close)
	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	hd, err := helpdesk.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return srv, hd
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

// TestEmbeddedOCASLA: with -flavor oca-sla the SLA step shows the OCA
// module's demo policy and the new ticket's status, and the catalog cache
// step reads again without a request.
func TestEmbeddedOCASLA(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"-flavor", "oca-sla"}, envOf(nil), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"odootest, oca-sla helpdesk", "from the catalog cache", "in team Helpdesk", "SLA policies of team Helpdesk: 1", "General SLA  2h0m0s  Done", "SLA status of ticket #"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if l, ok := lineWith(out, "  General SLA  ongoing"); !ok {
		t.Errorf("no ongoing General SLA status:\n%s", out)
	} else if strings.Contains(l, " - ") && !strings.Contains(l, "20") {
		t.Errorf("status line without a deadline: %q", l)
	}
}

// TestEmbedded runs the quickstart as `go run ./examples/quickstart` does
// (no ODOO_URL) and checks it shows the demo data's teams, stages and most
// urgent open tickets, and the steps on its own ticket.
func TestEmbedded(t *testing.T) {
	for _, flavor := range []odootest.Flavor{odootest.Enterprise, odootest.OCA} {
		t.Run(string(flavor), func(t *testing.T) {
			ctx := context.Background()
			var stdout, stderr bytes.Buffer
			err := run(ctx, []string{"-flavor", string(flavor), "-limit", "7"}, envOf(nil), &stdout, &stderr)
			if err != nil {
				t.Fatalf("run: %v\nstderr: %s", err, stderr.String())
			}
			out := stdout.String()
			if stderr.Len() > 0 {
				t.Errorf("stderr not empty: %s", stderr.String())
			}
			first, _, _ := strings.Cut(out, "\n")
			if !strings.HasPrefix(first, "No ODOO_URL set: started an embedded Odoo test server") || !strings.Contains(first, "demo data") {
				t.Errorf("first line = %q, want it to say an embedded server with demo data was started", first)
			}

			_, hd := demoService(t, flavor)
			fl, err := hd.Flavor(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := lineWith(out, "Helpdesk flavor: "+fl.Name); !ok {
				t.Errorf("flavor %q not shown:\n%s", fl.Name, out)
			}
			teams, err := hd.Teams.List(ctx)
			if err != nil || len(teams) == 0 {
				t.Fatalf("demo teams: %v, %v", teams, err)
			}
			for _, team := range teams {
				stages, err := hd.Stages.List(ctx, team.ID)
				if err != nil || len(stages) == 0 {
					t.Fatalf("stages of %s: %v, %v", team.Name, stages, err)
				}
				l, ok := lineWith(out, "  "+team.Name+"  ")
				if !ok {
					t.Errorf("team %q not listed:\n%s", team.Name, out)
					continue
				}
				for _, s := range stages {
					if !strings.Contains(l, s.Name) {
						t.Errorf("team %q: stage %q missing from %q", team.Name, s.Name, l)
					}
				}
			}

			open, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{State: helpdesk.StateOpen, Sort: helpdesk.SortPriority, Desc: true, Limit: 7})
			if err != nil || len(open) != 7 {
				t.Fatalf("demo open tickets: %d, %v", len(open), err)
			}
			total, err := hd.Client().SearchCount(ctx, fl.Ticket.Model, domain.Eq(fl.Ticket.Stage+"."+fl.Stage.Closed, false), nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := lineWith(out, fmt.Sprintf("Open tickets: %d, the 7 most urgent", total)); !ok {
				t.Errorf("open ticket count %d not shown:\n%s", total, out)
			}
			for _, tk := range open {
				l, ok := lineWith(out, fmt.Sprintf("  %d  ", tk.ID), cut(tk.Name, 40))
				if !ok {
					t.Errorf("open ticket %d %q not in the table:\n%s", tk.ID, tk.Name, out)
					continue
				}
				for _, want := range []string{tk.Priority.String(), tk.Stage.Name, tk.Team.Name} {
					if !strings.Contains(l, want) {
						t.Errorf("ticket row %q lacks %q", l, want)
					}
				}
			}

			for _, want := range []string{`Created ticket #`, TicketName, "Moved ticket #", "Posted an internal note", "Toner replaced"} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			wantSLA := "SLA status of ticket #"
			if !fl.HasSLA() {
				wantSLA = "has no SLA models"
			}
			if !strings.Contains(out, wantSLA) {
				t.Errorf("output lacks %q:\n%s", wantSLA, out)
			}
		})
	}
}

// TestRealServer points the quickstart at a server through ODOO_* (here an
// odootest server the test owns, so it can look at the result), over each
// protocol, with and without -cleanup.
func TestRealServer(t *testing.T) {
	for _, tc := range []struct {
		flavor   odootest.Flavor
		protocol string
		cleanup  bool
	}{
		{odootest.Enterprise, "jsonrpc", false},
		{odootest.Enterprise, "jsonrpc", true},
		{odootest.OCA, "web", false},
		{odootest.Enterprise, "json2", true},
		{odootest.OCA, "restv2", false},
		{odootest.Enterprise, "restv2", true},
	} {
		t.Run(fmt.Sprintf("%s/%s/cleanup=%v", tc.flavor, tc.protocol, tc.cleanup), func(t *testing.T) {
			ctx := context.Background()
			srv, hd := demoService(t, tc.flavor)
			env := map[string]string{
				"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": odootest.DefaultLogin,
				"ODOO_PASSWORD": odootest.DefaultPassword, "ODOO_PROTOCOL": tc.protocol,
			}
			switch tc.protocol {
			case "json2":
				env["ODOO_API_KEY"] = odootest.DefaultAPIKey
				delete(env, "ODOO_PASSWORD")
			case "restv2":
				env["ODOO_CLIENT_ID"] = odootest.DefaultClientID
				env["ODOO_CLIENT_SECRET"] = odootest.DefaultClientSecret
			}
			var args []string
			if tc.cleanup {
				args = append(args, "-cleanup")
			}
			var stdout, stderr bytes.Buffer
			if err := run(ctx, args, envOf(env), &stdout, &stderr); err != nil {
				t.Fatalf("run: %v\nstdout: %s", err, stdout.String())
			}
			out := stdout.String()
			if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, "Connecting to "+srv.URL) {
				t.Errorf("first line = %q, want it to name the server", first)
			}
			if !strings.Contains(out, "protocol "+tc.protocol) {
				t.Errorf("protocol %s not shown:\n%s", tc.protocol, out)
			}

			fl, err := hd.Flavor(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ids, err := hd.Client().Search(ctx, fl.Ticket.Model, domain.Eq("name", TicketName), nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.cleanup {
				if len(ids) != 0 {
					t.Fatalf("-cleanup left tickets %v", ids)
				}
				if !strings.Contains(out, "Deleted ticket #") {
					t.Errorf("deletion not reported:\n%s", out)
				}
				// It was there: created, then unlinked.
				if srv.CallCount(fl.Ticket.Model, "create") != 1 || srv.CallCount(fl.Ticket.Model, "unlink") != 1 {
					t.Errorf("creates %d, unlinks %d; want 1 and 1", srv.CallCount(fl.Ticket.Model, "create"), srv.CallCount(fl.Ticket.Model, "unlink"))
				}
				return
			}
			if len(ids) != 1 {
				t.Fatalf("tickets named %q: %v, want one", TicketName, ids)
			}
			tk, err := hd.Tickets.Get(ctx, ids[0])
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := lineWith(out, fmt.Sprintf("Created ticket #%d", tk.ID)); !ok {
				t.Errorf("ticket %d not reported:\n%s", tk.ID, out)
			}
			if len(tk.TagIDs) != 2 || tk.Priority != helpdesk.PriorityHigh {
				t.Errorf("ticket tags %v, priority %v; want two tags, high", tk.TagIDs, tk.Priority)
			}
			stages, err := hd.Stages.List(ctx, tk.Team.ID)
			if err != nil || len(stages) < 2 {
				t.Fatalf("stages: %v, %v", stages, err)
			}
			if tk.Stage.ID != stages[1].ID {
				t.Errorf("ticket in stage %v, want the team's second stage %q", tk.Stage, stages[1].Name)
			}
			msgs, err := hd.Messages.List(ctx, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			var noted bool
			for _, m := range msgs {
				noted = noted || (strings.Contains(m.Body, "Toner replaced") && m.Subtype.Name == "Note")
			}
			if !noted {
				t.Errorf("no internal note on the ticket: %+v", msgs)
			}
			if fl.HasSLA() {
				st, err := hd.SLAStatus.ForTicket(ctx, tk.ID)
				if err != nil || len(st) == 0 {
					t.Fatalf("SLA statuses: %v, %v", st, err)
				}
				for _, s := range st {
					if _, ok := lineWith(out, s.SLA.Name, string(s.Status)); !ok {
						t.Errorf("SLA %q (%s) not shown:\n%s", s.SLA.Name, s.Status, out)
					}
				}
			}
		})
	}
}

// freeURL answers the URL of a loopback port nothing listens on.
func freeURL(t *testing.T) string {
	t.Helper()
	// Port 1 (tcpmux) has no listener: a freed ephemeral port could be
	// taken by another test's server meanwhile.
	return "http://127.0.0.1:1"
}

// TestErrors checks that a refused login, an unreachable server and a bad
// setup end with a readable one-line error, exit status 1 and no secret.
func TestErrors(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	const secret = "Sup3r-Secret-Pa55"
	for _, tc := range []struct {
		name string
		env  map[string]string
		is   error
		want string
	}{
		{"wrong password", map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": secret},
			odoo.ErrAccessDenied, "login refused by " + srv.URL},
		{"wrong api key", map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_API_KEY": secret},
			odoo.ErrAccessDenied, "check ODOO_LOGIN and ODOO_API_KEY"},
		{"wrong json2 key", map[string]string{"ODOO_URL": srv.URL, "ODOO_API_KEY": secret, "ODOO_PROTOCOL": "json2"},
			odoo.ErrAccessDenied, "login refused"},
		{"wrong web password", map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": secret, "ODOO_PROTOCOL": "web"},
			odoo.ErrAccessDenied, "login refused"},
		{"wrong client secret", map[string]string{"ODOO_URL": srv.URL, "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin",
			"ODOO_CLIENT_ID": odootest.DefaultClientID, "ODOO_CLIENT_SECRET": secret}, odoo.ErrAccessDenied, "ODOO_CLIENT_SECRET"},
		{"unreachable", map[string]string{"ODOO_URL": freeURL(t), "ODOO_DB": "odoo", "ODOO_LOGIN": "admin", "ODOO_PASSWORD": secret},
			nil, "cannot reach http://127.0.0.1:"},
		{"missing login", map[string]string{"ODOO_URL": srv.URL, "ODOO_PASSWORD": secret}, deskbridge.ErrInvalidArgument, "ODOO_DB, ODOO_LOGIN must be set"},
		{"bad protocol", map[string]string{"ODOO_PROTOCOL": "soap"}, deskbridge.ErrInvalidArgument, `ODOO_PROTOCOL="soap"`},
		{"bad url", map[string]string{"ODOO_URL": "odoo.example.com", "ODOO_PASSWORD": secret}, deskbridge.ErrInvalidArgument, "invalid ODOO_URL: must be an http(s) URL"},
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
			if code := exitCode(&stderr, "quickstart", err); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			msg := stderr.String()
			if !strings.HasPrefix(msg, "quickstart: ") || strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Errorf("stderr = %q, want one line starting with the program's name", msg)
			}
			if !strings.Contains(msg, tc.want) {
				t.Errorf("stderr = %q, want it to contain %q", msg, tc.want)
			}
			if strings.Contains(msg+stdout.String()+fmt.Sprintf("%+v", err), secret) {
				t.Errorf("the secret leaked: %q / %q", msg, stdout.String())
			}
			if srv.Count("helpdesk.ticket", domain.Eq("name", TicketName)) != 0 {
				t.Errorf("a ticket was created despite the error")
			}
		})
	}
}

// TestFlags checks usage errors: exit status 2, the flag package's message.
func TestFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"extra"}, 2, `unexpected argument "extra"`},
		{[]string{"-h"}, 0, "usage: quickstart"},
		{[]string{"-flavor", "zendesk"}, 1, `-flavor "zendesk": want enterprise, oca or oca-sla`},
		{[]string{"-limit", "0"}, 1, "-limit must be at least 1"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, envOf(nil), &stdout, &stderr)
			if code := exitCode(&stderr, "quickstart", err); code != tc.code {
				t.Errorf("exit code %d (err %v), want %d", code, err, tc.code)
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr = %q, want %q", stderr.String(), tc.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

// TestCancelled checks that a cancelled context stops the run with an error.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, nil, envOf(nil), &stdout, &stderr)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestJSON2Needs19 runs the quickstart over JSON-2 against the embedded
// server at 18.0: it says JSON-2 needs Odoo 19 (issue 16 defect 8).
func TestJSON2Needs19(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"-version", "18.0"}, envOf(map[string]string{"ODOO_PROTOCOL": "json2"}), &stdout, &stderr)
	if !errors.Is(err, deskbridge.ErrUnsupported) || !strings.Contains(err.Error(), "this server has no JSON-2 (Odoo 19+ only)") {
		t.Fatalf("err = %v, want ErrUnsupported saying JSON-2 needs 19", err)
	}
	if code := exitCode(&stderr, "quickstart", err); code != 1 || !strings.Contains(stderr.String(), "Odoo 19+ only") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestTrackedChanges checks that the chatter shows the stage change the
// quickstart made (old → new), not "-", on every version.
func TestTrackedChanges(t *testing.T) {
	for _, v := range []string{"16.0", "17.0", "18.0", "19.0"} {
		t.Run(v, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), []string{"-version", v, "-flavor", "oca"}, envOf(nil), &stdout, &stderr); err != nil {
				t.Fatalf("run: %v\n%s", err, stderr.String())
			}
			line, ok := lineWith(stdout.String(), "Stage: ")
			if !ok || !strings.Contains(line, " → ") {
				t.Errorf("no tracked stage change in the chatter:\n%s", stdout.String())
			}
		})
	}
}
