package ekiclik

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/jarcoal/httpmock"
)

const mockBase = "https://odoo.example.com"

// captured is one request seen by the mock.
type captured struct {
	method, path, query, cookie, contentType string
	body                                     []byte
}

// newMock returns a client on an httpmock transport that logs in through
// route and answers every /api/ write with result, and the requests seen.
func newMock(t *testing.T, loginRoute, result string) (*Client, *httpmock.MockTransport, func() []captured) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	var mu sync.Mutex
	var seen []captured
	record := func(r *http.Request) {
		var b []byte
		if r.Body != nil {
			b, _ = io.ReadAll(r.Body)
		}
		ck, _ := r.Cookie("session_id")
		c := captured{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, contentType: r.Header.Get("Content-Type"), body: b}
		if ck != nil {
			c.cookie = ck.Value
		}
		mu.Lock()
		seen = append(seen, c)
		mu.Unlock()
	}
	mt.RegisterResponder("POST", mockBase+"/web/session/authenticate", func(r *http.Request) (*http.Response, error) {
		record(r)
		resp := httpmock.NewStringResponse(200, `{"jsonrpc": "2.0", "id": null, "result": {"uid": 2, "username": "bot@example.com"}}`)
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Add("Set-Cookie", "session_id=62dd55784cb0b1f69c584f7dc1eea6f587e32570; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly; Path=/")
		return resp, nil
	})
	mt.RegisterResponder("POST", mockBase+"/auth/", func(r *http.Request) (*http.Response, error) {
		record(r)
		return httpmock.NewStringResponse(200, `{"jsonrpc": "2.0", "id": null, "result": {"uid": 2, "session_id": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}}`), nil
	})
	api := func(r *http.Request) (*http.Response, error) {
		record(r)
		if r.Method == http.MethodGet {
			return httpmock.NewStringResponse(200, `{"count": 1, "prev": null, "current": 1, "next": null, "total_pages": 1, "result": [{"id": 7, "name": "X"}]}`), nil
		}
		return httpmock.NewStringResponse(200, `{"jsonrpc": "2.0", "id": null, "result": `+result+`}`), nil
	}
	mt.RegisterResponder("POST", mockBase+"/web/session/destroy", func(r *http.Request) (*http.Response, error) {
		record(r)
		// Capture odoo16/45: no result member, a new anonymous session.
		resp := httpmock.NewStringResponse(200, `{"jsonrpc": "2.0", "id": 45}`)
		resp.Header.Set("Content-Type", "application/json; charset=utf-8")
		resp.Header.Add("Set-Cookie", "session_id=4143b9ef4b9fbdb656d843e681ebfc08ec3f223b; Max-Age=604800; HttpOnly; Path=/")
		return resp, nil
	})
	mt.RegisterRegexpResponder("POST", mustRegexp(`^`+mockBase+`/api/[a-z.]+/$`), api)
	mt.RegisterRegexpResponder("PUT", mustRegexp(`^`+mockBase+`/api/[a-z.]+/$`), api)
	mt.RegisterRegexpResponder("GET", mustRegexp(`^`+mockBase+`/api/[a-z.]+/`), api)
	oc, err := odoo.New(mockBase, odoo.WithDatabase("ekiclik_prod"), odoo.WithPassword("bot@example.com", "s3cret-Pa55"),
		odoo.WithWebLoginRoute(loginRoute), odoo.WithHTTPClient(&http.Client{Transport: mt}), odoo.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return mustNew(t, oc), mt, func() []captured {
		mu.Lock()
		defer mu.Unlock()
		return append([]captured(nil), seen...)
	}
}

