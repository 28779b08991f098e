package ekiclik

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// The typed values that must reproduce seed 003's bodies.

func seedProduct() *Product {
	return &Product{
		Name: "PRODUCT NAME", Brand: "BRAND NAME", CreateBy: "ekiclic",
		Manufacturer: "Fabriquant NAME", Category: "CATEGORY NAME", Ref: "PRODUCT REFERENCE",
		Configurations: []Configuration{{
			Name: "CONFIGURATION NAME", Description: "DESCRIPTION", DetailedType: TypeStorable,
			ImageURL: "IMAGE URL", ListPrice: 80000, StandardPrice: 50000,
			ManufacturerRef: "CONFIGURATION REFERENCE", PurchaseOK: true, SaleOK: true,
			CreateBy: "ekiclic", CertificateURL: "CERTIFICATION URL",
		}},
	}
}

func seedCustomer() *Customer {
	return &Customer{CreateBy: "EkiClic", Status: StatusWaiting, Type: "contact",
		Name: "CLIENT NAME", Email: "CLIENT ADDRESS", Phone: "0556000000"}
}

func seedPOS() *PointOfSale {
	return &PointOfSale{CreateBy: "EkiClic", Status: StatusWaiting, Type: "contact",
		Name: "POS NAME", Email: "POS ADDRESS", Phone: "0556000000",
		Code: "PDVA-E-TIN-TIN-88-07", CreditCode: "CREDIT ANALYST CODE", ResponsibleCode: "RESPONSABLE CODE"}
}

func seedOpportunity() *Opportunity {
	return &Opportunity{
		CreateBy: "ekiclik", OrderSource: "Alsalam",
		Applicant: Applicant{Email: "CLIENT EMAIL", Salary: 900000, BirthDate: odoo.NewDate(1993, time.November, 3),
			MonthlyPayment: 5321, Periodicity: 12},
		CartID: 259,
		Cart:   []CartLine{{ManufacturerRef: "CONFIGURATION REFERENCE", Quantity: 7, Warehouse: "POS CODE"}},
		QuotationAddress: QuotationAddress{OrderSource: "Alsalam", Type: "delivery", CreateBy: "ekiclick",
			Street: "POS ADDRESS", State: "WILAYA", Country: "DZ", POSCode: "POS CODE", EKOrderID: 1416},
		POSCode: "POS CODE",
		FileInfo: FileInfo{FileNumber: 1906, ClientNumber: "0666666666", OrderStatus: "draft",
			Progress: 0, FileState: "traitement"},
	}
}

func seedPurchase() *Purchase {
	return &Purchase{CreateBy: "ek", POSCode: "PDVA-E-BOJ-BOJ-05-001", UserID: 2, State: PurchaseDraft,
		DateOrder: OrderTime{time.Date(2023, time.July, 30, 12, 23, 15, 0, time.UTC)},
		Lines:     []PurchaseLine{{ManufacturerRef: "CONFIGURATION REFERENCE", Quantity: 6, UnitPrice: 6000}}}
}

// goldenBodies maps each seed file to the value our code sends for it.
func goldenBodies() map[string]any {
	return map[string]any{
		"product_create":     CreateEnvelope(seedProduct()),
		"client_create":      CreateEnvelope(seedCustomer()),
		"pos_create":         CreateEnvelope(seedPOS()),
		"opportunity_create": CreateEnvelope(seedOpportunity()),
		"purchase_create":    CreateEnvelope(seedPurchase()),
		"configuration_update": UpdateEnvelope(domain.Eq("manufacturer_ref", "CONFIGURATION REFERENCE"),
			ConfigurationUpdate{CreateBy: "EKICLIK", Name: "UPDATED CONFIGURATION NAME"}),
		"product_update": UpdateEnvelope(domain.Eq("ref", "PRODUCT REFERENCE"),
			ProductUpdate{Name: "NAME", Brand: "UPDATED BRAND", CreateBy: "ekiclic", Category: "CATEGORY", Ref: "PRODUCT REFERENCE"}),
		"order_status_update": UpdateEnvelope(domain.Eq("ek_order_id", "1234"),
			OrderStatusUpdate{CreateBy: "ekiclik", OrderSource: "BNA", State: OrderInPreparation}),
		"partner_update": UpdateEnvelope(domain.Eq("email", "CLIENT/POS ADDRESS"),
			PartnerUpdate{CreateBy: "ekiclik", Name: "UPDATED NAME"}),
		"user_update": UpdateEnvelope(domain.Eq("login", "user@mail.com"),
			UserUpdate{Name: "UPDATED NAME", Codification: "USER CODE", Email: "user@mail.com", Phone: "0667777777",
				Role: RoleSuperAdmin, POSCode: "POS CODE", CreateBy: "ekiclik"}),
		"auth_web_session": authBody{JSONRPC: "2.0", Params: authParams{Login: "your@email.com", Password: "your_password", DB: "database_name"}},
		"auth_route":       authBody{Params: authParams{Login: "your@email.com", Password: "your_password", DB: "your_db_name"}},
	}
}

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seed003", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return normalizeJSONNumbers(v)
}

// normalizeJSONNumbers makes 80000.0 and 80000 the same value, as a JSON
// reader (Python's json included for a float field) sees them.
func normalizeJSONNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeJSONNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalizeJSONNumbers(e)
		}
	}
	return v
}

