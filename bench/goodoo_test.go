package bench

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
)

// This file re-creates the read path of github.com/skilld-labs/go-odoo,
// which the Go module proxy does not serve (so it cannot be required
// here). go-odoo's SearchRead is two steps, both reproduced:
//
//  1. the XML-RPC call through github.com/kolo/xmlrpc, at the version
//     go-odoo's go.mod pins, decoding the reply into an interface{} (a
//     []interface{} of map[string]interface{});
//  2. a reflection pass that copies each map into the generated model
//     struct, whose fields are pointers to small wrapper types (String,
//     Int, Many2One, Relation, Time, ...) found by their xmlrpc tags,
//     the tag index built again for every record, a false value leaving
//     the field nil.
//
// Step 1 alone is a lower bound of go-odoo's cost: the ratios in
// BENCHMARKS.md are taken against it, so they understate the real gap.

// Wrapper types shaped like go-odoo's generated model field types.
type (
	gString    struct{ v string }
	gInt       struct{ v int64 }
	gBool      struct{ v bool }
	gSelection struct{ v any }
	gTime      struct{ v time.Time }
	gMany2One  struct {
		ID   int64
		Name string
	}
	gRelation struct{ ids []int64 }
)

// goOdooTicket is helpdesk.ticket as go-odoo's generator declares it
// (the same fields as Ticket).
type goOdooTicket struct {
	Id           *gInt       `xmlrpc:"id,omitempty"`
	Name         *gString    `xmlrpc:"name,omitempty"`
	Description  *gString    `xmlrpc:"description,omitempty"`
	StageId      *gMany2One  `xmlrpc:"stage_id,omitempty"`
	TeamId       *gMany2One  `xmlrpc:"team_id,omitempty"`
	UserId       *gMany2One  `xmlrpc:"user_id,omitempty"`
	PartnerId    *gMany2One  `xmlrpc:"partner_id,omitempty"`
	PartnerEmail *gString    `xmlrpc:"partner_email,omitempty"`
	TagIds       *gRelation  `xmlrpc:"tag_ids,omitempty"`
	Priority     *gSelection `xmlrpc:"priority,omitempty"`
	CreateDate   *gTime      `xmlrpc:"create_date,omitempty"`
	ClosedDate   *gTime      `xmlrpc:"closed_date,omitempty"`
	Active       *gBool      `xmlrpc:"active,omitempty"`
	Color        *gInt       `xmlrpc:"color,omitempty"`
}

// goOdooClient is the XML-RPC object endpoint client go-odoo holds.
func goOdooClient(tb testing.TB, rt http.RoundTripper) *xmlrpc.Client {
	tb.Helper()
	c, err := xmlrpc.NewClient("http://odoo.invalid/xmlrpc/2/object", rt)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// goOdooExecuteKw is go-odoo's ExecuteKw: execute_kw decoded into an
// interface{}.
func goOdooExecuteKw(c *xmlrpc.Client, model, method string, args []any, options map[string]any) (any, error) {
	var reply any
	err := c.Call("execute_kw", []any{"bench", int64(2), "admin", model, method, args, options}, &reply)
	return reply, err
}

// goOdooSearchRead is go-odoo's SearchRead into a slice of model structs.
func goOdooSearchRead(c *xmlrpc.Client, out *[]goOdooTicket) error {
	reply, err := goOdooExecuteKw(c, "helpdesk.ticket", "search_read", []any{[]any{}},
		map[string]any{"fields": ticketFields})
	if err != nil {
		return err
	}
	list := reply.([]any)
	s := reflect.MakeSlice(reflect.TypeOf(*out), len(list), len(list))
	for i, rec := range list {
		s.Index(i).Set(goOdooConvertOne(rec.(map[string]any), s.Type().Elem()))
	}
	*out = s.Interface().([]goOdooTicket)
	return nil
}

// goOdooConvertOne fills a new struct of type t from one record map.
func goOdooConvertOne(rec map[string]any, t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	byTag := make(map[string]reflect.Value, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		tag, _ := t.Field(i).Tag.Lookup("xmlrpc")
		byTag[strings.Split(tag, ",")[0]] = v.Field(i)
	}
	for k, dv := range rec {
		f, ok := byTag[k]
		if !ok {
			continue
		}
		if sv := goOdooConvertValue(f.Type().Elem(), dv); sv != nil {
			f.Set(reflect.ValueOf(sv))
		}
	}
	return v
}

// goOdooConvertValue turns one decoded XML-RPC value into a pointer to a
// wrapper; false (for anything but a bool field) and nil give nil.
func goOdooConvertValue(t reflect.Type, dv any) any {
	if dv == nil {
		return nil
	}
	if _, isBool := dv.(bool); isBool && t.Name() != "gBool" {
		return nil
	}
	switch t.Name() {
	case "gString":
		if s, ok := dv.(string); ok {
			return &gString{s}
		}
		return nil
	case "gInt":
		return &gInt{dv.(int64)}
	case "gBool":
		return &gBool{dv.(bool)}
	case "gSelection":
		return &gSelection{dv}
	case "gTime":
		s := dv.(string)
		layout := "2006-01-02"
		if len(s) > 10 {
			layout = "2006-01-02 15:04:05"
		}
		tm, _ := time.Parse(layout, s)
		return &gTime{tm}
	case "gMany2One":
		if id, ok := dv.(int64); ok {
			return &gMany2One{ID: id}
		}
		pair := dv.([]any)
		name, _ := pair[1].(string)
		var id int64
		switch x := pair[0].(type) {
		case int64:
			id = x
		case string:
			id, _ = strconv.ParseInt(x, 10, 64)
		}
		return &gMany2One{ID: id, Name: name}
	case "gRelation":
		list := dv.([]any)
		ids := make([]int64, len(list))
		for i, x := range list {
			ids[i] = x.(int64)
		}
		return &gRelation{ids}
	}
	return dv
}
