package odootest

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// read_group and formatted_read_group (Odoo 19).
//
// read_group groups by the first groupby field when lazy (the default;
// "<field>_count", and "__context": {"group_by": rest} when there are
// more: odoo16/27, 56), by all of them when lazy is false ("__count", no
// "__context": odoo16/55). Each group's "__domain" is the group's
// conditions ANDed with the request's domain in Odoo's normalized prefix
// form (odoo16/55: ["&", "&", [team_id = 1], [priority = "0"], [id <= 20]]).
// formatted_read_group(domain, groupby, aggregates) groups by all fields
// and answers "__count" (for the "__count" aggregate) and
// "__extra_domain", the group's conditions only (odoo19/16).

type gbSpec struct {
	raw, field, gran string
	fd               *fieldDef
}

type rgGroup struct {
	vals   []any   // one per spec
	leaves [][]any // one normalized domain per spec
	ids    []int64
}

func groupSpecs(m *model, groupby []string) ([]gbSpec, *odooError) {
	var out []gbSpec
	for _, raw := range groupby {
		field, gran, _ := strings.Cut(raw, ":")
		fd := m.fields[field]
		if fd == nil {
			return nil, errInvalidField(field, m.name)
		}
		if gran == "" && (fd.Type == TypeDate || fd.Type == TypeDatetime) {
			gran = "month"
		}
		out = append(out, gbSpec{raw: raw, field: field, gran: gran, fd: fd})
	}
	return out, nil
}

// groupValues answers a record's groups for one spec: values and their
// domains (an x2many record falls in one group per linked id).
func groupValues(r *reader, m *model, sp gbSpec, rec *record) (keys []string, vals []any, doms [][]any) {
	v := r.value(m, sp.fd, rec)
	switch x := v.(type) {
	case []int64:
		for _, e := range x {
			keys = append(keys, fmt.Sprint(e))
			vals = append(vals, []any{e, r.displayName(r.s.models[sp.fd.Relation], r.s.get(sp.fd.Relation, e))})
			doms = append(doms, []any{[]any{sp.field, "=", e}})
		}
		if len(x) == 0 {
			return []string{"false"}, []any{false}, [][]any{{[]any{sp.field, "=", false}}}
		}
		return keys, vals, doms
	}
	if sp.gran != "" {
		v = dateGroup(v, sp.gran)
		if label, ok := v.(string); ok {
			lo, hi := dateRange(label, sp.gran, sp.fd.Type)
			return []string{label}, []any{v}, [][]any{{"&", []any{sp.field, ">=", lo}, []any{sp.field, "<", hi}}}
		}
		return []string{"false"}, []any{false}, [][]any{{[]any{sp.field, "=", false}}}
	}
	leafVal := v
	if l, ok := v.([]any); ok && len(l) > 0 {
		leafVal = l[0]
	}
	return []string{fmt.Sprint(v)}, []any{v}, [][]any{{[]any{sp.field, "=", leafVal}}}
}

// groupRecords groups ids by every spec, in Odoo's order (by the groupby
// fields; many2one by the comodel's order).
func groupRecords(r *reader, m *model, ids []int64, specs []gbSpec) []*rgGroup {
	groups := map[string]*rgGroup{}
	var order []string
	for _, id := range ids {
		rec := m.records[id]
		// the cartesian product of the record's groups per spec
		combos := []*rgGroup{{}}
		combKeys := []string{""}
		for _, sp := range specs {
			keys, vals, doms := groupValues(r, m, sp, rec)
			var next []*rgGroup
			var nextKeys []string
			for ci, cg := range combos {
				for i := range keys {
					next = append(next, &rgGroup{vals: append(append([]any{}, cg.vals...), vals[i]), leaves: append(append([][]any{}, cg.leaves...), doms[i])})
					nextKeys = append(nextKeys, combKeys[ci]+"\x00"+keys[i])
				}
			}
			combos, combKeys = next, nextKeys
		}
		for i, k := range combKeys {
			g := groups[k]
			if g == nil {
				g = combos[i]
				groups[k] = g
				order = append(order, k)
			}
			g.ids = append(g.ids, id)
		}
	}
	out := make([]*rgGroup, len(order))
	for i, k := range order {
		out[i] = groups[k]
	}
	sort.SliceStable(out, func(i, j int) bool {
		for k, sp := range specs {
			a, b := out[i].vals[k], out[j].vals[k]
			if groupLess(r, sp.fd, a, b) {
				return true
			}
			if groupLess(r, sp.fd, b, a) {
				return false
			}
		}
		return false
	})
	return out
}

// normalizeDomain puts a raw domain in Odoo's prefix form: implicit ANDs
// become "&" operators.
func normalizeDomain(raw []any) []any {
	if len(raw) == 0 {
		return nil
	}
	for _, e := range raw {
		if _, isOp := e.(string); isOp {
			return raw // already has operators: taken as normalized
		}
	}
	out := make([]any, 0, 2*len(raw)-1)
	for range len(raw) - 1 {
		out = append(out, "&")
	}
	return append(out, raw...)
}

