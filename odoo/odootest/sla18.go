package odootest

import (
	"fmt"
	"time"
)

// The 18.0 shape of helpdesk_mgmt_sla (see WithSLAModule): one
// helpdesk.ticket.sla line per ticket and policy.

// install18 adds the 18 module: helpdesk.ticket.sla (capture 14),
// helpdesk.sla.report (capture 18), the ticket's fields (capture 05) and
// helpdesk.ticket.set_sla (capture 08).
func (s *store) install18(ticket *model) error {
	if err := s.registerIn("helpdesk_mgmt_sla", Model{Name: "helpdesk.ticket.sla", Description: "Ticket Sla", RecName: "name", Fields: []Field{
		req(m2o("ticket_id", "Ticket", "helpdesk.ticket")), req(m2o("sla_id", "Sla", "helpdesk.sla")),
		f("name", TypeChar, "Name"), f("color", TypeInteger, "Color"), f("deadline", TypeDatetime, "Deadline"),
		f("hours", TypeFloat, "Hours"), m2o("expected_stage_id", "Expected Stage", "helpdesk.ticket.stage"),
		ro(def(f("consumed_time", TypeFloat, "Consumed time"), 0.0)), f("last_state_date", TypeDatetime, "Last State Date"),
		def(sel("state", "State", "accomplished", "Accomplished", "in_progress", "In Progress", "expired", "Expired", "on_hold", "In Hold"), "accomplished"),
		f("expired", TypeBoolean, "Expired"),
	}}); err != nil {
		return err
	}
	lines := s.models["helpdesk.ticket.sla"]
	lines.fields["name"].compute = func(r *reader, m *model, rec *record) any {
		if p := r.s.get("helpdesk.sla", asID(rec.vals["sla_id"])); p != nil {
			return p.vals["name"]
		}
		return nil
	}
	lines.fields["expired"].compute = func(r *reader, m *model, rec *record) any { return lineExpired(rec, r.s.nowString()) }
	lines.fields["color"].compute = func(r *reader, m *model, rec *record) any {
		switch rec.vals["state"] {
		case "accomplished":
			return int64(10)
		case "expired":
			return int64(1)
		case "in_progress":
			if d, _ := rec.vals["deadline"].(string); d != "" && d < r.s.nowString() {
				return int64(1)
			}
			return int64(3)
		}
		return int64(0)
	}
	lines.fields["color"].noSearch = true

	if err := s.registerIn("helpdesk_mgmt_sla", Model{Name: "helpdesk.sla.report", Description: "Helpdesk SLA Report", Fields: []Field{
		ro(m2o("ticket_id", "Ticket", "helpdesk.ticket")), ro(f("name", TypeChar, "Name")), ro(f("date", TypeDatetime, "Date")),
		ro(m2o("team_id", "Team", "helpdesk.ticket.team")), ro(m2o("partner_id", "Partner", "res.partner")),
		sel("state", "State", "on_going", "Ongoing", "expired", "Expired", "accomplished", "Accomplished"), f("active", TypeBoolean, "Active"),
	}}); err != nil {
		return err
	}
	// an SQL view over helpdesk_ticket_sla: one row per line, same id,
	// no create/write columns (capture 18)
	report := s.models["helpdesk.sla.report"]
	for _, n := range []string{"create_uid", "create_date", "write_uid", "write_date"} {
		dropField(report, n)
	}
	ticketOf := func(r *reader, rec *record) *record {
		if l := r.s.get("helpdesk.ticket.sla", rec.id); l != nil {
			return r.s.get("helpdesk.ticket", asID(l.vals["ticket_id"]))
		}
		return nil
	}
	fromTicket := func(field string) func(r *reader, m *model, rec *record) any {
		return func(r *reader, m *model, rec *record) any {
			if t := ticketOf(r, rec); t != nil {
				return t.vals[field]
			}
			return nil
		}
	}
	report.fields["ticket_id"].compute = func(r *reader, m *model, rec *record) any {
		if t := ticketOf(r, rec); t != nil {
			return t.id
		}
		return nil
	}
	report.fields["name"].compute = fromTicket("name")
	report.fields["date"].compute = fromTicket("create_date")
	report.fields["team_id"].compute = fromTicket("team_id")
	report.fields["partner_id"].compute = fromTicket("partner_id")
	report.fields["active"].compute = func(r *reader, m *model, rec *record) any {
		t := ticketOf(r, rec)
		return t != nil && t.vals["active"] != false
	}
	report.fields["state"].compute = func(r *reader, m *model, rec *record) any {
		l := r.s.get("helpdesk.ticket.sla", rec.id)
		switch {
		case l == nil:
			return nil
		case l.vals["state"] == "accomplished":
			return "accomplished"
		case lineExpired(l, r.s.nowString()):
			return "expired"
		}
		return "on_going"
	}

	if err := s.addFields(ticket.name, f("team_sla", TypeBoolean, "Team SLA"),
		o2m("ticket_sla_ids", "Ticket Sla", "helpdesk.ticket.sla", "ticket_id"), m2m("sla_ids", "Applicable SLAs", "helpdesk.sla"),
		f("sla_expired", TypeBoolean, "SLA expired"), f("sla_deadline", TypeDatetime, "SLA deadline"), f("sla_fits", TypeBoolean, "Sla Fits")); err != nil {
		return err
	}
	ticketLines := func(r *reader, rec *record) []*record {
		var out []*record
		for _, id := range lines.ids {
			if l := lines.records[id]; asID(l.vals["ticket_id"]) == rec.id {
				out = append(out, l)
			}
		}
		return out
	}
	// related to team_id.use_sla: searchable (capture 13)
	ticket.fields["team_sla"].compute = func(r *reader, m *model, rec *record) any { return teamUsesSLA(r.s, rec) }
	ticket.fields["team_sla"].depends = []string{"team_id.use_sla"}
	ticket.fields["sla_ids"].depends = []string{"ticket_sla_ids"}
	for _, n := range []string{"sla_expired", "sla_deadline"} {
		ticket.fields[n].depends = []string{"ticket_sla_ids", "ticket_sla_ids.state", "ticket_sla_ids.deadline"}
	}
	ticket.fields["sla_ids"].compute = func(r *reader, m *model, rec *record) any {
		ids := []int64{}
		for _, l := range ticketLines(r, rec) {
			ids = append(ids, asID(l.vals["sla_id"]))
		}
		return ids
	}
	// has a search method (capture 11)
	ticket.fields["sla_expired"].compute = func(r *reader, m *model, rec *record) any {
		now := r.s.nowString()
		for _, l := range ticketLines(r, rec) {
			if lineExpired(l, now) {
				return true
			}
		}
		return false
	}
	// no search method: a domain on it is ignored (capture 12)
	ticket.fields["sla_deadline"].compute = func(r *reader, m *model, rec *record) any {
		best := ""
		for _, l := range ticketLines(r, rec) {
			if d, _ := l.vals["deadline"].(string); l.vals["state"] == "in_progress" && d != "" && (best == "" || d < best) {
				best = d
			}
		}
		return nilIfEmpty(best)
	}
	ticket.fields["sla_fits"].compute = func(r *reader, m *model, rec *record) any {
		have := map[int64]bool{}
		for _, l := range ticketLines(r, rec) {
			have[asID(l.vals["sla_id"])] = true
		}
		want := r.s.slasFor18(r, rec)
		if len(want) != len(have) {
			return false
		}
		for _, id := range want {
			if !have[id] {
				return false
			}
		}
		return true
	}
	for _, n := range []string{"sla_ids", "sla_deadline", "sla_fits"} {
		ticket.fields[n].noSearch = true
	}

	prevCreate, prevWrite := ticket.onCreate, ticket.onWrite
	ticket.onCreate = func(s *store, c *callCtx, rec *record) {
		if prevCreate != nil {
			prevCreate(s, c, rec)
		}
		s.setSLA18(c, rec)
	}
	ticket.onWrite = func(s *store, c *callCtx, rec *record, vals map[string]any) {
		if prevWrite != nil {
			prevWrite(s, c, rec, vals)
		}
		if _, ok := vals["stage_id"]; ok {
			for _, l := range ticketLines(s.reader(c), rec) {
				s.stageRecompute18(rec, l)
			}
		}
	}
	ticket.methods = map[string]*method{
		"set_sla": {params: []string{"ids"}, write: true, access: "write", run: func(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
			ids, err := idsArg(a)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if rec := m.records[id]; rec != nil {
					s.setSLA18(c, rec)
				}
			}
			return nil, nil // None: the reply has no "result" member
		}},
	}
	return nil
}

