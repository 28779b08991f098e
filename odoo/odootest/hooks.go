package odootest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"path"
	"strings"
	"time"
)

// newStore builds the schema of a server and its base records: the
// company, OdooBot (uid 1) and the admin (uid 2, partner 3), the message
// subtypes and ir.model.
func newStore(version int, flavor Flavor, now func() time.Time) (*store, error) {
	s := &store{models: map[string]*model{}, version: version, flavor: flavor, now: now,
		seqs: map[string]int64{}, users: map[string]*user{}, apiKey: map[string]int64{}}
	defs := baseModels()
	switch flavor {
	case OCA:
		defs = append(defs, ocaModels()...)
	case Enterprise, "":
		defs = append(defs, enterpriseModels()...)
	}
	defs = versionSchema(defs, version, flavor)
	for _, d := range defs {
		if err := s.register(d); err != nil {
			return nil, err
		}
	}
	s.installHooks()
	if err := s.seedBase(); err != nil {
		return nil, err
	}
	if err := s.seedLangs(); err != nil {
		return nil, err
	}
	return s, nil
}

var moduleOf = map[string]string{
	"res.partner": "base", "res.users": "base", "res.company": "base", "res.currency": "base",
	"ir.model": "base", "ir.model.fields": "base", "ir.model.data": "base", "ir.attachment": "base", "res.users.apikeys": "base",
	"mail.message": "mail", "mail.message.subtype": "mail", "mail.followers": "mail", "mail.tracking.value": "mail", "mail.alias": "mail",
}

func (s *store) register(d Model) error {
	if _, dup := s.models[d.Name]; dup {
		return fmt.Errorf("odootest: model %s is already registered", d.Name)
	}
	m, err := newModel(d, s.version)
	if err != nil {
		return err
	}
	m.module = moduleOf[d.Name]
	if m.module == "" && strings.HasPrefix(d.Name, "helpdesk.") {
		if s.flavor == OCA {
			m.module = "helpdesk_mgmt"
			if d.Name == "helpdesk.ticket.type" {
				m.module = "helpdesk_type"
			}
		} else {
			m.module = "helpdesk"
		}
	}
	s.models[d.Name] = m
	s.order = append(s.order, d.Name)
	if im := s.models["ir.model"]; im != nil {
		s.addIRModel(m)
		if d.Name == "ir.model" {
			for _, name := range s.order {
				if name != "ir.model" {
					s.addIRModel(s.models[name])
				}
			}
		}
	}
	return nil
}

