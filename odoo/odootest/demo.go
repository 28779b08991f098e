package odootest

import (
	"encoding/base64"
	"fmt"
	"time"
)

// Demo data credentials: the demo user assigned to tickets.
const (
	DemoLogin    = "demo"
	DemoPassword = "demo"
)

var demoCompanies = []struct {
	name, email string
	contacts    []string
}{
	{"Deco Addict", "deco.addict82@example.com", []string{"Addison Olson", "Douglas Fletcher", "Floyd Steward"}},
	{"Gemini Furniture", "gemini.furniture39@example.com", []string{"Edwin Hansen", "Jesse Brown"}},
	{"Lumber Inc", "lumber-inv92@example.com", []string{"Lorraine Douglas"}},
	{"Azure Interior", "azure.Interior24@example.com", []string{"Brandon Freeman", "Nicole Ford", "Colleen Diaz"}},
	{"Ready Mat", "ready.mat28@example.com", []string{"Billy Fox", "Edith Sanchez"}},
	{"Wood Corner", "wood.corner26@example.com", []string{"Ron Gibson", "Willie Burke"}},
}

var demoSubjects = []string{
	"Problem with the delivery of goods", "Damaged Products", "Document related problems",
	"Invoice shows the wrong amount", "Cannot log in to the portal", "Printer does not print",
	"Request for a quotation", "Missing parts in the order", "Website is slow",
	"Refund request", "Password reset does not arrive", "Wrong shipping address",
	"Product manual missing", "Warranty question", "Error 500 on checkout",
	"Change of contact person", "Subscription renewal", "Chair leg broken",
}