// lineExpired is helpdesk.ticket.sla.expired: expired, or in progress past
// its deadline.
func lineExpired(l *record, now string) bool {
	if l.vals["state"] == "expired" {
		return true
	}
	d, _ := l.vals["deadline"].(string)
	return l.vals["state"] == "in_progress" && d != "" && d < now
}

// slasFor18 is the 18 module's _get_sla: the active policies (by id) whose
// teams, tags and categories are empty or match the ticket's and whose
// domain matches it.
func (s *store) slasFor18(r *reader, t *record) []int64 {
	sm := s.models["helpdesk.sla"]
	var out []int64
	tags, _ := asIDList(t.vals["tag_ids"])
	for _, pid := range sm.ids {
		p := sm.records[pid]
		if p.vals["active"] == false || !inOrEmpty(p.vals["team_ids"], asID(t.vals["team_id"])) {
			continue
		}
		ptags, _ := asIDList(p.vals["tag_ids"])
		if len(ptags) > 0 && (len(tags) == 0 || !intersects(ptags, tags)) {
			continue
		}
		pcats, _ := asIDList(p.vals["category_ids"])
		if len(pcats) > 0 && !containsID(pcats, asID(t.vals["category_id"])) {
			continue
		}
		if s.slaDomainMatches(r, t, p) {
			out = append(out, pid)
		}
	}
	return out
}