// andDomains is expression.AND: the normalized domains after len-1 "&"s;
// empty ones are left out.
func andDomains(ds ...[]any) []any {
	var parts [][]any
	for _, d := range ds {
		if len(d) > 0 {
			parts = append(parts, d)
		}
	}
	var out []any
	for range max(len(parts)-1, 0) {
		out = append(out, "&")
	}
	for _, p := range parts {
		out = append(out, p...)
	}
	if out == nil {
		out = []any{}
	}
	return out
}

type rgAgg struct{ key, field, fn string }

// aggSpecs reads read_group's fields ("field", "field:sum",
// "alias:sum(field)"); numeric fields without a function are summed.
func aggSpecs(m *model, specs []string, groupby []gbSpec) ([]rgAgg, *odooError) {
	var aggs []rgAgg
	for _, spec := range specs {
		key, fn, _ := strings.Cut(spec, ":")
		field := key
		if i := strings.IndexByte(fn, '('); i >= 0 && strings.HasSuffix(fn, ")") {
			field = fn[i+1 : len(fn)-1]
			fn = fn[:i]
		}
		if field == "__count" {
			continue
		}
		fd := m.fields[field]
		if fd == nil {
			return nil, errInvalidField(field, m.name)
		}
		if fn == "" {
			if fd.Type != TypeInteger && fd.Type != TypeFloat && fd.Type != TypeMonetary || field == "id" || field == "sequence" {
				continue
			}
			fn = "sum"
		}
		grouped := false
		for _, g := range groupby {
			grouped = grouped || g.field == key
		}
		if !grouped {
			aggs = append(aggs, rgAgg{key: key, field: field, fn: fn})
		}
	}
	return aggs, nil
}

func mReadGroup(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	rawDomain, _ := a.get("domain")
	userDomain, _ := rawDomain.([]any)
	groupby := a.stringList("groupby")
	if len(groupby) == 0 {
		return nil, newErr(excValueError, "read_group() needs a groupby")
	}
	lazy := true
	if v, ok := a.get("lazy"); ok && v != nil {
		lazy = truthy(v)
	}
	specs, err := groupSpecs(m, groupby)
	if err != nil {
		return nil, err
	}
	used := specs
	if lazy {
		used = specs[:1]
	}
	aggs, err := aggSpecs(m, a.stringList("fields"), used)
	if err != nil {
		return nil, err
	}
	r := s.reader(c)
	ids, err := r.search(m, d, 0, -1, m.order)
	if err != nil {
		return nil, err
	}
	countKey := specs[0].field + "_count"
	if !lazy {
		countKey = "__count"
	}
	var out []*row
	for _, g := range groupRecords(r, m, ids, used) {
		rw := &row{}
		rw.keys = append(rw.keys, countKey)
		rw.vals = append(rw.vals, int64(len(g.ids)))
		for _, ag := range aggs {
			rw.keys = append(rw.keys, ag.key)
			rw.vals = append(rw.vals, aggregate(r, m, m.fields[ag.field], g.ids, ag.fn))
		}
		ranges := map[string]any{}
		for i, sp := range used {
			rw.keys = append(rw.keys, sp.raw)
			rw.vals = append(rw.vals, g.vals[i])
			if label, ok := g.vals[i].(string); ok && sp.gran != "" {
				lo, hi := dateRange(label, sp.gran, sp.fd.Type)
				ranges[sp.raw] = map[string]any{"from": lo, "to": hi}
			}
		}
		if len(ranges) > 0 {
			rw.keys = append(rw.keys, "__range")
			rw.vals = append(rw.vals, ranges)
		}
		rw.keys = append(rw.keys, "__domain")
		rw.vals = append(rw.vals, andDomains(append(g.leaves, normalizeDomain(userDomain))...))
		if s.version >= 19 && lazy && used[0].fd.Relation != "" && strings.HasSuffix(used[0].fd.Relation, ".stage") {
			// 19 folds stage groups (fixtures README, odoo19/15)
			rw.keys = append(rw.keys, "__fold")
			rw.vals = append(rw.vals, stageFolded(s, used[0].fd.Relation, g.vals[0]))
		}
		if lazy && len(groupby) > 1 {
			rest := make([]any, 0, len(groupby)-1)
			for _, gb := range groupby[1:] {
				rest = append(rest, gb)
			}
			rw.keys = append(rw.keys, "__context")
			rw.vals = append(rw.vals, map[string]any{"group_by": rest})
		}
		out = append(out, rw)
	}
	return pageRows(out, a), nil
}

func stageFolded(s *store, model string, v any) bool {
	if l, ok := v.([]any); ok && len(l) > 0 {
		if st := s.get(model, asID(l[0])); st != nil {
			return st.vals["fold"] == true
		}
	}
	return false
}

func pageRows(out []*row, a *callArgs) []*row {
	off := a.intArg("offset", 0)
	if off > len(out) {
		off = len(out)
	}
	out = out[off:]
	if lim := a.limitArg(); lim >= 0 && lim < len(out) {
		out = out[:lim]
	}
	if out == nil {
		out = []*row{}
	}
	return out
}

