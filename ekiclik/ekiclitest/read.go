// GET /api/<model>/ and /api/<model>/<id>: searching, paging and the
// module's serializer, over the ORM, as the odoo-rest-api module's
// get_model_data, get_model_rec and Serializer (controllers.py,
// serializers.py) do them.

package ekiclitest

import (
	"context"
	"html"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/internal/faultengine"
)

// ormDatetime is how ORM read answers a datetime.
const ormDatetime = "2006-01-02 15:04:05"

// get serves GET /api/<model>/ and /api/<model>/<id>/. As in the module,
// an error of the filter, order or paging parameters (outside its try
// blocks) answers Odoo's 500 page; the query's syntax error the module's
// envelope; an unknown field in the query (LookupError) the 500 page.
func (s *Server) get(rt *route, r *http.Request, _ *rpcRequest, c *Call) *faultengine.Reply {
	v := r.URL.Query()
	z := &serializer{s: s, ctx: r.Context()}
	if _, oe := z.schema(c.Model); oe != nil {
		c.Err = "unknown model"
		return unknownModelError(c.Model)
	}
	raw := "{*}"
	if v.Has("query") {
		raw = v.Get("query")
	}
	if id := rt.id; id != 0 {
		q, err := parseQuery(raw)
		if err != nil {
			c.Err = err.Error()
			return moduleError(err.Error(), err.Error(), []any{err.Error()}, "SyntaxError")
		}
		if q.onlyID() {
			// The module reads nothing to answer the id: it echoes it
			// (the report of the real server).
			c.Applied = true
			return jsonReply(http.StatusOK, ctypeModule, map[string]any{"id": id})
		}
		out, err := z.records(c.Model, []int64{id}, q)
		if err != nil {
			c.Err = err.Error()
			return serverErrorPage()
		}
		if out[id] == nil {
			c.Err = "MissingError"
			e := missingError(c.Model, id)
			return page(http.StatusBadRequest, strings.ReplaceAll(html.EscapeString(e.message), "\n", "<br>"))
		}
		c.IDs, c.Applied = []int64{id}, true
		return jsonReply(http.StatusOK, ctypeModule, out[id])
	}
	ids, problem := s.searchParams(r.Context(), c.Model, v.Get("filter"), v.Has("filter"), v.Get("order"), v.Has("order"))
	if problem != "" {
		c.Err = problem
		return serverErrorPage()
	}
	var prev, next any
	total, current := 1, 1
	if v.Has("page_size") {
		size, err := strconv.Atoi(strings.TrimSpace(v.Get("page_size")))
		if err != nil || size == 0 {
			c.Err = "bad page_size"
			return serverErrorPage()
		}
		total = int(math.Ceil(float64(len(ids)) / float64(size)))
		if v.Has("page") {
			if current, err = strconv.Atoi(strings.TrimSpace(v.Get("page"))); err != nil {
				c.Err = "bad page"
				return serverErrorPage()
			}
		}
		ids = pySlice(ids, size*(current-1), size*current)
		if 0 < current+1 && current+1 <= total {
			next = current + 1
		}
		if 0 < current-1 && current-1 <= total {
			prev = current - 1
		}
	}
	if v.Has("limit") {
		n, err := strconv.Atoi(strings.TrimSpace(v.Get("limit")))
		if err != nil {
			c.Err = "bad limit"
			return serverErrorPage()
		}
		ids = pySlice(ids, 0, n)
	}
	q, err := parseQuery(raw)
	if err != nil {
		c.Err = err.Error()
		return moduleError(err.Error(), err.Error(), []any{err.Error()}, "SyntaxError")
	}
	recs, err := z.records(c.Model, ids, q)
	if err != nil {
		c.Err = err.Error()
		return serverErrorPage()
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		if rec := recs[id]; rec != nil {
			out = append(out, rec)
			c.IDs = append(c.IDs, id)
		}
	}
	c.Applied = true
	return jsonReply(http.StatusOK, ctypeModule, map[string]any{"count": len(out), "prev": prev, "current": current, "next": next,
		"total_pages": total, "result": out})
}

