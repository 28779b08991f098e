package odootest

// web_search_read(domain, specification, offset, limit, order,
// count_limit), the web client's read, answers {"length", "records"}
// where each record has the specification's fields; a relational field
// with "fields" reads as {"id", <its fields>} (many2one, false when
// empty) or a list of those (x2many) (odoo19/14). Exists from Odoo 17 (the
// web client's read since 17.0); no capture shows it before 19.
func mWebSearchRead(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	d, err := domainArg(a, "domain")
	if err != nil {
		return nil, err
	}
	specV, _ := a.get("specification")
	spec, _ := specV.(map[string]any)
	r := s.reader(c)
	all, err := r.search(m, d, 0, -1, orderArg(m, a))
	if err != nil {
		return nil, err
	}
	off := min(a.intArg("offset", 0), len(all))
	ids := all[off:]
	if lim := a.limitArg(); lim >= 0 && lim < len(ids) {
		ids = ids[:lim]
	}
	records, oe := r.specRead(m, ids, spec)
	if oe != nil {
		return nil, oe
	}
	return map[string]any{"length": int64(len(all)), "records": records}, nil
}

// specRead reads ids by a web specification ({"field": {} or {"fields":
// {...}}}).
func (r *reader) specRead(m *model, ids []int64, spec map[string]any) ([]any, *odooError) {
	names := sortedKeys(spec)
	for _, n := range names {
		if m.fields[n] == nil {
			return nil, errInvalidField(n, m.name)
		}
	}
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		rec := m.records[id]
		if rec == nil {
			continue
		}
		rw := &row{keys: []string{"id"}, vals: []any{id}}
		for _, n := range names {
			fd := m.fields[n]
			v := r.value(m, fd, rec)
			sub, _ := spec[n].(map[string]any)
			subFields, _ := sub["fields"].(map[string]any)
			if fd.relational() && subFields != nil {
				cm := r.s.models[fd.Relation]
				var linked []int64
				switch x := v.(type) {
				case []any: // many2one [id, name]
					linked = []int64{asID(x[0])}
				case []int64:
					linked = x
				}
				rows, err := r.specRead(cm, linked, subFields)
				if err != nil {
					return nil, err
				}
				if fd.Type == TypeMany2one {
					v = false
					if len(rows) == 1 {
						v = rows[0]
					}
				} else {
					v = rows
				}
			}
			rw.keys = append(rw.keys, n)
			rw.vals = append(rw.vals, v)
		}
		out = append(out, rw)
	}
	return out, nil
}
