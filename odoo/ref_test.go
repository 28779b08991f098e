package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// withXMLIDs adds XML ids "module.name" → model,id to srv's ir.model.data
// (which holds the base ones, such as base.main_company).
func withXMLIDs(srv *odootest.Server, ids map[string]odoo.XMLRef) error {
	for xmlID, r := range ids {
		module, name, _ := strings.Cut(xmlID, ".")
		if _, err := srv.Create("ir.model.data", map[string]any{"module": module, "name": name, "model": r.Model, "res_id": r.ID}); err != nil {
			return err
		}
	}
	return nil
}

func TestRef(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	if err := withXMLIDs(srv, map[string]odoo.XMLRef{"helpdesk.stage_new": {Model: "helpdesk.stage", ID: 1}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			c := newClientFor(t, srv, p)
			r, err := c.Ref(context.Background(), "helpdesk.stage_new")
			if err != nil || r != (odoo.XMLRef{Model: "helpdesk.stage", ID: 1}) {
				t.Fatalf("Ref = %v, %v", r, err)
			}
			if _, err := c.Ref(context.Background(), "helpdesk.stage_gone"); !errors.Is(err, deskbridge.ErrNotFound) {
				t.Errorf("unknown XML id: %v", err)
			}
		})
	}
	c := newClientFor(t, srv, odoo.JSONRPC)
	for _, bad := range []string{"", "main_company", ".x", "base.", "a.b.c"} {
		if _, err := c.Ref(context.Background(), bad); !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("Ref(%q) = %v, want ErrInvalidArgument", bad, err)
		}
	}
}

func newClientFor(t testing.TB, srv *odootest.Server, p odoo.Protocol) *odoo.Client {
	t.Helper()
	c, err := srv.NewClient(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A record by its XML id, as OdooRPC's env.ref finds it.
func ExampleClient_Ref() {
	srv := odootest.NewServer()
	defer srv.Close()
	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))

	r, err := c.Ref(context.Background(), "base.main_company")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Model, r.ID)
	// Output: res.company 1
}
