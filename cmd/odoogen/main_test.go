package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// The command run as the golden packages' go:generate lines run it writes
// the checked-in golden file.
func TestFromFileWritesGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ticket_gen.go")
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"-from", "../../testdata/fixtures/odoo16/14-execute_kw-fields_get-ticket.json",
		"-model", "helpdesk.ticket", "-type", "Ticket", "-o", out},
		func(k string) string { return map[string]string{"GOPACKAGE": "golden16"}[k] }, &bytes.Buffer{}, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(out)
	want, err := os.ReadFile("../../odoo/odoogen/internal/golden16/ticket_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("output differs from odoo/odoogen/internal/golden16/ticket_gen.go")
	}
}

// Without -from the command asks the server ODOO_* names, two models at
// once, to standard output.
func TestFromServer(t *testing.T) {
	srv := odootest.NewServer(odootest.WithVersion("19.0"), odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	env := map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin"}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-model", "helpdesk.ticket,helpdesk.ticket.stage", "-type", "Ticket", "-pkg", "desk"},
		func(k string) string { return env[k] }, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"package desk\n", "type Ticket struct {", "type HelpdeskTicketStage struct {",
		`StageID odoo.Many2One ` + "`" + `odoo:"stage_id,omitempty"` + "`", "from fields_get of helpdesk.ticket, helpdesk.ticket.stage; DO NOT EDIT."} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestCommandLine(t *testing.T) {
	srv := odootest.NewServer(odootest.WithVersion("19.0"), odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	badServer := map[string]string{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "admin"}
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		code int
		msg  string
	}{
		{"help", []string{"-h"}, nil, 0, "usage: odoogen"},
		{"no model", []string{"-pkg", "x"}, nil, 2, "-model is required"},
		{"no package", []string{"-model", "a.b"}, nil, 2, "-pkg is required"},
		{"no source", []string{"-model", "a.b", "-pkg", "x"}, nil, 2, "ODOO_URL"},
		{"two models from a file", []string{"-from", "f.json", "-model", "a.b,c.d", "-pkg", "x"}, nil, 2, "one -model"},
		{"too many types", []string{"-model", "a.b", "-type", "A,B", "-pkg", "x"}, nil, 2, "2 types for 1 models"},
		{"stray argument", []string{"-model", "a.b", "-pkg", "x", "extra"}, nil, 2, `unexpected argument "extra"`},
		{"missing file", []string{"-from", "nope.json", "-model", "a.b", "-pkg", "x"}, nil, 1, "nope.json"},
		{"not fields_get", []string{"-from", "main.go", "-model", "a.b", "-pkg", "x"}, nil, 1, "fields_get JSON"},
		{"bad package", []string{"-from", "../../odoo/odoogen/testdata/alltypes.json", "-model", "a.b", "-pkg", "1x"}, nil, 1, "not a Go identifier"},
		{"unknown model", []string{"-model", "no.such", "-pkg", "x"}, badServer, 1, "no.such"},
		{"unknown field", []string{"-model", "helpdesk.ticket", "-fields", "x_nope", "-pkg", "x"}, badServer, 1, `no field "x_nope"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, func(k string) string { return c.env[k] }, &stdout, &stderr)
			if code != c.code || !strings.Contains(stderr.String(), c.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), c.code, c.msg)
			}
			if c.code != 0 && stdout.Len() > 0 {
				t.Errorf("wrote %q on failure", stdout.String())
			}
			if strings.Contains(stderr.String(), "admin\n") {
				t.Errorf("stderr shows the password: %q", stderr.String())
			}
		})
	}
}

// A refused login says so and shows no secret.
func TestBadCredentialsShowNoSecret(t *testing.T) {
	srv := odootest.NewServer(odootest.WithVersion("19.0"), odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	for _, env := range []map[string]string{
		{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_PASSWORD": "s3cret-Pw-42"},
		{"ODOO_URL": srv.URL, "ODOO_DB": srv.Database(), "ODOO_LOGIN": "admin", "ODOO_API_KEY": "s3cret-Pw-42", "ODOO_PROTOCOL": "json2"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"-model", "helpdesk.ticket", "-pkg", "x"}, func(k string) string { return env[k] }, &stdout, &stderr)
		if code != 1 || stderr.Len() == 0 || strings.Contains(stderr.String(), "s3cret-Pw-42") || stdout.Len() > 0 {
			t.Errorf("exit %d, stderr %q", code, stderr.String())
		}
	}
}
