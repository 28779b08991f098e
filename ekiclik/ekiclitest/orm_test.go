package ekiclitest

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// login answers a session id of srv.
func login(t *testing.T, srv *Server) string {
	t.Helper()
	resp, _ := post(t, srv, "POST", "/auth/", `{"params": {"login": "`+DefaultLogin+`", "password": "`+DefaultPassword+`", "db": "`+DefaultDatabase+`"}}`, "")
	for _, c := range resp.Cookies() {
		if c.Name == "session_id" {
			return c.Value
		}
	}
	t.Fatal("no session")
	return ""
}

// TestRoutesOverTheORM: the routes read and write odootest's store, as
// the module's controllers run over the ORM (controllers.py,
// serializers.py of odoo-rest-api).
func TestRoutesOverTheORM(t *testing.T) {
	srv := NewServer(WithModels(odootest.Model{Name: "x.note", Fields: []odootest.Field{{Name: "name", Type: odootest.TypeChar}}}))
	defer srv.Close()
	sid := login(t, srv)
	parent, err := srv.Create("res.partner", map[string]any{"name": "Parent Co", "is_company": true})
	if err != nil {
		t.Fatal(err)
	}
	child, _ := srv.Create("res.partner", map[string]any{"name": "Child", "parent_id": parent, "email": "child@example.dz"})
	lone, _ := srv.Create("res.partner", map[string]any{"name": "Lone", "email": "lone@example.dz"})
	get := func(path string, q url.Values) string {
		_, body := post(t, srv, "GET", path+"?"+q.Encode(), "", sid)
		return body
	}
	// A nested many2one that is not set: the query's fields, empty.
	if body := get("/api/res.partner/"+itoa(lone)+"/", url.Values{"query": {"{id, parent_id{id, name}}"}}); body != `{"id":`+itoa(lone)+`,"parent_id":{"id":false,"name":false}}` {
		t.Errorf("unset nested many2one: %s", body)
	}
	if body := get("/api/res.partner/"+itoa(child)+"/", url.Values{"query": {"{parent_id{name}, child_ids}"}}); body != `{"child_ids":[],"parent_id":{"name":"Parent Co"}}` {
		t.Errorf("nested many2one: %s", body)
	}
	// "-field": every field but the excluded ones.
	if body := get("/api/res.partner/"+itoa(child)+"/", url.Values{"query": {"{-name}"}}); strings.Contains(body, `"name"`) || !strings.Contains(body, `"email":"child@example.dz"`) {
		t.Errorf("exclude: %.300s", body)
	}
	// Paging errors and a bad filter answer Odoo's 500 page.
	for _, q := range []url.Values{{"filter": {"[["}}, {"page_size": {"x"}}, {"filter": {`[["nope","=",1]]`}}} {
		if resp, _ := post(t, srv, "GET", "/api/res.partner/?"+q.Encode(), "", sid); resp.StatusCode != 500 {
			t.Errorf("%v: %d, want 500", q, resp.StatusCode)
		}
	}
	// /object/: any ORM method; a recordset answers as Odoo encodes it.
	_, body := post(t, srv, "POST", "/object/res.partner/search", `{"params": {"args": [[["email", "=", "lone@example.dz"]]]}}`, sid)
	if !strings.Contains(body, `"result":"res.partner(`+itoa(lone)+`,)"`) {
		t.Errorf("object search: %s", body)
	}
	_, body = post(t, srv, "POST", "/object/res.partner/"+itoa(lone)+"/write", `{"params": {"args": [{"phone": "0550"}]}}`, sid)
	if rec, _ := srv.Record("res.partner", lone); !strings.Contains(body, `"result":true`) || rec["phone"] != "0550" {
		t.Errorf("object write: %s, %v", body, rec["phone"])
	}
	// A bulk DELETE without a filter: the module's KeyError, Odoo's 500.
	if resp, _ := post(t, srv, "DELETE", "/api/res.partner/", "", sid); resp.StatusCode != 500 {
		t.Errorf("bulk DELETE without filter: %d", resp.StatusCode)
	}
	// An unknown x2many operation fails a single PUT, not a bulk one.
	if _, body := post(t, srv, "PUT", "/api/res.partner/"+itoa(lone)+"/", `{"params": {"data": {"category_id": {"add": [1]}}}}`, sid); !strings.Contains(body, "builtins.RuntimeError") {
		t.Errorf("single PUT, unknown operation: %s", body)
	}
	if _, body := post(t, srv, "PUT", "/api/res.partner/", `{"params": {"filter": [["id", "=", `+itoa(lone)+`]], "data": {"category_id": {"add": [1]}}}}`, sid); !strings.Contains(body, `"result":true`) {
		t.Errorf("bulk PUT, unknown operation: %s", body)
	}
	// WithModels models are typed; Create of an unknown model is refused.
	if _, err := srv.Create("x.note", map[string]any{"name": "n"}); err != nil {
		t.Errorf("WithModels model: %v", err)
	}
	if _, err := srv.Create("x.other", map[string]any{"name": "n"}); err == nil {
		t.Error("Create of an unknown model was accepted")
	}
}

// TestEkiclikSideEffectsAtomic: a product whose configuration is refused
// leaves no product.master behind (one request, one transaction).
func TestEkiclikSideEffectsAtomic(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	sid := login(t, srv)
	_, body := post(t, srv, "POST", "/api/product.template/", `{"params": {"data": {"name": "P", "product_ref": "R", "product": [{"name": "ok"}, {"name": "bad", "nope": 1}]}}}`, sid)
	if !strings.Contains(body, "builtins.ValueError") {
		t.Fatalf("bad configuration: %s", body)
	}
	if n, m := srv.Count("product.template", domain.Domain{}), srv.Count("product.master", domain.Domain{}); n != 0 || m != 0 {
		t.Errorf("%d configurations, %d masters left, want none", n, m)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
