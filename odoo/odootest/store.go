package odootest

import (
	"fmt"
	"sort"
	"time"
)

// store is the in-memory database. The Server's mutex guards it.
type store struct {
	models  map[string]*model
	order   []string // registration order
	version int
	flavor  Flavor
	now     func() time.Time
	seqs    map[string]int64
	// undo is the journal of the running transaction (nil outside one).
	undo   []func()
	inTx   bool
	users  map[string]*user // by login
	apiKey map[string]int64 // API key -> uid
}

// user holds the credentials of a res.users record.
type user struct {
	uid      int64
	login    string
	password string
}

// callCtx is who calls and with which context.
type callCtx struct {
	uid     int64
	context map[string]any
}

func (c *callCtx) activeTest() bool {
	if c == nil || c.context == nil {
		return true
	}
	if v, ok := c.context["active_test"]; ok {
		return truthy(v)
	}
	return true
}

func (s *store) nowString() string { return s.now().UTC().Format(datetimeFormat) }

// begin, commit and rollback give each ORM call Odoo's all-or-nothing
// transaction.
func (s *store) begin() { s.undo = s.undo[:0]; s.inTx = true }
func (s *store) commit() {
	s.undo = s.undo[:0]
	s.inTx = false
}
func (s *store) rollback() {
	s.inTx = false // undoing journals nothing
	for i := len(s.undo) - 1; i >= 0; i-- {
		s.undo[i]()
	}
	s.undo = s.undo[:0]
}

func (s *store) journal(f func()) {
	if s.inTx {
		s.undo = append(s.undo, f)
	}
}

func (s *store) get(model string, id int64) *record {
	m := s.models[model]
	if m == nil {
		return nil
	}
	return m.records[id]
}

func (s *store) partnerOf(uid int64) int64 {
	if u := s.get("res.users", uid); u != nil {
		return asID(u.vals["partner_id"])
	}
	return 0
}

func (s *store) insert(m *model, rec *record) {
	m.records[rec.id] = rec
	m.ids = append(m.ids, rec.id)
	if n := len(m.ids); n > 1 && m.ids[n-2] > rec.id {
		sort.Slice(m.ids, func(i, j int) bool { return m.ids[i] < m.ids[j] })
	}
	s.journal(func() { s.remove(m, rec.id) })
}

func (s *store) remove(m *model, id int64) {
	rec, ok := m.records[id]
	if !ok {
		return
	}
	delete(m.records, id)
	i := sort.Search(len(m.ids), func(i int) bool { return m.ids[i] >= id })
	if i < len(m.ids) && m.ids[i] == id {
		m.ids = append(m.ids[:i], m.ids[i+1:]...)
	}
	s.journal(func() { s.insert(m, rec) })
}

func (s *store) setVal(rec *record, field string, v any) {
	old, had := rec.vals[field]
	rec.vals[field] = v
	s.journal(func() {
		if had {
			rec.vals[field] = old
		} else {
			delete(rec.vals, field)
		}
	})
}

func (s *store) nextSeq(name string) int64 {
	s.seqs[name]++
	n := s.seqs[name]
	s.journal(func() { s.seqs[name]-- })
	return n
}

// reader answers reads within one call, caching inverse relations and
// display names so reading n records stays O(n).
type reader struct {
	s       *store
	c       *callCtx
	o2m     map[*fieldDef]map[int64][]int64
	names   map[*model]map[int64]string
	ranks   map[*model]map[int64]int
	ranking map[*model]bool
	built   map[*model]map[int64]map[string]any
	// classicWrite: read(load="_classic_write") answers many2one as ids.
	classicWrite bool
	attCount     map[string]map[int64]int
}

// attachmentCount answers how many attachments model/id has (indexed once
// per call).
func (r *reader) attachmentCount(m *model, id int64) int {
	if r.attCount == nil {
		r.attCount = map[string]map[int64]int{}
		if am := r.s.models["ir.attachment"]; am != nil {
			for _, aid := range am.ids {
				a := am.records[aid]
				model, _ := a.vals["res_model"].(string)
				if r.attCount[model] == nil {
					r.attCount[model] = map[int64]int{}
				}
				r.attCount[model][asID(a.vals["res_id"])]++
			}
		}
	}
	return r.attCount[m.name][id]
}

func (s *store) reader(c *callCtx) *reader {
	return &reader{s: s, c: c}
}

// one2many answers the ids whose inverse field points to id (for res_id
// relations: whose model field names m too), in the comodel's order.
func (r *reader) one2many(m *model, fd *fieldDef, id int64) []int64 {
	if r.o2m == nil {
		r.o2m = map[*fieldDef]map[int64][]int64{}
	}
	idx, ok := r.o2m[fd]
	if !ok {
		idx = map[int64][]int64{}
		cm := r.s.models[fd.Relation]
		if cm != nil {
			activeTest := r.c.activeTest() && cm.fields["active"] != nil
			for _, cid := range r.sortedIDs(cm) {
				crec := cm.records[cid]
				if fd.inverseModelField != "" && crec.vals[fd.inverseModelField] != m.name {
					continue
				}
				if activeTest && crec.vals["active"] == false {
					continue
				}
				if fd.mirror {
					ids, _ := crec.vals[fd.InverseName].([]int64)
					for _, x := range ids {
						idx[x] = append(idx[x], cid)
					}
					continue
				}
				if p := asID(crec.vals[fd.InverseName]); p != 0 {
					idx[p] = append(idx[p], cid)
				}
			}
		}
		r.o2m[fd] = idx
	}
	return idx[id]
}