// TestRequestShapesSeedValues sends the seed's own values (those that pass
// validation) through the client and checks the wire body is the seed's.
func TestRequestShapesSeedValues(t *testing.T) {
	ctx := ctxT(t)
	cases := []struct {
		golden, method, path, result string
		call                         func(c *Client) error
	}{
		{"product_create", "POST", "/api/product.template/", "1", func(c *Client) error { _, err := c.CreateProduct(ctx, *seedProduct()); return err }},
		{"purchase_create", "POST", "/api/purchase.order/", "1", func(c *Client) error { _, err := c.CreatePurchase(ctx, *seedPurchase()); return err }},
		{"configuration_update", "PUT", "/api/product.template/", "true", func(c *Client) error {
			return errOnly(c.UpdateConfiguration(ctx, "CONFIGURATION REFERENCE", ConfigurationUpdate{CreateBy: "EKICLIK", Name: "UPDATED CONFIGURATION NAME"}))
		}},
		{"product_update", "PUT", "/api/product.master/", "true", func(c *Client) error {
			return errOnly(c.UpdateProduct(ctx, "PRODUCT REFERENCE", ProductUpdate{Name: "NAME", Brand: "UPDATED BRAND", CreateBy: "ekiclic", Category: "CATEGORY", Ref: "PRODUCT REFERENCE"}))
		}},
		{"order_status_update", "PUT", "/api/sale.order/", "true", func(c *Client) error {
			return errOnly(c.UpdateOrderStatus(ctx, 1234, OrderStatusUpdate{OrderSource: "BNA", State: OrderInPreparation}))
		}},
		{"user_update", "PUT", "/api/res.users/", "true", func(c *Client) error {
			return errOnly(c.UpdateUser(ctx, "user@mail.com", UserUpdate{Name: "UPDATED NAME", Codification: "USER CODE", Email: "user@mail.com",
				Phone: "0667777777", Role: RoleSuperAdmin, POSCode: "POS CODE"}))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.golden, func(t *testing.T) {
			c, _, seen := newMock(t, "/web/session/authenticate", tc.result)
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			reqs := seen()
			if tc.method == "PUT" {
				// An update first counts its matches with one GET.
				if len(reqs) != 3 || reqs[1].method != "GET" || !strings.Contains(reqs[1].query, "page_size=1") {
					t.Fatalf("requests %+v, want login, count, PUT", reqs)
				}
				reqs = append(reqs[:1], reqs[2])
			}
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want login + 1", len(reqs))
			}
			login, call := reqs[0], reqs[1]
			if login.path != "/web/session/authenticate" || login.contentType != "application/json" {
				t.Errorf("login %+v", login)
			}
			var lb map[string]any
			_ = json.Unmarshal(login.body, &lb)
			// The login is odoo.Client's: the full JSON-RPC request, which
			// both routes accept (captures 01 and 04 of odoo16-restapi).
			if want := map[string]any{"login": "bot@example.com", "password": "s3cret-Pa55", "db": "ekiclik_prod"}; lb["jsonrpc"] != "2.0" || !reflect.DeepEqual(lb["params"], want) {
				t.Errorf("login body %s", login.body)
			}
			if call.method != tc.method || call.path != tc.path || call.contentType != "application/json" || call.query != "" {
				t.Errorf("call %s %s?%s (%s)", call.method, call.path, call.query, call.contentType)
			}
			if call.cookie != "62dd55784cb0b1f69c584f7dc1eea6f587e32570" {
				t.Errorf("session cookie %q", call.cookie)
			}
			if g, w := decodeAny(t, call.body), decodeAny(t, readGolden(t, tc.golden)); !reflect.DeepEqual(g, w) {
				t.Errorf("wire body differs from seed\n got %s", call.body)
			}
		})
	}
}

func TestRequestShapeDefaults(t *testing.T) {
	ctx := ctxT(t)
	c, _, seen := newMock(t, "/auth/", "41")
	id, err := c.CreateCustomer(ctx, Customer{Name: "Amina", Email: "amina@example.dz", Phone: "0556000000"})
	if err != nil || id != 41 {
		t.Fatalf("CreateCustomer = %d, %v", id, err)
	}
	reqs := seen()
	if reqs[0].path != "/auth/" || reqs[1].cookie != "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" {
		t.Fatalf("auth route: %+v", reqs)
	}
	var lb map[string]any
	_ = json.Unmarshal(reqs[0].body, &lb)
	// odoo.Client's JSON-RPC request, which /auth/ accepts (capture 01).
	if lb["params"] == nil {
		t.Errorf("/auth/ body %s, want the seed's {\"params\": ...}", reqs[0].body)
	}
	want := `{"params":{"data":{"create_by":"ekiclik","is_company":false,"is_pos":"False","status":"WAITING","type":"contact","title":null,"name":"Amina","email":"amina@example.dz","phone":"0556000000"}}}`
	if string(reqs[1].body) != want {
		t.Errorf("body\n got %s\nwant %s", reqs[1].body, want)
	}
	// A List: query, filter and paging parameters.
	if _, err := c.List(ctx, ModelPartner, mustDomain(`[["is_pos", "=", "True"]]`), &ListOptions{Query: Select("id", "name"), PageSize: 20, Page: 2, Order: "name asc"}); err != nil {
		t.Fatal(err)
	}
	get := seen()[2]
	q := mustQuery(get.query)
	if get.method != "GET" || get.path != "/api/res.partner/" || q.Get("query") != "{id, name}" ||
		q.Get("filter") != `[["is_pos","=","True"]]` || q.Get("page_size") != "20" || q.Get("page") != "2" ||
		q.Get("order") != `"name asc"` || q.Has("session_id") || len(get.body) != 0 {
		t.Errorf("GET %s?%s", get.path, get.query)
	}
}

