package odoo_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestTagOptions checks the documented tag options and that a typo in one
// is refused before any request instead of being ignored (issue 22 §5).
func TestTagOptions(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	c := newClientFor(t, srv, odoo.JSONRPC)
	ctx := context.Background()

	type good struct {
		ID    int64  `odoo:"id,readonly"`
		Name  string `odoo:"name"`
		Email string `odoo:"email,omitzero"`
		Phone string `odoo:"phone,omitempty"`
		City  string `odoo:"city,"` // an empty option is no option
	}
	m := odoo.NewModel[good](c, "res.partner")
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	id, err := m.Create(ctx, good{ID: 99, Name: "Tags"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id == 99 {
		t.Error("readonly id was written")
	}
	if r, _ := srv.Record("res.partner", id); r["email"] != false || r["phone"] != false {
		t.Errorf("omitted fields written: %v %v", r["email"], r["phone"])
	}

	type typo struct {
		ID   int64  `odoo:"id,readonyl"`
		Name string `odoo:"name"`
	}
	bad := odoo.NewModel[typo](c, "res.partner")
	var ae *deskbridge.ArgumentError
	if err := bad.Err(); !errors.As(err, &ae) || !strings.Contains(err.Error(), `unknown option "readonyl"`) || !strings.Contains(err.Error(), "field ID") {
		t.Fatalf("Err() = %v", err)
	}
	before := len(srv.Calls())
	if _, err := bad.SearchRead(ctx, domain.Domain{}, nil); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("SearchRead: %v", err)
	}
	if _, err := bad.Create(ctx, typo{Name: "x"}, nil); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("Create: %v", err)
	}
	for _, err := range bad.All(ctx, domain.Domain{}, nil) {
		if !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("All: %v", err)
		}
	}
	if n := len(srv.Calls()) - before; n != 0 {
		t.Errorf("%d requests sent with a bad tag", n)
	}
}
