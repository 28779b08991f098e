package helpdesk

// What every ticket of a Transfer shares: both flavors, the destination's
// catalogs and fields, read once; the chunked reads of source tickets.

import (
	"context"
	"fmt"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// transferRun holds what every ticket of a Transfer shares: both flavors
// and the destination's catalogs, read once.
type transferRun struct {
	src, dst *Service
	cfg      TransferConfig
	opts     TransferOptions
	sf, df   *Flavor

	teams, types, tags, subtypes nameIndex
	stages                       []Stage // destination
	srcTags                      map[int64]string
	srcStages                    []Stage // source candidates for CloseOriginal
	descRequired                 bool
	dstFields                    map[string]odoo.FieldInfo // destination ticket fields
	trackFields                  []string                  // source mail.tracking.value fields to render logs with
	srcBot, dstBot               int64                     // OdooBot's partner (base.partner_root) on each side
}

// nameIndex finds ids by name, exactly or case-insensitively.
type nameIndex struct {
	exact map[string]int64
	fold  map[string]int64
}

func newNameIndex() nameIndex {
	return nameIndex{exact: map[string]int64{}, fold: map[string]int64{}}
}

// add keeps the first id of a name (the catalogs are read in the model's
// order, so the first is the preferred one).
func (n nameIndex) add(name string, id int64) {
	if _, ok := n.exact[name]; !ok {
		n.exact[name] = id
	}
	k := strings.ToLower(strings.TrimSpace(name))
	if _, ok := n.fold[k]; !ok {
		n.fold[k] = id
	}
}

func (n nameIndex) find(name string, fold bool) int64 {
	if id, ok := n.exact[name]; ok {
		return id
	}
	if fold {
		return n.fold[strings.ToLower(strings.TrimSpace(name))]
	}
	return 0
}

// prepare reads both flavors and the catalogs, through the services'
// own calls.
func (r *transferRun) prepare(ctx context.Context) error {
	var err error
	if r.sf, err = r.src.flavorPtr(ctx); err != nil {
		return fmt.Errorf("helpdesk: transfer: source: %w", err)
	}
	if r.df, err = r.dst.flavorPtr(ctx); err != nil {
		return fmt.Errorf("helpdesk: transfer: destination: %w", err)
	}
	df := r.df
	fields, err := r.dst.client.FieldsGet(ctx, df.Ticket.Model, &odoo.FieldsGetOptions{Attributes: []string{"type", "required", "readonly"}})
	if err != nil {
		return fmt.Errorf("helpdesk: transfer: destination: %w", err)
	}
	if _, ok := fields[r.cfg.SourceRefField]; !ok && r.cfg.CreateSourceField && !r.opts.DryRun {
		if err := EnsureSourceField(ctx, r.dst, r.cfg.SourceRefField); err != nil {
			return fmt.Errorf("helpdesk: transfer: %w", err)
		}
		fields[r.cfg.SourceRefField] = odoo.FieldInfo{Type: "char"}
	}
	if fi, ok := fields[r.cfg.SourceRefField]; !ok {
		return &UnsupportedError{Flavor: df.Name, Op: "Transfer",
			Missing: "field " + df.Ticket.Model + "." + r.cfg.SourceRefField + " (a char field recording the source ticket; create it with EnsureSourceField or TransferConfig.CreateSourceField)"}
	} else if fi.Type != "" && fi.Type != "char" && fi.Type != "text" {
		return invalid("TransferConfig.SourceRefField", "%s.%s is a %s field, want char", df.Ticket.Model, r.cfg.SourceRefField, fi.Type)
	}
	r.dstFields = fields
	r.descRequired = fields[df.Ticket.Description].Required

	teams, err := r.dst.Teams.List(ctx)
	if err != nil {
		return fmt.Errorf("helpdesk: transfer: destination teams: %w", err)
	}
	r.teams = newNameIndex()
	for _, t := range teams {
		r.teams.add(t.Name, t.ID)
	}
	if r.cfg.DefaultTeam != "" && r.teams.find(r.cfg.DefaultTeam, true) == 0 {
		return invalid("TransferConfig.DefaultTeam", "no team %q on the destination", r.cfg.DefaultTeam)
	}
	if r.stages, err = r.dst.Stages.List(ctx, 0); err != nil {
		return fmt.Errorf("helpdesk: transfer: destination stages: %w", err)
	}
	r.types = newNameIndex()
	if df.HasTypes() {
		types, err := r.dst.Types.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination types: %w", err)
		}
		for _, t := range types {
			r.types.add(t.Name, t.ID)
		}
	}
	r.tags = newNameIndex()
	if df.HasTags() {
		tags, err := r.dst.Tags.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination tags: %w", err)
		}
		for _, t := range tags {
			r.tags.add(t.Name, t.ID)
		}
	}
	r.srcTags = map[int64]string{}
	if r.sf.HasTags() {
		tags, err := r.src.Tags.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: source tags: %w", err)
		}
		for _, t := range tags {
			r.srcTags[t.ID] = t.Name
		}
	}
	r.subtypes = newNameIndex()
	if r.opts.Messages {
		subtypes, err := searchReadTyped[idName](ctx, r.dst, "mail.message.subtype", domain.Domain{}, []string{"id", "name"}, 0, 0, "")
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination message subtypes: %w", err)
		}
		for _, st := range subtypes {
			r.subtypes.add(st.Name, st.ID)
		}
		// Logs (tracking messages) have no body: their changes are
		// rendered from the source's tracking values, whose field names
		// differ between versions.
		tf, err := r.src.client.FieldsGet(ctx, "mail.tracking.value", &odoo.FieldsGetOptions{Attributes: []string{"type"}})
		if err == nil {
			for _, f := range []string{"mail_message_id", "field_desc", "field_id", "old_value_char", "new_value_char",
				"old_value_integer", "new_value_integer", "old_value_float", "new_value_float", "old_value_datetime", "new_value_datetime"} {
				if _, ok := tf[f]; ok {
					r.trackFields = append(r.trackFields, f)
				}
			}
		}
		// OdooBot authors many logs; its partner is archived and its
		// e-mail may differ between databases: match it by XML id.
		r.srcBot, r.dstBot = partnerRoot(ctx, r.src), partnerRoot(ctx, r.dst)
	}
	if r.opts.CloseOriginal {
		if r.srcStages, err = closingStages(ctx, r.src, r.sf, r.opts.CloseStage); err != nil {
			return fmt.Errorf("helpdesk: transfer: source stages: %w", err)
		}
		if !r.opts.CloseStage.IsZero() && len(r.srcStages) == 0 {
			return invalid("TransferOptions.CloseStage", "no stage %s on the source", r.opts.CloseStage)
		}
	}
	return nil
}

