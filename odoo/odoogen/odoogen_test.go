package odoogen_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo/odoogen"
)

const bare = `{"name": {"type": "char", "string": "Name"}, "state": {"type": "selection", "string": "State", "selection": [["a", "A"]]}}`

func TestParseFieldsGetForms(t *testing.T) {
	for name, in := range map[string]string{
		"bare":               bare,
		"jsonrpc reply":      `{"jsonrpc": "2.0", "id": 1, "result": ` + bare + `}`,
		"capture json2":      `{"name": "x", "response": {"status": 200, "json": ` + bare + `}}`,
		"capture jsonrpc":    `{"response": {"json": {"jsonrpc": "2.0", "result": ` + bare + `}}}`,
		"doc-bearer":         `{"model": "helpdesk.ticket", "name": "Ticket", "fields": ` + bare + `}`,
		"doc-bearer capture": `{"response": {"json": {"model": "helpdesk.ticket", "fields": ` + bare + `}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			f, err := odoogen.ParseFieldsGet([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if len(f) != 2 || f["name"].Type != "char" || f["name"].Name != "name" || len(f["state"].Selection) != 1 || f["state"].Selection[0].Label != "A" {
				t.Errorf("fields %+v", f)
			}
		})
	}
	for name, in := range map[string]string{
		"not json":        `{`,
		"a list":          `[1]`,
		"error reply":     `{"jsonrpc": "2.0", "error": {"message": "Odoo Server Error"}}`,
		"no type":         `{"name": {"string": "Name"}}`,
		"empty":           `{}`,
		"capture no json": `{"response": {"status": 500}}`,
		"result a list":   `{"result": [1, 2]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if f, err := odoogen.ParseFieldsGet([]byte(in)); err == nil {
				t.Errorf("no error, fields %v", f)
			}
		})
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"stage_id": "StageID", "tag_ids": "TagIDs", "helpdesk.ticket": "HelpdeskTicket", "x_foo": "XFoo",
		"__last_update": "LastUpdate", "access_url": "AccessURL", "2fa": "F2fa", "": "Field", "sla_ids": "SLAIDs",
		"email_cc": "EmailCC", "create_uid": "CreateUID",
	} {
		if got := odoogen.GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func gen(t *testing.T, fieldsJSON string, ms ...odoogen.Model) (string, error) {
	t.Helper()
	f, err := odoogen.ParseFieldsGet([]byte(fieldsJSON))
	if err != nil {
		t.Fatal(err)
	}
	for i := range ms {
		ms[i].Fields = f
	}
	src, err := odoogen.Generate(odoogen.Options{Package: "p"}, ms...)
	return strings.Join(strings.Fields(string(src)), " "), err // gofmt's alignment aside
}

func TestGenerateNames(t *testing.T) {
	// Two Odoo names with one Go name: the second gets a suffix.
	src, err := gen(t, `{"a_b": {"type": "char"}, "a__b": {"type": "integer"}, "state": {"type": "selection", "selection": [["x-y", "1"], ["x_y", "2"], ["", "none"]]}}`,
		odoogen.Model{Name: "m.m", Type: "M"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AB_ string `odoo:\"a_b,omitempty\"`", "AB int64 `odoo:\"a__b,omitempty\"`",
		`MStateXY MState = "x-y"`, `MStateXY_2 MState = "x_y"`, `MStateEmpty MState = ""`} {
		if !strings.Contains(src, want) {
			t.Errorf("output lacks %q:\n%s", want, src)
		}
	}
	// Default type name; two models with one type name are refused.
	src, err = gen(t, bare, odoogen.Model{Name: "helpdesk.ticket"})
	if err != nil || !strings.Contains(src, "type HelpdeskTicket struct") {
		t.Errorf("default type name: %v\n%s", err, src)
	}
	if _, err := gen(t, bare, odoogen.Model{Name: "a.b", Type: "T"}, odoogen.Model{Name: "c.d", Type: "T"}); err == nil || !strings.Contains(err.Error(), "both want the Go name T") {
		t.Errorf("clash: %v", err)
	}
	// A selection type that clashes with another model's type.
	if _, err := gen(t, bare, odoogen.Model{Name: "a.b", Type: "T"}, odoogen.Model{Name: "c.d", Type: "TState"}); err == nil {
		t.Error("selection type TState and model type TState both declared")
	}
	for _, bad := range []odoogen.Model{{Name: "a.b", Type: "lower"}, {Name: "", Type: "T"}, {Name: "a.b", Type: "T", Only: []string{"nope"}}} {
		if _, err := gen(t, bare, bad); err == nil {
			t.Errorf("model %+v accepted", bad)
		}
	}
	if _, err := odoogen.Generate(odoogen.Options{Package: "p"}); err == nil {
		t.Error("no model accepted")
	}
	if _, err := odoogen.Generate(odoogen.Options{Package: "p"}, odoogen.Model{Name: "a.b"}); err == nil {
		t.Error("a model without fields accepted")
	}
}

// Map order never shows in the output.
func TestGenerateDeterministic(t *testing.T) {
	first := generateFile(t, goldens[1].from, "helpdesk.ticket", "Ticket", "p")
	for range 20 {
		if got := generateFile(t, goldens[1].from, "helpdesk.ticket", "Ticket", "p"); !bytes.Equal(got, first) {
			t.Fatal("two generations differ")
		}
	}
}

// Only keeps the fields named (and id), in sorted order; help text and
// odd labels stay comments.
func TestGenerateOnlyAndComments(t *testing.T) {
	src, err := gen(t, `{"id": {"type": "integer"}, "b": {"type": "char", "string": "B\n*/ x", "help": "line one\nline two"}, "a": {"type": "boolean", "required": true}, "c": {"type": "char"}}`,
		odoogen.Model{Name: "m.m", Type: "M", Only: []string{"b", "a", "b"}})
	if err != nil {
		t.Fatal(err)
	}
	i, a, b := strings.Index(src, "ID int64"), strings.Index(src, "A bool `odoo:\"a,omitempty\"`"), strings.Index(src, "B string")
	if i < 0 || a < i || b < a || strings.Contains(src, "C string") {
		t.Errorf("fields or order wrong:\n%s", src)
	}
	if !strings.Contains(src, `// B is "B */ x" (b, char).`) || !strings.Contains(src, "// line one line two") {
		t.Errorf("comments:\n%s", src)
	}
}