// seedDemo creates the demo data (see WithDemoData). It is deterministic:
// no randomness, and dates count back from the clock.
func (s *store) seedDemo() error {
	c := &callCtx{uid: 2, context: map[string]any{}}
	quiet := &callCtx{uid: 2, context: map[string]any{"tracking_disable": true}}
	var err error
	mk := func(model string, vals map[string]any) int64 {
		if err != nil {
			return 0
		}
		ctx := quiet
		if model == "helpdesk.ticket" { // tickets get their creation message and followers
			ctx = c
		}
		var id int64
		id, oe := s.create(ctx, s.models[model], normalize(vals).(map[string]any))
		if oe != nil {
			err = fmt.Errorf("%s: %w", model, oe)
		}
		return id
	}
	now := s.now().UTC().Truncate(time.Second)
	at := func(t time.Time) string { return t.Format(datetimeFormat) }

	demoUID, uerr := s.addUser(DemoLogin, DemoPassword)
	if uerr != nil {
		return uerr
	}
	if u := s.get("res.users", demoUID); u != nil {
		s.setVal(u, "name", "Marc Demo")
		s.setVal(s.get("res.partner", asID(u.vals["partner_id"])), "name", "Marc Demo")
		s.setVal(s.get("res.partner", asID(u.vals["partner_id"])), "email", "mark.brown23@example.com")
	}
	adminPartner := s.partnerOf(2)
	demoPartner := s.partnerOf(demoUID)

	var contacts []int64
	for _, co := range demoCompanies {
		cid := mk("res.partner", map[string]any{"name": co.name, "is_company": true, "email": co.email, "phone": "+1 555-0100"})
		contacts = append(contacts, cid)
		for i, n := range co.contacts {
			contacts = append(contacts, mk("res.partner", map[string]any{"name": n, "parent_id": cid, "function": []string{"Purchaser", "Manager", "Assistant"}[i%3],
				"email": fmt.Sprintf("%s@example.com", lowerDots(n))}))
		}
	}

	if s.models["helpdesk.ticket"] == nil {
		return err
	}
	oca := s.flavor == OCA
	teamModel, stageModel, tagModel, typeModel := "helpdesk.team", "helpdesk.stage", "helpdesk.tag", "helpdesk.ticket.type"
	typeField, closedField := "ticket_type_id", "close_date"
	if oca {
		teamModel, stageModel, tagModel = "helpdesk.ticket.team", "helpdesk.ticket.stage", "helpdesk.ticket.tag"
		typeField, closedField = "type_id", "closed_date"
	}

	var teams []int64
	for i, n := range []string{"Localization team", "Helpdesk", "Consultants"} {
		vals := map[string]any{"name": n, "sequence": int64(i + 1)}
		if oca {
			alias := "general-alias-for-tickets"
			if i > 0 {
				alias = fmt.Sprintf("general-alias-%d-for-tickets", i+1)
			}
			vals["alias_id"] = mk("mail.alias", map[string]any{"alias_name": alias})
			if i < 2 {
				vals["user_ids"] = []any{[]any{int64(6), int64(0), []any{demoUID}}}
			}
		} else {
			vals["member_ids"] = []any{[]any{int64(6), int64(0), []any{int64(2), demoUID}}}
			vals["use_sla"] = i < 2
		}
		teams = append(teams, mk(teamModel, vals))
	}

	type stageDef struct {
		name         string
		closed, fold bool
	}
	stageDefs := []stageDef{{"New", false, false}, {"In Progress", false, false}, {"On Hold", false, false}, {"Solved", true, true}, {"Cancelled", true, true}}
	if oca { // the OCA module's own stages (capture 10)
		stageDefs = []stageDef{{"New", false, false}, {"In Progress", false, false}, {"Awaiting", false, false}, {"Done", true, true}, {"Cancelled", true, true}, {"Rejected", true, true}}
	}
	var stages []int64
	for i, sd := range stageDefs {
		vals := map[string]any{"name": sd.name, "sequence": int64(i + 1), "fold": sd.fold}
		if oca {
			vals["closed"] = sd.closed
		} else {
			vals["team_ids"] = []any{[]any{int64(6), int64(0), []any{teams[0], teams[1], teams[2]}}}
		}
		stages = append(stages, mk(stageModel, vals))
	}

	var tags []int64
	tagNames := []string{"Bug", "Feature Request", "Service", "Repair", "Urgent"}
	if oca {
		tagNames = []string{"Hard", "Technical", "Functional"}
	}
	for i, n := range tagNames {
		tags = append(tags, mk(tagModel, map[string]any{"name": n, "color": int64(i + 1)}))
	}
	var types []int64
	typeNames := []string{"Question", "Issue", "Incident"}
	if oca {
		typeNames = []string{"Document issue", "Question", "Incident"}
	}
	for _, n := range typeNames {
		types = append(types, mk(typeModel, map[string]any{"name": n}))
	}
	var categories []int64
	if oca {
		for _, n := range []string{"Software", "Hardware", "Billing"} {
			categories = append(categories, mk("helpdesk.ticket.category", map[string]any{"name": n}))
		}
		for _, n := range []string{"Web", "Email", "Phone", "Other"} {
			mk("helpdesk.ticket.channel", map[string]any{"name": n})
		}
	} else {
		for _, team := range teams[:2] {
			mk("helpdesk.sla", map[string]any{"name": "4 hours to start (High)", "team_id": team, "stage_id": stages[1], "priority": "2", "time": 4.0})
			mk("helpdesk.sla", map[string]any{"name": "2 days to solve", "team_id": team, "stage_id": stages[3], "priority": "0", "time": 48.0})
		}
	}
	if err != nil {
		return err
	}

	const nTickets = 50
	comment := s.subtypeByXMLID("mail.mt_comment")
	note := s.subtypeByXMLID("mail.mt_note")
	for i := 0; i < nTickets; i++ {
		created := now.Add(-time.Duration(nTickets-i) * 7 * time.Hour)
		stageIdx := []int{0, 0, 1, 1, 2, 3, 3, 4, 0, 1}[i%10]
		if oca && i%17 == 16 {
			stageIdx = 5
		}
		partner := contacts[(i*7)%len(contacts)]
		pr := s.get("res.partner", partner)
		vals := map[string]any{
			"name":          demoSubjects[i%len(demoSubjects)],
			"description":   fmt.Sprintf("<p>%s (demo ticket %d)</p>", demoSubjects[i%len(demoSubjects)], i+1),
			"team_id":       teams[i%3],
			"stage_id":      stages[stageIdx],
			"priority":      fmt.Sprint([]int{1, 0, 1, 2, 3, 1, 0, 2}[i%8]),
			"partner_id":    partner,
			"partner_name":  pr.vals["name"],
			"partner_email": pr.vals["email"],
		}
		if i >= len(demoSubjects) {
			vals["name"] = fmt.Sprintf("%s #%d", demoSubjects[i%len(demoSubjects)], i/len(demoSubjects)+1)
		}
		switch i % 3 {
		case 0:
			vals["user_id"] = demoUID
		case 1:
			vals["user_id"] = int64(2)
		}
		if i%4 == 0 {
			vals["tag_ids"] = []any{[]any{int64(6), int64(0), []any{tags[i%len(tags)]}}}
		} else if i%4 == 1 {
			vals["tag_ids"] = []any{[]any{int64(6), int64(0), []any{tags[i%len(tags)], tags[(i+1)%len(tags)]}}}
		}
		if i%3 != 2 {
			vals[typeField] = types[i%len(types)]
		}
		if oca && i%2 == 0 {
			vals["category_id"] = categories[i%len(categories)]
		}
		if i%25 == 24 {
			vals["active"] = false
		}
		tid := mk("helpdesk.ticket", vals)
		if err != nil {
			return err
		}
		t := s.get("helpdesk.ticket", tid)
		for _, f := range []string{"create_date", "write_date", "last_stage_update", "date_last_stage_update", "assigned_date", "assign_date"} {
			if _, ok := t.vals[f]; ok || f == "create_date" || f == "write_date" {
				if t.vals[f] != nil {
					s.setVal(t, f, at(created))
				}
			}
		}
		if stageDefs[stageIdx].closed {
			s.setVal(t, closedField, at(created.Add(time.Duration(2+i%30)*time.Hour)))
		}
		if !oca {
			s.demoSLA(t, created, stageIdx, i)
		}
		// chatter: the customer writes, the team answers, notes in between
		userPartner := adminPartner
		if i%3 == 0 {
			userPartner = demoPartner
		}
		msgs := []struct {
			author  int64
			typ     string
			subtype int64
			body    string
			after   time.Duration
		}{
			{partner, "email", comment, fmt.Sprintf("<p>Hello, %s. Can you help?</p>", lowerFirst(demoSubjects[i%len(demoSubjects)])), 10 * time.Minute},
			{userPartner, "comment", note, "<p>Checked with the warehouse, waiting for their answer.</p>", 2 * time.Hour},
			{userPartner, "comment", comment, "<p>Thank you for your patience, we are on it.</p>", 3 * time.Hour},
		}
		for j, m := range msgs[:1+i%3] {
			mv := map[string]any{"model": "helpdesk.ticket", "res_id": tid, "body": m.body, "message_type": m.typ,
				"subtype_id": m.subtype, "author_id": m.author, "date": at(created.Add(m.after))}
			if j == 0 && i%7 == 3 {
				content := []byte(fmt.Sprintf("log of ticket %d\nline 2\n", tid))
				att := mk("ir.attachment", map[string]any{"name": fmt.Sprintf("ticket-%d.log", tid), "datas": base64.StdEncoding.EncodeToString(content),
					"mimetype": "text/plain", "res_model": "helpdesk.ticket", "res_id": tid})
				mv["attachment_ids"] = []any{[]any{int64(6), int64(0), []any{att}}}
			}
			mid := mk("mail.message", mv)
			if err != nil {
				return err
			}
			s.setVal(s.get("mail.message", mid), "create_date", at(created.Add(m.after)))
		}
		for _, p := range []int64{partner, userPartner} {
			if ferr := s.follow(c, "helpdesk.ticket", tid, p, nil); ferr != nil {
				return ferr
			}
		}
	}
	return err
}

