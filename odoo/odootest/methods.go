package odootest

import (
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

// callArgs are a method's arguments: positional (JSON-RPC args) and named
// (kwargs, or the JSON-2 body), read by parameter name.
type callArgs struct {
	pos    []any
	kw     map[string]any
	params []string
}

func (a *callArgs) get(name string) (any, bool) {
	for i, p := range a.params {
		if p == name {
			if i < len(a.pos) {
				return a.pos[i], true
			}
			break
		}
	}
	v, ok := a.kw[name]
	return v, ok
}

func (a *callArgs) intArg(name string, def int) int {
	v, ok := a.get(name)
	if !ok || isFalsy(v) {
		return def
	}
	return int(asID(v))
}

// orderArg reads an order; none, false or "" mean the model's order.
func orderArg(m *model, a *callArgs) string {
	if o := strings.TrimSpace(a.stringArg("order", "")); o != "" {
		return o
	}
	return m.order
}

// limitArg reads a limit: Odoo takes none, false and 0 as "no limit".
func (a *callArgs) limitArg() int {
	if n := a.intArg("limit", -1); n > 0 {
		return n
	}
	return -1
}

func (a *callArgs) stringArg(name, def string) string {
	v, ok := a.get(name)
	if !ok {
		return def
	}
	if s, ok := v.(string); ok {
		return s
	}
	return def
}

func (a *callArgs) stringList(name string) []string {
	v, _ := a.get(name)
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// method describes one ORM method the fake answers.
type method struct {
	params []string // positional parameter names; "ids" first for record methods
	write  bool     // changes data (write lock, read-only users refused)
	// access is the operation a read-only user is refused ("" = allowed).
	access string
	run    func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError)
}

func (mt *method) recordMethod() bool { return len(mt.params) > 0 && mt.params[0] == "ids" }

var methods map[string]*method

func init() {
	methods = map[string]*method{
		"search_read":  {params: []string{"domain", "fields", "offset", "limit", "order"}, run: mSearchRead},
		"search":       {params: []string{"domain", "offset", "limit", "order", "count"}, run: mSearch},
		"search_count": {params: []string{"domain", "limit"}, run: mSearchCount},
		"read":         {params: []string{"ids", "fields", "load"}, run: mRead},
		"create":       {params: []string{"vals_list"}, write: true, access: "create", run: mCreate},
		"write":        {params: []string{"ids", "vals"}, write: true, access: "write", run: mWrite},
		"unlink":       {params: []string{"ids"}, write: true, access: "unlink", run: mUnlink},
		"copy":         {params: []string{"ids", "default"}, write: true, access: "create", run: mCopy},
		"fields_get":   {params: []string{"allfields", "attributes"}, run: mFieldsGet},
		"name_search":  {params: []string{"name", "args", "operator", "limit"}, run: mNameSearch},
		"name_get":     {params: []string{"ids"}, run: mNameGet},
		"read_group":   {params: []string{"domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"}, run: mReadGroup},
		"exists":       {params: []string{"ids"}, run: mExists},
		"default_get":  {params: []string{"fields_list"}, run: mDefaultGet},
		"context_get":  {run: mContextGet},
		"check_access_rights": {params: []string{"operation", "raise_exception"}, run: func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
			return true, nil
		}},
		"message_post":        {params: []string{"ids"}, write: true, access: "write", run: mMessagePost},
		"message_subscribe":   {params: []string{"ids", "partner_ids", "subtype_ids"}, write: true, access: "write", run: mMessageSubscribe},
		"message_unsubscribe": {params: []string{"ids", "partner_ids"}, write: true, access: "write", run: mMessageUnsubscribe},
		"action_archive":      {params: []string{"ids"}, write: true, access: "write", run: mArchive(false)},
		"action_unarchive":    {params: []string{"ids"}, write: true, access: "write", run: mArchive(true)},
	}
}

