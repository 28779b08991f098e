// POST, PUT and DELETE /api/<model>/: creates, updates (push/pop/delete
// x2many operations, errors swallowed into false) and deletes.

package ekiclitest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/deskbridge/deskbridge/internal/faultengine"
)

func (s *Server) params(req *rpcRequest) (data map[string]any, filter json.RawMessage, ctx map[string]any, ok bool) {
	var p struct {
		Data    map[string]any  `json:"data"`
		Filter  json.RawMessage `json:"filter"`
		Context map[string]any  `json:"context"`
	}
	if err := decodeNumbers(req.Params, &p); err != nil || p.Data == nil {
		return nil, p.Filter, p.Context, false
	}
	return normalizeNumbers(p.Data).(map[string]any), p.Filter, p.Context, true
}

// writeArgs checks a POST's or PUT's model and data as the module does
// (a ValidationError for either; PUT's unknown model is guessed as POST's,
// no capture has it) and answers the error reply, or nil. s.mu held.
func (s *Server) writeArgs(req *rpcRequest, c *Call, verb string) (*model, map[string]any, json.RawMessage, *faultengine.Reply) {
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return nil, nil, nil, rpcError(nil, validationError("The model `%s` does not exist.", c.Model))
	}
	data, filter, _, ok := s.params(req)
	if !ok {
		c.Err = "no data"
		return nil, nil, nil, rpcError(nil, validationError("`data` parameter is not found on %s request body", verb))
	}
	return m, data, filter, nil
}

// post serves POST /api/<model>/.
func (s *Server) post(rt *route, _ *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, data, _, bad := s.writeArgs(req, c, "POST")
	if bad != nil {
		return bad
	}
	id, ids, oe := s.createEkiclik(m, data)
	if oe != nil {
		c.Err = oe.Error()
		return rpcError(nil, oe)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, id)
}

// createEkiclik is create plus the Ekiclik module's side effects: a
// product.template with configurations makes a product.master (the id
// answered) and one product.template per configuration; a crm.lead makes
// the sale.order of its quotation. s.mu held.
func (s *Server) createEkiclik(m *model, data map[string]any) (int64, []int64, *odooError) {
	if s.ekiclik {
		switch m.name {
		case "product.template":
			if confs, ok := data["product"].([]any); ok {
				master := map[string]any{}
				for _, k := range []string{"name", "brand", "create_by", "fab_name", "categ_id"} {
					if v, ok := data[k]; ok {
						master[k] = v
					}
				}
				master["ref"] = data["product_ref"]
				mid, oe := s.create(s.models["product.master"], master)
				if oe != nil {
					return 0, nil, oe
				}
				ids := []int64{mid}
				for i, cf := range confs {
					cm, ok := cf.(map[string]any)
					if !ok {
						return 0, nil, validationError("product[%d] is not an object", i)
					}
					cm = cloneRecord(cm)
					cm["master_id"] = mid
					id, oe := s.create(m, cm)
					if oe != nil {
						return 0, nil, oe
					}
					ids = append(ids, id)
				}
				return mid, ids, nil
			}
		case "crm.lead":
			id, oe := s.create(m, data)
			if oe != nil {
				return 0, nil, oe
			}
			ids := []int64{id}
			if qa, ok := data["quotation_address"].(map[string]any); ok && qa["ek_order_id"] != nil {
				so, oe := s.create(s.models["sale.order"], map[string]any{"ek_order_id": fmt.Sprint(qa["ek_order_id"]), "state": "draft",
					"order_source": data["order_source"], "code_pos": data["code_pos"], "lead_id": id})
				if oe != nil {
					return 0, nil, oe
				}
				ids = append(ids, so)
			}
			return id, ids, nil
		}
	}
	id, oe := s.create(m, data)
	if oe != nil {
		return 0, nil, oe
	}
	return id, []int64{id}, nil
}

// put serves PUT /api/<model>/<id>/ and /api/<model>/ (with filter). The
// module swallows the write's errors: an unknown field or a missing id
// answer result false, a filter that matches nothing true.
func (s *Server) put(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, data, filter, bad := s.writeArgs(req, c, "PUT")
	if bad != nil {
		return bad
	}
	var ids []int64
	if id := rt.id; id != 0 {
		ids = []int64{id}
	} else {
		if len(filter) == 0 {
			// Guessed (no capture): the module reads params["filter"].
			c.Err = "no filter"
			return rpcError(nil, &odooError{code: 200, name: "builtins.KeyError", message: "'filter'"})
		}
		recs, oe := s.search(m, string(filter), "")
		if oe != nil {
			c.Err = oe.Error()
			return rpcResult(nil, false)
		}
		for _, rec := range recs {
			ids = append(ids, rec["id"].(int64))
		}
	}
	if oe := s.write(m, ids, data); oe != nil {
		c.Err = oe.Error()
		return rpcResult(nil, false)
	}
	c.IDs, c.Applied = ids, true
	return rpcResult(nil, true)
}

// delete serves DELETE /api/<model>/<id>/ and /api/<model>/?filter=...:
// a bare {"result": true}, also when the filter matches nothing.
func (s *Server) delete(rt *route, r *http.Request, _ *rpcRequest, c *Call) *faultengine.Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	var ids []int64
	if id := rt.id; id != 0 {
		if s.tables[m.name][id] == nil {
			e := missingError(m.name, id)
			c.Err = e.Error()
			return moduleError(e.message, e.message, []any{e.message}, "MissingError")
		}
		ids = []int64{id}
	} else {
		filter := r.URL.Query().Get("filter")
		if filter == "" {
			// Guessed (no capture): the module reads kwargs["filter"].
			c.Err = "no filter"
			return moduleError("'filter'", "'filter'", []any{"filter"}, "KeyError")
		}
		recs, oe := s.search(m, filter, "")
		if oe != nil {
			c.Err = oe.Error()
			return moduleError(oe.message, oe.message, []any{oe.message}, "ValueError")
		}
		for _, rec := range recs {
			ids = append(ids, rec["id"].(int64))
		}
	}
	for _, id := range ids {
		delete(s.tables[m.name], id)
	}
	c.IDs, c.Applied = ids, true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"result": true})
}

// object serves POST /object/<model>/<method> and
// /object/<model>/<id>/<method>: {"params": {"args", "kwargs"}} → the
// method's result. Only search, search_count, read and search_read are
// served; another method answers AttributeError (a guess).
