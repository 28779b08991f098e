package odootest_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestExecute: an ORM call without the wire answers plain values and
// Odoo's errors as *MethodError, runs as the user it names, is not logged,
// and honours HandleMethod.
func TestExecute(t *testing.T) {
	srv := odootest.NewServer(odootest.WithVersion("16.0"), odootest.WithFlavor(odootest.NoHelpdesk), odootest.WithUser("reader", "pw"),
		odootest.WithReadOnly("reader"))
	defer srv.Close()
	ctx := context.Background()
	res, err := srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "create", Args: []any{map[string]any{"name": "Amina", "parent_id": 1}}})
	if err != nil {
		t.Fatal(err)
	}
	id, ok := res.(int64)
	if !ok || id <= 0 {
		t.Fatalf("create = %#v", res)
	}
	res, err = srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "read", Args: []any{[]int64{id}},
		Kwargs: map[string]any{"fields": []string{"name", "parent_id", "create_uid"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{"id": id, "name": "Amina", "parent_id": []any{int64(1), "YourCompany"}, "create_uid": []any{int64(2), "Mitchell Admin"}}}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("read = %#v, want %#v", res, want)
	}
	res, err = srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "read", Args: []any{[]int64{id}},
		Kwargs: map[string]any{"fields": []string{"parent_id"}, "load": "_classic_write"}})
	if err != nil || !reflect.DeepEqual(res, []any{map[string]any{"id": id, "parent_id": int64(1)}}) {
		t.Errorf("read _classic_write = %#v, %v", res, err)
	}
	_, err = srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "create", Args: []any{map[string]any{"name": "x", "nope": 1}}})
	var me *odootest.MethodError
	if !errors.As(err, &me) || me.Exception != "builtins.ValueError" || me.Message != "Invalid field 'nope' on model 'res.partner'" {
		t.Errorf("unknown field: %v", err)
	}
	_, err = srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "write", Login: "reader", Args: []any{[]int64{id}, map[string]any{"name": "y"}}})
	if !errors.As(err, &me) || me.Exception != "odoo.exceptions.AccessError" {
		t.Errorf("read-only user: %v", err)
	}
	srv.HandleMethod("res.partner", "action_x", func(ctx context.Context, call odootest.MethodCall) (any, error) { return call.UID, nil })
	if res, err := srv.Execute(ctx, odootest.MethodCall{Model: "res.partner", Method: "action_x"}); err != nil || res != int64(2) {
		t.Errorf("handler = %v, %v", res, err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls logged, want none", n)
	}
}

// TestCreateChosenID: Create keeps an "id" of vals and later ids follow
// the highest one; an id in use is refused.
func TestCreateChosenID(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
	defer srv.Close()
	id, err := srv.Create("res.partner", map[string]any{"id": 60, "name": "Sixty"})
	if err != nil || id != 60 {
		t.Fatalf("Create id 60 = %d, %v", id, err)
	}
	if id, err := srv.Create("res.partner", map[string]any{"id": 9, "name": "Nine"}); err != nil || id != 9 {
		t.Fatalf("Create id 9 = %d, %v", id, err)
	}
	if id, err := srv.Create("res.partner", map[string]any{"name": "Next"}); err != nil || id != 61 {
		t.Errorf("next Create = %d, %v, want 61", id, err)
	}
	if _, err := srv.Create("res.partner", map[string]any{"id": 60, "name": "Again"}); err == nil {
		t.Error("an id in use was accepted")
	}
	if r, ok := srv.Record("res.partner", 9); !ok || r["name"] != "Nine" {
		t.Errorf("Record 9 = %v", r)
	}
}

// TestMany2manyReadOrder: a many2many reads in its comodel's order, not
// the order it was written in (odoo16-restapi/25: tags 8, 10, 9, by
// name).
func TestMany2manyReadOrder(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
	defer srv.Close()
	if err := srv.RegisterModel(odootest.Model{Name: "x.tag", Order: "name", Fields: []odootest.Field{{Name: "name", Type: odootest.TypeChar}}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddFields("res.partner", odootest.Field{Name: "x_tag_ids", Type: odootest.TypeMany2many, Relation: "x.tag"}); err != nil {
		t.Fatal(err)
	}
	one, _ := srv.Create("x.tag", map[string]any{"name": "one"})
	two, _ := srv.Create("x.tag", map[string]any{"name": "two"})
	three, _ := srv.Create("x.tag", map[string]any{"name": "three"})
	p, err := srv.Create("res.partner", map[string]any{"name": "P", "x_tag_ids": []any{two, one, three}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := srv.Record("res.partner", p)
	if got, want := r["x_tag_ids"], []int64{one, three, two}; !reflect.DeepEqual(got, want) {
		t.Errorf("x_tag_ids = %v, want %v (by name)", got, want)
	}
}
