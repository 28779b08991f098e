package ekiclik

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
)

// records answers the fake's records of model that d matches, in id
// order, as its store reads them (odootest's read form).
func records(srv *ekiclitest.Server, model string, d domain.Domain) []map[string]any {
	ids := srv.Search(model, d)
	slices.Sort(ids)
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		if r, ok := srv.Record(model, id); ok {
			out = append(out, r)
		}
	}
	return out
}

// record is srv.Record without the ok (nil when there is none).
func record(srv *ekiclitest.Server, model string, id int64) map[string]any {
	r, _ := srv.Record(model, id)
	return r
}

// mustCreate is srv.Create for test setup.
func mustCreate(t *testing.T, srv *ekiclitest.Server, model string, vals map[string]any) int64 {
	t.Helper()
	id, err := srv.Create(model, vals)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newFake(t *testing.T, opts ...ekiclitest.Option) *ekiclitest.Server {
	t.Helper()
	srv := ekiclitest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// loginRoutes are the two login routes a Client's odoo.Client can use:
// Odoo's own and the module's (odoo.WithWebLoginRoute).
var loginRoutes = []struct{ name, path string }{
	{"web-session", "/web/session/authenticate"},
	{"auth-route", "/auth/"},
}

// newOdoo returns an odoo.Client for srv's default user with fast retries;
// oo come after the defaults.
func newOdoo(t testing.TB, srv *ekiclitest.Server, oo ...odoo.Option) *odoo.Client {
	t.Helper()
	base := []odoo.Option{
		odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword),
		odoo.WithRetry(4, time.Millisecond, 5*time.Millisecond),
	}
	oc, err := odoo.New(srv.URL, append(base, oo...)...)
	if err != nil {
		t.Fatal(err)
	}
	return oc
}

// newClient returns a Client on newOdoo(t, srv, oo...).
func newClient(t testing.TB, srv *ekiclitest.Server, oo ...odoo.Option) *Client {
	t.Helper()
	return mustNew(t, newOdoo(t, srv, oo...))
}

// mustNew returns New(oc, opts...).
func mustNew(t testing.TB, oc *odoo.Client, opts ...Option) *Client {
	t.Helper()
	c, err := New(oc, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func validProduct() Product {
	return Product{
		Name: "Galaxy A54", Brand: "Samsung", Manufacturer: "Samsung Electronics", Category: "Phones",
		Ref: "SM-A54",
		Configurations: []Configuration{
			{Name: "Galaxy A54 128 GB", Description: "Black, 128 GB", ImageURL: "https://cdn.example.com/a54-128.png",
				ListPrice: 80000, StandardPrice: 50000, ManufacturerRef: "SM-A546B-128", PurchaseOK: true, SaleOK: true,
				CertificateURL: "https://cdn.example.com/a54.pdf"},
			{Name: "Galaxy A54 256 GB", Description: "Black, 256 GB", ImageURL: "https://cdn.example.com/a54-256.png",
				ListPrice: 95000, StandardPrice: 61000, ManufacturerRef: "SM-A546B-256", PurchaseOK: true, SaleOK: true},
		},
	}
}

func validOpportunity() Opportunity {
	return Opportunity{
		OrderSource: "Alsalam",
		Applicant: Applicant{Email: "amina@example.dz", Salary: 90000, BirthDate: odoo.NewDate(1993, time.November, 3),
			MonthlyPayment: 5321, Periodicity: 12},
		CartID:           259,
		Cart:             []CartLine{{ManufacturerRef: "SM-A546B-128", Quantity: 1, Warehouse: "PDVA-E-TIN-TIN-88-07"}},
		QuotationAddress: QuotationAddress{Street: "12 rue Didouche Mourad", State: "Alger", Country: "DZ", EKOrderID: 1416},
		POSCode:          "PDVA-E-TIN-TIN-88-07",
		FileInfo:         FileInfo{FileNumber: 1906, ClientNumber: "0666666666", OrderStatus: "draft", FileState: "traitement"},
	}
}

func mustRegexp(s string) *regexp.Regexp { return regexp.MustCompile(s) }

func mustDomain(s string) domain.Domain {
	d, err := domain.ParseJSON([]byte(s))
	if err != nil {
		panic(err)
	}
	return d
}

func mustQuery(s string) url.Values {
	q, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return q
}

// errOnly drops an Update method's match count.
func errOnly(_ int64, err error) error { return err }
