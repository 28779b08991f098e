package helpdesk

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// SLAsService reads SLA policies: Enterprise Helpdesk's, or those of the
// OCA helpdesk_mgmt_sla module (deskbridge.ErrUnsupported on a server with neither).
type SLAsService struct{ service }

// SLAStatusService reads how SLAs stand on tickets (Enterprise; OCA with
// helpdesk_mgmt_sla; deskbridge.ErrUnsupported elsewhere).
type SLAStatusService struct{ service }

// SLA is an SLA policy, the same type for every schema. A field the
// server's schema lacks stays at its zero value; each field says which
// schemas fill it (OCA 17 is helpdesk_mgmt_sla 16.0/17.0, OCA 18 its 18.0).
type SLA struct {
	ID   int64
	Name string
	// Team is the policy's team: Enterprise's one team; on OCA the team
	// when the policy has exactly one (its ID only: OCA answers plain id
	// lists), zero otherwise.
	Team odoo.Many2One
	// TeamIDs are the teams the policy applies to: Enterprise [Team.ID];
	// OCA its teams, none meaning every team.
	TeamIDs []int64
	// Stage is the stage a ticket must reach in time (Enterprise, OCA 18).
	Stage odoo.Many2One
	// StageIDs are the stages in which the policy applies (OCA 17; none:
	// every stage).
	StageIDs []int64
	// ExcludeStageIDs are the stages where the clock stops (Enterprise
	// exclude_stage_ids, OCA 18 ignore_stage_ids).
	ExcludeStageIDs []int64
	// Time is the time allowed, in working time of the team's calendar:
	// Enterprise's "time" (hours); on OCA Days and Hours as one duration,
	// a day counted as 24 hours (the server counts Days working days and
	// Hours working hours: use those two to plan a deadline).
	Time time.Duration
	// Days and Hours are OCA's integer working days and hours (zero on
	// Enterprise).
	Days, Hours int64
	// Priority is the minimum ticket priority (Enterprise).
	Priority Priority
	// TagIDs: the policy applies to tickets with one of these tags
	// (Enterprise, OCA; none: any tags).
	TagIDs []int64
	// CategoryIDs: the policy applies to tickets of these categories (OCA;
	// none: any category).
	CategoryIDs []int64
	// DomainText is the Python-literal domain the policy applies to (OCA
	// "domain", "[]" for every ticket) and Domain the same parsed with
	// domain.ParsePython when it can be (zero when it cannot, or for
	// "[]"; DomainErr then says why).
	DomainText string
	Domain     domain.Domain
	DomainErr  error
	// Note is the policy's description, HTML (Enterprise description, OCA
	// note).
	Note string
}

// SLAState is the status of an SLA on a ticket.
type SLAState string

// The states of an SLA on a ticket. Enterprise's helpdesk.sla.status
// answers the first three as they are. OCA 18's helpdesk.ticket.sla
// states map as: in_progress → SLAOngoing (SLAFailed once past its
// deadline, as the line's own "expired" says), accomplished → SLAReached,
// expired → SLAFailed, on_hold → SLAOnHold. OCA 17 has one status per
// ticket, see SLAStatusService.ForTicket.
const (
	SLAOngoing SLAState = "ongoing"
	SLAReached SLAState = "reached"
	SLAFailed  SLAState = "failed"
	// SLAOnHold: the ticket is in a stage that stops the clock (OCA 18).
	SLAOnHold SLAState = "on_hold"
)

// SLAStatus is how one SLA stands on one ticket, the same type for every
// schema.
type SLAStatus struct {
	// ID is the status record: Enterprise helpdesk.sla.status, OCA 18
	// helpdesk.ticket.sla; 0 on OCA 17, which has no such record.
	ID int64
	// SLA is the policy; on OCA 17 the one the server's rule picks (the
	// first active policy by id whose teams, stages, categories, tags and
	// domain match the ticket), zero when that cannot be told here (a
	// domain that does not parse or needs related records).
	SLA    odoo.Many2One
	Ticket odoo.Many2One
	// Deadline is when the SLA is due, UTC (zero when none).
	Deadline time.Time
	// ReachedAt is when it was met, UTC: Enterprise reached_datetime; OCA
	// 17 the ticket's closing date once closed; always zero on OCA 18,
	// which does not record it.
	ReachedAt time.Time
	// Status is the state, mapped onto SLAState (see there).
	Status SLAState
	// ServerStatus is the server's own word: Enterprise status, OCA 18
	// state; on OCA 17 "expired" or "" from sla_expired.
	ServerStatus string
}