// idName is a record's id and name, for the odoo package's typed decoder.
type idName struct {
	ID   int64  `odoo:"id"`
	Name string `odoo:"name"`
}

// partnerRoot is the id of OdooBot's partner (XML id base.partner_root),
// or 0 when ir.model.data cannot be read.
func partnerRoot(ctx context.Context, s *Service) int64 {
	ref, err := s.client.Ref(ctx, "base.partner_root")
	if err != nil || ref.Model != "res.partner" {
		return 0
	}
	return ref.ID
}

// loadChunk reads source tickets (through the tickets' own typed read)
// and finds those already on the destination: one request each for the
// whole chunk.
func (r *transferRun) loadChunk(ctx context.Context, ids []int64) (map[int64]Ticket, map[int64]int64, error) {
	sf, df := r.sf, r.df
	page, err := r.src.readTickets(ctx, sf, ids, sf.ticketFields())
	if err != nil {
		return nil, nil, err
	}
	all, err := page.all()
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]Ticket, len(all))
	for _, t := range all {
		byID[t.ID] = t
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = r.ticketRef(id)
	}
	rs, err := r.dst.searchRecords(ctx, df.Ticket.Model, planOf(col{r.cfg.SourceRefField, colString}), domain.In(r.cfg.SourceRefField, refs...),
		odoo.SearchOptions{Order: "id asc", Context: map[string]any{"active_test": false}})
	if err != nil {
		return nil, nil, fmt.Errorf("look up destination: %w", err)
	}
	byRef := make(map[string]int64, len(refs))
	rs.each(func(rec *record) bool {
		ref, id := rec.str(r.cfg.SourceRefField), rec.id()
		if _, dup := byRef[ref]; ref != "" && !dup {
			byRef[ref] = id
		}
		return true
	})
	existing := make(map[int64]int64, len(byRef))
	for i, id := range ids {
		if d, ok := byRef[refs[i]]; ok {
			existing[id] = d
		}
	}
	return byID, existing, nil
}

// ticketRef is the value of the destination's source field for a source
// ticket.
func (r *transferRun) ticketRef(id int64) string {
	return r.cfg.SourceRef + ":" + itoa(id)
}

// stageFor maps a source stage name to a destination stage id.
func (r *transferRun) stageFor(name string, team int64) (int64, bool) {
	target, mapped := r.cfg.StageMapping[name]
	if !mapped && r.cfg.StageMappingFold {
		for k, v := range r.cfg.StageMapping {
			if strings.EqualFold(k, name) {
				target, mapped = v, true
				break
			}
		}
	}
	if !mapped {
		target = name
	}
	// Prefer a stage of that name serving the team.
	var any int64
	for _, s := range r.stages {
		if s.Name == target || (r.cfg.StageMappingFold && strings.EqualFold(s.Name, target)) {
			if team == 0 || r.df.stageServesTeam(s, team) {
				return s.ID, true
			}
			if any == 0 {
				any = s.ID
			}
		}
	}
	return any, any != 0
}