// mFormattedReadGroup is Odoo 19's formatted_read_group(domain, groupby,
// aggregates, having, offset, limit, order) (odoo19/16).
func mFormattedReadGroup(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	specs, err := groupSpecs(m, a.stringList("groupby"))
	if err != nil {
		return nil, err
	}
	aggNames := a.stringList("aggregates")
	var aggs []rgAgg
	for _, spec := range aggNames {
		if spec == "__count" {
			continue
		}
		field, fn, _ := strings.Cut(spec, ":")
		if m.fields[field] == nil {
			return nil, errInvalidField(field, m.name)
		}
		if fn == "" {
			fn = "sum"
		}
		aggs = append(aggs, rgAgg{key: spec, field: field, fn: fn})
	}
	r := s.reader(c)
	ids, err := r.search(m, d, 0, -1, m.order)
	if err != nil {
		return nil, err
	}
	var out []*row
	for _, g := range groupRecords(r, m, ids, specs) {
		rw := &row{}
		for i, sp := range specs {
			rw.keys = append(rw.keys, sp.raw)
			rw.vals = append(rw.vals, g.vals[i])
		}
		rw.keys = append(rw.keys, "__extra_domain")
		rw.vals = append(rw.vals, andDomains(g.leaves...))
		for _, spec := range aggNames {
			if spec == "__count" {
				rw.keys = append(rw.keys, "__count")
				rw.vals = append(rw.vals, int64(len(g.ids)))
			}
		}
		for _, ag := range aggs {
			rw.keys = append(rw.keys, ag.key)
			rw.vals = append(rw.vals, aggregate(r, m, m.fields[ag.field], g.ids, ag.fn))
		}
		out = append(out, rw)
	}
	return pageRows(out, a), nil
}

func groupLess(r *reader, fd *fieldDef, a, b any) bool {
	if isFalsy(a) != isFalsy(b) {
		return !isFalsy(a) // false groups last
	}
	switch x := a.(type) {
	case []any:
		y := b.([]any)
		cm := r.s.models[fd.Relation]
		return r.rank(cm, asID(x[0])) < r.rank(cm, asID(y[0]))
	case string:
		y, _ := b.(string)
		return x < y
	case bool:
		return !x && b == true
	}
	fa, _ := asFloat(a)
	fb, _ := asFloat(b)
	return fa < fb
}

func aggregate(r *reader, m *model, fd *fieldDef, ids []int64, fn string) any {
	var sum, mn, mx float64
	n := 0
	for i, id := range ids {
		f, _ := asFloat(r.value(m, fd, m.records[id]))
		sum += f
		if i == 0 || f < mn {
			mn = f
		}
		if i == 0 || f > mx {
			mx = f
		}
		n++
	}
	var out float64
	switch fn {
	case "min":
		out = mn
	case "max":
		out = mx
	case "avg":
		if n > 0 {
			out = sum / float64(n)
		}
	case "count":
		return int64(n)
	default:
		out = sum
	}
	if fd.Type == TypeInteger {
		return int64(out)
	}
	return out
}

// dateGroup labels a date for a granularity like Odoo ("November 2026").
func dateGroup(v any, gran string) any {
	s, ok := v.(string)
	if !ok || len(s) < 10 {
		return false
	}
	t, err := time.Parse(dateFormat, s[:10])
	if err != nil {
		return false
	}
	switch gran {
	case "day":
		return t.Format("02 Jan 2006")
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("W%d %d", w, y)
	case "quarter":
		return fmt.Sprintf("Q%d %d", (int(t.Month())-1)/3+1, t.Year())
	case "year":
		return t.Format("2006")
	}
	return t.Format("January 2006")
}

func dateRange(label, gran, typ string) (string, string) {
	var lo, hi time.Time
	switch gran {
	case "day":
		lo, _ = time.Parse("02 Jan 2006", label)
		hi = lo.AddDate(0, 0, 1)
	case "year":
		lo, _ = time.Parse("2006", label)
		hi = lo.AddDate(1, 0, 0)
	case "week", "quarter":
		var a, y int
		fmt.Sscanf(label[1:], "%d %d", &a, &y)
		if gran == "quarter" {
			lo = time.Date(y, time.Month(3*(a-1)+1), 1, 0, 0, 0, 0, time.UTC)
			hi = lo.AddDate(0, 3, 0)
		} else {
			lo = time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
			lo = lo.AddDate(0, 0, -int((lo.Weekday()+6)%7)+7*(a-1))
			hi = lo.AddDate(0, 0, 7)
		}
	default:
		lo, _ = time.Parse("January 2006", label)
		hi = lo.AddDate(0, 1, 0)
	}
	if typ == TypeDate {
		return lo.Format(dateFormat), hi.Format(dateFormat)
	}
	return lo.Format(datetimeFormat), hi.Format(datetimeFormat)
}
