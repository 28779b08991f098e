package odootest

import (
	"maps"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/pyrepr"
)

// callArgs are a method's arguments: positional (JSON-RPC args) and named
// (kwargs, or the JSON-2 body), read by parameter name.
type callArgs struct {
	pos    []any
	kw     map[string]any
	params []string
	prof   profile // the server's version (its error wordings)
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
		// formatted_read_group exists from 19 (profile.hasFormattedReadGroup).
		"formatted_read_group": {params: []string{"domain", "groupby", "aggregates", "having", "offset", "limit", "order"}, run: mFormattedReadGroup},
		"web_search_read":      {params: []string{"domain", "specification", "offset", "limit", "order", "count_limit"}, run: mWebSearchRead},
		"exists":               {params: []string{"ids"}, run: mExists},
		"default_get":          {params: []string{"fields_list"}, run: mDefaultGet},
		"context_get":          {run: mContextGet},
		"check_access_rights": {params: []string{"operation", "raise_exception"}, run: func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
			return true, nil
		}},
		"message_post":        {params: []string{"ids"}, write: true, access: "write", run: mMessagePost},
		"message_subscribe":   {params: []string{"ids", "partner_ids", "subtype_ids"}, write: true, access: "write", run: mMessageSubscribe},
		"message_unsubscribe": {params: []string{"ids", "partner_ids"}, write: true, access: "write", run: mMessageUnsubscribe},
		"action_archive":      {params: []string{"ids"}, write: true, access: "write", run: mArchive(false)},
		"action_unarchive":    {params: []string{"ids"}, write: true, access: "write", run: mArchive(true)},
	}
	maps.Copy(methods, apikeyMethods)
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
	for _, f := range fields {
		if m.fields[f] == nil {
			return nil, a.prof.invalidFieldOn(f, m.name)
		}
	}
	return fields, nil
}

func domainArg(a *callArgs, name string) (domain.Domain, *odooError) {
	v, _ := a.get(name)
	if leaf := unknownOperatorLeaf(v); leaf != "" {
		return domain.Domain{}, a.prof.badOperator(leaf) // odoo17/51, odoo18/51
	}
	return parseDomainArg(v)
}

// operators are the domain operators Odoo knows (16-19).
var operators = map[string]bool{"=": true, "!=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true,
	"=?": true, "=like": true, "=ilike": true, "like": true, "not like": true, "ilike": true, "not ilike": true,
	"not =like": true, "not =ilike": true, "in": true, "not in": true, "child_of": true, "parent_of": true,
	"any": true, "not any": true}

// unknownOperatorLeaf answers the Python repr of the first leaf of a raw
// domain whose operator Odoo does not know ("" when none).
func unknownOperatorLeaf(v any) string {
	list, _ := v.([]any)
	for _, e := range list {
		leaf, ok := e.([]any)
		if !ok || len(leaf) != 3 {
			continue
		}
		op, ok := leaf[1].(string)
		if ok && !operators[strings.ToLower(op)] {
			return "(" + pyRepr(leaf[0]) + ", " + pyRepr(op) + ", " + pyRepr(leaf[2]) + ")"
		}
		if sub, ok := leaf[2].([]any); ok && (op == "any" || op == "not any") {
			if l := unknownOperatorLeaf(sub); l != "" {
				return l
			}
		}
	}
	return ""
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
	id, err := singletonArg(m, a)
	if err != nil {
		return nil, err
	}
	def, _ := a.get("default")
	over, _ := def.(map[string]any)
	return s.copyRecord(c, m, id, over)
}

// singletonArg is the one id of a method called on a single record
// (ensure_one): more or fewer ids answer "Expected singleton".
func singletonArg(m *model, a *callArgs) (int64, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, errSingleton(m, ids)
	}
	return ids[0], nil
}

func errSingleton(m *model, ids []int64) *odooError {
	return newErr(excValueError, "Expected singleton: %s", pyrepr.Recordset(m.name, ids))
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
	r := s.reader(c)
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
				desc["readonly"] = fd.ReadOnly || (fd.compute != nil && !fd.inverse)
			case "selection":
				if fd.Type == TypeSelection {
					sel := make([]any, len(fd.Selection))
					for i, p := range fd.Selection {
						sel[i] = []any{p[0], r.tr(p[1])}
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
		// Odoo searches _rec_names_search (else _rec_name), not the
		// display name: OCA tickets by number or name (odoo19/13 finds
		// "HT00063 - Printer on fire" with =ilike "printer on fire%";
		// odoo16/81). Other models by their rec name.
		switch {
		case m.fields["number"] != nil && m.recName == "name":
			terms = append(append([]any{}, terms...), "|", []any{"number", op, name}, []any{"name", op, name})
		case m.recName != "" && m.name != "res.partner": // partners: by complete name (the display name)
			terms = append(append([]any{}, terms...), []any{m.recName, op, name})
		default:
			terms = append(append([]any{}, terms...), []any{"display_name", op, name})
		}
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
