// Command ekiclik pushes a product with two configurations and an order
// to Odoo through the odoo-rest-api module, then moves the order to "in
// preparation", printing what happened.
//
//	go run ./examples/ekiclik      # embedded fake server, nothing to set up
//	go run ./examples/ekiclik -h   # usage; runs nothing
//
// With EKICLIK_URL (or ODOO_URL) set it talks to that server, logging in
// with EKICLIK_DB, EKICLIK_LOGIN and EKICLIK_PASSWORD (or ODOO_DB,
// ODOO_LOGIN, ODOO_PASSWORD) and, with -auth auth (or EKICLIK_AUTH=auth),
// the module's /auth/ route. Without a URL it starts an embedded fake
// server (ekiclitest) and says so on its first line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "ekiclik example:", explain(err))
		os.Exit(1)
	}
}

// errUsage marks a bad command line, which the flag package has explained.
var errUsage = errors.New("usage")

// explain adds what the caller should do to an error.
func explain(err error) string {
	switch {
	case errors.Is(err, deskbridge.ErrInvalidArgument):
		return err.Error() + " (nothing was sent)"
	case errors.Is(err, deskbridge.ErrOutcomeUnknown):
		return err.Error() + " (check the record in Odoo before running again)"
	case errors.Is(err, deskbridge.ErrNotApplied):
		return err.Error() + " (nothing was changed)"
	}
	return err.Error()
}

// run is the program: args are the flags, getenv reads the environment.
func run(ctx context.Context, args []string, getenv func(string) string, out, stderr io.Writer) error {
	env := func(names ...string) string {
		for _, n := range names {
			if v := getenv(n); v != "" {
				return v
			}
		}
		return ""
	}
	fs := flag.NewFlagSet("ekiclik", flag.ContinueOnError)
	fs.SetOutput(stderr)
	auth := fs.String("auth", env("EKICLIK_AUTH"), "login route: session (/web/session/authenticate, the default) or auth (the module's /auth/)")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: ekiclik [-auth session|auth] [-timeout d]")
		fmt.Fprintln(fs.Output(), "Runs against an embedded fake odoo-rest-api server, or the Odoo named by EKICLIK_URL")
		fmt.Fprintln(fs.Output(), "(or ODOO_URL) with EKICLIK_DB, EKICLIK_LOGIN and EKICLIK_PASSWORD (or the ODOO_ ones).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	route := "/web/session/authenticate"
	switch strings.ToLower(*auth) {
	case "", "session", "web":
	case "auth":
		route = "/auth/"
	default:
		fs.Usage()
		return fmt.Errorf("%w: -auth %q: want session or auth", errUsage, *auth)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	url := env("EKICLIK_URL", "ODOO_URL")
	db := env("EKICLIK_DB", "ODOO_DB")
	login := env("EKICLIK_LOGIN", "ODOO_LOGIN")
	password := env("EKICLIK_PASSWORD", "ODOO_PASSWORD")
	var fake *ekiclitest.Server
	if url == "" {
		fake = ekiclitest.NewServer()
		defer fake.Close()
		url, db, login, password = fake.URL, ekiclitest.DefaultDatabase, ekiclitest.DefaultLogin, ekiclitest.DefaultPassword
		fmt.Fprintf(out, "no EKICLIK_URL or ODOO_URL set: using an embedded fake odoo-rest-api server at %s\n", url)
	} else {
		fmt.Fprintf(out, "using the Odoo server at %s (database %q, login %q)\n", url, db, login)
	}
	// The odoo.Client holds the connection and the web session the
	// module's routes ride on; WithWebLoginRoute picks the login route.
	oc, err := odoo.New(url, odoo.WithDatabase(db), odoo.WithPassword(login, password),
		odoo.WithWebLoginRoute(route), odoo.WithUserAgent("deskbridge-example-ekiclik"))
	if err != nil {
		return err
	}
	c, err := ekiclik.New(oc)
	if err != nil {
		return err
	}
	defer func() { // logs out
		if err := c.Close(); err != nil {
			fmt.Fprintln(stderr, "ekiclik example: logout:", err)
		}
	}()
	if err := c.Authenticate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(out, "logged in through %s\n", route)

	product := ekiclik.Product{
		Name: "Galaxy A54", Brand: "Samsung", Manufacturer: "Samsung Electronics",
		Category: "Phones", Ref: "SM-A54",
		Configurations: []ekiclik.Configuration{
			{Name: "Galaxy A54 128 GB", Description: "Black, 128 GB", ManufacturerRef: "SM-A546B-128",
				ListPrice: 80000, StandardPrice: 50000, SaleOK: true, PurchaseOK: true},
			{Name: "Galaxy A54 256 GB", Description: "Black, 256 GB", ManufacturerRef: "SM-A546B-256",
				ListPrice: 95000, StandardPrice: 61000, SaleOK: true, PurchaseOK: true},
		},
	}
	pid, err := c.CreateProduct(ctx, product)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "product %q pushed with %d configurations: Odoo answered id %d\n", product.Ref, len(product.Configurations), pid)

	const ekOrderID = 1416
	order := ekiclik.Opportunity{
		OrderSource: "Alsalam",
		Applicant:   ekiclik.Applicant{Email: "amina@example.dz", Salary: 90000, MonthlyPayment: 5321, Periodicity: 12},
		CartID:      259,
		Cart:        []ekiclik.CartLine{{ManufacturerRef: "SM-A546B-128", Quantity: 1, Warehouse: "PDVA-E-TIN-TIN-88-07"}},
		QuotationAddress: ekiclik.QuotationAddress{
			Street: "12 rue Didouche Mourad", State: "Alger", Country: "DZ", EKOrderID: ekOrderID,
		},
		POSCode:  "PDVA-E-TIN-TIN-88-07",
		FileInfo: ekiclik.FileInfo{FileNumber: 1906, ClientNumber: "0666666666", OrderStatus: "draft", FileState: "traitement"},
	}
	lead, err := c.CreateOpportunity(ctx, order)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "order %d pushed as opportunity (crm.lead) %d\n", ekOrderID, lead)

	if _, err := c.UpdateOrderStatus(ctx, ekOrderID, ekiclik.OrderStatusUpdate{OrderSource: "Alsalam", State: ekiclik.OrderInPreparation}); err != nil {
		return err
	}
	recs, err := c.List(ctx, ekiclik.ModelSaleOrder, domain.Eq("ek_order_id", fmt.Sprint(ekOrderID)), &ekiclik.ListOptions{Query: ekiclik.Select("id", "ek_order_id", "state")})
	if err != nil {
		return err
	}
	var orders []struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	if err := recs.Decode(&orders); err != nil {
		return err
	}
	for _, o := range orders {
		fmt.Fprintf(out, "sale.order %d of Ekiclik order %d is now %s\n", o.ID, ekOrderID, o.State)
	}
	if len(orders) == 0 {
		fmt.Fprintf(out, "no sale.order carries ek_order_id %d yet (the status update matched nothing)\n", ekOrderID)
	}
	if fake != nil {
		fmt.Fprintf(out, "fake server call log: %d logins, %d creates, %d writes, %d reads\n",
			fake.CallCount("", "authenticate"), fake.CallCount("", "create"), fake.CallCount("", "write"), fake.CallCount("", "read"))
	}
	return nil
}
