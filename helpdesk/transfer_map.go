package helpdesk

// Mapping a source ticket onto the destination: partners, create values.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// matchPartners finds, in one request, the destination partners with the
// e-mails of the authors, the followers and (without a configured
// customer) the ticket's customer. The lowest id wins a shared e-mail.
func (r *transferRun) matchPartners(ctx context.Context, t *Ticket, ch *srcChatter) (map[string]int64, error) {
	want := map[string]bool{}
	add := func(e string) {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			want[e] = true
		}
	}
	if r.opts.Messages {
		for _, m := range ch.messages {
			add(m.email)
		}
	}
	if r.opts.Followers {
		for _, f := range ch.followers {
			add(f.Email)
		}
	}
	if r.cfg.ChildPartnerID == 0 && r.cfg.ParentPartnerID == 0 {
		add(t.PartnerEmail)
	}
	out := map[string]int64{}
	if len(want) == 0 {
		return out, nil
	}
	emails := make([]string, 0, len(want))
	for e := range want {
		emails = append(emails, e)
	}
	sort.Strings(emails)
	terms := make([]domain.Domain, len(emails))
	for i, e := range emails {
		terms[i] = domain.EqILike("email", e) // '_' and '%' may over-match: filtered below
	}
	rows, err := r.dst.searchRead(ctx, "res.partner", domain.Or(terms...), []string{"id", "email"}, 0, 0, "id asc")
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		d := decoder{r: row, model: "res.partner"}
		e := strings.ToLower(strings.TrimSpace(d.str("email")))
		if _, dup := out[e]; want[e] && !dup {
			out[e] = d.int("id")
		}
	}
	return out, nil
}

// ticketValues builds the destination ticket's create values.
func (r *transferRun) ticketValues(t *Ticket, partners map[string]int64, warn *[]string) map[string]any {
	df := r.df
	tk := df.Ticket
	vals := map[string]any{tk.Name: t.Name, r.cfg.SourceRefField: r.ticketRef(t.ID)}
	desc := t.Description
	if strings.TrimSpace(desc) == "" && r.descRequired {
		desc = "<p></p>"
	}
	if desc != "" && tk.Description != "" {
		vals[tk.Description] = desc
	}
	if t.Priority.Valid() && tk.Priority != "" {
		vals[tk.Priority] = string(t.Priority)
	}
	if tk.PartnerName != "" && t.PartnerName != "" {
		vals[tk.PartnerName] = t.PartnerName
	}
	if tk.PartnerEmail != "" && t.PartnerEmail != "" {
		vals[tk.PartnerEmail] = t.PartnerEmail
	}
	switch {
	case r.cfg.ChildPartnerID != 0:
		vals[tk.Partner] = r.cfg.ChildPartnerID
	case r.cfg.ParentPartnerID != 0:
		vals[tk.Partner] = r.cfg.ParentPartnerID
	default:
		if p := partners[strings.ToLower(strings.TrimSpace(t.PartnerEmail))]; p != 0 {
			vals[tk.Partner] = p
		}
	}
	team := int64(0)
	if t.Team.ID != 0 {
		team = r.teams.find(t.Team.Name, r.cfg.StageMappingFold)
		if team == 0 {
			*warn = append(*warn, fmt.Sprintf("team %q not on the destination", t.Team.Name))
		}
	}
	if team == 0 && r.cfg.DefaultTeam != "" {
		team = r.teams.find(r.cfg.DefaultTeam, true)
	}
	if team != 0 {
		vals[tk.Team] = team
	}
	if t.Stage.ID != 0 {
		if st, ok := r.stageFor(t.Stage.Name, team); ok {
			vals[tk.Stage] = st
		} else {
			*warn = append(*warn, fmt.Sprintf("stage %q has no match on the destination", t.Stage.Name))
		}
	}
	if t.Type.ID != 0 {
		if id := r.types.find(t.Type.Name, false); id != 0 && df.HasTypes() {
			vals[tk.Type] = id
		} else {
			*warn = append(*warn, fmt.Sprintf("ticket type %q not on the destination", t.Type.Name))
		}
	}
	if len(t.TagIDs) > 0 {
		var tags []int64
		for _, sid := range t.TagIDs {
			name := r.srcTags[sid]
			if id := r.tags.find(name, false); id != 0 && df.HasTags() {
				tags = append(tags, id)
			} else {
				*warn = append(*warn, fmt.Sprintf("tag %q not on the destination", name))
			}
		}
		if len(tags) > 0 {
			vals[tk.Tags] = odoo.Commands{odoo.Set(tags...)}
		}
	}
	return vals
}
