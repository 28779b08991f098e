package ekiclik_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
)

func exampleClient(srv *ekiclitest.Server) *ekiclik.Client {
	oc, err := odoo.New(srv.URL,
		odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword))
	if err != nil {
		log.Fatal(err)
	}
	c, err := ekiclik.New(oc)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// Push a product with two configurations, then an order, then move the
// order to "in preparation".
func Example() {
	srv := ekiclitest.NewServer() // an in-memory Odoo with the odoo-rest-api routes
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()

	id, err := c.CreateProduct(ctx, ekiclik.Product{
		Name: "Galaxy A54", Brand: "Samsung", Manufacturer: "Samsung Electronics",
		Category: "Phones", Ref: "SM-A54",
		Configurations: []ekiclik.Configuration{
			{Name: "Galaxy A54 128 GB", ManufacturerRef: "SM-A546B-128", ListPrice: 80000, StandardPrice: 50000, SaleOK: true, PurchaseOK: true},
			{Name: "Galaxy A54 256 GB", ManufacturerRef: "SM-A546B-256", ListPrice: 95000, StandardPrice: 61000, SaleOK: true, PurchaseOK: true},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("product", id, "with", srv.Count("product.template", domain.Eq("master_id", id)), "configurations")

	lead, err := c.CreateOpportunity(ctx, ekiclik.Opportunity{
		OrderSource: "Alsalam",
		Applicant:   ekiclik.Applicant{Email: "amina@example.dz", Salary: 90000, MonthlyPayment: 5321, Periodicity: 12},
		CartID:      259,
		Cart:        []ekiclik.CartLine{{ManufacturerRef: "SM-A546B-128", Quantity: 1, Warehouse: "PDVA-E-TIN-TIN-88-07"}},
		QuotationAddress: ekiclik.QuotationAddress{
			Street: "12 rue Didouche Mourad", State: "Alger", Country: "DZ", EKOrderID: 1416,
		},
		POSCode:  "PDVA-E-TIN-TIN-88-07",
		FileInfo: ekiclik.FileInfo{FileNumber: 1906, OrderStatus: "draft", FileState: "traitement"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("opportunity", lead)

	_, err = c.UpdateOrderStatus(ctx, 1416, ekiclik.OrderStatusUpdate{OrderSource: "Alsalam", State: ekiclik.OrderInPreparation})
	if err != nil {
		log.Fatal(err)
	}
	orders := srv.Search("sale.order", domain.Eq("ek_order_id", "1416")) // the fake's store, as odootest's
	order, _ := srv.Record("sale.order", orders[0])
	fmt.Println("sale.order state:", order["state"])
	// Output:
	// product 1 with 2 configurations
	// opportunity 1
	// sale.order state: EK_ORDER_IN_PREPARATION
}

func ExampleClient_UpdateOrderStatus() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	order, err := srv.Create("sale.order", map[string]any{"ek_order_id": "1234", "state": "draft"})
	if err != nil {
		log.Fatal(err)
	}
	c := exampleClient(srv)

	// Any state the Ekiclik module knows is accepted, constant or not.
	for _, st := range []ekiclik.OrderState{ekiclik.OrderInPreparation, "EK_ORDER_DELIVERED"} {
		if _, err := c.UpdateOrderStatus(context.Background(), 1234, ekiclik.OrderStatusUpdate{OrderSource: "BNA", State: st}); err != nil {
			log.Fatal(err)
		}
		rec, _ := srv.Record("sale.order", order)
		fmt.Println(rec["state"], st.Known())
	}
	// Output:
	// EK_ORDER_IN_PREPARATION true
	// EK_ORDER_DELIVERED false
}

func ExampleClient_CreatePurchase() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	id, err := c.CreatePurchase(context.Background(), ekiclik.Purchase{
		POSCode:   "PDVA-E-BOJ-BOJ-05-001",
		UserID:    2,
		DateOrder: ekiclik.OrderTime{Time: time.Date(2023, time.July, 30, 12, 23, 15, 0, time.UTC)},
		Lines:     []ekiclik.PurchaseLine{{ManufacturerRef: "SM-A546B-128", Quantity: 6, UnitPrice: 6000}},
	})
	if err != nil {
		log.Fatal(err)
	}
	rec, _ := srv.Record("purchase.order", id)
	fmt.Println(id, rec["date_order"])
	// Output: 1 30/07/23 12:23:15
}

func ExampleClient_List() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()
	for _, name := range []string{"Tizi Mobile", "Oran Phones"} {
		_, err := c.CreatePointOfSale(ctx, ekiclik.PointOfSale{Name: name, Email: "pos@example.dz", Code: "PDV-" + name[:4]})
		if err != nil {
			log.Fatal(err)
		}
	}
	recs, err := c.List(ctx, "res.partner", domain.Eq("is_pos", "True"), &ekiclik.ListOptions{Query: ekiclik.Select("id", "name"), PageSize: 10})
	if err != nil {
		log.Fatal(err)
	}
	var pos []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := recs.Decode(&pos); err != nil {
		log.Fatal(err)
	}
	// The module sorts by the model's order (res.partner: by name).
	fmt.Println(recs.Count, pos)
	// Output: 2 [{5 Oran Phones} {4 Tizi Mobile}]
}

func ExampleClient_CreateCustomer() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	id, err := c.CreateCustomer(context.Background(), ekiclik.Customer{
		Name: "Amina Benali", Email: "amina@example.dz", Phone: "0666666666",
	})
	if err != nil {
		log.Fatal(err)
	}
	rec, _ := srv.Record("res.partner", id)
	// is_pos "False" marks a client; Status and Type take their defaults.
	fmt.Println(rec["name"], rec["is_pos"], rec["status"], rec["type"])
	// Output: Amina Benali False WAITING contact
}

// Get reads one record; a missing id is ErrNotFound.
func ExampleClient_Get() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()
	id, err := c.CreateCustomer(ctx, ekiclik.Customer{Name: "Amina Benali", Email: "amina@example.dz"})
	if err != nil {
		log.Fatal(err)
	}
	var cu struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	}
	if _, err := c.Get(ctx, ekiclik.ModelPartner, id, ekiclik.Select("name", "status"), &cu); err != nil {
		log.Fatal(err)
	}
	fmt.Println(cu.Name, cu.Status)
	_, err = c.Get(ctx, ekiclik.ModelPartner, 999999, "{id}", nil)
	fmt.Println(errors.Is(err, deskbridge.ErrNotFound), err)
	// Output:
	// Amina Benali WAITING
	// true ekiclik: Get: res.partner 999999 not found
}

