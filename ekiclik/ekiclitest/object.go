// /object/<model>/<fn>: the module's method-call route.

package ekiclitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// object serves POST /object/<model>/<method> and
// /object/<model>/<id>/<method>: {"params": {"args", "kwargs"}} → the
// method's result. Only search, search_count, read and search_read are
// served; another method answers AttributeError (a guess).
func (s *Server) object(rt *route, r *http.Request, req *rpcRequest, c *Call) *faultengine.Reply {
	var p struct {
		Args   []any          `json:"args"`
		Kwargs map[string]any `json:"kwargs"`
	}
	_ = decodeNumbers(req.Params, &p)
	p.Args, _ = normalizeNumbers(p.Args).([]any)
	if p.Kwargs != nil {
		p.Kwargs = normalizeNumbers(p.Kwargs).(map[string]any)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return rpcError(req.ID, &odooError{code: 200, name: "builtins.KeyError", message: "'" + c.Model + "'"})
	}
	fn, id := rt.fn, rt.id
	arg := func(i int, name string) any {
		if p.Kwargs != nil {
			if v, ok := p.Kwargs[name]; ok {
				return v
			}
		}
		if i < len(p.Args) {
			return p.Args[i]
		}
		return nil
	}
	domainOf := func(v any) string {
		if v == nil {
			return "[]"
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	fields := func(v any) []string {
		xs, _ := v.([]any)
		var out []string
		for _, x := range xs {
			if n, ok := x.(string); ok {
				out = append(out, n)
			}
		}
		return out
	}
	var recs []map[string]any
	switch {
	case id != 0:
		if rec := s.tables[m.name][id]; rec != nil {
			recs = []map[string]any{rec}
		}
		if fn == "read" {
			out, oe := s.readFormat(m, recs, fields(arg(0, "fields")))
			if oe != nil {
				c.Err = oe.Error()
				return rpcError(req.ID, oe)
			}
			c.IDs, c.Applied = []int64{id}, true
			return rpcResult(req.ID, out)
		}
	case fn == "search", fn == "search_count", fn == "search_read":
		var oe *odooError
		if recs, oe = s.search(m, domainOf(arg(0, "domain")), ""); oe != nil {
			c.Err = oe.Error()
			return rpcError(req.ID, oe)
		}
		c.Applied = true
		switch fn {
		case "search_count":
			return rpcResult(req.ID, len(recs))
		case "search":
			ids := []int64{}
			for _, r := range recs {
				ids = append(ids, r["id"].(int64))
			}
			return rpcResult(req.ID, ids)
		}
		out, oe := s.readFormat(m, recs, fields(arg(1, "fields")))
		if oe != nil {
			c.Err = oe.Error()
			return rpcError(req.ID, oe)
		}
		return rpcResult(req.ID, out)
	}
	c.Err = "unknown method"
	return rpcError(req.ID, &odooError{code: 200, name: "builtins.AttributeError", message: fmt.Sprintf("type object '%s' has no attribute '%s'", m.name, fn)})
}

// readFormat is ORM read's answer: many2one [id, name], x2many ids,
// datetimes "2006-01-02 15:04:05", false for empty values. s.mu held.
func (s *Server) readFormat(m *model, recs []map[string]any, names []string) ([]any, *odooError) {
	if len(names) == 0 {
		names = m.order
	}
	out := []any{}
	for _, rec := range recs {
		row := map[string]any{"id": rec["id"]}
		for _, n := range names {
			f := m.field(n)
			if f == nil {
				return nil, &odooError{code: 200, name: "builtins.ValueError", message: fmt.Sprintf("Invalid field '%s' on model '%s'", n, m.name)}
			}
			v, _ := s.value(m, rec, f, nil)
			switch f.kind {
			case kMany2one:
				if id, ok := v.(int64); ok {
					name, _ := s.value(s.models[f.rel], s.tables[f.rel][id], s.models[f.rel].fields["display_name"], nil)
					v = []any{id, name}
				}
			case kDatetime:
				if t, ok := rec[n].(time.Time); ok {
					v = t.UTC().Format("2006-01-02 15:04:05")
				}
			}
			row[n] = v
		}
		out = append(out, row)
	}
	return out, nil
}