// searchParams answers the ids a GET or DELETE selects: every record
// (search([]), the model's order) without a filter; with one, the JSON
// filter searched in the JSON order (a string; the order applies only with
// a filter, as in the module). problem describes a filter or order the
// module could not use ("": none).
func (s *Server) searchParams(ctx context.Context, model, filter string, hasFilter bool, order string, hasOrder bool) ([]int64, string) {
	var d any = []any{}
	kw := map[string]any{}
	if hasFilter {
		if err := decodeNumbers([]byte(filter), &d); err != nil {
			return nil, "bad filter: " + err.Error()
		}
		if hasOrder {
			var o any
			if err := decodeNumbers([]byte(order), &o); err != nil {
				return nil, "bad order: " + err.Error()
			}
			os, ok := o.(string)
			if !ok {
				return nil, "bad order: not a string"
			}
			kw["order"] = os
		}
	}
	res, oe := s.execute(ctx, model, "search", []any{d}, kw, nil)
	if oe != nil {
		return nil, oe.Error()
	}
	ids, _ := res.([]int64)
	return ids, ""
}

// pySlice is Python's ids[start:stop].
func pySlice(ids []int64, start, stop int) []int64 {
	n := len(ids)
	norm := func(i int) int {
		if i < 0 {
			i = max(i+n, 0)
		}
		return min(i, n)
	}
	a, b := norm(start), norm(stop)
	if a >= b {
		return []int64{}
	}
	return ids[a:b]
}

// fieldInfo is a field's type and comodel, as fields_get answers them.
type fieldInfo struct{ typ, rel string }

func (f fieldInfo) x2many() bool { return f.typ == "one2many" || f.typ == "many2many" }

func (f fieldInfo) relational() bool { return f.typ == "many2one" || f.x2many() }

// serializer writes records as the module's Serializer does: the fields of
// a query (every field for "*"; all but the "-" ones), many2one fields as
// a bare id or, nested, the related record; x2many fields as ids or
// nested records; datetimes "2006-01-02-15-04"; other values as the ORM
// holds them. It reads through the ORM, one read per model and query.
type serializer struct {
	s       *Server
	ctx     context.Context
	schemas map[string]map[string]fieldInfo
}

// schema answers model's fields (fields_get), or the ORM's error for an
// unknown model.
func (z *serializer) schema(model string) (map[string]fieldInfo, *odooError) {
	if fs, ok := z.schemas[model]; ok {
		return fs, nil
	}
	res, oe := z.s.execute(z.ctx, model, "fields_get", nil, map[string]any{"attributes": []any{"type", "relation"}}, nil)
	if oe != nil {
		return nil, oe
	}
	desc, _ := res.(map[string]any)
	fs := make(map[string]fieldInfo, len(desc))
	for name, d := range desc {
		m, _ := d.(map[string]any)
		t, _ := m["type"].(string)
		rel, _ := m["relation"].(string)
		fs[name] = fieldInfo{t, rel}
	}
	if z.schemas == nil {
		z.schemas = map[string]map[string]fieldInfo{}
	}
	z.schemas[model] = fs
	return fs, nil
}

// plan answers model's fields and what q writes of one of its records,
// in the module's order (a later item of the same name overwrites an
// earlier one, as its dict.update does).
func (z *serializer) plan(model string, q *query) (map[string]fieldInfo, []queryItem, error) {
	fs, oe := z.schema(model)
	if oe != nil {
		return nil, nil, oe
	}
	items, err := planItems(model, fs, q)
	return fs, items, err
}

func planItems(model string, fs map[string]fieldInfo, q *query) ([]queryItem, error) {
	var items []queryItem
	all := slices.Sorted(maps.Keys(fs))
	if len(q.exclude) > 0 {
		// Nested items first, then every field but the excluded ones
		// (a flat item beside "-" fails in the module: str has no
		// items()).
		for _, it := range q.items {
			if it.sub == nil {
				return nil, &errUnknownField{model, it.name}
			}
			items = append(items, it)
		}
		for _, n := range all {
			if !slices.Contains(q.exclude, n) {
				items = append(items, queryItem{name: n})
			}
		}
		for _, n := range q.exclude {
			if _, ok := fs[n]; !ok {
				items = append(items, queryItem{name: n}) // the symmetric difference keeps it
			}
		}
	} else {
		items = append(items, q.items...)
		if q.all {
			for _, n := range all {
				items = append(items, queryItem{name: n})
			}
		}
	}
	for _, it := range items {
		f, ok := fs[it.name]
		if !ok || (it.sub != nil && !f.relational()) {
			return nil, &errUnknownField{model, it.name}
		}
	}
	return items, nil
}

