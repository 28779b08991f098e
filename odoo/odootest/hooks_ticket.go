// The helpdesk.ticket hooks of each flavor: numbering, stages, closing
// dates, assignment and, on Enterprise, SLA status records.

package odootest

import (
	"fmt"
	"time"
)

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