// sortedIDs answers all ids of m in its default order.
func (r *reader) sortedIDs(m *model) []int64 {
	ids := append([]int64(nil), m.ids...)
	keys, err := parseOrder(m, m.order)
	if err != nil {
		return ids
	}
	r.sortIDs(m, ids, keys)
	return ids
}

// rank answers the position of id in m's default order (for ordering by a
// many2one, which Odoo does by the comodel's order).
func (r *reader) rank(m *model, id int64) int {
	if r.ranks == nil {
		r.ranks = map[*model]map[int64]int{}
		r.ranking = map[*model]bool{}
	}
	rk, ok := r.ranks[m]
	if !ok {
		if r.ranking[m] { // a cycle through many2one orders: fall back to id
			return int(id)
		}
		r.ranking[m] = true
		rk = map[int64]int{}
		for i, x := range r.sortedIDs(m) {
			rk[x] = i
		}
		r.ranks[m] = rk
	}
	if v, ok := rk[id]; ok {
		return v
	}
	return int(id)
}

func (r *reader) displayName(m *model, rec *record) string {
	if r.names == nil {
		r.names = map[*model]map[int64]string{}
	}
	nm := r.names[m]
	if nm == nil {
		nm = map[int64]string{}
		r.names[m] = nm
	}
	if v, ok := nm[rec.id]; ok {
		return v
	}
	nm[rec.id] = fmt.Sprintf("%s,%d", m.name, rec.id) // guards cycles
	var name string
	if m.display != nil {
		name = m.display(r, rec)
	} else if m.recName != "" {
		fd := m.fields[m.recName]
		v := rec.vals[m.recName]
		if fd != nil && fd.compute != nil {
			v = fd.compute(r, m, rec)
		}
		if fd != nil && fd.Type == TypeMany2one {
			if t := r.s.get(fd.Relation, asID(v)); t != nil {
				name = r.displayName(r.s.models[fd.Relation], t)
			}
		} else if sv, ok := v.(string); ok {
			name = sv
			if translated(m, m.recName) {
				name = r.tr(sv)
			}
		}
	}
	if name == "" && (m.recName == "" || m.display != nil) {
		name = fmt.Sprintf("%s,%d", m.name, rec.id)
	}
	nm[rec.id] = name
	return name
}

// value answers fd's value for rec in read form (Odoo's convert_to_read):
// many2one [id, name] or false, x2many id lists, false for empty values.
func (r *reader) value(m *model, fd *fieldDef, rec *record) any {
	var v any
	switch {
	case fd.Name == "id":
		return rec.id
	case fd.compute != nil:
		v = fd.compute(r, m, rec)
	case fd.Type == TypeOne2many || fd.mirror:
		v = r.one2many(m, fd, rec.id)
	default:
		v = rec.vals[fd.Name]
	}
	switch fd.Type {
	case TypeMany2one:
		id := asID(v)
		if id == 0 {
			return false
		}
		cm := r.s.models[fd.Relation]
		if cm == nil {
			return false
		}
		t := cm.records[id]
		if t == nil {
			return false
		}
		if r.classicWrite {
			return id
		}
		return []any{id, r.displayName(cm, t)}
	case TypeOne2many, TypeMany2many:
		ids, _ := v.([]int64)
		out := make([]int64, 0, len(ids))
		cm := r.s.models[fd.Relation]
		for _, id := range ids {
			if cm != nil && cm.records[id] != nil {
				out = append(out, id)
			}
		}
		if fd.Type == TypeMany2many && !fd.mirror && fd.compute == nil && len(out) > 1 {
			// Odoo reads a many2many in the comodel's order, as its
			// one2many (odoo16-restapi/25: tags 8, 10, 9 by name).
			sort.SliceStable(out, func(i, j int) bool { return r.rank(cm, out[i]) < r.rank(cm, out[j]) })
		}
		return out
	case TypeInteger:
		if v == nil {
			return int64(0)
		}
		return v
	case TypeFloat, TypeMonetary:
		if v == nil {
			return 0.0
		}
		return v
	case TypeBoolean:
		if v == nil {
			return false
		}
		return v
	case TypeChar, TypeText, TypeHTML:
		if v == nil {
			return false
		}
		if sv, ok := v.(string); ok && translated(m, fd.Name) {
			return r.tr(sv)
		}
		return v
	default: // selection, date, datetime, binary
		if v == nil || v == "" {
			return false
		}
		return v
	}
}

// row is one record in read form, keeping Odoo's key order (id first,
// then the fields asked for) when encoded.
type row struct {
	keys []string
	vals []any
}

func (rw *row) toMap() map[string]any {
	out := make(map[string]any, len(rw.keys))
	for i, k := range rw.keys {
		out[k] = rw.vals[i]
	}
	return out
}

// readRows reads ids (skipping missing ones) with fields (all when empty).
func (r *reader) readRows(m *model, ids []int64, fields []string) []*row {
	if len(fields) == 0 {
		fields = m.fieldOrder
	}
	keys := make([]string, 0, len(fields)+1)
	keys = append(keys, "id")
	fds := make([]*fieldDef, 0, len(fields))
	for _, f := range fields {
		if f == "id" {
			continue
		}
		keys = append(keys, f)
		fds = append(fds, m.fields[f])
	}
	out := make([]*row, 0, len(ids))
	for _, id := range ids {
		rec := m.records[id]
		if rec == nil {
			continue
		}
		vals := make([]any, len(keys))
		vals[0] = id
		for i, fd := range fds {
			vals[i+1] = r.value(m, fd, rec)
		}
		out = append(out, &row{keys: keys, vals: vals})
	}
	return out
}
