package ekiclik

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

func TestExchangeAgainstFake(t *testing.T) {
	for _, route := range loginRoutes {
		t.Run(route.name, func(t *testing.T) {
			srv := newFake(t)
			c := newClient(t, srv, odoo.WithWebLoginRoute(route.path))
			ctx := ctxT(t)

			pid, err := c.CreateProduct(ctx, validProduct())
			if err != nil {
				t.Fatal(err)
			}
			master := record(srv, ModelProductMaster, pid)
			if master == nil || master["ref"] != "SM-A54" || master["create_by"] != DefaultCreateBy {
				t.Fatalf("product.master %d = %v", pid, master)
			}
			confs := records(srv, ModelProductTemplate, domain.Domain{})
			if len(confs) != 2 || confs[1]["manufacturer_ref"] != "SM-A546B-256" || confs[0]["detailed_type"] != "product" ||
				confs[0]["default_code"] != false || fmt.Sprint(confs[0]["attribute"]) != "[]" {
				t.Fatalf("configurations = %v", confs)
			}

			cid, err := c.CreateCustomer(ctx, Customer{Name: "Amina B.", Email: "amina@example.dz", Phone: "0556000000"})
			if err != nil {
				t.Fatal(err)
			}
			cl := record(srv, ModelPartner, cid)
			if cl["is_pos"] != "False" || cl["status"] != "WAITING" || cl["type"] != "contact" || cl["title"] != false {
				t.Errorf("client = %v", cl)
			}
			posID, err := c.CreatePointOfSale(ctx, PointOfSale{Name: "Tizi Mobile", Email: "pos88@example.dz",
				Code: "PDVA-E-TIN-TIN-88-07", CreditCode: "CA-12", ResponsibleCode: "R-7"})
			if err != nil {
				t.Fatal(err)
			}
			if pos := record(srv, ModelPartner, posID); pos["is_pos"] != "True" || pos["code_pos"] != "PDVA-E-TIN-TIN-88-07" {
				t.Errorf("pos = %v", pos)
			}

			lid, err := c.CreateOpportunity(ctx, validOpportunity())
			if err != nil {
				t.Fatal(err)
			}
			lead := record(srv, ModelLead, lid)
			qa, _ := lead["quotation_address"].(map[string]any)
			if qa["type"] != "delivery" || qa["code_pos"] != "PDVA-E-TIN-TIN-88-07" || qa["order_source"] != "Alsalam" || qa["street2"] != nil {
				t.Errorf("lead quotation_address = %v", qa)
			}
			if _, err := c.CreatePurchase(ctx, Purchase{POSCode: "PDVA-E-TIN-TIN-88-07", UserID: 2,
				DateOrder: OrderTime{time.Date(2023, 7, 30, 12, 23, 15, 0, time.UTC)},
				Lines:     []PurchaseLine{{ManufacturerRef: "SM-A546B-128", Quantity: 6, UnitPrice: 6000}}}); err != nil {
				t.Fatal(err)
			}
			if po := records(srv, ModelPurchaseOrder, domain.Domain{}); len(po) != 1 || po[0]["date_order"] != "30/07/23 12:23:15" || po[0]["state"] != "draft" {
				t.Errorf("purchase = %v", po)
			}

			if _, err := c.UpdateOrderStatus(ctx, 1416, OrderStatusUpdate{OrderSource: "BNA", State: OrderInPreparation}); err != nil {
				t.Fatal(err)
			}
			if so := records(srv, ModelSaleOrder, domain.Domain{}); len(so) != 1 || so[0]["state"] != "EK_ORDER_IN_PREPARATION" || so[0]["order_source"] != "BNA" {
				t.Errorf("sale.order = %v", so)
			}
			// An unknown state is sent as is.
			if _, err := c.UpdateOrderStatus(ctx, 1416, OrderStatusUpdate{State: "EK_ORDER_SHIPPED"}); err != nil {
				t.Fatal(err)
			}
			if so := records(srv, ModelSaleOrder, domain.Domain{}); so[0]["state"] != "EK_ORDER_SHIPPED" {
				t.Errorf("state = %v", so[0]["state"])
			}

			if _, err := c.UpdateConfiguration(ctx, "SM-A546B-256", ConfigurationUpdate{Name: "Galaxy A54 256 GB Awesome", ListPrice: deskbridge.Ptr(0.0)}); err != nil {
				t.Fatal(err)
			}
			confs = records(srv, ModelProductTemplate, domain.Domain{})
			if confs[1]["name"] != "Galaxy A54 256 GB Awesome" || confs[1]["list_price"] != 0.0 || confs[0]["name"] != "Galaxy A54 128 GB" {
				t.Errorf("after UpdateConfiguration: %v", confs)
			}
			if _, err := c.UpdateProduct(ctx, "SM-A54", ProductUpdate{Brand: "Samsung DZ"}); err != nil {
				t.Fatal(err)
			}
			if m := record(srv, ModelProductMaster, pid); m["brand"] != "Samsung DZ" {
				t.Errorf("master = %v", m)
			}
			if _, err := c.UpdatePartner(ctx, "amina@example.dz", PartnerUpdate{Name: "Amina Benali"}); err != nil {
				t.Fatal(err)
			}
			if p := record(srv, ModelPartner, cid); p["name"] != "Amina Benali" {
				t.Errorf("partner = %v", p)
			}
			if _, err := c.UpdateUser(ctx, ekiclitest.DefaultLogin, UserUpdate{Role: RoleSuperAdmin, Codification: "U-1", POSCode: "PDVA-E-TIN-TIN-88-07"}); err != nil {
				t.Fatal(err)
			}
			if u := records(srv, ModelUser, domain.Eq("login", ekiclitest.DefaultLogin)); len(u) != 1 || u[0]["role"] != "ROLE_SUPERADMIN" {
				t.Errorf("user = %v", u)
			}

			recs, err := c.List(ctx, ModelPartner, domain.Eq("is_pos", "True"), &ListOptions{Query: Select("id", "name", "is_pos")})
			if err != nil {
				t.Fatal(err)
			}
			var got []struct {
				ID    int64  `json:"id"`
				Name  string `json:"name"`
				IsPOS PyBool `json:"is_pos"`
			}
			if err := recs.Decode(&got); err != nil {
				t.Fatal(err)
			}
			if recs.Count != 1 || len(got) != 1 || got[0].ID != posID || !bool(got[0].IsPOS) || got[0].Name != "Tizi Mobile" {
				t.Errorf("Get = %+v %+v", recs, got)
			}
			var one struct {
				Ref string `json:"ref"`
			}
			if _, err := c.Get(ctx, ModelProductMaster, pid, Select("ref"), &one); err != nil || one.Ref != "SM-A54" {
				t.Errorf("Get = %+v, %v", one, err)
			}
			if n := srv.CallCount("", "authenticate"); n != 1 {
				t.Errorf("%d logins, want 1", n)
			}
		})
	}
}