// List returns the SLA policies of a team (teamID 0: every policy). On OCA
// a team's policies include those with no team, which apply to every team.
func (ss *SLAsService) List(ctx context.Context, teamID int64) ([]SLA, error) {
	if err := checkOptionalID("teamID", teamID); err != nil {
		return nil, err
	}
	f, err := ss.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	if f.SLA.Model == "" {
		return nil, f.unsupported("SLAs.List", "SLA model (helpdesk.sla)")
	}
	if ss.s.cache == nil && teamID != 0 {
		var d domain.Domain
		if f.SLA.Teams != "" {
			d = domain.Or(domain.In(f.SLA.Teams, teamID), domain.Eq(f.SLA.Teams, false))
		} else {
			if err := f.needField("SLAs.List", f.SLA.Model, f.SLA.Team, "the team"); err != nil {
				return nil, err
			}
			d = domain.Eq(f.SLA.Team, teamID)
		}
		rs, err := ss.s.searchRecords(ctx, f.SLA.Model, f.slaPlan(), d, odoo.SearchOptions{Order: "id asc"})
		if err != nil {
			return nil, err
		}
		return convert(rs, f.decodeSLA), nil
	}
	all, err := ss.s.cachedSLAs(ctx, f)
	if err != nil || teamID == 0 {
		return cloneSLAs(all), err
	}
	var out []SLA
	for _, p := range all {
		if slices.Contains(p.TeamIDs, teamID) || (f.SLA.Teams != "" && len(p.TeamIDs) == 0) {
			out = append(out, cloneSLA(p))
		}
	}
	return out, nil
}

// Get returns one SLA policy. It returns a *deskbridge.NotFoundError when it does
// not exist (or is archived).
func (ss *SLAsService) Get(ctx context.Context, id int64) (SLA, error) {
	if err := checkID("id", id); err != nil {
		return SLA{}, err
	}
	f, err := ss.s.flavorPtr(ctx)
	if err != nil {
		return SLA{}, err
	}
	if f.SLA.Model == "" {
		return SLA{}, f.unsupported("SLAs.Get", "SLA model (helpdesk.sla)")
	}
	all, err := ss.s.cachedSLAs(ctx, f)
	if err != nil {
		return SLA{}, err
	}
	for _, p := range all {
		if p.ID == id {
			return cloneSLA(p), nil
		}
	}
	return SLA{}, &deskbridge.NotFoundError{Op: "helpdesk.SLAs.Get", Model: f.SLA.Model, ID: id}
}

// ForTicket returns the SLA statuses of a ticket, by deadline.
//
// Enterprise answers its helpdesk.sla.status records and OCA 18 its
// helpdesk.ticket.sla lines, one per policy. OCA 17 keeps one status on
// the ticket, written by the module's cron every 5 minutes: none while
// sla_deadline is empty; once the ticket is closed, SLAReached (closed by
// the deadline) or SLAFailed, with ReachedAt its closing date; while open,
// SLAFailed when sla_expired is set or the deadline has passed (the cron
// may not have run since), else SLAOngoing. It returns a *deskbridge.NotFoundError
// on OCA 17 when the ticket does not exist.
func (ss *SLAStatusService) ForTicket(ctx context.Context, ticketID int64) ([]SLAStatus, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return nil, err
	}
	f, err := ss.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	st := f.SLAStatus
	if st.Model == "" && st.TicketDeadline != "" && f.SLA.Model != "" {
		return ss.onTicket(ctx, f, ticketID)
	}
	if st.Model == "" {
		return nil, f.unsupported("SLAStatus.ForTicket", "SLA status model (helpdesk.sla.status)")
	}
	if err := f.needField("SLAStatus.ForTicket", st.Model, st.Ticket, "the ticket"); err != nil {
		return nil, err
	}
	order := "id asc"
	if st.Deadline != "" {
		order = st.Deadline + " asc, id asc"
	}
	rs, err := ss.s.searchRecords(ctx, st.Model, f.slaStatusPlan(), domain.Eq(st.Ticket, ticketID), odoo.SearchOptions{Order: order})
	if err != nil {
		return nil, err
	}
	return convert(rs, f.decodeSLAStatus), nil
}

// onTicket is ForTicket on OCA 17: the status from the ticket's fields,
// the policy from the module's rule.
func (ss *SLAStatusService) onTicket(ctx context.Context, f *Flavor, ticketID int64) ([]SLAStatus, error) {
	st, t := f.SLAStatus, f.Ticket
	p := planOf(col{t.Name, colString}, col{t.Number, colString}, col{st.TicketDeadline, colTime}, col{st.TicketExpired, colBool},
		col{st.TicketClosed, colBool}, col{t.CloseDate, colTime}, col{t.Team, colMany2One}, col{t.Stage, colMany2One},
		col{t.Tags, colIDs}, col{ocaCategory, colMany2One})
	rs, err := ss.s.readRecords(ctx, t.Model, p, []int64{ticketID})
	if err != nil {
		return nil, err
	}
	var (
		found, expired, closed bool
		deadline, closedAt     time.Time
		tk                     ticketFacts
		name                   string
	)
	rs.each(func(r *record) bool {
		found = true
		deadline, expired, closed, closedAt = r.time(st.TicketDeadline), r.bool(st.TicketExpired), r.bool(st.TicketClosed), r.time(t.CloseDate)
		tk = ticketFacts{team: r.m2o(t.Team).ID, stage: r.m2o(t.Stage).ID, tags: r.ids(t.Tags), category: r.m2o(ocaCategory).ID}
		name = r.str(t.Name)
		if n := r.str(t.Number); n != "" {
			name = n + " - " + name
		}
		return false
	})
	if !found {
		return nil, &deskbridge.NotFoundError{Op: "helpdesk.SLAStatus.ForTicket", Model: t.Model, ID: ticketID}
	}
	if deadline.IsZero() {
		return []SLAStatus{}, nil
	}
	out := SLAStatus{Ticket: odoo.Many2One{ID: ticketID, Name: name}, Deadline: deadline}
	if expired {
		out.ServerStatus = "expired"
	}
	switch {
	case closed:
		out.ReachedAt = closedAt
		out.Status = SLAReached
		if expired || (!closedAt.IsZero() && closedAt.After(deadline)) {
			out.Status = SLAFailed
		}
	case expired || deadline.Before(ss.s.now()):
		out.Status = SLAFailed
	default:
		out.Status = SLAOngoing
	}
	policies, err := ss.s.cachedSLAs(ctx, f)
	if err != nil {
		return nil, err
	}
	out.SLA = ss.applying17(ctx, f, ticketID, tk, policies)
	return []SLAStatus{out}, nil
}