func TestWritesNeverRetried(t *testing.T) {
	ctx := ctxT(t)
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("POST", mockBase+"/web/session/authenticate", func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(200, `{"jsonrpc": "2.0", "id": null, "result": {"uid": 2}}`)
		resp.Header.Add("Set-Cookie", "session_id=abcdef0123456789; Path=/")
		return resp, nil
	})
	mt.RegisterResponder("POST", mockBase+"/api/crm.lead/", httpmock.NewStringResponder(503, "<html>Service Unavailable</html>").HeaderSet(http.Header{"Content-Type": {"text/html"}}))
	oc, err := odoo.New(mockBase, odoo.WithDatabase("d"), odoo.WithPassword("bot@example.com", "pw-123456"),
		odoo.WithHTTPClient(&http.Client{Transport: mt}), odoo.WithRetry(4, time.Millisecond, 2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	c := mustNew(t, oc)
	_, err = c.CreateOpportunity(ctx, validOpportunity())
	if n := mt.GetCallCountInfo()["POST "+mockBase+"/api/crm.lead/"]; n != 1 {
		t.Errorf("create sent %d times, want 1", n)
	}
	var ue *outcomeUnknownError
	if !errors.As(err, &ue) || ue.Model != ModelLead || !strings.Contains(err.Error(), "HTTP 503") || !strings.Contains(err.Error(), "Service Unavailable") {
		t.Errorf("err = %v", err)
	}
}

// Logout ends the odoo.Client's session with /web/session/destroy (the
// session's cookie); the next call logs in again. Close does the same
// once more only when a session was opened since.
func TestLogoutAndClose(t *testing.T) {
	ctx := ctxT(t)
	c, _, seen := newMock(t, "/auth/", "41")
	if _, err := c.CreateCustomer(ctx, Customer{Name: "Amina", Email: "amina@example.dz"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Logout(ctx); err != nil { // nothing left to end
		t.Fatal(err)
	}
	if _, err := c.CreateCustomer(ctx, Customer{Name: "Bilal", Email: "bilal@example.dz"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range seen() {
		paths = append(paths, r.path)
		if r.path == "/web/session/destroy" && r.cookie != "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" {
			t.Errorf("destroy sent cookie %q, want the session's", r.cookie)
		}
	}
	want := []string{"/auth/", "/api/res.partner/", "/web/session/destroy", "/auth/", "/api/res.partner/", "/web/session/destroy"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("requests %v\nwant     %v", paths, want)
	}
}

// Logout and Close against the fake: the session is destroyed on the
// server (a route with it is refused), Close answers nil, and the next
// call logs in again.
func TestLogoutOnFake(t *testing.T) {
	srv := newFake(t)
	c := loggedIn(t, srv)
	ctx := ctxT(t)
	if err := c.Logout(ctx); err != nil || srv.SessionCount() != 0 {
		t.Fatalf("Logout: %v, %d sessions left", err, srv.SessionCount())
	}
	if _, err := c.List(ctx, ModelUser, domain.Domain{}, &ListOptions{Query: "{id}"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil || srv.SessionCount() != 0 {
		t.Fatalf("Close: %v, %d sessions left", err, srv.SessionCount())
	}
	if n := srv.CallCount("", "authenticate"); n != 2 || srv.CallCount("", "logout") != 2 {
		t.Errorf("%d logins, %d logouts, want 2 and 2", n, srv.CallCount("", "logout"))
	}
}
