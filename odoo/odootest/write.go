package odootest

import (
	"fmt"
	"slices"
	"strings"
)

// errRequired is Odoo 16's NOT NULL violation as the RPC layer words it.
func errRequired(m *model, fd *fieldDef) *odooError {
	msg := "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n" +
		fmt.Sprintf("Model: %s (%s)\nField: %s (%s)\n", m.description, m.name, fd.String, fd.Name)
	return &odooError{Name: excValidation, Message: msg, where: `  File "/opt/odoo/odoo/service/model.py", line 133, in retrying`}
}

// errForeignKey is Odoo's answer to a many2one naming a missing record
// (PostgreSQL's foreign key violation, as the RPC layer words it).
func errForeignKey(m *model, fd *fieldDef) *odooError {
	table := strings.ReplaceAll(m.name, ".", "_")
	msg := "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n" +
		fmt.Sprintf("Model: %s (%s)\nConstraint: %s_%s_fkey\n", m.description, m.name, table, fd.Name)
	return &odooError{Name: excValidation, Message: msg, where: `  File "/opt/odoo/odoo/service/model.py", line 133, in retrying`}
}

// checkMany2one refuses a many2one to a record that does not exist.
func (s *store) checkMany2one(m *model, fd *fieldDef, v any) *odooError {
	if fd.Type != TypeMany2one || v == nil {
		return nil
	}
	cm := s.models[fd.Relation]
	if cm != nil && cm.records[asID(v)] == nil {
		return errForeignKey(m, fd)
	}
	return nil
}

// magic fields a client cannot set.
var magicFields = map[string]bool{"id": true, "display_name": true, "create_uid": true, "create_date": true, "write_uid": true, "write_date": true, "__last_update": true}

// create inserts one record and answers its id.
func (s *store) create(c *callCtx, m *model, vals map[string]any) (int64, *odooError) {
	for k := range vals {
		if m.fields[k] == nil {
			return 0, s.prof().invalidFieldIn(k, m.name)
		}
	}
	in := make(map[string]any, len(vals)+8)
	for k, v := range vals {
		in[k] = v
	}
	for _, name := range m.fieldOrder {
		fd := m.fields[name]
		if _, given := in[name]; !given && fd.Default != nil {
			in[name] = fd.Default
		}
	}
	if fd := m.fields["company_id"]; fd != nil && fd.Relation == "res.company" && fd.stored() {
		if _, given := in["company_id"]; !given && s.get("res.company", 1) != nil {
			in["company_id"] = int64(1) // Odoo's default: the user's company
		}
	}
	if m.check != nil {
		if err := m.check(s, c, in); err != nil {
			return 0, err
		}
	}
	if m.defaults != nil {
		m.defaults(s, c, in)
	}
	rec := &record{vals: make(map[string]any, len(in)+4)}
	var x2m []string
	for _, name := range sortedKeys(in) {
		fd := m.fields[name]
		if fd == nil {
			return 0, s.prof().invalidFieldIn(name, m.name)
		}
		if magicFields[name] {
			continue
		}
		if fd.x2many() {
			x2m = append(x2m, name)
			continue
		}
		if fd.compute != nil {
			continue
		}
		v, err := convertValue(m, fd, in[name])
		if err != nil {
			return 0, err
		}
		if err := s.checkMany2one(m, fd, v); err != nil {
			return 0, err
		}
		rec.vals[name] = v
	}
	for _, name := range m.fieldOrder {
		fd := m.fields[name]
		if fd.Required && fd.stored() && !fd.x2many() && rec.vals[name] == nil {
			return 0, s.prof().required(m, fd)
		}
	}
	now := s.nowString()
	rec.vals["create_uid"] = c.uid
	rec.vals["write_uid"] = c.uid
	rec.vals["create_date"] = now
	rec.vals["write_date"] = now
	rec.id = m.nextID
	m.nextID++
	s.insert(m, rec)
	for _, name := range x2m {
		if err := s.applyX2many(c, m, m.fields[name], rec, in[name], true); err != nil {
			return 0, err
		}
	}
	if m.onCreate != nil {
		m.onCreate(s, c, rec)
	}
	if m.onVals != nil {
		m.onVals(s, c, rec, in)
	}
	if m.thread {
		if err := s.threadCreated(c, m, rec); err != nil {
			return 0, err
		}
	}
	return rec.id, nil
}

