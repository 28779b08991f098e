package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestEmbedded runs the program as `go run ./examples/transfer` does and
// checks the first line, the plain progress lines and the report.
func TestEmbedded(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-n", "6", "-close", "-note", "moved"}, envOf(nil), &out, &errOut, false); err != nil {
		t.Fatalf("run: %v\n%s%s", err, out.String(), errOut.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "No SRC_ODOO_URL/DST_ODOO_URL set: started two embedded Odoo test servers") {
		t.Errorf("first line = %q", lines[0])
	}
	for _, want := range []string{"Transferring 6 tickets, 4 at a time.", "[6/6] ticket ", "SOURCE  NAME", "6 tickets: 6 done, 0 partial, 0 failed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\r") {
		t.Error("progress bar drawn on a non-terminal")
	}
}

// TestProgressBar: on a terminal the progress is one redrawn line.
func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-n", "3", "-dry-run", "-json"}, envOf(nil), &out, &out, true); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	s := out.String()
	if !strings.Contains(s, "\r[##########....................] 1/3 tickets") || !strings.Contains(s, "\r[##############################] 3/3 tickets\n") {
		t.Errorf("no progress bar:\n%q", s)
	}
	if strings.Contains(s, "[1/3] ticket") {
		t.Error("plain progress lines on a terminal")
	}
	i := strings.Index(s, "{")
	var rep helpdesk.TransferReport
	if err := json.Unmarshal([]byte(s[i:]), &rep); err != nil || !rep.DryRun || rep.Totals.Planned != 3 {
		t.Errorf("JSON report: %v %+v", err, rep.Totals)
	}
}

func TestConfigErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"one side": {nil, map[string]string{"SRC_ODOO_URL": "http://127.0.0.1:1", "SRC_ODOO_DB": "db", "SRC_ODOO_LOGIN": "me", "SRC_ODOO_API_KEY": "k"},
			"set both SRC_ODOO_URL and DST_ODOO_URL"},
		"bad url":   {nil, map[string]string{"SRC_ODOO_URL": "ftp://x", "DST_ODOO_URL": "http://127.0.0.1:1"}, "source: odoo: ReadEnv: invalid SRC_ODOO_URL: must be an http(s) URL"},
		"no creds":  {nil, map[string]string{"SRC_ODOO_URL": "http://127.0.0.1:1", "DST_ODOO_URL": "http://127.0.0.1:1"}, "SRC_ODOO_URL is set, so SRC_ODOO_DB"},
		"bad ids":   {[]string{"-ids", "1,x"}, nil, `"x" is not a ticket id`},
		"bad map":   {[]string{"-map", "Solved"}, nil, "is not Source=Destination"},
		"bad count": {[]string{"-c", "0"}, nil, "at least 1"},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), tc.args, envOf(tc.env), &out, &out, false)
			if !errors.Is(err, odoo.ErrInvalidArgument) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrConfig saying %q", err, tc.want)
			}
			if exitCode(&out, "transfer", err) != 1 {
				t.Error("exit status is not 1")
			}
		})
	}
}

// TestRealServers runs against two servers given by URL, as real ones
// would be: the destination first lacks the source field, which the
// program reports before writing anything; with it, the transfer runs,
// and a second run skips every ticket.
func TestRealServers(t *testing.T) {
	src := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer src.Close()
	dst := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	defer dst.Close()
	env := envOf(map[string]string{
		"SRC_ODOO_URL": src.URL, "SRC_ODOO_DB": src.Database(), "SRC_ODOO_LOGIN": odootest.DefaultLogin, "SRC_ODOO_PASSWORD": odootest.DefaultPassword,
		"DST_ODOO_URL": dst.URL, "DST_ODOO_API_KEY": odootest.DefaultAPIKey, "DST_ODOO_PROTOCOL": "json2",
	})
	args := []string{"-ids", "1,2,3", "-map", "Done=Solved,Awaiting=On Hold"}
	var out bytes.Buffer
	err := run(context.Background(), args, env, &out, &out, false)
	if err == nil || !strings.Contains(err.Error(), "field helpdesk.ticket.x_deskbridge_source") || dst.CallCount("", "create") != 0 {
		t.Fatalf("err = %v, creates %d\n%s", err, dst.CallCount("", "create"), out.String())
	}
	if strings.Contains(out.String()+err.Error(), odootest.DefaultAPIKey) {
		t.Error("the API key is in the output")
	}
	if err := dst.AddFields("helpdesk.ticket", odootest.Field{Name: "x_deskbridge_source", Type: odootest.TypeChar}); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"3 tickets: 3 done", "3 tickets: 0 done, 0 partial, 0 failed, 3 skipped"} {
		out.Reset()
		if err := run(context.Background(), args, env, &out, &out, false); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, out.String())
		}
		if !strings.HasPrefix(out.String(), "Transferring from "+src.URL) || !strings.Contains(out.String(), want) {
			t.Errorf("run %d:\n%s", i, out.String())
		}
	}
}