// Errors say whether a create may have been applied.
func ExampleClient_CreateCustomer_outcomeUnknown() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.DropAfter}) // applied, reply lost
	_, err := c.CreateCustomer(context.Background(), ekiclik.Customer{Name: "Amina", Email: "amina@example.dz"})
	switch {
	case errors.Is(err, deskbridge.ErrInvalidArgument):
		fmt.Println("fix the payload")
	case errors.Is(err, deskbridge.ErrNotApplied):
		fmt.Println("safe to send again")
	case errors.Is(err, deskbridge.ErrOutcomeUnknown):
		fmt.Println("look it up before sending again; server has", srv.Count("res.partner", domain.Eq("email", "amina@example.dz")), "client")
	}
	// Output: look it up before sending again; server has 1 client
}

// The odoo.Client carries the connection: URL, database, password (the
// web session, which the module's routes ride on) and, to log in through
// the module's /auth/ route rather than /web/session/authenticate,
// odoo.WithWebLoginRoute. ekiclik's options are its own.
func ExampleNew() {
	oc, err := odoo.New("https://odoo.example.com",
		odoo.WithDatabase("prod"),
		odoo.WithPassword("ekiclik-bot@example.com", "not-shown"),
		odoo.WithWebLoginRoute("/auth/"))
	if err != nil {
		log.Fatal(err)
	}
	defer oc.Close()
	c, err := ekiclik.New(oc, ekiclik.WithCreateBy("bank-portal"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)
	// Output: ekiclik.Client{odoo.Client{url=https://odoo.example.com protocol=web db="prod" login="ekiclik-bot@example.com" auth=password} create_by=bank-portal}
}