// ocaCategory is the OCA ticket's category field (helpdesk_mgmt).
const ocaCategory = "category_id"

// ticketFacts are the ticket fields the OCA 17 rule looks at.
type ticketFacts struct {
	team, stage, category int64
	tags                  []int64
}

// applying17 is the OCA 17 module's rule (helpdesk.sla._applies_for, in
// the order of check_sla): the first active policy by id whose teams,
// stages and categories are empty or hold the ticket's, whose tags are
// empty or share one with it and whose domain matches it. A domain that
// cannot be evaluated here stops the search: which policy applies cannot
// be told, and the zero Many2One says so.
func (ss *SLAStatusService) applying17(ctx context.Context, f *Flavor, ticketID int64, tk ticketFacts, policies []SLA) odoo.Many2One {
	in := func(ids []int64, id int64) bool { return len(ids) == 0 || slices.Contains(ids, id) }
	for _, p := range policies {
		if !in(p.TeamIDs, tk.team) || !in(p.StageIDs, tk.stage) || !in(p.CategoryIDs, tk.category) {
			continue
		}
		if len(p.TagIDs) > 0 && !slices.ContainsFunc(p.TagIDs, func(id int64) bool { return slices.Contains(tk.tags, id) }) {
			continue
		}
		text := strings.TrimSpace(p.DomainText)
		if text == "" || text == "[]" {
			return odoo.Many2One{ID: p.ID, Name: p.Name}
		}
		if p.DomainErr != nil {
			return odoo.Many2One{}
		}
		ok, err := ss.s.ticketMatches(ctx, f, ticketID, p.Domain)
		if err != nil {
			return odoo.Many2One{}
		}
		if ok {
			return odoo.Many2One{ID: p.ID, Name: p.Name}
		}
	}
	return odoo.Many2One{}
}

// ticketMatches evaluates d on the ticket locally (domain.Match), reading
// the fields it names; a path through a relation is refused (no resolver).
func (s *Service) ticketMatches(ctx context.Context, f *Flavor, ticketID int64, d domain.Domain) (bool, error) {
	var fields []string
	for _, name := range d.Fields() {
		if name != "id" && !slices.Contains(fields, name) {
			fields = append(fields, name)
		}
	}
	// Any field a policy's domain names, of any type, for domain.Match:
	// the one read into plain JSON values (encoding/json through odoo's
	// codec), not records.
	var recs []map[string]any
	if err := s.client.ReadInto(ctx, f.Ticket.Model, []int64{ticketID}, &odoo.ReadOptions{Fields: fields}, &recs); err != nil {
		return false, err
	}
	if len(recs) == 0 {
		return false, &deskbridge.NotFoundError{Op: "helpdesk.SLAStatus.ForTicket", Model: f.Ticket.Model, ID: ticketID}
	}
	return domain.Match(d, recs[0], nil)
}

// --- fields and decoding ------------------------------------------------------

// slaState maps a server's state onto SLAState (see there); the values of
// the two schemas do not overlap.
func slaState(server string, expired bool) SLAState {
	switch server {
	case "in_progress":
		if expired {
			return SLAFailed
		}
		return SLAOngoing
	case "accomplished":
		return SLAReached
	case "expired":
		return SLAFailed
	case "on_hold":
		return SLAOnHold
	}
	return SLAState(server)
}

// cloneSLA copies p's slices, so that a caller cannot change the cache.
func cloneSLA(p SLA) SLA {
	p.TeamIDs = slices.Clone(p.TeamIDs)
	p.StageIDs = slices.Clone(p.StageIDs)
	p.ExcludeStageIDs = slices.Clone(p.ExcludeStageIDs)
	p.TagIDs = slices.Clone(p.TagIDs)
	p.CategoryIDs = slices.Clone(p.CategoryIDs)
	return p
}

func cloneSLAs(ps []SLA) []SLA {
	out := make([]SLA, len(ps))
	for i, p := range ps {
		out[i] = cloneSLA(p)
	}
	return out
}