func TestGoldenBodies(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "seed003", "raw", "*.js"))
	bodies := goldenBodies()
	covered := 0
	for _, f := range files {
		name := filepath.Base(f[:len(f)-3])
		if name == "create_response" || name == "update_response" {
			continue
		}
		covered++
		t.Run(name, func(t *testing.T) {
			v, ok := bodies[name]
			if !ok {
				t.Fatalf("no typed value for seed body %s", name)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			want := readGolden(t, name)
			if g, w := decodeAny(t, got), decodeAny(t, want); !reflect.DeepEqual(g, w) {
				t.Errorf("body differs from seed 003\n got: %s\nwant: %s", got, bytes.Join(bytes.Fields(want), nil))
			}
		})
	}
	if covered != len(bodies) || covered < 12 {
		t.Errorf("%d seed bodies, %d typed values: every seed body needs one", covered, len(bodies))
	}
}

// TestGoldenFilesAreSeed proves each .json is its raw seed body with only
// the documented fixes (README.md): an annotation after "<<<" dropped and
// trailing commas removed.
func TestGoldenFilesAreSeed(t *testing.T) {
	annotation := regexp.MustCompile(`<<<[^\n]*`)
	trailing := regexp.MustCompile(`,(\s*[}\]])`)
	files, _ := filepath.Glob(filepath.Join("testdata", "seed003", "raw", "*.js"))
	if len(files) != 14 {
		t.Fatalf("%d raw seed files, want 14", len(files))
	}
	malformed := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(raw) {
			malformed++
		}
		fixed := trailing.ReplaceAll(annotation.ReplaceAll(raw, nil), []byte("$1"))
		name := filepath.Base(f[:len(f)-3])
		if g, w := decodeAny(t, fixed), decodeAny(t, readGolden(t, name)); !reflect.DeepEqual(g, w) {
			t.Errorf("%s.json is not raw/%s.js with the documented fixes", name, name)
		}
	}
	if malformed != 3 {
		t.Errorf("%d malformed seed bodies, README documents 3", malformed)
	}
}

// TestGoldenRoundTrip decodes the seed bodies back into the typed values.
func TestGoldenRoundTrip(t *testing.T) {
	check := func(name string, dst any, want any) {
		t.Helper()
		var env struct {
			Params struct {
				Data json.RawMessage `json:"data"`
			} `json:"params"`
		}
		if err := json.Unmarshal(readGolden(t, name), &env); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(env.Params.Data, dst); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(dst, want) {
			t.Errorf("%s: decoded %+v, want %+v", name, dst, want)
		}
	}
	p := seedProduct()
	p.Configurations[0].Attributes = Attributes{} // seedProduct leaves it nil to prove nil encodes as []
	check("product_create", &Product{}, p)
	check("opportunity_create", &Opportunity{}, seedOpportunity())
	check("purchase_create", &Purchase{}, seedPurchase())
}

func TestGoldenResponses(t *testing.T) {
	id, err := decodeCreate(reply(200, readGolden(t, "create_response")))
	if err != nil || id != 1 {
		t.Errorf("create response: %d, %v; want 1", id, err)
	}
	if err := decodeWrite(reply(200, readGolden(t, "update_response"))); err != nil {
		t.Errorf("update response: %v", err)
	}
}

func TestPyBoolAndNulls(t *testing.T) {
	for _, c := range []struct {
		in   string
		want PyBool
		ok   bool
	}{{`"True"`, true, true}, {`"False"`, false, true}, {`true`, true, true}, {`null`, false, true}, {`"yes"`, false, false}} {
		var p PyBool
		err := json.Unmarshal([]byte(c.in), &p)
		if (err == nil) != c.ok || p != c.want {
			t.Errorf("PyBool(%s) = %v, %v", c.in, p, err)
		}
	}
	var s NullString
	if err := json.Unmarshal([]byte(`false`), &s); err != nil || s != "" {
		t.Errorf("NullString(false) = %q, %v", s, err)
	}
	for _, c := range []struct {
		in   string
		want NullID
		ok   bool
	}{{`7`, 7, true}, {`7.0`, 7, true}, {`null`, 0, true}, {`false`, 0, true}, {`7.5`, 0, false}, {`"7"`, 0, false}} {
		var id NullID // odoo's integer rule
		err := json.Unmarshal([]byte(c.in), &id)
		if (err == nil) != c.ok || id != c.want {
			t.Errorf("NullID(%s) = %d, %v", c.in, id, err)
		}
	}
	for _, c := range []struct {
		result string
		want   int64
	}{{`7`, 7}, {`7.0`, 7}, {`7.5`, 0}, {`0`, 0}, {`"7"`, 0}} {
		id, err := decodeCreate(reply(200, []byte(`{"jsonrpc": "2.0", "id": null, "result": `+c.result+`}`)))
		if id != c.want || (err == nil) != (c.want > 0) {
			t.Errorf("create answered %s: %d, %v", c.result, id, err)
		}
	}
	var ot OrderTime
	if err := json.Unmarshal([]byte(`"2023-07-30"`), &ot); err == nil {
		t.Error("OrderTime accepted an ISO date")
	}
	if b, _ := json.Marshal(OrderTime{}); string(b) != "null" {
		t.Errorf("zero OrderTime = %s", b)
	}
	if !OrderInPreparation.Known() || OrderState("EK_ORDER_SHIPPED").Known() {
		t.Error("Known")
	}
}

// authBody is the specification's login body (the client logs in through
// odoo.Client, which sends the full JSON-RPC request both routes accept). The web session route is sent the specification's
// {"jsonrpc": "2.0", "params": {...}}, the /auth/ route {"params": {...}}.
type authBody struct {
	JSONRPC string     `json:"jsonrpc,omitempty"`
	Params  authParams `json:"params"`
}

type authParams struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	DB       string `json:"db"`
}