// setSLA18 is helpdesk.ticket.set_sla for one ticket: its lines are
// replaced by one per applicable policy when its team uses SLAs.
func (s *store) setSLA18(c *callCtx, t *record) {
	lines, report := s.models["helpdesk.ticket.sla"], s.models["helpdesk.sla.report"]
	for _, id := range append([]int64{}, lines.ids...) {
		if asID(lines.records[id].vals["ticket_id"]) == t.id {
			s.remove(lines, id)
			if report.records[id] != nil {
				s.remove(report, id)
			}
		}
	}
	if !teamUsesSLA(s, t) {
		return
	}
	for _, pid := range s.slasFor18(s.reader(c), t) {
		p := s.get("helpdesk.sla", pid)
		id, oe := s.create(c, lines, map[string]any{"ticket_id": t.id, "sla_id": pid})
		if oe != nil {
			continue
		}
		l := lines.records[id]
		cal := s.calendarOf(t)
		days, _ := asFloat(p.vals["days"])
		hours, _ := asFloat(p.vals["hours"])
		perDay := 8.0
		if cal != nil {
			perDay, _ = asFloat(cal.vals["hours_per_day"])
		}
		s.setVal(l, "hours", hours+perDay*days)
		s.setVal(l, "expected_stage_id", p.vals["stage_id"])
		state := "in_progress"
		stage := asID(t.vals["stage_id"])
		ignore, _ := asIDList(p.vals["ignore_stage_ids"])
		if containsID(ignore, stage) {
			state = "on_hold"
		} else if stageSeq(s, stage) >= stageSeq(s, asID(p.vals["stage_id"])) {
			state = "accomplished"
		}
		s.setVal(l, "state", state)
		if state != "on_hold" {
			s.setVal(l, "last_state_date", t.vals["create_date"])
		}
		s.lineDeadline18(t, l)
		s.insert(report, &record{id: id, vals: map[string]any{}})
	}
}

// lineDeadline18 is helpdesk.ticket.sla._compute_deadline: the hours left
// planned in working time from the last state change (kept once
// accomplished or expired).
func (s *store) lineDeadline18(t, l *record) {
	if st := l.vals["state"]; (st == "accomplished" || st == "expired") && l.vals["deadline"] != nil {
		return
	}
	from := l.vals["last_state_date"]
	if from == nil {
		from = t.vals["create_date"]
	}
	start, err := time.Parse(datetimeFormat, fmt.Sprint(from))
	if err != nil {
		return
	}
	hours, _ := asFloat(l.vals["hours"])
	used, _ := asFloat(l.vals["consumed_time"])
	s.setVal(l, "deadline", planHours(start, hours-used).Format(datetimeFormat))
}

// stageRecompute18 is helpdesk.ticket.sla._stage_recompute, run on each
// stage write of the ticket (captures 16, 17).
func (s *store) stageRecompute18(t, l *record) {
	state, _ := l.vals["state"].(string)
	if state == "expired" {
		return
	}
	now := s.now().UTC().Truncate(time.Second)
	nowS := now.Format(datetimeFormat)
	deadline, _ := l.vals["deadline"].(string)
	if state == "in_progress" {
		if from, err := time.Parse(datetimeFormat, fmt.Sprint(l.vals["last_state_date"])); err == nil {
			used, _ := asFloat(l.vals["consumed_time"])
			s.setVal(l, "consumed_time", used+workHours(from, now))
		}
	}
	stage := asID(t.vals["stage_id"])
	reached := stageSeq(s, stage) >= stageSeq(s, asID(l.vals["expected_stage_id"]))
	switch {
	case state == "accomplished" && !reached:
		state = "in_progress"
	case (state == "in_progress" || state == "on_hold") && (deadline == "" || deadline >= nowS) && reached:
		state = "accomplished"
	case state == "in_progress" && deadline != "" && deadline <= nowS:
		state = "expired"
	}
	if state == "in_progress" || state == "on_hold" {
		state = "in_progress"
		if p := s.get("helpdesk.sla", asID(l.vals["sla_id"])); p != nil {
			if ignore, _ := asIDList(p.vals["ignore_stage_ids"]); containsID(ignore, stage) {
				state = "on_hold"
			}
		}
	}
	s.setVal(l, "state", state)
	s.setVal(l, "last_state_date", nowS)
	s.lineDeadline18(t, l)
}