func TestGetPaging(t *testing.T) {
	srv := newFake(t)
	for i := range 5 {
		mustCreate(t, srv, ModelPartner, map[string]any{"name": fmt.Sprintf("P%d", i), "email": fmt.Sprintf("p%d@example.com", i)})
	}
	c := newClient(t, srv)
	ctx := ctxT(t)
	var names []string
	for page := 1; ; page++ {
		// Odoo's own partners (the company's, the admin's) are not P's.
		recs, err := c.List(ctx, ModelPartner, domain.Like("email", "@example.com"), &ListOptions{Query: Select("name"), PageSize: 2, Page: page})
		if err != nil {
			t.Fatal(err)
		}
		var got []struct{ Name string }
		if err := recs.Decode(&got); err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			names = append(names, g.Name)
		}
		if recs.TotalPages != 3 || recs.Current != page {
			t.Fatalf("page %d: %+v", page, recs)
		}
		if recs.Next == 0 {
			break
		}
	}
	if strings.Join(names, ",") != "P0,P1,P2,P3,P4" {
		t.Errorf("names = %v", names)
	}
	recs, err := c.List(ctx, ModelPartner, domain.Domain{}, &ListOptions{Limit: 2, Order: "id desc"})
	if err != nil || recs.Count != 2 || !strings.Contains(string(recs.Items[0]), `"P4"`) {
		t.Errorf("limit/order: %+v %v", recs, err)
	}
}

