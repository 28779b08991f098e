package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// runCmd runs the program with args and answers its exit status, stdout
// and stderr.
func runCmd(t *testing.T, dir string, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	err := run(context.Background(), args, env{getenv: getenv, stdout: &out, stderr: &errb, tempDir: dir})
	return exitCode(&errb, err), out.String(), errb.String()
}

func TestDemoCheckTransferHistory(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, dir, nil, "check", "-demo")
	if code != 0 || !strings.Contains(out, "eu: ok") || !strings.Contains(out, "oca: ok") {
		t.Fatalf("check: %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, dir, nil, "transfer", "-demo", "-dest", "eu", "-ids", "1,2,3", "-close", "-note", "Moved")
	if code != 0 || !strings.Contains(out, "3 tickets: 3 done") || !strings.Contains(out, "by e-mail") {
		t.Fatalf("transfer: %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, dir, nil, "transfer", "-demo", "-dest", "oca", "-domain", `[["stage_id.name", "=", "New"]]`, "-limit", "2", "-json")
	var rep helpdesk.TransferReport
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Totals.Done != 2 || rep.Destination != "oca" {
		t.Fatalf("transfer -json: %d %+v\n%s%s", code, rep.Totals, out, errs)
	}
	code, out, errs = runCmd(t, dir, nil, "history", "-demo", "-json")
	var recs []helpdesk.HistoryRecord
	if code != 0 || json.Unmarshal([]byte(out), &recs) != nil || len(recs) != 5 {
		t.Fatalf("history -json: %d, %d records\n%s%s", code, len(recs), out, errs)
	}
	runs := map[string]bool{}
	for _, r := range recs {
		runs[r.Run] = true
	}
	if len(runs) != 2 || recs[0].Destination != "eu" || recs[4].Destination != "oca" {
		t.Errorf("history runs %v, records %+v", runs, recs)
	}
	code, out, _ = runCmd(t, dir, nil, "history", "-demo", "-dest", "eu", "-ticket", "2")
	if code != 0 || !strings.Contains(out, "1 records of 1 runs") || !strings.Contains(out, "#2") {
		t.Errorf("history -ticket: %d\n%s", code, out)
	}
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage"},
		{[]string{"bogus"}, 2, "unknown command"},
		{[]string{"transfer", "-demo"}, 2, "-dest NAME is required"},
		{[]string{"transfer", "-demo", "-dest", "eu"}, 2, "-ids or -domain"},
		{[]string{"transfer", "-demo", "-dest", "eu", "-ids", "x"}, 2, "not a ticket id"},
		{[]string{"transfer", "-demo", "-dest", "nowhere", "-ids", "1"}, 1, `no destination "nowhere"`},
		{[]string{"transfer", "-demo", "-dest", "eu", "-ids", "999999"}, 1, "not transferred completely"},
		{[]string{"check", "-config", filepath.Join(dir, "missing.json")}, 1, "no such file"},
		{[]string{"check", "-h"}, 0, ""},
	} {
		code, out, errs := runCmd(t, dir, nil, tc.args...)
		if code != tc.code || !strings.Contains(out+errs, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.want, out, errs)
		}
	}
}

// TestConfigFile: a configuration file with secrets named by environment
// variable; check reports every missing piece; printed output never has
// the secrets.
func TestConfigFile(t *testing.T) {
	src := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	defer src.Close()
	dst := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer dst.Close()
	dir := t.TempDir()
	cfg := `{
	  "source": {"url": "` + src.URL + `", "database": "` + src.Database() + `", "login": "admin", "password_env": "SRC_PW"},
	  "history": "h.jsonl",
	  "destinations": {
	    "desk": {"url": "` + dst.URL + `", "database": "` + dst.Database() + `", "login": "admin", "api_key_env": "DST_KEY",
	             "stage_mapping": {"Solved": "Finished"}, "child_partner_id": 999999}
	  }
	}`
	path := filepath.Join(dir, "destinations.json")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string {
		return map[string]string{"SRC_PW": odootest.DefaultPassword, "DST_KEY": odootest.DefaultAPIKey}[k]
	}
	code, out, errs := runCmd(t, dir, getenv, "check", "-config", path)
	for _, want := range []string{"field helpdesk.ticket.x_deskbridge_source", `stage "Finished" (mapped from "Solved")`, "res.partner 999999 (ChildPartnerID)"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || strings.Contains(out+errs, odootest.DefaultAPIKey) {
		t.Errorf("check: exit %d, want 1 (and no secret)\n%s%s", code, out, errs)
	}
	code, out, errs = runCmd(t, dir, getenv, "transfer", "-config", path, "-dest", "desk", "-ids", "1")
	if code != 1 || !strings.Contains(out+errs, "lacks what the transfer needs") {
		t.Errorf("transfer to an unready destination: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCmd(t, dir, getenv, "history", "-config", path)
	if code != 0 || !strings.Contains(out, "No transfers recorded in "+filepath.Join(dir, "h.jsonl")) {
		t.Errorf("history: %d %s", code, out)
	}
	if err := os.WriteFile(path, []byte(`{"destinations": {"x": {"url": "http://x", "stage_maping": {}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCmd(t, dir, getenv, "check", "-config", path); code != 1 || !strings.Contains(out+errs, "stage_maping") {
		t.Errorf("a typo in the file: exit %d\n%s%s", code, out, errs)
	}
}

// TestProgressBar: on a terminal the transfer redraws one bar line; with
// -json nothing but the report is printed.
func TestProgressBar(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"transfer", "-demo", "-dest", "oca", "-ids", "1,2,3,4", "-history", filepath.Join(t.TempDir(), "h")},
		env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errb, tty: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "\r[##############################] 4/4 tickets\n") || strings.Contains(out.String(), "[1/4]") {
		t.Errorf("output:\n%q", out.String())
	}
	out.Reset()
	err = run(context.Background(), []string{"transfer", "-demo", "-dest", "oca", "-ids", "1", "-json", "-history", filepath.Join(t.TempDir(), "h")},
		env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errb, tty: true})
	var rep helpdesk.TransferReport
	if err != nil || json.Unmarshal(out.Bytes(), &rep) != nil {
		t.Errorf("-json output is not only the report: %v\n%s", err, out.String())
	}
}