// idsArg reads the record ids of a record method.
func idsArg(a *callArgs) ([]int64, *odooError) {
	v, _ := a.get("ids")
	ids, ok := asIDList(v)
	if !ok {
		return nil, newErr(excTypeError, "unhashable type: %s", pyRepr(v))
	}
	return ids, nil
}

func fieldsArg(m *model, a *callArgs, name string) ([]string, *odooError) {
	fields := a.stringList(name)
	if err := checkFields(m, fields); err != nil {
		return nil, err
	}
	return fields, nil
}

func domainArg(a *callArgs, name string) (domain.Domain, *odooError) {
	v, _ := a.get(name)
	return parseDomainArg(v)
}

func mSearchRead(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	fields, err := fieldsArg(m, a, "fields")
	if err != nil {
		return nil, err
	}
	r := s.reader(c)
	ids, err := r.search(m, d, a.intArg("offset", 0), a.limitArg(), orderArg(m, a))
	if err != nil {
		return nil, err
	}
	return r.readRows(m, ids, fields), nil
}

func mSearch(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	ids, err := s.reader(c).search(m, d, a.intArg("offset", 0), a.limitArg(), orderArg(m, a))
	if err != nil {
		return nil, err
	}
	if v, _ := a.get("count"); truthy(v) {
		return int64(len(ids)), nil
	}
	return ids, nil
}

func mSearchCount(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	ids, err := s.reader(c).search(m, d, 0, a.limitArg(), "id")
	if err != nil {
		return nil, err
	}
	return int64(len(ids)), nil
}

func mRead(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	fields, err := fieldsArg(m, a, "fields")
	if err != nil {
		return nil, err
	}
	r := s.reader(c)
	r.classicWrite = a.stringArg("load", "") == "_classic_write"
	return r.readRows(m, ids, fields), nil
}

func mCreate(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	v, _ := a.get("vals_list")
	switch x := v.(type) {
	case map[string]any:
		return s.create(c, m, x)
	case []any:
		ids := make([]int64, 0, len(x))
		for _, e := range x {
			vals, ok := e.(map[string]any)
			if !ok {
				return nil, newErr(excValueError, "Wrong value for create: %s", pyRepr(e))
			}
			id, err := s.create(c, m, vals)
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, nil
	}
	return nil, newErr(excTypeError, "create() missing 1 required positional argument: 'vals_list'")
}

func mWrite(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	v, _ := a.get("vals")
	vals, ok := v.(map[string]any)
	if !ok {
		return nil, newErr(excTypeError, "write() missing 1 required positional argument: 'vals'")
	}
	if err := s.write(c, m, ids, vals); err != nil {
		return nil, err
	}
	return true, nil
}

func mUnlink(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	if err := s.unlink(c, m, ids); err != nil {
		return nil, err
	}
	return true, nil
}

func mCopy(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	if len(ids) != 1 {
		return nil, errSingleton(m, ids)
	}
	def, _ := a.get("default")
	over, _ := def.(map[string]any)
	return s.copyRecord(c, m, ids[0], over)
}

func errSingleton(m *model, ids []int64) *odooError {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	inner := strings.Join(parts, ", ")
	if len(ids) == 1 {
		inner += ","
	}
	return newErr(excValueError, "Expected singleton: %s(%s)", m.name, inner)
}

var allAttributes = []string{"string", "type", "relation", "required", "readonly", "selection", "store", "sortable", "searchable", "help", "name"}

func mFieldsGet(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	want := a.stringList("allfields")
	attrs := a.stringList("attributes")
	if len(attrs) == 0 {
		attrs = allAttributes
	}
	names := m.fieldOrder
	if len(want) > 0 {
		names = nil
		for _, n := range want {
			if m.fields[n] != nil {
				names = append(names, n)
			}
		}
	}
	out := make(map[string]any, len(names))
	for _, n := range names {
		fd := m.fields[n]
		desc := map[string]any{}
		for _, at := range attrs {
			switch at {
			case "string":
				desc["string"] = fd.String
			case "type":
				desc["type"] = fd.Type
			case "relation":
				if fd.relational() {
					desc["relation"] = fd.Relation
				}
			case "relation_field":
				if fd.Type == TypeOne2many {
					desc["relation_field"] = fd.InverseName
				}
			case "required":
				desc["required"] = fd.Required
			case "readonly":
				desc["readonly"] = fd.ReadOnly || fd.compute != nil
			case "selection":
				if fd.Type == TypeSelection {
					sel := make([]any, len(fd.Selection))
					for i, p := range fd.Selection {
						sel[i] = []any{p[0], p[1]}
					}
					desc["selection"] = sel
				}
			case "store":
				desc["store"] = fd.stored()
			case "sortable":
				desc[at] = true
			case "searchable":
				desc[at] = !fd.noSearch
			case "depends":
				desc[at] = append([]string{}, fd.depends...)
			case "help":
			case "name":
				desc["name"] = fd.Name
			}
		}
		out[n] = desc
	}
	return out, nil
}

func mNameSearch(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	name := a.stringArg("name", "")
	op := a.stringArg("operator", "ilike")
	limit := a.intArg("limit", 100)
	dv, ok := a.get("args")
	if !ok || dv == nil {
		dv, _ = a.kw["domain"]
	}
	terms, _ := dv.([]any)
	if name != "" || (op != "ilike" && op != "like") {
		terms = append(append([]any{}, terms...), []any{"display_name", op, name})
	}
	d, err := parseDomainArg(terms)
	if err != nil {
		return nil, err
	}
	r := s.reader(c)
	ids, err := r.search(m, d, 0, limit, m.order)
	if err != nil {
		return nil, err
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		out = append(out, []any{id, r.displayName(m, m.records[id])})
	}
	return out, nil
}

func mNameGet(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	r := s.reader(c)
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		if rec := m.records[id]; rec != nil {
			out = append(out, []any{id, r.displayName(m, rec)})
		}
	}
	return out, nil
}

