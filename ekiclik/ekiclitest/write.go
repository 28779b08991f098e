// POST, PUT and DELETE /api/<model>/: creates, updates (push/pop/delete
// x2many operations, errors swallowed into false) and deletes, over the
// ORM, as the module's post_model_data, put_model_record(s) and
// delete_model_record(s) do them.

package ekiclitest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"

	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// writeParams are a POST's or PUT's params.
type writeParams struct {
	Data    map[string]any `json:"data"`
	Filter  any            `json:"filter"`
	Context map[string]any `json:"context"`
	// hasFilter: params has "filter" (the bulk PUT reads it).
	hasFilter bool
}

// writeArgs reads a POST's or PUT's params and checks them as the module
// does, data first, then the model (a ValidationError for either), and
// answers the error reply, or nil.
func (s *Server) writeArgs(ctx context.Context, req *rpcRequest, c *Call, verb string) (*writeParams, *faultengine.Reply) {
	var p writeParams
	var keys map[string]json.RawMessage
	if decodeNumbers(req.Params, &keys) == nil {
		_, p.hasFilter = keys["filter"]
	}
	if err := decodeNumbers(req.Params, &p); err != nil || p.Data == nil {
		c.Err = "no data"
		return nil, rpcError(nil, validationError("`data` parameter is not found on %s request body", verb))
	}
	if _, oe := (&serializer{s: s, ctx: ctx}).schema(c.Model); oe != nil {
		c.Err = "unknown model"
		return nil, rpcError(nil, validationError("The model `%s` does not exist.", c.Model))
	}
	return &p, nil
}

// post serves POST /api/<model>/: create(data), with the params' context.
func (s *Server) post(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	s.tx.Lock()
	defer s.tx.Unlock()
	p, bad := s.writeArgs(r.Context(), req, c, "POST")
	if bad != nil {
		return bad
	}
	id, ids, oe := s.createEkiclik(r.Context(), c.Model, p.Data, p.Context)
	if oe != nil {
		c.Err = oe.Error()
		return rpcError(nil, oe)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, id)
}

// create runs ORM create and answers the new id.
func (s *Server) create(ctx context.Context, model string, vals, context map[string]any) (int64, *odooError) {
	res, oe := s.execute(ctx, model, "create", []any{vals}, nil, context)
	if oe != nil {
		return 0, oe
	}
	id, _ := res.(int64)
	return id, nil
}

// createEkiclik is create plus the Ekiclik module's side effects: a
// product.template with configurations ("product") makes a product.master
// (the id answered; ref is product_ref) and one product.template per
// configuration; a crm.lead makes the sale.order of its quotation
// (ek_order_id as text, state "draft"). These are guesses from the
// exchange specification (no capture of the Ekiclik module). The records
// are created in one transaction: a refused one undoes the others, as
// Odoo's request transaction would.
func (s *Server) createEkiclik(ctx context.Context, model string, data, context map[string]any) (int64, []int64, *odooError) {
	var made [][2]any // (model, id) created so far
	undo := func() {
		for i := len(made) - 1; i >= 0; i-- {
			_, _ = s.execute(ctx, made[i][0].(string), "unlink", []any{[]int64{made[i][1].(int64)}}, nil, nil)
		}
	}
	mk := func(model string, vals map[string]any) (int64, *odooError) {
		id, oe := s.create(ctx, model, vals, context)
		if oe != nil {
			undo()
			return 0, oe
		}
		made = append(made, [2]any{model, id})
		return id, nil
	}
	confs, isProduct := data["product"].([]any)
	switch {
	case s.ekiclik && model == "product.template" && isProduct:
		master := map[string]any{}
		for _, k := range []string{"name", "brand", "create_by", "fab_name", "categ_id"} {
			if v, ok := data[k]; ok {
				master[k] = v
			}
		}
		master["ref"] = data["product_ref"]
		mid, oe := mk("product.master", master)
		if oe != nil {
			return 0, nil, oe
		}
		ids := []int64{mid}
		for i, cf := range confs {
			cm, ok := cf.(map[string]any)
			if !ok {
				undo()
				return 0, nil, validationError("product[%d] is not an object", i)
			}
			vals := maps.Clone(cm)
			vals["master_id"] = mid
			id, oe := mk(model, vals)
			if oe != nil {
				return 0, nil, oe
			}
			ids = append(ids, id)
		}
		return mid, ids, nil
	case s.ekiclik && model == "crm.lead":
		id, oe := mk(model, data)
		if oe != nil {
			return 0, nil, oe
		}
		ids := []int64{id}
		if qa, ok := data["quotation_address"].(map[string]any); ok && qa["ek_order_id"] != nil {
			so, oe := mk("sale.order", map[string]any{"ek_order_id": fmt.Sprint(qa["ek_order_id"]), "state": "draft",
				"order_source": data["order_source"], "code_pos": data["code_pos"], "lead_id": id})
			if oe != nil {
				return 0, nil, oe
			}
			ids = append(ids, so)
		}
		return id, ids, nil
	}
	id, oe := mk(model, data)
	if oe != nil {
		return 0, nil, oe
	}
	return id, []int64{id}, nil
}

