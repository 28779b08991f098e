package ekiclik_test

import (
	"context"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
)

func TestObserver(t *testing.T) {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	var mu sync.Mutex
	byMethod := map[string]deskbridge.CallEvent{}
	oc, err := odoo.New(srv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword),
		odoo.WithObserver(func(_ context.Context, e deskbridge.CallEvent) {
			mu.Lock()
			byMethod[e.Method] = e
			mu.Unlock()
		}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ekiclik.New(oc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCustomer(context.Background(), ekiclik.Customer{CreateBy: "t", Name: "Observed", Email: "o@example.dz"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	login, create := byMethod["authenticate"], byMethod["create"]
	if login.System != "ekiclik" || login.Status != 200 || login.RequestBytes == 0 {
		t.Errorf("login event %+v", login)
	}
	if create.Model != "res.partner" || create.Protocol != "odoo-rest-api" || create.Status != 200 || create.RequestBytes == 0 || create.ReplyBytes == 0 {
		t.Errorf("create event %+v (all: %v)", create, byMethod)
	}
}