// records answers the records ids of model as q writes them, by id;
// records that do not exist are absent.
func (z *serializer) records(model string, ids []int64, q *query) (map[int64]map[string]any, error) {
	fs, items, err := z.plan(model, q)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, it := range items {
		if it.name != "id" && !slices.Contains(names, it.name) {
			names = append(names, it.name)
		}
	}
	rows := map[int64]map[string]any{}
	if len(names) == 0 {
		for _, id := range ids {
			rows[id] = map[string]any{"id": id} // the id needs no read
		}
	} else if len(ids) > 0 {
		res, oe := z.s.execute(z.ctx, model, "read", []any{ids}, map[string]any{"fields": names, "load": "_classic_write"}, nil)
		if oe != nil {
			return nil, oe
		}
		list, _ := res.([]any)
		for _, e := range list {
			if row, ok := e.(map[string]any); ok {
				id, _ := row["id"].(int64)
				rows[id] = row
			}
		}
	}
	// The nested items, each read once for every record.
	nested := make([]map[int64]map[string]any, len(items))
	for i, it := range items {
		if it.sub == nil {
			continue
		}
		var rel []int64
		for _, id := range ids {
			for _, x := range relIDs(rows[id][it.name]) {
				if !slices.Contains(rel, x) {
					rel = append(rel, x)
				}
			}
		}
		if nested[i], err = z.records(fs[it.name].rel, rel, it.sub); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]map[string]any, len(ids))
	for _, id := range ids {
		row := rows[id]
		if row == nil {
			continue
		}
		rec := make(map[string]any, len(items))
		for i, it := range items {
			f := fs[it.name]
			v := row[it.name]
			switch {
			case it.sub == nil:
				rec[it.name] = flatValue(f, v)
			case f.x2many():
				list := []any{}
				for _, x := range relIDs(v) {
					if r := nested[i][x]; r != nil {
						list = append(list, r)
					}
				}
				rec[it.name] = list
			default:
				if r := nested[i][relID(v)]; r != nil {
					rec[it.name] = r
				} else if rec[it.name], err = z.empty(f.rel, it.sub); err != nil {
					return nil, err
				}
			}
		}
		out[id] = rec
	}
	return out, nil
}

// empty is an empty recordset as the serializer writes it (a nested
// many2one that is not set): every field of the query at its empty value
// (false, 0, [] for x2many, empty nested records), as Odoo's fields answer
// on an empty recordset.
func (z *serializer) empty(model string, q *query) (map[string]any, error) {
	fs, items, err := z.plan(model, q)
	if err != nil {
		return nil, err
	}
	rec := make(map[string]any, len(items))
	for _, it := range items {
		f := fs[it.name]
		switch {
		case f.x2many():
			rec[it.name] = []any{}
		case it.sub != nil:
			if rec[it.name], err = z.empty(f.rel, it.sub); err != nil {
				return nil, err
			}
		case it.name == "id":
			rec[it.name] = false
		case f.typ == "integer":
			rec[it.name] = int64(0)
		case f.typ == "float" || f.typ == "monetary":
			rec[it.name] = 0.0
		default:
			rec[it.name] = false
		}
	}
	return rec, nil
}

// flatValue is a field's read value (load _classic_write) as the
// serializer writes it: datetimes "2006-01-02-15-04", the rest as read
// answers it (many2one a bare id or false, x2many ids).
func flatValue(f fieldInfo, v any) any {
	if f.typ == "datetime" {
		if s, ok := v.(string); ok {
			if t, err := time.Parse(ormDatetime, s); err == nil {
				return t.Format(ModuleDateTimeLayout)
			}
		}
	}
	return v
}

// relID reads a many2one's read value (an id or false).
func relID(v any) int64 {
	id, _ := v.(int64)
	return id
}

// relIDs reads a relational read value: x2many ids or a many2one id.
func relIDs(v any) []int64 {
	switch x := v.(type) {
	case []int64:
		return x
	case []any:
		out := make([]int64, 0, len(x))
		for _, e := range x {
			if id, ok := e.(int64); ok {
				out = append(out, id)
			}
		}
		return out
	case int64:
		return []int64{x}
	}
	return nil
}
