package odoogen_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskbridge/deskbridge/odoo/odoogen"
)

var update = flag.Bool("update", false, "rewrite the golden files from the fixtures")

// goldens are the fixtures and the checked-in output generated from them
// (the go:generate lines of the golden packages run the same generation
// through the command).
var goldens = []struct {
	from, model, typ, pkg, out string
}{
	{"../../testdata/fixtures/odoo16/14-execute_kw-fields_get-ticket.json", "helpdesk.ticket", "Ticket", "golden16", "internal/golden16/ticket_gen.go"},
	{"../../testdata/fixtures/odoo19/12-json2-fields_get-ticket.json", "helpdesk.ticket", "Ticket", "golden19", "internal/golden19/ticket_gen.go"},
	{"testdata/alltypes.json", "x.alltypes", "Record", "goldenall", "internal/goldenall/record_gen.go"},
}

func generateFile(t *testing.T, from, model, typ, pkg string) []byte {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	fields, err := odoogen.ParseFieldsGet(data)
	if err != nil {
		t.Fatal(err)
	}
	src, err := odoogen.Generate(odoogen.Options{Package: pkg, Source: filepath.Base(from)},
		odoogen.Model{Name: model, Type: typ, Fields: fields})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestGolden(t *testing.T) {
	for _, g := range goldens {
		t.Run(g.pkg, func(t *testing.T) {
			got := generateFile(t, g.from, g.model, g.typ, g.pkg)
			if *update {
				if err := os.WriteFile(g.out, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(g.out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the generator's output for %s (go test -run TestGolden -update rewrites it):\n%s", g.out, g.from, firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, g, w)
		}
	}
	return "(same lines)"
}