func TestBadLogin(t *testing.T) {
	for _, route := range loginRoutes {
		t.Run(route.name, func(t *testing.T) {
			srv := newFake(t)
			c := newClient(t, srv, odoo.WithPassword(ekiclitest.DefaultLogin, "wrong-pass-123"), odoo.WithWebLoginRoute(route.path))
			err := c.Authenticate(ctxT(t))
			var oe *odoo.Error
			if !errors.Is(err, odoo.ErrAccessDenied) || !errors.As(err, &oe) {
				t.Fatalf("err = %v, want ErrAccessDenied", err)
			}
			_, err = c.CreateCustomer(ctxT(t), Customer{Name: "X", Email: "x@example.com"})
			if !errors.Is(err, deskbridge.ErrNotApplied) || !errors.Is(err, odoo.ErrAccessDenied) {
				t.Errorf("create with bad login: %v", err)
			}
			if strings.Contains(err.Error(), "wrong-pass-123") {
				t.Error("password in error")
			}
			if srv.Requests("", "create") != 0 {
				t.Error("a create was sent without a session")
			}
		})
	}
}

func TestSessionExpiryReadReauthenticatesOnce(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ExpireSessions()
	recs, err := c.List(ctx, ModelUser, domain.Domain{}, &ListOptions{Query: Select("login")})
	if err != nil || recs.Count != 1 {
		t.Fatalf("Get after expiry: %+v, %v", recs, err)
	}
	if n := srv.CallCount("", "authenticate"); n != 2 {
		t.Errorf("%d logins, want 2", n)
	}
	// A server that keeps saying "expired" gets one new login, not a loop.
	srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.SessionExpired, Times: 2})
	_, err = c.List(ctx, ModelUser, domain.Domain{}, nil)
	if !errors.Is(err, odoo.ErrSessionExpired) {
		t.Errorf("err = %v, want ErrSessionExpired", err)
	}
	if n := srv.CallCount("", "authenticate"); n != 3 {
		t.Errorf("%d logins, want 3", n)
	}
}

func TestSessionExpiryWriteNotReplayed(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	if err := c.Authenticate(ctx); err != nil {
		t.Fatal(err)
	}
	srv.ExpireSessions()
	_, err := c.CreateCustomer(ctx, Customer{Name: "Amina", Email: "amina@example.dz"})
	var oe *odoo.Error
	if !errors.Is(err, deskbridge.ErrNotApplied) || !errors.Is(err, odoo.ErrSessionExpired) || !errors.As(err, &oe) || oe.Code != 100 {
		t.Fatalf("err = %v, want not applied, session expired (code 100)", err)
	}
	if srv.Requests(ModelPartner, "create") != 1 || srv.CallCount(ModelPartner, "create") != 0 {
		t.Fatalf("create sent %d times, applied %d", srv.Requests(ModelPartner, "create"), srv.CallCount(ModelPartner, "create"))
	}
	// The next call logs in again and goes through.
	if _, err := c.CreateCustomer(ctx, Customer{Name: "Amina", Email: "amina@example.dz"}); err != nil {
		t.Fatal(err)
	}
	if srv.CallCount(ModelPartner, "create") != 1 || srv.CallCount("", "authenticate") != 2 {
		t.Errorf("creates %d, logins %d", srv.CallCount(ModelPartner, "create"), srv.CallCount("", "authenticate"))
	}
}