// write updates ids with vals.
func (s *store) write(c *callCtx, m *model, ids []int64, vals map[string]any) *odooError {
	for _, id := range ids {
		if m.records[id] == nil {
			return errMissing(m.name, id, c.uid)
		}
	}
	conv := map[string]any{}
	var x2m []string
	for _, name := range sortedKeys(vals) {
		fd := m.fields[name]
		if fd == nil {
			return s.prof().invalidFieldIn(name, m.name)
		}
		if magicFields[name] || (fd.compute != nil && !fd.x2many()) {
			continue
		}
		if fd.x2many() {
			x2m = append(x2m, name)
			continue
		}
		v, err := convertValue(m, fd, vals[name])
		if err != nil {
			return err
		}
		if err := s.checkMany2one(m, fd, v); err != nil {
			return err
		}
		if fd.Required && v == nil {
			return s.prof().required(m, fd)
		}
		conv[name] = v
	}
	now := s.nowString()
	for _, id := range ids {
		rec := m.records[id]
		old := s.trackedValues(c, m, rec)
		for _, name := range sortedKeys(conv) {
			s.setVal(rec, name, conv[name])
		}
		for _, name := range x2m {
			if err := s.applyX2many(c, m, m.fields[name], rec, vals[name], false); err != nil {
				return err
			}
		}
		s.setVal(rec, "write_uid", c.uid)
		s.setVal(rec, "write_date", now)
		if m.onWrite != nil {
			m.onWrite(s, c, rec, conv)
		}
		if m.onVals != nil {
			m.onVals(s, c, rec, vals)
		}
		if err := s.track(c, m, rec, old); err != nil {
			return err
		}
	}
	return nil
}

// unlink deletes ids, cascading to records whose required many2one points
// to them and to the chatter of mail.thread records.
func (s *store) unlink(c *callCtx, m *model, ids []int64) *odooError {
	for _, id := range ids {
		if m.records[id] == nil {
			return errMissing(m.name, id, c.uid)
		}
	}
	doomed := map[int64]bool{}
	for _, id := range ids {
		doomed[id] = true
	}
	for _, id := range ids {
		if m.records[id] != nil {
			s.remove(m, id)
		}
	}
	for _, cmName := range s.order {
		cm := s.models[cmName]
		for _, fname := range cm.fieldOrder {
			fd := cm.fields[fname]
			if fd.Type != TypeMany2one || fd.Relation != m.name || !fd.Required || !fd.stored() {
				continue
			}
			var dead []int64
			for _, cid := range cm.ids {
				if doomed[asID(cm.records[cid].vals[fname])] {
					dead = append(dead, cid)
				}
			}
			if len(dead) > 0 {
				if err := s.unlink(c, cm, dead); err != nil {
					return err
				}
			}
		}
	}
	if m.thread {
		for _, spec := range [][2]string{{"mail.message", "model"}, {"mail.followers", "res_model"}} {
			cm := s.models[spec[0]]
			if cm == nil {
				continue
			}
			var dead []int64
			for _, cid := range cm.ids {
				crec := cm.records[cid]
				if crec.vals[spec[1]] == m.name && doomed[asID(crec.vals["res_id"])] {
					dead = append(dead, cid)
				}
			}
			for _, cid := range dead {
				s.remove(cm, cid)
			}
		}
	}
	return nil
}

// x2manyCommand is one parsed (code, id, value) triple.
type x2manyCommand struct {
	code int
	id   int64
	vals map[string]any
	ids  []int64
}

