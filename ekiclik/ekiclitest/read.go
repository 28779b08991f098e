// GET /api/<model>/ and /api/<model>/<id>: searching, ordering and the
// query view of records, as the odoo-rest-api module answers them.

package ekiclitest

import (
	"encoding/json"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// get serves GET /api/<model>/ and /api/<model>/<id>/.
func (s *Server) get(rt *route, r *http.Request, _ *rpcRequest, c *Call) *faultengine.Reply {
	v := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.models[c.Model]
	if m == nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	var q *query
	if raw := v.Get("query"); raw != "" {
		var err error
		if q, err = parseQuery(raw); err != nil {
			c.Err = err.Error()
			return moduleError(err.Error(), err.Error(), []any{err.Error()}, "SyntaxError")
		}
	}
	if id := rt.id; id != 0 {
		rec := s.tables[m.name][id]
		if rec == nil {
			if q.onlyID() {
				// The module reads nothing to answer the id: it echoes
				// it (the report of the real server).
				c.Applied = true
				return jsonReply(http.StatusOK, ctypeModule, map[string]any{"id": id})
			}
			c.Err = "MissingError"
			e := missingError(m.name, id)
			return page(http.StatusBadRequest, strings.ReplaceAll(html.EscapeString(e.message), "\n", "<br>"))
		}
		out, err := s.project(m, rec, q)
		if err != nil {
			c.Err = err.Error()
			return serverErrorPage()
		}
		c.IDs, c.Applied = []int64{id}, true
		return jsonReply(http.StatusOK, ctypeModule, out)
	}
	recs, oe := s.search(m, v.Get("filter"), v.Get("order"))
	if oe != nil {
		c.Err = oe.Error()
		return moduleError(oe.message, oe.message, []any{oe.message}, strings.TrimPrefix(oe.name, "builtins."))
	}
	var prev, next any
	total, current := 1, 1
	if ps := v.Get("page_size"); ps != "" {
		size, err := strconv.Atoi(ps)
		if err != nil || size <= 0 {
			c.Err = "bad page_size"
			return serverErrorPage()
		}
		total = (len(recs) + size - 1) / size
		if p := v.Get("page"); p != "" {
			if current, err = strconv.Atoi(p); err != nil {
				c.Err = "bad page"
				return serverErrorPage()
			}
		}
		start, stop := min(max(size*(current-1), 0), len(recs)), min(max(size*current, 0), len(recs))
		recs = recs[start:stop]
		if current+1 <= total {
			next = current + 1
		}
		if current-1 > 0 && current-1 <= total {
			prev = current - 1
		}
	}
	if l := v.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 0 {
			c.Err = "bad limit"
			return serverErrorPage()
		}
		recs = recs[:min(n, len(recs))]
	}
	out := make([]any, 0, len(recs))
	for _, rec := range recs {
		p, err := s.project(m, rec, q)
		if err != nil {
			c.Err = err.Error()
			return serverErrorPage()
		}
		out = append(out, p)
		c.IDs = append(c.IDs, rec["id"].(int64))
	}
	c.Applied = true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"count": len(out), "prev": prev, "current": current, "next": next,
		"total_pages": total, "result": out})
}

// search answers the records of m matching filter (a JSON domain), in
// order (JSON, applied only with a filter, as the module does) or the
// model's. s.mu held.
func (s *Server) search(m *model, filter, order string) ([]map[string]any, *odooError) {
	recs := s.sorted(m.name)
	if filter == "" {
		return recs, nil
	}
	d, err := domain.ParseJSON([]byte(filter))
	if err != nil {
		return nil, &odooError{code: 200, name: "builtins.ValueError", message: "Invalid domain: " + err.Error()}
	}
	var kept []map[string]any
	for _, rec := range recs {
		ok, err := domain.Match(d, s.matchView(m, rec), nil)
		if err != nil {
			return nil, &odooError{code: 200, name: "builtins.ValueError", message: err.Error()}
		}
		if ok {
			kept = append(kept, rec)
		}
	}
	if order != "" {
		var o string
		if err := json.Unmarshal([]byte(order), &o); err != nil {
			return nil, &odooError{code: 200, name: "json.decoder.JSONDecodeError", message: err.Error()}
		}
		sortBy(kept, o)
	}
	return kept, nil
}

// sortBy sorts recs by an ORM order ("name desc, id").
func sortBy(recs []map[string]any, order string) {
	type key struct {
		name string
		desc bool
	}
	var keys []key
	for part := range strings.SplitSeq(order, ",") {
		f := strings.Fields(part)
		if len(f) > 0 {
			keys = append(keys, key{f[0], len(f) > 1 && strings.EqualFold(f[1], "desc")})
		}
	}
	slices.SortStableFunc(recs, func(a, b map[string]any) int {
		for _, k := range keys {
			c := compareValues(a[k.name], b[k.name])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func compareValues(a, b any) int {
	switch x := a.(type) {
	case int64:
		y, _ := b.(int64)
		return int(min(max(x-y, -1), 1))
	case float64:
		y, _ := b.(float64)
		return int(min(max(x-y, -1), 1))
	case string:
		y, _ := b.(string)
		return strings.Compare(x, y)
	case time.Time:
		y, _ := b.(time.Time)
		return x.Compare(y)
	}
	return 0
}

// matchView is rec as a domain sees it: many2one ids (false when empty),
// x2many id lists, datetimes as Odoo writes them. s.mu held.
func (s *Server) matchView(m *model, rec map[string]any) map[string]any {
	out := make(map[string]any, len(rec))
	for k, v := range rec {
		out[k] = v
	}
	for _, n := range m.order {
		f := m.fields[n]
		switch f.kind {
		case kMany2one:
			if id, _ := rec[n].(int64); id == 0 {
				out[n] = false
			}
		case kOne2many, kMany2many:
			ids := s.x2many(m, rec, f)
			xs := make([]any, len(ids))
			for i, id := range ids {
				xs[i] = id
			}
			out[n] = xs
		case kDatetime:
			if t, ok := rec[n].(time.Time); ok {
				out[n] = t.UTC().Format("2006-01-02 15:04:05")
			} else {
				out[n] = false
			}
		case kChar:
			if v, _ := rec[n].(string); v == "" {
				out[n] = false
			}
		case kBool:
			if _, ok := rec[n].(bool); !ok {
				out[n] = false
			}
		}
	}
	return out
}
