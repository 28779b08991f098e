package helpdesk

import (
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// Flavor's methods, all in this file (issue 18 item 5): what a flavor can
// do (Validate, Has*), and how it maps the typed API onto its schema: the
// fields to ask for and the decoding of each catalog, ticket search
// domains and order, ticket create and update values. The schema itself
// (the Flavor type and the built-in flavors) is in flavor.go.

// --- what a flavor has ---

// Validate checks that f names what every flavor must have: the ticket,
// team and stage models, the ticket's name, team, stage and priority
// fields, the stage's closing marker and the chatter models. It returns a
// *deskbridge.ArgumentError.
func (f *Flavor) Validate() error {
	need := []struct{ field, value string }{
		{"Flavor.Name", f.Name},
		{"Flavor.Ticket.Model", f.Ticket.Model},
		{"Flavor.Ticket.Name", f.Ticket.Name},
		{"Flavor.Ticket.Team", f.Ticket.Team},
		{"Flavor.Ticket.Stage", f.Ticket.Stage},
		{"Flavor.Ticket.Priority", f.Ticket.Priority},
		{"Flavor.Team.Model", f.Team.Model},
		{"Flavor.Team.Name", f.Team.Name},
		{"Flavor.Stage.Model", f.Stage.Model},
		{"Flavor.Stage.Name", f.Stage.Name},
		{"Flavor.Stage.Sequence", f.Stage.Sequence},
		{"Flavor.Stage.Closed", f.Stage.Closed},
		{"Flavor.Message", f.Message},
		{"Flavor.Follower", f.Follower},
		{"Flavor.Attachment", f.Attachment},
	}
	for _, n := range need {
		if strings.TrimSpace(n.value) == "" {
			return invalid(n.field, "must be set")
		}
	}
	return nil
}

// HasTypes reports whether the schema has ticket types.
func (f *Flavor) HasTypes() bool { return f.Type.Model != "" && f.Ticket.Type != "" }

// HasTags reports whether the schema has ticket tags.
func (f *Flavor) HasTags() bool { return f.Tag.Model != "" && f.Ticket.Tags != "" }

// HasSLA reports whether the schema has SLA policies and statuses.
func (f *Flavor) HasSLA() bool { return f.SLA.Model != "" && f.hasSLAStatus() }

// hasSLAStatus: a status model, or the OCA 17 fields on the ticket.
func (f *Flavor) hasSLAStatus() bool {
	return f.SLAStatus.Model != "" || f.SLAStatus.TicketDeadline != ""
}

// unsupported builds the *UnsupportedError for op lacking missing.
func (f *Flavor) unsupported(op, missing string) error {
	return &UnsupportedError{Flavor: f.Name, Op: op, Missing: missing}
}

// needField returns an *UnsupportedError when field is empty.
func (f *Flavor) needField(op, model, field, what string) error {
	if field == "" {
		return f.unsupported(op, "field for "+what+" on "+model)
	}
	return nil
}

// --- catalogs: columns and decoding ---
//
// Each catalog record is read into its run-time record type (recordPlan,
// records.go), built from the flavor's field names: teamPlan lists the
// columns, decodeTeam reads them back by the same names.

func (f *Flavor) teamPlan() *recordPlan {
	t := &f.Team
	return planOf(col{t.Name, colString}, col{t.Description, colString}, col{t.Members, colIDs}, col{t.UseSLA, colBool})
}

func (f *Flavor) decodeTeam(r *record) Team {
	t := &f.Team
	return Team{ID: r.id(), Name: r.str(t.Name), Description: r.str(t.Description), MemberIDs: r.ids(t.Members), UseSLA: r.bool(t.UseSLA)}
}

func (f *Flavor) stagePlan() *recordPlan {
	s := &f.Stage
	return planOf(col{s.Name, colString}, col{s.Sequence, colInt}, col{s.Fold, colBool}, col{s.Closed, colBool}, col{s.Teams, colIDs})
}

func (f *Flavor) decodeStage(r *record) Stage {
	s := &f.Stage
	return Stage{ID: r.id(), Name: r.str(s.Name), Sequence: r.int(s.Sequence), Fold: r.bool(s.Fold), Closed: r.bool(s.Closed), TeamIDs: r.ids(s.Teams)}
}

func (f *Flavor) typePlan() *recordPlan { return planOf(col{f.Type.Name, colString}) }

func (f *Flavor) decodeType(r *record) TicketType {
	return TicketType{ID: r.id(), Name: r.str(f.Type.Name)}
}

func (f *Flavor) tagPlan() *recordPlan {
	return planOf(col{f.Tag.Name, colString}, col{f.Tag.Color, colInt})
}

func (f *Flavor) decodeTag(r *record) Tag {
	return Tag{ID: r.id(), Name: r.str(f.Tag.Name), Color: r.int(f.Tag.Color)}
}

func (f *Flavor) slaPlan() *recordPlan {
	s := &f.SLA
	return planOf(col{s.Name, colString}, col{s.Team, colMany2One}, col{s.Teams, colIDs}, col{s.Stage, colMany2One},
		col{s.Stages, colIDs}, col{s.ExcludeStages, colIDs}, col{s.Time, colFloat}, col{s.Days, colInt}, col{s.Hours, colInt},
		col{s.Priority, colString}, col{s.Tags, colIDs}, col{s.Categories, colIDs}, col{s.Domain, colString}, col{s.Note, colString})
}

func (f *Flavor) decodeSLA(r *record) SLA {
	s := &f.SLA
	v := SLA{
		ID: r.id(), Name: r.str(s.Name), Team: r.m2o(s.Team), Stage: r.m2o(s.Stage),
		StageIDs: r.ids(s.Stages), ExcludeStageIDs: r.ids(s.ExcludeStages),
		Days: r.int(s.Days), Hours: r.int(s.Hours), Priority: Priority(r.str(s.Priority)),
		TagIDs: r.ids(s.Tags), CategoryIDs: r.ids(s.Categories), DomainText: r.str(s.Domain), Note: r.str(s.Note),
	}
	if s.Time != "" {
		v.Time = time.Duration(r.float(s.Time) * float64(time.Hour))
	} else {
		v.Time = time.Duration(v.Days)*24*time.Hour + time.Duration(v.Hours)*time.Hour
	}
	if s.Teams != "" {
		v.TeamIDs = r.ids(s.Teams)
		if len(v.TeamIDs) == 1 {
			v.Team = odoo.Many2One{ID: v.TeamIDs[0]}
		}
	} else if v.Team.ID != 0 {
		v.TeamIDs = []int64{v.Team.ID}
	}
	if t := strings.TrimSpace(v.DomainText); t != "" && t != "[]" {
		v.Domain, v.DomainErr = domain.ParsePython(t)
	}
	return v
}

func (f *Flavor) slaStatusPlan() *recordPlan {
	s := &f.SLAStatus
	return planOf(col{s.SLA, colMany2One}, col{s.Ticket, colMany2One}, col{s.Deadline, colTime}, col{s.Reached, colTime},
		col{s.Status, colString}, col{s.Expired, colBool})
}

func (f *Flavor) decodeSLAStatus(r *record) SLAStatus {
	s := &f.SLAStatus
	v := SLAStatus{
		ID: r.id(), SLA: r.m2o(s.SLA), Ticket: r.m2o(s.Ticket), Deadline: r.time(s.Deadline),
		ReachedAt: r.time(s.Reached), ServerStatus: r.str(s.Status),
	}
	v.Status = slaState(v.ServerStatus, r.bool(s.Expired))
	return v
}

// --- tickets: fields, decoding, search, values ---

func (f *Flavor) ticketFields() []string {
	t := f.Ticket
	return fieldList(t.Name, t.Description, t.Number, t.Team, t.Stage, t.User, t.Partner,
		t.PartnerName, t.PartnerEmail, t.Priority, t.Type, t.Tags, t.CreateDate, t.WriteDate, t.CloseDate)
}

// typedTickets reports whether every ticket field of f is unmapped or
// named as in a built-in flavor, so that ticketRow can receive the
// tickets. A customised flavor naming other fields goes through its
// run-time plan (ticketPlan).
func (f *Flavor) typedTickets() bool {
	t := &f.Ticket
	for _, x := range []struct {
		name  string
		known [2]string
	}{
		{t.Name, [2]string{"name"}},
		{t.Description, [2]string{"description"}},
		{t.Number, [2]string{"number", "ticket_ref"}},
		{t.Team, [2]string{"team_id"}},
		{t.Stage, [2]string{"stage_id"}},
		{t.User, [2]string{"user_id"}},
		{t.Partner, [2]string{"partner_id"}},
		{t.PartnerName, [2]string{"partner_name"}},
		{t.PartnerEmail, [2]string{"partner_email"}},
		{t.Priority, [2]string{"priority"}},
		{t.Type, [2]string{"type_id", "ticket_type_id"}},
		{t.Tags, [2]string{"tag_ids"}},
		{t.CreateDate, [2]string{"create_date"}},
		{t.WriteDate, [2]string{"write_date"}},
		{t.CloseDate, [2]string{"close_date", "closed_date"}},
	} {
		if x.name != "" && x.name != x.known[0] && x.name != x.known[1] {
			return false
		}
	}
	return true
}

// ticketFromRow builds the Ticket of r under f's field names, as
// ticketPlan.ticket builds it from a run-time record; f must pass
// typedTickets.
func (f *Flavor) ticketFromRow(r *ticketRow) Ticket {
	t := &f.Ticket
	v := Ticket{ID: r.ID}
	if t.Name != "" {
		v.Name = r.Name
	}
	if t.Description != "" {
		v.Description = r.Description
	}
	switch t.Number {
	case "number":
		v.Number = r.Number
	case "ticket_ref":
		v.Number = r.TicketRef
	}
	if t.Team != "" {
		v.Team = r.Team
	}
	if t.Stage != "" {
		v.Stage = r.Stage
	}
	if t.User != "" {
		v.User = r.User
	}
	if t.Partner != "" {
		v.Partner = r.Partner
	}
	if t.PartnerName != "" {
		v.PartnerName = r.PartnerName
	}
	if t.PartnerEmail != "" {
		v.PartnerEmail = r.PartnerEmail
	}
	if t.Priority != "" {
		v.Priority = Priority(r.Priority)
	}
	switch t.Type {
	case "type_id":
		v.Type = r.TypeID
	case "ticket_type_id":
		v.Type = r.TicketTypeID
	}
	if t.Tags != "" {
		v.TagIDs = []int64(r.Tags)
	}
	if t.CreateDate != "" {
		v.CreatedAt = r.CreateDate
	}
	if t.WriteDate != "" {
		v.UpdatedAt = r.WriteDate
	}
	switch t.CloseDate {
	case "close_date":
		v.ClosedAt = r.CloseDate
	case "closed_date":
		v.ClosedAt = r.ClosedDate
	}
	return v
}

// ticketDomain builds the search domain of o for flavor f. o must have
// been validated.
func (f *Flavor) ticketDomain(op string, o *TicketListOptions) (domain.Domain, error) {
	t := f.Ticket
	var parts []domain.Domain
	eqID := func(field string, id int64) {
		if id != 0 {
			parts = append(parts, domain.Eq(field, id))
		}
	}
	eqID(t.Team, o.TeamID)
	eqID(t.Stage, o.StageID)
	if o.UserID != 0 {
		if err := f.needField(op, t.Model, t.User, "the assignee"); err != nil {
			return domain.Domain{}, err
		}
		eqID(t.User, o.UserID)
	}
	if o.PartnerID != 0 {
		if err := f.needField(op, t.Model, t.Partner, "the customer"); err != nil {
			return domain.Domain{}, err
		}
		eqID(t.Partner, o.PartnerID)
	}
	if len(o.TagIDs) > 0 {
		if !f.HasTags() {
			return domain.Domain{}, f.unsupported(op, "tag model")
		}
		parts = append(parts, domain.In(t.Tags, o.TagIDs...))
	}
	if o.TypeID != 0 {
		if !f.HasTypes() {
			return domain.Domain{}, f.unsupported(op, "ticket type model (helpdesk_type)")
		}
		eqID(t.Type, o.TypeID)
	}
	if o.Priority != "" {
		parts = append(parts, domain.Eq(t.Priority, string(o.Priority)))
	}
	switch o.State {
	case StateOpen:
		parts = append(parts, domain.Eq(t.Stage+"."+f.Stage.Closed, false))
	case StateClosed:
		parts = append(parts, domain.Eq(t.Stage+"."+f.Stage.Closed, true))
	}
	if q := strings.TrimSpace(o.Search); q != "" {
		if t.Description != "" {
			parts = append(parts, domain.Or(domain.ILike(t.Name, q), domain.ILike(t.Description, q)))
		} else {
			parts = append(parts, domain.ILike(t.Name, q))
		}
	}
	if !o.CreatedSince.IsZero() {
		if err := f.needField(op, t.Model, t.CreateDate, "the creation date"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Ge(t.CreateDate, odooTime(o.CreatedSince)))
	}
	if o.UsesSLA {
		if err := f.needField(op, f.Team.Model, f.Team.UseSLA, "the team's SLA flag"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Eq(t.Team+"."+f.Team.UseSLA, true))
	}
	if o.SLAFailed {
		if err := f.needField(op, t.Model, t.SLAFailed, "a failed SLA"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Eq(t.SLAFailed, true))
	}
	if !o.UpdatedSince.IsZero() {
		if err := f.needField(op, t.Model, t.WriteDate, "the update date"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Ge(t.WriteDate, odooTime(o.UpdatedSince)))
	}
	if !o.Where.IsZero() {
		parts = append(parts, o.Where)
	}
	return domain.And(parts...), nil
}

// ticketOrder is the search order of o for flavor f, always ending on id
// so that pages are stable.
func (f *Flavor) ticketOrder(o *TicketListOptions) string {
	dir := " asc"
	if o.Desc {
		dir = " desc"
	}
	var col string
	switch o.Sort {
	case SortName:
		col = f.Ticket.Name
	case SortPriority:
		col = f.Ticket.Priority
	case SortStage:
		col = f.Ticket.Stage
	case SortCreated:
		col = f.Ticket.CreateDate
	case SortUpdated:
		col = f.Ticket.WriteDate
	}
	if col == "" {
		return "id" + dir
	}
	return col + dir + ", id" + dir
}

// values turns c into the create values of flavor f.
func (f *Flavor) createValues(op string, c *TicketCreate) (map[string]any, error) {
	t := f.Ticket
	vals := make(map[string]any, len(c.Extra)+12)
	for k, v := range c.Extra {
		vals[k] = v
	}
	vals[t.Name] = c.Name
	set := func(field, what string, v any) error {
		if err := f.needField(op, t.Model, field, what); err != nil {
			return err
		}
		vals[field] = v
		return nil
	}
	var err error
	add := func(cond bool, field, what string, v any) {
		if err == nil && cond {
			err = set(field, what, v)
		}
	}
	add(c.Description != "", t.Description, "the description", c.Description)
	add(c.TeamID != 0, t.Team, "the team", c.TeamID)
	add(c.StageID != 0, t.Stage, "the stage", c.StageID)
	add(c.UserID != 0, t.User, "the assignee", c.UserID)
	add(c.Priority != "", t.Priority, "the priority", string(c.Priority))
	add(c.PartnerID != 0, t.Partner, "the customer", c.PartnerID)
	add(c.PartnerName != "", t.PartnerName, "the customer name", c.PartnerName)
	add(c.PartnerEmail != "", t.PartnerEmail, "the customer e-mail", c.PartnerEmail)
	if err == nil && c.TypeID != 0 && !f.HasTypes() {
		err = f.unsupported(op, "ticket type model (helpdesk_type)")
	}
	add(c.TypeID != 0, t.Type, "the ticket type", c.TypeID)
	if err == nil && len(c.TagIDs) > 0 && !f.HasTags() {
		err = f.unsupported(op, "tag model")
	}
	add(len(c.TagIDs) > 0, t.Tags, "the tags", odoo.Commands{odoo.Set(c.TagIDs...)})
	return vals, err
}

// updateValues turns u into the write values of flavor f.
func (f *Flavor) updateValues(op string, u *TicketUpdate) (map[string]any, error) {
	t := f.Ticket
	vals := make(map[string]any, len(u.Extra)+12)
	for k, v := range u.Extra {
		vals[k] = v
	}
	var err error
	add := func(cond bool, field, what string, v func() any) {
		if err == nil && cond {
			if err = f.needField(op, t.Model, field, what); err == nil {
				vals[field] = v()
			}
		}
	}
	add(u.Name != nil, t.Name, "the name", func() any { return *u.Name })
	add(u.Description != nil, t.Description, "the description", func() any { return *u.Description })
	add(u.TeamID != nil, t.Team, "the team", func() any { return m2oValue(*u.TeamID) })
	add(u.StageID != nil, t.Stage, "the stage", func() any { return *u.StageID })
	add(u.UserID != nil, t.User, "the assignee", func() any { return m2oValue(*u.UserID) })
	add(u.PartnerID != nil, t.Partner, "the customer", func() any { return m2oValue(*u.PartnerID) })
	add(u.PartnerName != nil, t.PartnerName, "the customer name", func() any { return *u.PartnerName })
	add(u.PartnerEmail != nil, t.PartnerEmail, "the customer e-mail", func() any { return *u.PartnerEmail })
	add(u.Priority != nil, t.Priority, "the priority", func() any { return string(*u.Priority) })
	if err == nil && u.TypeID != nil && !f.HasTypes() {
		err = f.unsupported(op, "ticket type model (helpdesk_type)")
	}
	add(u.TypeID != nil, t.Type, "the ticket type", func() any { return m2oValue(*u.TypeID) })
	if err == nil && u.Tags != nil && !f.HasTags() {
		err = f.unsupported(op, "tag model")
	}
	add(u.Tags != nil, t.Tags, "the tags", func() any { return u.Tags })
	return vals, err
}

// stageServesTeam reports whether tickets of team may use stage st.
func (f *Flavor) stageServesTeam(st Stage, team int64) bool {
	if len(st.TeamIDs) == 0 {
		return f.Stage.SharedWhenNoTeam || f.Stage.Teams == ""
	}
	for _, t := range st.TeamIDs {
		if t == team {
			return true
		}
	}
	return false
}