func parseCommands(m *model, fd *fieldDef, v any) ([]x2manyCommand, *odooError) {
	bad := func() *odooError {
		return newErr(excValueError, "Wrong value for %s.%s: %s", m.name, fd.Name, pyRepr(v))
	}
	if isFalsy(v) {
		return []x2manyCommand{{code: 5}}, nil
	}
	list, ok := v.([]any)
	if !ok {
		if ids, ok := v.([]int64); ok {
			return []x2manyCommand{{code: 6, ids: ids}}, nil
		}
		return nil, bad()
	}
	if ids, ok := asIDList(list); ok && len(list) > 0 {
		return []x2manyCommand{{code: 6, ids: ids}}, nil // a plain id list
	}
	var out []x2manyCommand
	for _, e := range list {
		t, ok := e.([]any)
		if !ok || len(t) == 0 || !isNumber(t[0]) {
			return nil, bad()
		}
		cmd := x2manyCommand{code: int(asID(t[0]))}
		if len(t) > 1 {
			cmd.id = asID(t[1])
		}
		switch cmd.code {
		case 0, 1:
			if len(t) < 3 {
				return nil, bad()
			}
			vals, ok := t[2].(map[string]any)
			if !ok {
				return nil, bad()
			}
			cmd.vals = vals
		case 6:
			if len(t) < 3 {
				return nil, bad()
			}
			ids, ok := asIDList(t[2])
			if !ok {
				return nil, bad()
			}
			cmd.ids = ids
		case 2, 3, 4, 5:
		default:
			return nil, bad()
		}
		out = append(out, cmd)
	}
	return out, nil
}

// applyX2many runs x2many commands on rec's field fd.
func (s *store) applyX2many(c *callCtx, m *model, fd *fieldDef, rec *record, v any, fresh bool) *odooError {
	if fd.compute != nil {
		return nil
	}
	cmds, err := parseCommands(m, fd, v)
	if err != nil {
		return err
	}
	cm := s.models[fd.Relation]
	if cm == nil {
		return errUnknownModel(fd.Relation)
	}
	var cur []int64
	switch {
	case fresh:
		// a record being created has no related records yet
	case fd.Type == TypeOne2many || fd.mirror:
		cur = s.inverseIDs(m, fd, rec.id)
	default:
		ids, _ := rec.vals[fd.Name].([]int64)
		cur = append(cur, ids...)
	}
	old := append([]int64(nil), cur...)
	for _, cmd := range cmds {
		switch cmd.code {
		case 0:
			vals := cmd.vals
			if fd.Type == TypeOne2many {
				vals = make(map[string]any, len(cmd.vals)+2)
				for k, x := range cmd.vals {
					vals[k] = x
				}
				vals[fd.InverseName] = rec.id
				if fd.inverseModelField != "" {
					vals[fd.inverseModelField] = m.name
				}
			}
			id, err := s.create(c, cm, vals)
			if err != nil {
				return err
			}
			cur = append(cur, id)
			if fd.Type == TypeOne2many {
				old = append(old, id) // already linked by its inverse
			}
		case 1:
			if err := s.write(c, cm, []int64{cmd.id}, cmd.vals); err != nil {
				return err
			}
		case 2:
			cur = slices.DeleteFunc(cur, func(x int64) bool { return x == cmd.id })
			if cm.records[cmd.id] != nil {
				if err := s.unlink(c, cm, []int64{cmd.id}); err != nil {
					return err
				}
			}
			old = slices.DeleteFunc(old, func(x int64) bool { return x == cmd.id })
		case 3:
			cur = slices.DeleteFunc(cur, func(x int64) bool { return x == cmd.id })
		case 4:
			if cm.records[cmd.id] == nil {
				return missingLink(c, m, fd, cm, cmd.id)
			}
			if !slices.Contains(cur, cmd.id) {
				cur = append(cur, cmd.id)
			}
		case 5:
			cur = cur[:0]
		case 6:
			cur = cur[:0]
			for _, id := range cmd.ids {
				if cm.records[id] == nil {
					return missingLink(c, m, fd, cm, id)
				}
				if !slices.Contains(cur, id) {
					cur = append(cur, id)
				}
			}
		}
	}
	switch {
	case fd.Type == TypeMany2many && !fd.mirror:
		s.setVal(rec, fd.Name, append([]int64{}, cur...))
	case fd.Type == TypeOne2many:
		for _, id := range old {
			if !slices.Contains(cur, id) {
				if crec := cm.records[id]; crec != nil {
					if inv := cm.fields[fd.InverseName]; inv != nil && inv.Required {
						if err := s.unlink(c, cm, []int64{id}); err != nil {
							return err
						}
					} else {
						s.setVal(crec, fd.InverseName, nil)
					}
				}
			}
		}
		for _, id := range cur {
			if !slices.Contains(old, id) {
				if crec := cm.records[id]; crec != nil {
					s.setVal(crec, fd.InverseName, rec.id)
					if fd.inverseModelField != "" {
						s.setVal(crec, fd.inverseModelField, m.name)
					}
				}
			}
		}
	case fd.mirror:
		for _, id := range old {
			if !slices.Contains(cur, id) {
				if crec := cm.records[id]; crec != nil {
					ids, _ := crec.vals[fd.InverseName].([]int64)
					s.setVal(crec, fd.InverseName, slices.DeleteFunc(append([]int64{}, ids...), func(x int64) bool { return x == rec.id }))
				}
			}
		}
		for _, id := range cur {
			if !slices.Contains(old, id) {
				if crec := cm.records[id]; crec != nil {
					ids, _ := crec.vals[fd.InverseName].([]int64)
					s.setVal(crec, fd.InverseName, append(append([]int64{}, ids...), rec.id))
				}
			}
		}
	}
	return nil
}