func TestOdooErrorEnvelope(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.OdooError,
		ErrorName: "odoo.exceptions.ValidationError", ErrorMessage: "Le code PDV existe déjà"})
	_, err := c.CreatePointOfSale(ctx, PointOfSale{Name: "X", Email: "x@example.com", Code: "C1"})
	var oe *odoo.Error
	if !errors.As(err, &oe) || !errors.Is(err, odoo.ErrValidation) || !errors.Is(err, deskbridge.ErrNotApplied) {
		t.Fatalf("err = %v", err)
	}
	if oe.Model != ModelPartner || oe.Method != "create" || oe.Message != "Le code PDV existe déjà" || oe.Code != 200 {
		t.Errorf("odoo.Error = %+v", oe)
	}
	// A real error from the fake: an unknown model on a GET.
	_, err = c.List(ctx, "x.unknown", domain.Domain{}, nil)
	if !errors.As(err, &oe) || !strings.Contains(oe.Message, "does not exist") {
		t.Errorf("unknown model: %v", err)
	}
	// res.partner without a name: the module's deskbridge.ArgumentError.
	srv.ResetCalls()
	_, err = c.update(ctx, ModelPartner, domain.Eq("email", "x@example.com"), map[string]any{"name": "y"})
	var nf *deskbridge.NotFoundError
	if !errors.Is(err, deskbridge.ErrNotFound) || !errors.Is(err, deskbridge.ErrNotApplied) || !errors.As(err, &nf) ||
		nf.Filter != `[["email","=","x@example.com"]]` || nf.ID != 0 || srv.Requests(ModelPartner, "write") != 0 {
		t.Errorf("update of nothing: %v, want deskbridge.ErrNotFound and no PUT (the module answers true whatever matched)", err)
	}
	mustCreate(t, srv, ModelPartner, map[string]any{"name": "x", "email": "x@example.com"})
	srv.InjectFault(ekiclitest.Fault{Method: "write", Kind: fault.WriteFalse})
	_, err = c.UpdatePartner(ctx, "x@example.com", PartnerUpdate{Name: "Y"})
	if !errors.Is(err, deskbridge.ErrNotApplied) || !strings.Contains(err.Error(), "answered false") {
		t.Errorf("write false: %v", err)
	}
}

