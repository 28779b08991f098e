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
// customer) the ticket's customer, archived ones included (OdooBot's is
// archived on every Odoo). An active partner wins a shared e-mail over an
// archived one, then the lowest id.
func (r *transferRun) matchPartners(ctx context.Context, ch *srcChatter) (map[string]int64, error) {
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
		add(ch.customerEmail)
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
	var rows []partnerRow
	err := r.dst.client.SearchReadInto(ctx, "res.partner", domain.Or(terms...),
		&odoo.SearchOptions{Fields: []string{"id", "email", "active"}, Order: "active desc, id asc", Context: map[string]any{"active_test": false}}, &rows)
	if err != nil {
		return nil, err
	}
	for _, p := range rows {
		e := strings.ToLower(strings.TrimSpace(p.Email))
		if _, dup := out[e]; want[e] && !dup {
			out[e] = p.ID
		}
	}
	return out, nil
}

// authorOf is the destination partner of a source message's author:
// OdooBot by its XML id, anyone else by e-mail.
func (r *transferRun) authorOf(m *srcMessage, partners map[string]int64) int64 {
	if r.srcBot != 0 && r.dstBot != 0 && m.Author.ID == r.srcBot {
		return r.dstBot
	}
	return partners[strings.ToLower(m.email)]
}

// ticketValues builds the destination ticket's create values, and says in
// out.Mapped how the customer and the assignee were mapped.
func (r *transferRun) ticketValues(t *Ticket, ch *srcChatter, partners map[string]int64, out *TicketTransfer) map[string]any {
	df := r.df
	tk := df.Ticket
	warn := &out.Warnings
	mapped := map[string]string{}
	out.Mapped = mapped
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
	if tk.PartnerEmail != "" && ch.customerEmail != "" {
		vals[tk.PartnerEmail] = ch.customerEmail
	}
	if tk.Partner != "" {
		switch {
		case r.cfg.ChildPartnerID != 0:
			vals[tk.Partner] = r.cfg.ChildPartnerID
			mapped["customer"] = fmt.Sprintf("partner %d (ChildPartnerID)", r.cfg.ChildPartnerID)
		case r.cfg.ParentPartnerID != 0:
			vals[tk.Partner] = r.cfg.ParentPartnerID
			mapped["customer"] = fmt.Sprintf("partner %d (ParentPartnerID)", r.cfg.ParentPartnerID)
		case ch.customerEmail == "":
			mapped["customer"] = "none (the source ticket has no customer e-mail)"
		default:
			if p := partners[strings.ToLower(ch.customerEmail)]; p != 0 {
				vals[tk.Partner] = p
				mapped["customer"] = fmt.Sprintf("partner %d by e-mail %s", p, ch.customerEmail)
			} else {
				mapped["customer"] = fmt.Sprintf("none (no destination partner with e-mail %s; name and e-mail copied)", ch.customerEmail)
			}
		}
	}
	if tk.User != "" {
		// Always written: left out, Enterprise's auto-assignment (or a
		// default) would make someone, often the transferring user, the
		// assignee.
		vals[tk.User] = false
		switch to, ok := r.cfg.Assignees[t.User.ID]; {
		case t.User.ID == 0:
			mapped["assignee"] = "none (the source ticket has none)"
		case ok:
			vals[tk.User] = to
			mapped["assignee"] = fmt.Sprintf("user %d (mapped from source user %d, %s)", to, t.User.ID, t.User.Name)
		default:
			mapped["assignee"] = fmt.Sprintf("none (source user %d, %s, is not in Assignees)", t.User.ID, t.User.Name)
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
	// Never write a field the destination lacks or computes: schemas
	// differ between versions and flavors.
	for k := range vals {
		if k == "" {
			delete(vals, k)
			continue
		}
		fi, ok := r.dstFields[k]
		switch {
		case !ok:
			delete(vals, k)
			*warn = append(*warn, fmt.Sprintf("field %s.%s not on the destination: not copied", tk.Model, k))
		case fi.ReadOnly && k != r.cfg.SourceRefField:
			delete(vals, k)
			*warn = append(*warn, fmt.Sprintf("field %s.%s is read-only on the destination: not copied", tk.Model, k))
		}
	}
	return vals
}
