package ekiclitest_test

import (
	"context"
	"fmt"

	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
)

// A test of code that pushes Ekiclik clients to Odoo: the code under test
// uses package ekiclik on an odoo.Client for the fake's URL; the
// assertions read the fake's records and call log.
func Example() {
	srv := ekiclitest.NewServer()
	defer srv.Close()

	oc, err := odoo.New(srv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := ekiclik.New(oc)
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := c.CreateCustomer(context.Background(), ekiclik.Customer{
		CreateBy: "ekiclik", Name: "Amina Benali", Email: "amina@example.dz", Phone: "0666666666",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	rec, _ := srv.Record("res.partner", id)
	fmt.Println(rec["name"], rec["email"])
	fmt.Println(srv.CallCount("", "authenticate"), "login,", srv.CallCount("res.partner", "create"), "create")
	// Output:
	// Amina Benali amina@example.dz
	// 1 login, 1 create
}
