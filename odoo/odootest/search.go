package odootest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
)

// --- search ---------------------------------------------------------------

// parseDomainArg turns a decoded domain argument into a Domain.
func parseDomainArg(v any) (domain.Domain, *odooError) {
	switch x := v.(type) {
	case nil:
		return domain.Domain{}, nil
	case bool:
		if !x {
			return domain.Domain{}, nil
		}
	case []any:
		if len(x) == 0 {
			return domain.Domain{}, nil
		}
	case domain.Domain:
		return x, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return domain.Domain{}, newErr(excValueError, "Invalid domain: %v", err)
	}
	d, err := domain.ParseJSON(b)
	if err != nil {
		return domain.Domain{}, newErr(excValueError, "Invalid domain %s: %v", string(b), err)
	}
	return d, nil
}

// checkDomain answers Odoo's errors for unknown fields and operators the
// server's version lacks.
func (s *store) checkDomain(m *model, d domain.Domain) *odooError {
	for _, lf := range d.Leaves() {
		if lf.Field == "" || isNumericText(lf.Field) {
			continue
		}
		cur := m
		parts := strings.Split(lf.Field, ".")
		for i, p := range parts {
			fd := cur.fields[p]
			if fd == nil {
				return s.prof().invalidFieldLeaf(cur.name, p, leafRepr(lf))
			}
			if i < len(parts)-1 || lf.Op == domain.OpAny || lf.Op == domain.OpNotAny {
				if !fd.relational() {
					if i < len(parts)-1 {
						return s.prof().invalidFieldLeaf(cur.name, parts[i+1], leafRepr(lf))
					}
					return s.prof().anyOnChar(p) // odoo16/23, odoo17/23, odoo18/23
				}
				next := s.models[fd.Relation]
				if next == nil {
					return errUnknownModel(fd.Relation)
				}
				cur = next
			}
		}
		if lf.Op == domain.OpAny || lf.Op == domain.OpNotAny {
			if s.version < 17 {
				return newErr(excTypeError, "unhashable type: 'list'")
			}
			if sub, ok := lf.Value.(domain.Domain); ok {
				if err := s.checkDomain(cur, sub); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func isNumericText(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func leafRepr(lf domain.Leaf) string {
	v := lf.Value
	if d, ok := v.(domain.Domain); ok {
		v = d.String()
	}
	return "(" + pyRepr(lf.Field) + ", " + pyRepr(string(lf.Op)) + ", " + pyRepr(v) + ")"
}

// recordMap is the map Match sees: id, the model under a private key, and
// the fields the domain names, in read form.
const modelKey = "\x00model"

func (r *reader) recordMap(m *model, rec *record, fields []*fieldDef) map[string]any {
	mp := make(map[string]any, len(fields)+2)
	mp["id"] = rec.id
	mp[modelKey] = m
	for _, fd := range fields {
		mp[fd.Name] = r.value(m, fd, rec)
	}
	return mp
}

// fullMap is the map of a related record reached through a dotted path.
func (r *reader) fullMap(m *model, id int64) map[string]any {
	if r.built == nil {
		r.built = map[*model]map[int64]map[string]any{}
	}
	bm := r.built[m]
	if bm == nil {
		bm = map[int64]map[string]any{}
		r.built[m] = bm
	}
	if mp, ok := bm[id]; ok {
		return mp
	}
	rec := m.records[id]
	if rec == nil {
		return nil
	}
	fds := make([]*fieldDef, 0, len(m.fields))
	for _, name := range m.fieldOrder {
		fds = append(fds, m.fields[name])
	}
	mp := r.recordMap(m, rec, fds)
	bm[id] = mp
	return mp
}

// resolve is the domain.Resolver over the store.
func (r *reader) resolve(rec map[string]any, field string) ([]map[string]any, error) {
	m, _ := rec[modelKey].(*model)
	if m == nil {
		return nil, fmt.Errorf("odootest: record without a model")
	}
	fd := m.fields[field]
	if fd == nil {
		return nil, errInvalidField(field, m.name)
	}
	if !fd.relational() {
		return nil, fmt.Errorf("odootest: %s.%s is not relational", m.name, field)
	}
	cm := r.s.models[fd.Relation]
	if cm == nil {
		return nil, nil
	}
	src := m.records[asID(rec["id"])]
	if src == nil {
		return nil, nil
	}
	var ids []int64
	switch v := r.value(m, fd, src).(type) {
	case []any:
		ids = []int64{asID(v)}
	case []int64:
		ids = v
	}
	out := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		if mp := r.fullMap(cm, id); mp != nil {
			out = append(out, mp)
		}
	}
	return out, nil
}

// search answers the ids of m matching d, ordered, with offset and limit
// (limit < 0: no limit).
func (r *reader) search(m *model, d domain.Domain, offset, limit int, order string) ([]int64, *odooError) {
	if err := r.s.checkDomain(m, d); err != nil {
		return nil, err
	}
	d = dropNoSearch(m, d)
	keys, oerr := parseOrder(m, order)
	if oerr != nil {
		return nil, oerr
	}
	var fields []*fieldDef
	mentionsActive := false
	for _, p := range d.Fields() {
		first, _, _ := strings.Cut(p, ".")
		if first == "active" {
			mentionsActive = true
		}
		if fd := m.fields[first]; fd != nil && first != "id" {
			fields = append(fields, fd)
		}
	}
	activeTest := r.c.activeTest() && m.fields["active"] != nil && !mentionsActive
	ids := make([]int64, 0, len(m.ids))
	for _, id := range m.ids {
		rec := m.records[id]
		if activeTest && rec.vals["active"] == false {
			continue
		}
		if !d.IsZero() {
			ok, err := domain.Match(d, r.recordMap(m, rec, fields), r.resolve)
			if err != nil {
				var oe *odooError
				if errors.As(err, &oe) {
					return nil, oe
				}
				return nil, newErr(excValueError, "%v", err)
			}
			if !ok {
				continue
			}
		}
		ids = append(ids, id)
	}
	r.sortIDs(m, ids, keys)
	if offset > 0 {
		if offset >= len(ids) {
			return []int64{}, nil
		}
		ids = ids[offset:]
	}
	if limit >= 0 && limit < len(ids) {
		ids = ids[:limit]
	}
	return ids, nil
}

// --- order ----------------------------------------------------------------

type orderKey struct {
	fd   *fieldDef
	desc bool
}

func parseOrder(m *model, order string) ([]orderKey, *odooError) {
	var keys []orderKey
	hasID := false
	for _, part := range strings.Split(order, ",") {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		name := words[0]
		desc := false
		if len(words) > 1 {
			switch strings.ToLower(words[1]) {
			case "desc":
				desc = true
			case "asc":
			default:
				return nil, newErr(excValueError, "Invalid \"order\" specified (%s). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)", order)
			}
			if len(words) > 2 && !(len(words) == 4 && strings.EqualFold(words[2], "nulls")) {
				return nil, newErr(excValueError, "Invalid \"order\" specified (%s). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)", order)
			}
		}
		fd := m.fields[name]
		if fd == nil {
			return nil, newErr(excValueError, "Invalid field %s on model %s", pyRepr(name), pyRepr(m.name))
		}
		if name == "id" {
			hasID = true
		}
		keys = append(keys, orderKey{fd: fd, desc: desc})
	}
	if !hasID {
		keys = append(keys, orderKey{fd: m.fields["id"]})
	}
	return keys, nil
}

type sortVal struct {
	null bool
	s    string
	n    float64
}

func (r *reader) sortValue(m *model, fd *fieldDef, rec *record) sortVal {
	if fd.Name == "id" {
		return sortVal{n: float64(rec.id)}
	}
	var v any
	if fd.compute != nil {
		v = fd.compute(r, m, rec)
	} else {
		v = rec.vals[fd.Name]
	}
	switch fd.Type {
	case TypeMany2one:
		id := asID(v)
		cm := r.s.models[fd.Relation]
		if id == 0 || cm == nil || cm.records[id] == nil {
			return sortVal{null: true}
		}
		return sortVal{n: float64(r.rank(cm, id))}
	case TypeInteger, TypeFloat, TypeMonetary:
		f, ok := asFloat(v)
		return sortVal{null: !ok, n: f}
	case TypeBoolean:
		if v == true {
			return sortVal{n: 1}
		}
		return sortVal{null: v == nil}
	case TypeOne2many, TypeMany2many:
		return sortVal{}
	}
	s, ok := v.(string)
	return sortVal{null: !ok || (s == "" && fd.Type != TypeChar), s: s}
}

func (r *reader) sortIDs(m *model, ids []int64, keys []orderKey) {
	if len(ids) < 2 {
		return
	}
	if len(keys) == 1 && keys[0].fd.Name == "id" {
		if keys[0].desc {
			sort.Slice(ids, func(i, j int) bool { return ids[i] > ids[j] })
		} else {
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		}
		return
	}
	vals := make(map[int64][]sortVal, len(ids))
	for _, id := range ids {
		rec := m.records[id]
		row := make([]sortVal, len(keys))
		for i, k := range keys {
			row[i] = r.sortValue(m, k.fd, rec)
		}
		vals[id] = row
	}
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := vals[ids[i]], vals[ids[j]]
		for k, key := range keys {
			c := compareSort(a[k], b[k])
			if c == 0 {
				continue
			}
			if key.desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
}

// compareSort orders like PostgreSQL: NULLs last ascending (so first
// descending).
func compareSort(a, b sortVal) int {
	switch {
	case a.null && b.null:
		return 0
	case a.null:
		return 1
	case b.null:
		return -1
	}
	if a.s != b.s {
		if strings.ToLower(a.s) < strings.ToLower(b.s) {
			return -1
		}
		if strings.ToLower(a.s) > strings.ToLower(b.s) {
			return 1
		}
		if a.s < b.s {
			return -1
		}
		return 1
	}
	switch {
	case a.n < b.n:
		return -1
	case a.n > b.n:
		return 1
	}
	return 0
}
