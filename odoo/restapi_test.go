package odoo_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestRoute sends add-on routes (the odoo-rest-api module's, served by
// ekiclitest) through the web session: login, cookie, replay of a read
// after the session expired, and no replay of a write.
func TestRoute(t *testing.T) {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	if _, err := srv.Create("res.partner", map[string]any{"name": "Amina"}); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"", "/auth/"} {
		c, err := odoo.New(srv.URL, odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase(ekiclitest.DefaultDatabase),
			odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword), odoo.WithWebLoginRoute(login))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		get := odoo.RouteRequest{Path: "/api/res.partner/?query=%7Bname%7D", Replay: true}
		r, err := c.Route(ctx, get)
		if err != nil || r.StatusCode != 200 || !strings.Contains(string(r.Body), `"name"`) || r.Expired {
			t.Fatalf("%q: GET %v %+v", login, err, r)
		}
		srv.ExpireSessions()
		if r, err = c.Route(ctx, get); err != nil || r.StatusCode != 200 || r.Expired {
			t.Errorf("%q: GET after expiry: %v %+v, want a new login and one replay", login, err, r)
		}
		srv.ExpireSessions()
		put := odoo.RouteRequest{HTTPMethod: "PUT", Path: "/api/res.partner/1/", Body: []byte(`{"params": {"data": {"name": "B"}}}`)}
		r, err = c.Route(ctx, put)
		if err != nil || !r.Expired {
			t.Fatalf("%q: PUT after expiry: %v %+v, want Expired and no replay", login, err, r)
		}
		if _, err := r.Result(); !errors.Is(err, odoo.ErrSessionExpired) {
			t.Errorf("%q: Result of the expired PUT: %v", login, err)
		}
		if r, err = c.Route(ctx, put); err != nil || r.Expired {
			t.Errorf("%q: the next PUT logs in: %v %+v", login, err, r)
		} else if res, err := r.Result(); err != nil || string(res) != "true" {
			t.Errorf("%q: PUT result %s, %v", login, res, err)
		}
	}
	// A password alone picks the web session: no WithProtocol needed.
	def, err := odoo.New(srv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase), odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := def.Route(context.Background(), odoo.RouteRequest{Path: "/api/res.partner/?query=%7Bname%7D", Replay: true}); err != nil || r.StatusCode != 200 {
		t.Errorf("default (password) client: %v %+v", err, r)
	}
	c, _ := odoo.New(srv.URL, odoo.WithProtocol(odoo.JSONRPC), odoo.WithDatabase("x"), odoo.WithPassword("a", "b"))
	if _, err := c.Route(context.Background(), odoo.RouteRequest{Path: "/api/x/"}); !errors.Is(err, deskbridge.ErrInvalidArgument) || !strings.Contains(err.Error(), "not jsonrpc") {
		t.Errorf("JSON-RPC client: %v, want an argument error naming the protocol", err)
	}
}

// TestRouteObserved: a route call reaches the Observer with the request's
// Model and Method, its login as "authenticate", both under the
// client's labels (System "odoo" and the protocol), or the request's own
// System/Protocol when set.
func TestRouteObserved(t *testing.T) {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	for _, tc := range []struct {
		opts                   []odoo.Option
		reqSystem, reqProtocol string
		system, protocol       string
	}{
		{nil, "", "", "odoo", "web"},
		{nil, "ekiclik", "odoo-rest-api", "ekiclik", "odoo-rest-api"},
		{nil, "ekiclik", "", "ekiclik", "web"},
	} {
		var got events
		opts := append([]odoo.Option{odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase(ekiclitest.DefaultDatabase),
			odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword), odoo.WithObserver(got.observe)}, tc.opts...)
		c, err := odoo.New(srv.URL, opts...)
		if err != nil {
			t.Fatal(err)
		}
		r, err := c.Route(context.Background(), odoo.RouteRequest{Path: "/api/res.partner/?query=%7Bname%7D", Replay: true,
			Model: "res.partner", Method: "read", System: tc.reqSystem, Protocol: tc.reqProtocol})
		if err != nil || r.StatusCode != 200 {
			t.Fatalf("Route: %v %+v", err, r)
		}
		login, read := got.of("authenticate"), got.of("read")
		if len(login) != 1 || login[0].System != tc.system || login[0].Protocol != tc.protocol {
			t.Errorf("%s: login events %+v", tc.system, login)
		}
		if len(read) != 1 || read[0].Model != "res.partner" || read[0].System != tc.system || read[0].Protocol != tc.protocol || read[0].Status != 200 {
			t.Errorf("%s: read events %+v (all %+v)", tc.system, read, got.evs)
		}
	}
}

// TestRouteHidesSessionCookie: a route whose reply sets a session cookie
// (a login route sent through Route) does not hand the new session id to
// the caller, whose %v of the reply would show it.
func TestRouteHidesSessionCookie(t *testing.T) {
	srv := ekiclitest.NewServer()
	defer srv.Close()
	c, err := odoo.New(srv.URL, odoo.WithProtocol(odoo.WebSession), odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"params": {"db": "` + ekiclitest.DefaultDatabase + `", "login": "` + ekiclitest.DefaultLogin +
		`", "password": "` + ekiclitest.DefaultPassword + `"}}`
	r, err := c.Route(context.Background(), odoo.RouteRequest{HTTPMethod: "POST", Path: "/auth/", Body: []byte(body)})
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("POST /auth/: %v %+v", err, r)
	}
	if got := r.Header.Values("Set-Cookie"); len(got) != 0 {
		t.Errorf("Header keeps Set-Cookie %q", got)
	}
	printed := fmt.Sprintf("%v %+v %#v", r, r, r)
	for _, sid := range srv.IssuedSessions() {
		if strings.Contains(printed, sid) {
			t.Errorf("the reply shows session id %s…", sid[:4])
		}
	}
}