func mExists(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for _, id := range ids {
		if m.records[id] != nil {
			out = append(out, id)
		}
	}
	return out, nil
}

func mDefaultGet(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	out := map[string]any{}
	for _, n := range a.stringList("fields_list") {
		if fd := m.fields[n]; fd != nil && fd.Default != nil {
			out[n] = fd.Default
		}
	}
	return out, nil
}

// mContextGet is res.users.context_get: the calling user's lang, tz and
// uid, as Odoo answers it (clients call it to learn who a key belongs to).
func mContextGet(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	if m.name != "res.users" {
		return nil, s.prof().unknownMethod(m.name, "context_get")
	}
	lang, tz := "en_US", "Europe/Brussels"
	var uid int64
	if c != nil {
		uid = c.uid
	}
	if u := m.records[uid]; u != nil {
		if v, ok := u.vals["lang"].(string); ok && v != "" {
			lang = v
		}
		if v, ok := u.vals["tz"].(string); ok && v != "" {
			tz = v
		}
	}
	return map[string]any{"lang": lang, "tz": tz, "uid": uid}, nil
}

func mArchive(active bool) func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	return func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
		ids, err := idsArg(a)
		if err != nil {
			return nil, err
		}
		if m.fields["active"] == nil {
			return nil, s.prof().unknownMethod(m.name, "action_archive")
		}
		return true, s.write(c, m, ids, map[string]any{"active": active})
	}
}

// --- read_group -----------------------------------------------------------