// New refuses a nil odoo.Client and one that does not speak the web
// session the routes ride on, before anything is sent; a password client
// (web session by default) or one forced to it is taken.
func TestNewValidation(t *testing.T) {
	odooClient := func(opts ...odoo.Option) *odoo.Client {
		oc, err := odoo.New("http://127.0.0.1:1", append([]odoo.Option{odoo.WithDatabase("d")}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return oc
	}
	for name, oc := range map[string]*odoo.Client{
		"nil":     nil,
		"jsonrpc": odooClient(odoo.WithPassword("l", "pw-1234"), odoo.WithProtocol(odoo.JSONRPC)),
		"json2":   odooClient(odoo.WithAPIKey("", "key-pw-1234")),
	} {
		_, err := New(oc)
		if !errors.Is(err, deskbridge.ErrInvalidArgument) || !strings.HasPrefix(fmt.Sprint(err), "ekiclik: New: invalid client: ") {
			t.Errorf("New(%s): %v, want an ekiclik argument error", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "pw-1234") {
			t.Errorf("credentials in error: %v", err)
		}
	}
	for name, oc := range map[string]*odoo.Client{
		"password": odooClient(odoo.WithPassword("l", "p")),
		"web":      odooClient(odoo.WithPassword("l", "p"), odoo.WithProtocol(odoo.WebSession)),
	} {
		c, err := New(oc, WithCreateBy("bank"))
		if err != nil || c.Client() != oc {
			t.Errorf("New(%s) = %v, %v", name, c, err)
		}
	}
}

func TestValidationBeforeSending(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	neg := validProduct()
	neg.Configurations[1].ListPrice = -1
	dup := validProduct()
	dup.Configurations[1].ManufacturerRef = dup.Configurations[0].ManufacturerRef
	noConf := validProduct()
	noConf.Configurations = nil
	zeroQty := validOpportunity()
	zeroQty.Cart[0].Quantity = 0
	badMail := validOpportunity()
	badMail.Applicant.Email = "CLIENT EMAIL"
	noOrder := validOpportunity()
	noOrder.QuotationAddress.EKOrderID = 0
	cases := []struct {
		name  string
		field string
		call  func() error
	}{
		{"negative price", "product[1].list_price", func() error { _, err := c.CreateProduct(ctx, neg); return err }},
		{"duplicate ref", "product[1].manufacturer_ref", func() error { _, err := c.CreateProduct(ctx, dup); return err }},
		{"no configuration", "product", func() error { _, err := c.CreateProduct(ctx, noConf); return err }},
		{"client email", "email", func() error {
			_, err := c.CreateCustomer(ctx, Customer{Name: "A", Email: "CLIENT ADDRESS"})
			return err
		}},
		{"client phone", "phone", func() error {
			_, err := c.CreateCustomer(ctx, Customer{Name: "A", Email: "a@example.com", Phone: "call me"})
			return err
		}},
		{"client name", "name", func() error { _, err := c.CreateCustomer(ctx, Customer{Email: "a@example.com"}); return err }},
		{"pos code", "code_pos", func() error {
			_, err := c.CreatePointOfSale(ctx, PointOfSale{Name: "A", Email: "a@example.com"})
			return err
		}},
		{"zero quantity", "cart[0].quantity", func() error { _, err := c.CreateOpportunity(ctx, zeroQty); return err }},
		{"applicant email", "partner.email", func() error { _, err := c.CreateOpportunity(ctx, badMail); return err }},
		{"ek order id", "quotation_address.ek_order_id", func() error { _, err := c.CreateOpportunity(ctx, noOrder); return err }},
		{"purchase qty", "order_line[0].product_qty", func() error {
			_, err := c.CreatePurchase(ctx, Purchase{POSCode: "P", DateOrder: OrderTime{time.Now()},
				Lines: []PurchaseLine{{ManufacturerRef: "R", Quantity: -2, UnitPrice: 1}}})
			return err
		}},
		{"purchase date", "date_order", func() error {
			_, err := c.CreatePurchase(ctx, Purchase{POSCode: "P", Lines: []PurchaseLine{{ManufacturerRef: "R", Quantity: 1}}})
			return err
		}},
		{"empty config ref", "filter.manufacturer_ref", func() error {
			return errOnly(c.UpdateConfiguration(ctx, " ", ConfigurationUpdate{Name: "x"}))
		}},
		{"empty config update", "data", func() error {
			return errOnly(c.UpdateConfiguration(ctx, "R", ConfigurationUpdate{CreateBy: "ek"}))
		}},
		{"negative config price", "data.standard_price", func() error {
			return errOnly(c.UpdateConfiguration(ctx, "R", ConfigurationUpdate{StandardPrice: deskbridge.Ptr(-5.0)}))
		}},
		{"product ref", "filter.ref", func() error { return errOnly(c.UpdateProduct(ctx, "", ProductUpdate{Name: "x"})) }},
		{"order id", "filter.ek_order_id", func() error {
			return errOnly(c.UpdateOrderStatus(ctx, -1, OrderStatusUpdate{State: OrderInPreparation}))
		}},
		{"order state", "data.state", func() error { return errOnly(c.UpdateOrderStatus(ctx, 1, OrderStatusUpdate{})) }},
		{"order state spaces", "data.state", func() error {
			return errOnly(c.UpdateOrderStatus(ctx, 1, OrderStatusUpdate{State: "in preparation"}))
		}},
		{"partner filter", "filter.email", func() error { return errOnly(c.UpdatePartner(ctx, "CLIENT/POS ADDRESS", PartnerUpdate{Name: "x"})) }},
		{"partner phone", "data.phone", func() error {
			return errOnly(c.UpdatePartner(ctx, "a@example.com", PartnerUpdate{Phone: "12"}))
		}},
		{"user login", "filter.login", func() error { return errOnly(c.UpdateUser(ctx, "", UserUpdate{Name: "x"})) }},
		{"user empty", "data", func() error { return errOnly(c.UpdateUser(ctx, "u@example.com", UserUpdate{})) }},
		{"list model", "model", func() error { _, err := c.List(ctx, "Res Partner", domain.Domain{}, nil); return err }},
		{"list query", "query", func() error {
			_, err := c.List(ctx, ModelPartner, domain.Domain{}, &ListOptions{Query: "{id, name"})
			return err
		}},
		{"list filter", "filter", func() error {
			_, err := c.List(ctx, ModelPartner, domain.Eq("bad field!", 1), nil)
			return err
		}},
		{"list page", "page", func() error {
			_, err := c.List(ctx, ModelPartner, domain.Domain{}, &ListOptions{PageSize: -1})
			return err
		}},
		{"get record id", "id", func() error { _, err := c.Get(ctx, ModelPartner, 0, "", nil); return err }},
		{"control char", "name", func() error {
			_, err := c.CreateCustomer(ctx, Customer{Name: "A\x00B", Email: "a@example.com"})
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.call()
		var ve *deskbridge.ArgumentError
		if !errors.Is(err, deskbridge.ErrInvalidArgument) || !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want deskbridge.ErrInvalidArgument", tc.name, err)
			continue
		}
		if ve.Arg != tc.field {
			t.Errorf("%s: field %q, want %q (%v)", tc.name, ve.Arg, tc.field, err)
		}
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("invalid calls reached the server: %+v", calls)
	}
}

func TestValidators(t *testing.T) {
	for s, want := range map[string]bool{
		"a@example.com": true, "user@mail.com": true, "a.b+c@d.dz": true,
		"CLIENT ADDRESS": false, "": false, "a@": false, "@b": false, "A <a@b.c>": false, " a@b.c": false,
	} {
		if validEmail(s) != want {
			t.Errorf("validEmail(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"0556000000": true, "+213 556 00 00 00": true, "(021) 23-45-67": true,
		"12": false, "0556x00000": false, "1234567890123456": false, "0+556000000": false,
	} {
		if validPhone(s) != want {
			t.Errorf("validPhone(%q) = %v", s, !want)
		}
	}
}

// TestRealServerDefects pins what the real module showed (issue 21): an
// update by a filter that matches nothing, and Get of a missing id
// with the query {id} (echoed) or with more fields (400 HTML), are all
// deskbridge.ErrNotFound; the match count is reported; create_by can be left out
// for a stock server.
func TestRealServerDefects(t *testing.T) {
	srv := newFake(t)
	c := newClient(t, srv)
	ctx := ctxT(t)
	if _, err := c.UpdatePartner(ctx, "nobody@example.dz", PartnerUpdate{Name: "x"}); !errors.Is(err, deskbridge.ErrNotFound) {
		t.Errorf("UpdatePartner of nobody: %v", err)
	}
	if _, err := c.UpdateOrderStatus(ctx, 999999, OrderStatusUpdate{State: OrderInPreparation}); !errors.Is(err, deskbridge.ErrNotFound) {
		t.Errorf("UpdateOrderStatus of no order: %v", err)
	}
	if srv.Requests("", "write") != 0 {
		t.Errorf("%d PUTs sent for updates that match nothing", srv.Requests("", "write"))
	}
	for range 2 {
		mustCreate(t, srv, ModelPartner, map[string]any{"name": "Twin", "email": "twin@example.dz"})
	}
	if n, err := c.UpdatePartner(ctx, "twin@example.dz", PartnerUpdate{Phone: "0550000000"}); n != 2 || err != nil {
		t.Errorf("UpdatePartner of two: %d, %v", n, err)
	}
	for _, q := range []Query{"{id}", "{ id }", "{id, name}", ""} {
		if _, err := c.Get(ctx, ModelPartner, 999999999, q, nil); !errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("Get(missing, %q): %v", q, err)
		}
	}
	raw, err := c.Get(ctx, ModelPartner, 2, "{id}", nil)
	if err != nil || string(raw) != `{"id":2}` {
		t.Errorf("Get(2, {id}) = %s, %v", raw, err)
	}

	stock := newFake(t, ekiclitest.WithoutEkiclikModule())
	mustCreate(t, stock, ModelPartner, map[string]any{"name": "Amina", "email": "amina@example.dz"})
	with := newClient(t, stock)
	if _, err := with.UpdatePartner(ctx, "amina@example.dz", PartnerUpdate{Name: "Amina B"}); !errors.Is(err, deskbridge.ErrNotApplied) {
		t.Errorf("stock server, create_by sent: %v, want not applied (the module answers false)", err)
	}
	without := mustNew(t, newOdoo(t, stock), WithEkiclikFields(false))
	if n, err := without.UpdatePartner(ctx, "amina@example.dz", PartnerUpdate{Name: "Amina B"}); n != 1 || err != nil {
		t.Errorf("stock server, no create_by: %d, %v", n, err)
	}
	if p := records(stock, ModelPartner, domain.Eq("email", "amina@example.dz")); len(p) != 1 || p[0]["name"] != "Amina B" {
		t.Errorf("partner %v", p)
	}
	if n, err := mustNew(t, newOdoo(t, srv), WithMatchCount(false)).UpdatePartner(ctx, "nobody@example.dz", PartnerUpdate{Name: "x"}); n != -1 || err != nil {
		t.Errorf("without the count: %d, %v (the module answers true)", n, err)
	}
}