func (s *store) addIRModel(m *model) {
	im := s.models["ir.model"]
	state := "base"
	module := m.module
	if module == "" {
		state, module = "manual", ""
	}
	rec := &record{id: im.nextID, vals: map[string]any{"model": m.name, "name": m.description, "state": state,
		"modules": nilIfEmpty(module), "transient": false, "create_uid": int64(1), "write_uid": int64(1),
		"create_date": s.nowString(), "write_date": s.nowString()}}
	im.nextID++
	s.insert(im, rec)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// seedBase creates the records every Odoo database has.
func (s *store) seedBase() error {
	root := rootCtx
	mk := func(model string, vals map[string]any) int64 {
		id, err := s.create(root, s.models[model], vals)
		if err != nil {
			panic(fmt.Sprintf("odootest: seeding %s: %v", model, err))
		}
		return id
	}
	mk("res.currency", map[string]any{"name": "EUR", "symbol": "€"})
	cp := mk("res.partner", map[string]any{"name": "YourCompany", "is_company": true, "email": "info@yourcompany.example.com"})
	mk("res.company", map[string]any{"name": "YourCompany", "partner_id": cp, "currency_id": int64(1)})
	s.setVal(s.get("res.partner", cp), "company_id", int64(1))
	// OdooBot's partner is archived, as in every Odoo database
	// (base/data/res_partner_data.xml: partner_root, active False).
	bot := mk("res.partner", map[string]any{"name": "OdooBot", "email": "odoobot@example.com", "active": false})
	root1 := mk("res.users", map[string]any{"login": "__system__", "name": "OdooBot", "partner_id": bot, "active": false})
	admin := mk("res.partner", map[string]any{"name": "Mitchell Admin", "email": "admin@yourcompany.example.com", "parent_id": cp})
	uadmin := mk("res.users", map[string]any{"login": DefaultLogin, "name": "Mitchell Admin", "partner_id": admin, "tz": "Europe/Brussels", "lang": "en_US"})
	for _, x := range []struct {
		name, model string
		id          int64
	}{
		{"main_partner", "res.partner", cp}, {"main_company", "res.company", 1}, {"partner_root", "res.partner", bot},
		{"user_root", "res.users", root1}, {"partner_admin", "res.partner", admin}, {"user_admin", "res.users", uadmin},
	} {
		mk("ir.model.data", map[string]any{"module": "base", "name": x.name, "model": x.model, "res_id": x.id, "noupdate": true})
	}
	s.users[DefaultLogin] = &user{uid: 2, login: DefaultLogin, password: DefaultPassword}
	s.apiKey[DefaultAPIKey] = 2
	sub := func(xmlid, name string, internal, dflt bool, seq int64, resModel any) {
		mk("mail.message.subtype", map[string]any{"xml_id": xmlid, "name": name, "internal": internal, "default": dflt, "sequence": seq, "res_model": resModel})
	}
	sub("mail.mt_comment", "Discussions", false, true, 0, nil)
	sub("mail.mt_note", "Note", true, false, 100, nil)
	sub("mail.mt_activities", "Activities", true, true, 90, nil)
	if s.models["helpdesk.ticket"] != nil {
		if s.flavor == OCA {
			sub("helpdesk_mgmt.hlp_tck_created", "Ticket Created", false, true, 10, "helpdesk.ticket")
			sub("helpdesk_mgmt.hlp_tck_stage", "Stage Changed", false, true, 11, "helpdesk.ticket")
		} else {
			sub("helpdesk.mt_ticket_new", "Ticket Created", false, true, 10, "helpdesk.ticket")
			sub("helpdesk.mt_ticket_stage", "Stage Changed", false, true, 11, "helpdesk.ticket")
		}
	}
	return nil
}

// addUser creates a res.users (and its partner) with a password.
func (s *store) addUser(login, password string) (int64, error) {
	if u, ok := s.users[login]; ok {
		u.password = password
		return u.uid, nil
	}
	root := rootCtx
	uid, err := s.create(root, s.models["res.users"], map[string]any{"login": login, "name": login})
	if err != nil {
		return 0, err
	}
	s.users[login] = &user{uid: uid, login: login, password: password}
	return uid, nil
}

// installHooks wires the per-model behaviour Odoo's Python code has.
func (s *store) installHooks() {
	if m := s.models["ir.model.fields"]; m != nil {
		s.irModelFieldsHooks(m)
	}
	if m := s.models["res.partner"]; m != nil {
		m.display = func(r *reader, rec *record) string {
			name, _ := rec.vals["name"].(string)
			if p := r.s.get("res.partner", asID(rec.vals["parent_id"])); p != nil && rec.vals["is_company"] != true {
				pn := r.displayName(r.s.models["res.partner"], p)
				if name == "" {
					return pn
				}
				return pn + ", " + name
			}
			return name
		}
		m.fields["complete_name"].compute = func(r *reader, m *model, rec *record) any { return r.displayName(m, rec) }
		m.fields["commercial_partner_id"].compute = func(r *reader, m *model, rec *record) any {
			cur := rec
			for i := 0; i < 16; i++ {
				p := r.s.get("res.partner", asID(cur.vals["parent_id"]))
				if cur.vals["is_company"] == true || p == nil {
					break
				}
				cur = p
			}
			return cur.id
		}
	}
	if m := s.models["res.users"]; m != nil {
		m.defaults = func(s *store, c *callCtx, vals map[string]any) {
			if isFalsy(vals["name"]) {
				vals["name"] = vals["login"]
			}
			if isFalsy(vals["company_id"]) {
				vals["company_id"] = int64(1)
			}
			if isFalsy(vals["partner_id"]) {
				pv := map[string]any{"name": vals["name"]}
				if e, ok := vals["email"]; ok {
					pv["email"] = e
				} else if l, ok := vals["login"].(string); ok && strings.Contains(l, "@") {
					pv["email"] = l
				}
				if id, err := s.create(c, s.models["res.partner"], pv); err == nil {
					vals["partner_id"] = id
				}
			}
		}
	}
	if m := s.models["res.users"]; m != nil {
		// the password is kept with the credentials, never in the record
		// (it reads as ""), so a user created over the wire can log in
		m.fields["password"].compute = func(r *reader, m *model, rec *record) any { return "" }
		setPassword := func(s *store, rec *record, vals map[string]any) {
			login, _ := rec.vals["login"].(string)
			pw, given := vals["password"].(string)
			u := s.users[login]
			if u == nil {
				u = &user{uid: rec.id, login: login}
				s.users[login] = u
				s.journal(func() { delete(s.users, login) })
			}
			if given {
				old := u.password
				u.password = pw
				s.journal(func() { u.password = old })
			}
		}
		m.onVals = func(s *store, c *callCtx, rec *record, vals map[string]any) { setPassword(s, rec, vals) }
	}
	if m := s.models["mail.followers"]; m != nil {
		m.fields["name"].compute = func(r *reader, m *model, rec *record) any {
			if p := r.s.get("res.partner", asID(rec.vals["partner_id"])); p != nil {
				return p.vals["name"]
			}
			return nil
		}
		m.fields["email"].compute = func(r *reader, m *model, rec *record) any {
			if p := r.s.get("res.partner", asID(rec.vals["partner_id"])); p != nil {
				return p.vals["email"]
			}
			return nil
		}
		m.fields["is_active"].compute = func(r *reader, m *model, rec *record) any { return true }
	}
	if m := s.models["mail.message"]; m != nil {
		m.defaults = func(s *store, c *callCtx, vals map[string]any) {
			if isFalsy(vals["date"]) {
				vals["date"] = s.nowString()
			}
			if _, ok := vals["author_id"]; !ok && isFalsy(vals["email_from"]) {
				vals["author_id"] = s.partnerOf(c.uid)
			}
			if isFalsy(vals["email_from"]) {
				if p := s.get("res.partner", asID(vals["author_id"])); p != nil {
					name, _ := p.vals["name"].(string)
					if email, ok := p.vals["email"].(string); ok && email != "" {
						vals["email_from"] = fmt.Sprintf("%q <%s>", name, email)
					}
				}
			}
			if isFalsy(vals["record_name"]) {
				if model, ok := vals["model"].(string); ok {
					if tm := s.models[model]; tm != nil {
						if rec := tm.records[asID(vals["res_id"])]; rec != nil {
							vals["record_name"] = s.reader(c).displayName(tm, rec)
						}
					}
				}
			}
		}
		m.display = func(r *reader, rec *record) string {
			if n, ok := rec.vals["record_name"].(string); ok && n != "" {
				return n
			}
			if n, ok := rec.vals["subject"].(string); ok && n != "" {
				return n
			}
			return fmt.Sprintf("mail.message,%d", rec.id)
		}
	}
	if m := s.models["ir.attachment"]; m != nil {
		fill := func(s *store, rec *record) {
			data, _ := rec.vals["datas"].(string)
			raw, err := base64.StdEncoding.DecodeString(data)
			if err != nil {
				raw = []byte(data)
			}
			sum := sha1.Sum(raw)
			s.setVal(rec, "file_size", int64(len(raw)))
			s.setVal(rec, "checksum", hex.EncodeToString(sum[:]))
			s.setVal(rec, "store_fname", hex.EncodeToString(sum[:1])+"/"+hex.EncodeToString(sum[:]))
			if isFalsy(rec.vals["mimetype"]) {
				mt := "application/octet-stream"
				if name, ok := rec.vals["name"].(string); ok {
					if t := mime.TypeByExtension(path.Ext(name)); t != "" {
						mt, _, _ = strings.Cut(t, ";")
					}
				}
				s.setVal(rec, "mimetype", mt)
			}
		}
		m.onCreate = func(s *store, c *callCtx, rec *record) { fill(s, rec) }
		m.onWrite = func(s *store, c *callCtx, rec *record, vals map[string]any) {
			if _, ok := vals["datas"]; ok {
				fill(s, rec)
			}
		}
	}
	if m := s.models["helpdesk.ticket"]; m != nil {
		if s.flavor == OCA {
			s.ocaTicketHooks(m)
		} else {
			s.enterpriseTicketHooks(m)
		}
	}
	if m := s.models["helpdesk.sla.status"]; m != nil {
		m.fields["status"].compute = func(r *reader, m *model, rec *record) any {
			deadline, _ := rec.vals["deadline"].(string)
			reached, _ := rec.vals["reached_datetime"].(string)
			switch {
			case reached != "":
				if deadline == "" || reached <= deadline {
					return "reached"
				}
				return "failed"
			case deadline != "" && deadline < r.s.nowString():
				return "failed"
			}
			return "ongoing"
		}
		m.fields["sla_stage_id"].compute = func(r *reader, m *model, rec *record) any {
			if sla := r.s.get("helpdesk.sla", asID(rec.vals["sla_id"])); sla != nil {
				return sla.vals["stage_id"]
			}
			return nil
		}
	}
}

// firstStage answers the lowest-sequence stage (of team, when it has
// stages of its own).
func (s *store) firstStage(stageModel string, team int64) int64 {
	sm := s.models[stageModel]
	if sm == nil {
		return 0
	}
	r := s.reader(&callCtx{uid: 1})
	ids := r.sortedIDs(sm)
	for _, id := range ids {
		rec := sm.records[id]
		if rec.vals["active"] == false {
			continue
		}
		teams, _ := rec.vals["team_ids"].([]int64)
		if team == 0 || len(teams) == 0 || containsID(teams, team) {
			return id
		}
	}
	return 0
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *store) ocaTicketHooks(m *model) {
	m.defaults = func(s *store, c *callCtx, vals map[string]any) {
		if isFalsy(vals["company_id"]) {
			vals["company_id"] = int64(1)
		}
		if _, ok := vals["stage_id"]; !ok {
			if st := s.firstStage("helpdesk.ticket.stage", asID(vals["team_id"])); st != 0 {
				vals["stage_id"] = st
			}
		}
	}
	m.onCreate = func(s *store, c *callCtx, rec *record) {
		if n, ok := rec.vals["number"].(string); !ok || n == "" || n == "/" {
			s.setVal(rec, "number", fmt.Sprintf("HT%05d", s.nextSeq("helpdesk.ticket")))
		}
		if rec.vals["last_stage_update"] == nil {
			s.setVal(rec, "last_stage_update", rec.vals["create_date"])
		}
		if rec.vals["user_id"] != nil && rec.vals["assigned_date"] == nil {
			s.setVal(rec, "assigned_date", rec.vals["create_date"])
		}
	}
	m.onWrite = func(s *store, c *callCtx, rec *record, vals map[string]any) {
		if _, ok := vals["stage_id"]; ok {
			s.setVal(rec, "last_stage_update", s.nowString())
			if st := s.get("helpdesk.ticket.stage", asID(rec.vals["stage_id"])); st != nil && st.vals["closed"] == true {
				if _, given := vals["closed_date"]; !given {
					s.setVal(rec, "closed_date", s.nowString())
				}
			}
		}
		if _, ok := vals["user_id"]; ok && rec.vals["user_id"] != nil {
			s.setVal(rec, "assigned_date", s.nowString())
		}
	}
	stageFlag := func(flag string) func(r *reader, m *model, rec *record) any {
		return func(r *reader, m *model, rec *record) any {
			if st := r.s.get("helpdesk.ticket.stage", asID(rec.vals["stage_id"])); st != nil {
				return st.vals[flag] == true
			}
			return false
		}
	}
	m.fields["closed"].compute = stageFlag("closed")
	m.fields["unattended"].compute = stageFlag("unattended")
	m.fields["commercial_partner_id"].compute = commercialPartner
	m.display = func(r *reader, rec *record) string {
		n, _ := rec.vals["number"].(string)
		name, _ := rec.vals["name"].(string)
		if n == "" {
			return name
		}
		return n + " - " + name
	}
}

func commercialPartner(r *reader, m *model, rec *record) any {
	pm := r.s.models["res.partner"]
	p := pm.records[asID(rec.vals["partner_id"])]
	if p == nil {
		return nil
	}
	return pm.fields["commercial_partner_id"].compute(r, pm, p)
}

func (s *store) enterpriseTicketHooks(m *model) {
	m.defaults = func(s *store, c *callCtx, vals map[string]any) {
		if isFalsy(vals["company_id"]) {
			vals["company_id"] = int64(1)
		}
		if _, ok := vals["team_id"]; !ok {
			if tm := s.models["helpdesk.team"]; tm != nil {
				if ids := s.reader(c).sortedIDs(tm); len(ids) > 0 {
					vals["team_id"] = ids[0]
				}
			}
		}
		if _, ok := vals["stage_id"]; !ok {
			if st := s.firstStage("helpdesk.stage", asID(vals["team_id"])); st != 0 {
				vals["stage_id"] = st
			}
		}
		// helpdesk.ticket.create assigns a team member when user_id is
		// not in the values at all (`if 'user_id' not in vals`) and the
		// team auto-assigns. Odoo picks the member by the team's
		// assign_method (round robin or load); the fake takes the first
		// member by id (guessed, no capture).
		if _, ok := vals["user_id"]; !ok {
			if tm := s.get("helpdesk.team", asID(vals["team_id"])); tm != nil && tm.vals["auto_assignment"] == true {
				if ms, _ := tm.vals["member_ids"].([]int64); len(ms) > 0 {
					first := ms[0]
					for _, u := range ms {
						first = min(first, u)
					}
					vals["user_id"] = first
				}
			}
		}
	}
	m.onCreate = func(s *store, c *callCtx, rec *record) {
		s.setVal(rec, "ticket_ref", fmt.Sprint(rec.id))
		if rec.vals["date_last_stage_update"] == nil {
			s.setVal(rec, "date_last_stage_update", rec.vals["create_date"])
		}
		if rec.vals["user_id"] != nil {
			s.setVal(rec, "assign_date", rec.vals["create_date"])
		}
		s.applySLAs(c, rec)
	}
	m.onWrite = func(s *store, c *callCtx, rec *record, vals map[string]any) {
		if _, ok := vals["stage_id"]; ok {
			s.setVal(rec, "date_last_stage_update", s.nowString())
			st := s.get("helpdesk.stage", asID(rec.vals["stage_id"]))
			if st != nil && st.vals["fold"] == true {
				if _, given := vals["close_date"]; !given {
					s.setVal(rec, "close_date", s.nowString())
				}
			} else if _, given := vals["close_date"]; !given {
				s.setVal(rec, "close_date", nil)
			}
			s.reachSLAs(rec, st)
		}
		if _, ok := vals["user_id"]; ok && rec.vals["user_id"] != nil && rec.vals["assign_date"] == nil {
			s.setVal(rec, "assign_date", s.nowString())
		}
	}
	m.display = func(r *reader, rec *record) string {
		name, _ := rec.vals["name"].(string)
		if r.s.version >= 17 {
			return fmt.Sprintf("%s (#%d)", name, rec.id)
		}
		return name
	}
	m.fields["commercial_partner_id"].compute = commercialPartner
	m.fields["fold"].compute = func(r *reader, m *model, rec *record) any {
		if st := r.s.get("helpdesk.stage", asID(rec.vals["stage_id"])); st != nil {
			return st.vals["fold"] == true
		}
		return false
	}
	statuses := func(r *reader, m *model, rec *record) []*record {
		var out []*record
		for _, id := range r.one2many(m, m.fields["sla_status_ids"], rec.id) {
			out = append(out, r.s.get("helpdesk.sla.status", id))
		}
		return out
	}
	sm := s.models["helpdesk.sla.status"]
	status := func(r *reader, st *record) string {
		v, _ := sm.fields["status"].compute(r, sm, st).(string)
		return v
	}
	m.fields["sla_ids"].compute = func(r *reader, m *model, rec *record) any {
		var ids []int64
		for _, st := range statuses(r, m, rec) {
			ids = append(ids, asID(st.vals["sla_id"]))
		}
		return ids
	}
	m.fields["sla_deadline"].compute = func(r *reader, m *model, rec *record) any {
		best := ""
		for _, st := range statuses(r, m, rec) {
			if d, _ := st.vals["deadline"].(string); d != "" && st.vals["reached_datetime"] == nil && (best == "" || d < best) {
				best = d
			}
		}
		return nilIfEmpty(best)
	}
	m.fields["sla_fail"].compute = func(r *reader, m *model, rec *record) any {
		for _, st := range statuses(r, m, rec) {
			if status(r, st) == "failed" {
				return true
			}
		}
		return false
	}
	m.fields["sla_reached_late"].compute = func(r *reader, m *model, rec *record) any {
		for _, st := range statuses(r, m, rec) {
			if st.vals["reached_datetime"] != nil && status(r, st) == "failed" {
				return true
			}
		}
		return false
	}
	m.fields["sla_success"].compute = func(r *reader, m *model, rec *record) any {
		sts := statuses(r, m, rec)
		for _, st := range sts {
			if status(r, st) != "reached" {
				return false
			}
		}
		return len(sts) > 0
	}
}

// applySLAs creates the SLA statuses of a new Enterprise ticket: the
// team's policies whose priority is at most the ticket's and whose type,
// when set, is the ticket's.
func (s *store) applySLAs(c *callCtx, rec *record) {
	slam := s.models["helpdesk.sla"]
	stm := s.models["helpdesk.sla.status"]
	if slam == nil || stm == nil {
		return
	}
	created, _ := time.Parse(datetimeFormat, fmt.Sprint(rec.vals["create_date"]))
	prio, _ := rec.vals["priority"].(string)
	for _, id := range slam.ids {
		sla := slam.records[id]
		if sla.vals["active"] == false || asID(sla.vals["team_id"]) != asID(rec.vals["team_id"]) {
			continue
		}
		if sp, _ := sla.vals["priority"].(string); sp > prio {
			continue
		}
		if t := asID(sla.vals["ticket_type_id"]); t != 0 && t != asID(rec.vals["ticket_type_id"]) {
			continue
		}
		hours, _ := asFloat(sla.vals["time"])
		deadline := created.Add(time.Duration(hours * float64(time.Hour))).Format(datetimeFormat)
		if _, err := s.create(c, stm, map[string]any{"ticket_id": rec.id, "sla_id": id, "deadline": deadline}); err != nil {
			continue
		}
	}
}

// reachSLAs marks the statuses whose target stage the ticket reached.
func (s *store) reachSLAs(rec *record, stage *record) {
	stm := s.models["helpdesk.sla.status"]
	if stm == nil || stage == nil {
		return
	}
	seq, _ := asFloat(stage.vals["sequence"])
	for _, id := range stm.ids {
		st := stm.records[id]
		if asID(st.vals["ticket_id"]) != rec.id || st.vals["reached_datetime"] != nil {
			continue
		}
		sla := s.get("helpdesk.sla", asID(st.vals["sla_id"]))
		if sla == nil {
			continue
		}
		target := s.get("helpdesk.stage", asID(sla.vals["stage_id"]))
		if target == nil {
			continue
		}
		tseq, _ := asFloat(target.vals["sequence"])
		if seq >= tseq {
			s.setVal(st, "reached_datetime", s.nowString())
		}
	}
}

// irModelFieldsHooks: creating an ir.model.fields record of state manual
// adds the field to its model, as Odoo's ir.model.fields.create does
// (base/models/ir_model.py). Only the Settings group may create fields
// (base ir.model.access: model_ir_model_fields, group_system); the fake
// has no groups, so only the admin and the superuser may (guessed
// message: Odoo's standard ACL AccessError text).
func (s *store) irModelFieldsHooks(m *model) {
	m.check = func(s *store, c *callCtx, vals map[string]any) *odooError {
		if c.uid != 1 && c.uid != 2 {
			return newErr(excAccessError, "You are not allowed to create 'Fields' (ir.model.fields) records.\n\n"+
				"This operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.")
		}
		if im := s.get("ir.model", asID(vals["model_id"])); im != nil && isFalsy(vals["model"]) {
			vals["model"] = im.vals["model"]
		}
		name, _ := vals["name"].(string)
		if st, _ := vals["state"].(string); (st == "" || st == "manual") && !strings.HasPrefix(name, "x_") {
			return newErr(excValidation, "Custom fields must have a name that starts with 'x_'!")
		}
		model, _ := vals["model"].(string)
		if s.models[model] == nil {
			return newErr(excValidation, "The model of a field is required (model_id)")
		}
		if s.models[model].fields[name] != nil {
			return newErr(excValidation, "Field names must be unique per model.")
		}
		switch t, _ := vals["ttype"].(string); t {
		case TypeChar, TypeText, TypeInteger, TypeFloat, TypeBoolean, TypeHTML, TypeDate, TypeDatetime:
		default:
			return newErr(excValueError, "odootest: ir.model.fields ttype %q is not supported by the fake", t)
		}
		return nil
	}
	m.onCreate = func(s *store, c *callCtx, rec *record) {
		if rec.vals["state"] != "manual" {
			return
		}
		name, _ := rec.vals["name"].(string)
		model, _ := rec.vals["model"].(string)
		label, _ := rec.vals["field_description"].(string)
		t, _ := rec.vals["ttype"].(string)
		_ = s.addFields(model, Field{Name: name, Type: t, String: label})
	}
}
