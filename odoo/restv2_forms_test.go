package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestRESTv2ReplyForms runs the client's calls against every combination
// of the reply forms the REST v2 add-on's documentation leaves open
// (issue 22 §5): wrapped or bare results, create answering an id or a
// list, writes answering true or nothing, and five error bodies. The
// server also pages GET search_read at 2 records by default, which no call
// may rely on.
func TestRESTv2ReplyForms(t *testing.T) {
	type partner struct {
		ID   int64  `odoo:"id,readonly"`
		Name string `odoo:"name"`
	}
	for _, wrap := range []odootest.WrapForm{odootest.WrapCall, odootest.WrapAll, odootest.WrapNone} {
		for _, create := range []odootest.CreateForm{odootest.CreateAsIs, odootest.CreateList, odootest.CreateID} {
			for _, ef := range []odootest.ErrorForm{odootest.ErrorFull, odootest.ErrorNoCode, odootest.ErrorNested, odootest.ErrorJSONRPC, odootest.ErrorString} {
				forms := odootest.RESTv2Forms{Wrap: wrap, Create: create, Error: ef, EmptyWrites: create == odootest.CreateList}
				t.Run(fmt.Sprintf("%+v", forms), func(t *testing.T) {
					srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithRESTv2Forms(forms), odootest.WithRESTv2DefaultLimit(2))
					defer srv.Close()
					c := newClientFor(t, srv, odoo.RESTv2)
					ctx := context.Background()
					m := odoo.NewModel[partner](c, "res.partner")
					n, err := m.SearchCount(ctx, domain.Domain{}, nil)
					if err != nil || n <= 2 {
						t.Fatalf("Count: %d, %v (want more than the default page of 2)", n, err)
					}
					all := int(n)

					if got, err := m.SearchRead(ctx, domain.Domain{}, nil); err != nil || len(got) != all {
						t.Fatalf("SearchRead without limit: %d records of %d, %v", len(got), all, err)
					}
					if got, err := m.SearchRead(ctx, domain.Domain{}, &odoo.SearchOptions{Limit: 3}); err != nil || len(got) != 3 {
						t.Fatalf("SearchRead limit 3: %d, %v", len(got), err)
					}
					id, err := m.Create(ctx, partner{Name: "Forms"}, nil)
					if err != nil || id == 0 {
						t.Fatalf("Create: %d, %v", id, err)
					}
					ids, err := m.CreateMany(ctx, []partner{{Name: "A"}, {Name: "B"}}, nil)
					if err != nil || len(ids) != 2 {
						t.Fatalf("CreateMany: %v, %v", ids, err)
					}
					if err := m.Write(ctx, []int64{id}, odoo.Values{"name": "Forms 2"}, nil); err != nil {
						t.Fatalf("Write: %v", err)
					}
					if p, err := m.Get(ctx, id, nil); err != nil || p.Name != "Forms 2" {
						t.Fatalf("Get: %+v, %v", p, err)
					}
					if err := m.Unlink(ctx, ids, nil); err != nil {
						t.Fatalf("Unlink: %v", err)
					}
					var names []map[string]any
					if err := c.CallMethodInto(ctx, "res.partner", "search_read", []any{domain.Eq("id", id)}, map[string]any{"fields": []string{"name"}}, &names); err != nil || len(names) != 1 {
						t.Fatalf("Call: %v, %v", names, err)
					}
					err = m.Write(ctx, []int64{ids[0]}, odoo.Values{"name": "gone"}, nil)
					var oe *odoo.Error
					if !errors.As(err, &oe) || oe.Message == "" {
						t.Fatalf("write of a deleted record: %v", err)
					}
					if ef != odootest.ErrorString && !errors.Is(err, odoo.ErrMissing) {
						t.Errorf("write of a deleted record: %v (%q), want ErrMissing", err, oe.Name)
					}
				})
			}
		}
	}
}

// TestRESTv2PageCap checks that All does not take a short page for the
// end: an add-on capping pages at 7 records still yields every record.
func TestRESTv2PageCap(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData(), odootest.WithRESTv2Forms(odootest.RESTv2Forms{MaxPage: 7}))
	defer srv.Close()
	c := newClientFor(t, srv, odoo.RESTv2)
	ctx := context.Background()
	type partner struct {
		ID int64 `odoo:"id,readonly"`
	}
	m := odoo.NewModel[partner](c, "res.partner").WithPageSize(20)
	want, err := m.SearchCount(ctx, domain.Domain{}, nil)
	if err != nil || want <= 7 {
		t.Fatalf("Count %d, %v", want, err)
	}
	n := 0
	for _, err := range m.All(ctx, domain.Domain{}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if int64(n) != want {
		t.Errorf("All yielded %d of %d records through a 7-record page cap", n, want)
	}
}