func mReadGroup(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	groupby := a.stringList("groupby")
	if len(groupby) == 0 {
		return nil, newErr(excValueError, "read_group() needs a groupby")
	}
	lazy := true
	if v, ok := a.get("lazy"); ok && v != nil {
		lazy = truthy(v)
	}
	gbField, gran, _ := strings.Cut(groupby[0], ":")
	gfd := m.fields[gbField]
	if gfd == nil {
		return nil, errInvalidField(gbField, m.name)
	}
	if gran == "" && (gfd.Type == TypeDate || gfd.Type == TypeDatetime) {
		gran = "month"
	}
	// aggregates: "field", "field:sum", "alias:sum(field)"
	type agg struct{ key, field, fn string }
	var aggs []agg
	for _, spec := range a.stringList("fields") {
		key, fn, _ := strings.Cut(spec, ":")
		field := key
		if i := strings.IndexByte(fn, '('); i >= 0 && strings.HasSuffix(fn, ")") {
			field = fn[i+1 : len(fn)-1]
			fn = fn[:i]
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
		if key == gbField {
			continue
		}
		aggs = append(aggs, agg{key: key, field: field, fn: fn})
	}
	r := s.reader(c)
	ids, err := r.search(m, d, 0, -1, m.order)
	if err != nil {
		return nil, err
	}
	type group struct {
		key   string
		value any
		ids   []int64
	}
	groups := map[string]*group{}
	var order []string
	for _, id := range ids {
		rec := m.records[id]
		v := r.value(m, gfd, rec)
		var keys []string
		var vals []any
		switch x := v.(type) {
		case []int64: // x2many: one group per id
			for _, e := range x {
				keys = append(keys, fmt.Sprint(e))
				vals = append(vals, []any{e, r.displayName(s.models[gfd.Relation], s.get(gfd.Relation, e))})
			}
			if len(x) == 0 {
				keys, vals = []string{"false"}, []any{false}
			}
		default:
			if gran != "" {
				v = dateGroup(v, gran)
			}
			keys, vals = []string{fmt.Sprint(v)}, []any{v}
		}
		for i, k := range keys {
			g := groups[k]
			if g == nil {
				g = &group{key: k, value: vals[i]}
				groups[k] = g
				order = append(order, k)
			}
			g.ids = append(g.ids, id)
		}
	}
	// Odoo orders groups by the groupby field (many2one: the comodel's order).
	sort.SliceStable(order, func(i, j int) bool {
		return groupLess(r, gfd, groups[order[i]].value, groups[order[j]].value)
	})
	countKey := gbField + "_count"
	if !lazy {
		countKey = "__count"
	}
	out := make([]*row, 0, len(order))
	for _, k := range order {
		g := groups[k]
		rw := &row{}
		rw.keys = append(rw.keys, countKey)
		rw.vals = append(rw.vals, int64(len(g.ids)))
		for _, ag := range aggs {
			fd := m.fields[ag.field]
			rw.keys = append(rw.keys, ag.key)
			rw.vals = append(rw.vals, aggregate(r, m, fd, g.ids, ag.fn))
		}
		rw.keys = append(rw.keys, groupby[0])
		rw.vals = append(rw.vals, g.value)
		var leaf []any
		switch x := g.value.(type) {
		case []any:
			leaf = []any{gbField, "=", x[0]}
		case string:
			if gran != "" {
				lo, hi := dateRange(x, gran, gfd.Type)
				rw.keys = append(rw.keys, "__range")
				rw.vals = append(rw.vals, map[string]any{groupby[0]: map[string]any{"from": lo, "to": hi}})
				leaf = nil
				rw.keys = append(rw.keys, "__domain")
				rw.vals = append(rw.vals, []any{"&", []any{gbField, ">=", lo}, []any{gbField, "<", hi}})
			} else {
				leaf = []any{gbField, "=", x}
			}
		default:
			leaf = []any{gbField, "=", x}
		}
		if leaf != nil {
			rw.keys = append(rw.keys, "__domain")
			rw.vals = append(rw.vals, []any{leaf})
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
	off := a.intArg("offset", 0)
	if off > len(out) {
		off = len(out)
	}
	out = out[off:]
	if lim := a.limitArg(); lim >= 0 && lim < len(out) {
		out = out[:lim]
	}
	return out, nil
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

// --- chatter --------------------------------------------------------------

func (s *store) subtypeByXMLID(xmlid string) int64 {
	m := s.models["mail.message.subtype"]
	for _, id := range m.ids {
		if m.records[id].vals["xml_id"] == xmlid {
			return id
		}
	}
	return 0
}

func mMessagePost(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	if !m.thread {
		return nil, s.prof().unknownMethod(m.name, "message_post")
	}
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	if len(ids) != 1 {
		return nil, errSingleton(m, ids)
	}
	if m.records[ids[0]] == nil {
		return nil, errMissing(m.name, ids[0], c.uid)
	}
	kw := a.kw
	vals := map[string]any{"model": m.name, "res_id": ids[0]}
	vals["body"] = ""
	if b, ok := kw["body"]; ok && !isFalsy(b) {
		if str, isStr := b.(string); isStr && s.prof().escapesStrBody() && kw["body_is_html"] != true {
			b = plaintext2html(str)
		}
		vals["body"] = b
	}
	vals["message_type"] = "notification"
	if v, ok := kw["message_type"]; ok {
		vals["message_type"] = v
	}
	subtype := int64(0)
	if v, ok := kw["subtype_id"]; ok && !isFalsy(v) {
		subtype = asID(v)
	} else {
		x := "mail.mt_note"
		if v, ok := kw["subtype_xmlid"].(string); ok && v != "" {
			x = v
		}
		subtype = s.subtypeByXMLID(x)
		if subtype == 0 {
			return nil, newErr(excValueError, "External ID not found in the system: %s", x)
		}
	}
	vals["subtype_id"] = subtype
	for _, k := range []string{"author_id", "email_from", "date", "subject", "parent_id", "partner_ids", "reply_to", "message_id"} {
		if v, ok := kw[k]; ok && !isFalsy(v) {
			vals[k] = v
		}
	}
	var attIDs []int64
	if v, ok := kw["attachment_ids"]; ok && !isFalsy(v) {
		list, ok := asIDList(v)
		if !ok {
			cmds, err := parseCommands(s.models["mail.message"], s.models["mail.message"].fields["attachment_ids"], v)
			if err != nil {
				return nil, err
			}
			for _, cmd := range cmds {
				list = append(list, cmd.ids...)
				if cmd.code == 4 {
					list = append(list, cmd.id)
				}
			}
		}
		attIDs = list
	}
	if v, ok := kw["attachments"].([]any); ok {
		for _, e := range v {
			t, ok := e.([]any)
			if !ok || len(t) < 2 {
				continue
			}
			name, _ := t[0].(string)
			content, _ := t[1].(string)
			id, err := s.create(c, s.models["ir.attachment"], map[string]any{
				"name": name, "datas": base64.StdEncoding.EncodeToString([]byte(content)),
				"res_model": m.name, "res_id": ids[0],
			})
			if err != nil {
				return nil, err
			}
			attIDs = append(attIDs, id)
		}
	}
	am := s.models["ir.attachment"]
	for _, id := range attIDs {
		att := am.records[id]
		if att == nil {
			return nil, errMissing("ir.attachment", id, c.uid)
		}
		// Odoo moves posted attachments onto the record.
		if isFalsy(att.vals["res_id"]) || att.vals["res_model"] == "mail.compose.message" || att.vals["res_model"] == nil {
			s.setVal(att, "res_model", m.name)
			s.setVal(att, "res_id", ids[0])
		}
	}
	if len(attIDs) > 0 {
		l := make([]any, len(attIDs))
		for i, x := range attIDs {
			l[i] = x
		}
		vals["attachment_ids"] = []any{[]any{int64(6), int64(0), l}}
	}
	id, err := s.create(c, s.models["mail.message"], vals)
	if err != nil {
		return nil, err
	}
	// Odoo's mail.thread.message_post (16-19) subscribes the poster
	// unless mail_create_nosubscribe is in the context or the message is
	// a notification: the caller when active, else the author when active.
	if !c.flag("mail_create_nosubscribe") && vals["message_type"] != "notification" {
		p := int64(0)
		if u := s.get("res.users", c.uid); u != nil && u.vals["active"] != false {
			p = asID(u.vals["partner_id"])
		} else if a := s.get("res.partner", asID(vals["author_id"])); a != nil && a.vals["active"] != false {
			p = a.id
		}
		if p != 0 {
			if err := s.follow(c, m.name, ids[0], p, nil); err != nil {
				return nil, err
			}
		}
	}
	if s.prof().messagePostList() {
		return []int64{id}, nil // the mail.message recordset as a list of ids (odoo19/17, 62)
	}
	return id, nil
}

// plaintext2html is how Odoo 17+ stores a str body given to message_post
// without body_is_html (tools.mail.plaintext2html): HTML-escaped
// (markupsafe, like html.EscapeString), line breaks as <br/>, two or more
// of them closing a paragraph, all in <p> — as odoo17/29 and 55 show for
// "<p>Internal note from the API</p>" ("<p>&lt;p&gt;Internal note from
// the API&lt;/p&gt;</p>"). The line-break rules follow the 17.0 source
// (no capture has a newline); its clickable-link step is left out.
func plaintext2html(s string) string {
	s = html.EscapeString(s)
	s = strings.NewReplacer("\r\n", "<br/>", "\r", "<br/>", "\n", "<br/>").Replace(s)
	s = manyBreaks.ReplaceAllString(s, "</p><p>")
	return "<p>" + s + "</p>"
}

var manyBreaks = regexp.MustCompile(`(<br/>\s*){2,}`)

func mMessageSubscribe(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	if !m.thread {
		return nil, s.prof().unknownMethod(m.name, "message_subscribe")
	}
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	pv, _ := a.get("partner_ids")
	partners, _ := asIDList(pv)
	sv, _ := a.get("subtype_ids")
	subtypes, _ := asIDList(sv)
	for _, id := range ids {
		if m.records[id] == nil {
			return nil, errMissing(m.name, id, c.uid)
		}
		for _, p := range partners {
			if s.get("res.partner", p) == nil {
				return nil, errMissing("res.partner", p, c.uid)
			}
			if err := s.follow(c, m.name, id, p, subtypes); err != nil {
				return nil, err
			}
		}
	}
	return true, nil
}

// follow adds partner p to the followers of model/id (or updates its
// subtypes when given).
func (s *store) follow(c *callCtx, model string, id, p int64, subtypes []int64) *odooError {
	return s.followFresh(c, model, id, p, subtypes, false)
}

// followFresh is follow; fresh skips the search for an existing follower
// (a record being created has none), keeping bulk creates O(n).
func (s *store) followFresh(c *callCtx, model string, id, p int64, subtypes []int64, fresh bool) *odooError {
	fm := s.models["mail.followers"]
	for _, fid := range fm.ids {
		if fresh {
			break
		}
		f := fm.records[fid]
		if f.vals["res_model"] == model && asID(f.vals["res_id"]) == id && asID(f.vals["partner_id"]) == p {
			if len(subtypes) > 0 {
				s.setVal(f, "subtype_ids", append([]int64{}, subtypes...))
			}
			return nil
		}
	}
	if len(subtypes) == 0 {
		if d := s.subtypeByXMLID("mail.mt_comment"); d != 0 {
			subtypes = []int64{d}
		}
	}
	l := make([]any, len(subtypes))
	for i, x := range subtypes {
		l[i] = x
	}
	_, err := s.create(c, fm, map[string]any{"res_model": model, "res_id": id, "partner_id": p, "subtype_ids": []any{[]any{int64(6), int64(0), l}}})
	return err
}

func mMessageUnsubscribe(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	pv, _ := a.get("partner_ids")
	partners, _ := asIDList(pv)
	fm := s.models["mail.followers"]
	var dead []int64
	for _, fid := range fm.ids {
		f := fm.records[fid]
		if f.vals["res_model"] != m.name {
			continue
		}
		for _, id := range ids {
			for _, p := range partners {
				if asID(f.vals["res_id"]) == id && asID(f.vals["partner_id"]) == p {
					dead = append(dead, fid)
				}
			}
		}
	}
	if len(dead) > 0 {
		if err := s.unlink(c, fm, dead); err != nil {
			return nil, err
		}
	}
	return true, nil
}