// demoSLA backdates a demo ticket's SLA statuses and marks those reached.
func (s *store) demoSLA(t *record, created time.Time, stageIdx, i int) {
	stm := s.models["helpdesk.sla.status"]
	for _, id := range stm.ids {
		st := stm.records[id]
		if asID(st.vals["ticket_id"]) != t.id {
			continue
		}
		sla := s.get("helpdesk.sla", asID(st.vals["sla_id"]))
		hours, _ := asFloat(sla.vals["time"])
		deadline := created.Add(time.Duration(hours * float64(time.Hour)))
		s.setVal(st, "deadline", deadline.Format(datetimeFormat))
		target := s.get("helpdesk.stage", asID(sla.vals["stage_id"]))
		tseq, _ := asFloat(target.vals["sequence"])
		if float64(stageIdx+1) >= tseq {
			late := time.Duration(i%5) * time.Duration(hours*float64(time.Hour)) / 2
			s.setVal(st, "reached_datetime", created.Add(late+time.Hour).Format(datetimeFormat))
		}
	}
}

func lowerDots(name string) string {
	b := []byte(name)
	for i, c := range b {
		switch {
		case c == ' ':
			b[i] = '.'
		case c >= 'A' && c <= 'Z':
			b[i] = c + 32
		}
	}
	return string(b)
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+32) + s[1:]
}
