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
