package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// ReadGroup answers the same Groups on Odoo 16 (read_group) and 19
// (formatted_read_group, whose reply keys differ): the method is chosen by
// the server's version, read once.
func ExampleClient_ReadGroup() {
	ctx := context.Background()
	for _, v := range []string{"16.0", "19.0"} {
		srv := odootest.NewServer(odootest.WithVersion(v), odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
		client, err := srv.NewClient(odoo.WebSession)
		if err != nil {
			panic(err)
		}
		groups, err := client.ReadGroup(ctx, "helpdesk.ticket", domain.Eq("priority", "3"), []string{"priority"}, nil)
		if err != nil {
			panic(err)
		}
		for _, g := range groups {
			fmt.Println(v, g.Values["priority"], g.Count, g.Domain)
		}
		srv.Close()
	}
	// Output:
	// 16.0 3 6 [('priority', '=', '3'), ('priority', '=', '3')]
	// 19.0 3 6 [('priority', '=', '3'), ('priority', '=', '3')]
}

// Route sends an add-on's route (here the odoo-rest-api module's) through
// the client's web session: one login, the session cookie, relogin and
// redaction, as for ORM calls.
func ExampleClient_Route() {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	client, err := odoo.New(srv.URL, odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword), odoo.WithWebLoginRoute("/auth/"))
	if err != nil {
		panic(err)
	}
	defer client.Close()
	q := url.Values{"query": {"{id,name}"}, "filter": {`[["id", "=", 1]]`}}
	resp, err := client.Route(context.Background(), odoo.RouteRequest{Path: "/api/res.country/?" + q.Encode(), Replay: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), len(resp.Body) > 0)
	// Output: 200 application/json true
}

// On a fake pinned to Odoo 18, JSON-2 is refused as the real 18 refuses it
// (its catch-all route redirects to the login page): the client says the
// server has no JSON-2.
func ExampleClient_Version() {
	srv := odootest.NewServer(odootest.WithVersion("18.0"))
	defer srv.Close()
	client, err := srv.NewClient(odoo.JSON2)
	if err != nil {
		panic(err)
	}
	v, _ := client.Version(context.Background())
	err = client.Authenticate(context.Background())
	fmt.Println(v.ServerVersion, errors.Is(err, deskbridge.ErrUnsupported))
	// Output: 18.0+e true
}