// inverseIDs answers the records of an one2many (or mirrored many2many)
// in id order, archived ones included: one scan, no sorting.
func (s *store) inverseIDs(m *model, fd *fieldDef, id int64) []int64 {
	cm := s.models[fd.Relation]
	if cm == nil {
		return nil
	}
	var out []int64
	for _, cid := range cm.ids {
		crec := cm.records[cid]
		if fd.inverseModelField != "" && crec.vals[fd.inverseModelField] != m.name {
			continue
		}
		if fd.mirror {
			ids, _ := crec.vals[fd.InverseName].([]int64)
			if slices.Contains(ids, id) {
				out = append(out, cid)
			}
		} else if asID(crec.vals[fd.InverseName]) == id {
			out = append(out, cid)
		}
	}
	return out
}

// missingLink answers linking a record that does not exist: a foreign key
// violation in a many2many's relation table, a MissingError for an
// one2many (whose inverse cannot be written).
func missingLink(c *callCtx, m *model, fd *fieldDef, cm *model, id int64) *odooError {
	if fd.Type == TypeMany2many {
		return errForeignKey(m, fd)
	}
	return errMissing(cm.name, id, c.uid)
}

// copyRecord duplicates id with overrides, like Odoo's copy().
func (s *store) copyRecord(c *callCtx, m *model, id int64, overrides map[string]any) (int64, *odooError) {
	rec := m.records[id]
	if rec == nil {
		return 0, errMissing(m.name, id, c.uid)
	}
	vals := map[string]any{}
	for _, name := range m.fieldOrder {
		fd := m.fields[name]
		if magicFields[name] || !fd.stored() || fd.ReadOnly || fd.Type == TypeOne2many {
			continue
		}
		v, ok := rec.vals[name]
		if !ok || v == nil {
			continue
		}
		if ids, isList := v.([]int64); isList {
			l := make([]any, len(ids))
			for i, x := range ids {
				l[i] = x
			}
			v = []any{[]any{int64(6), int64(0), l}}
		}
		vals[name] = v
	}
	if n, ok := vals["name"].(string); ok && m.fields["name"].Type == TypeChar {
		vals["name"] = n + " (copy)"
	}
	for k, v := range overrides {
		vals[k] = v
	}
	return s.create(c, m, vals)
}