// x2manyOps turns the module's x2many operations into ORM commands, as
// put_model_record(s) do: {"push": ids} links (4), {"pop": ids} unlinks
// (3), {"delete": ids} deletes (2), a list replaces (6). An unknown
// operation fails the single-record PUT (it pops from the dict it iterates:
// RuntimeError) and is skipped by the bulk PUT; ids that are not a list
// fail both (TypeError). A failure here is outside the module's try, so
// it answers Odoo's error, not false.
func x2manyOps(data map[string]any, bulk bool) *odooError {
	for field, v := range data {
		switch x := v.(type) {
		case map[string]any:
			ops := []any{}
			for _, op := range []string{"push", "pop", "delete"} {
				arg, ok := x[op]
				if !ok {
					continue
				}
				list, ok := arg.([]any)
				if !ok {
					return &odooError{code: 200, name: "builtins.TypeError", message: fmt.Sprintf("'%s' object is not iterable", pyType(arg))}
				}
				code := map[string]int64{"push": 4, "pop": 3, "delete": 2}[op]
				for _, id := range list {
					ops = append(ops, []any{code, id, int64(0)})
				}
			}
			for op := range x {
				if op != "push" && op != "pop" && op != "delete" && !bulk {
					return &odooError{code: 200, name: "builtins.RuntimeError", message: "dictionary changed size during iteration"}
				}
			}
			data[field] = ops
		case []any:
			data[field] = []any{[]any{int64(6), int64(0), x}}
		}
	}
	return nil
}

// pyType is the Python type name of a decoded JSON value.
func pyType(v any) string {
	switch x := v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string:
		return "str"
	case map[string]any:
		return "dict"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "int"
		}
		return "float"
	}
	return "object"
}

// put serves PUT /api/<model>/<id>/ and /api/<model>/ (with filter). The
// module swallows the write's errors: an unknown field or a missing id
// answer result false, a filter that matches nothing true.
func (s *Server) put(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	s.tx.Lock()
	defer s.tx.Unlock()
	ctx := r.Context()
	p, bad := s.writeArgs(ctx, req, c, "PUT")
	if bad != nil {
		return bad
	}
	var ids []int64
	if id := rt.id; id != 0 {
		ids = []int64{id}
	} else {
		if !p.hasFilter {
			// The module reads post["filter"] (a KeyError outside its try).
			c.Err = "no filter"
			return rpcError(nil, &odooError{code: 200, name: "builtins.KeyError", message: "'filter'"})
		}
		res, oe := s.execute(ctx, c.Model, "search", []any{p.Filter}, nil, p.Context)
		if oe != nil {
			c.Err = oe.Error()
			return rpcError(nil, oe)
		}
		ids, _ = res.([]int64)
	}
	if oe := x2manyOps(p.Data, rt.id == 0); oe != nil {
		c.Err = oe.Error()
		return rpcError(nil, oe)
	}
	if rt.id == 0 && len(ids) == 0 {
		return rpcResult(nil, true) // no records to update
	}
	if _, oe := s.execute(ctx, c.Model, "write", []any{ids, p.Data}, nil, p.Context); oe != nil {
		c.Err = oe.Error()
		return rpcResult(nil, false)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, true)
}

// delete serves DELETE /api/<model>/<id>/ and /api/<model>/?filter=...:
// a bare {"result": true}, also when the filter matches nothing. The bulk
// route reads its filter before the model (a missing or bad filter, or a
// search error, is outside its try: Odoo's 500 page); unlink's errors
// answer the module's envelope.
func (s *Server) delete(rt *route, r *http.Request, _ *rpcRequest, c *Call) *faultengine.Reply {
	s.tx.Lock()
	defer s.tx.Unlock()
	ctx := r.Context()
	var filter any
	if rt.id == 0 {
		q := r.URL.Query()
		if !q.Has("filter") || decodeNumbers([]byte(q.Get("filter")), &filter) != nil {
			c.Err = "no filter"
			return serverErrorPage()
		}
	}
	if _, oe := (&serializer{s: s, ctx: ctx}).schema(c.Model); oe != nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	ids := []int64{rt.id}
	if rt.id == 0 {
		res, oe := s.execute(ctx, c.Model, "search", []any{filter}, nil, nil)
		if oe != nil {
			c.Err = oe.Error()
			return serverErrorPage()
		}
		ids, _ = res.([]int64)
	}
	if _, oe := s.execute(ctx, c.Model, "unlink", []any{ids}, nil, nil); oe != nil {
		c.Err = oe.Error()
		return moduleError(oe.message, oe.message, []any{oe.message}, shortName(oe.name))
	}
	c.IDs, c.Applied = ids, true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"result": true})
}
