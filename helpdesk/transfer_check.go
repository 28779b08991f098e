package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

// ConnectionCheck is what TestConnection found on a destination.
type ConnectionCheck struct {
	// Flavor is the destination's helpdesk schema ("enterprise", "oca").
	Flavor string `json:"flavor"`
	// UID is the user the transfer works as.
	UID int64 `json:"uid"`
	// Missing lists what the transfer needs and the destination lacks:
	// "field helpdesk.ticket.x_deskbridge_source", "stage \"Solved\"
	// (mapped from \"Done\")", "res.partner 42 (ChildPartnerID)", ...
	Missing []string `json:"missing,omitempty"`
}

// OK reports whether nothing is missing.
func (c *ConnectionCheck) OK() bool { return len(c.Missing) == 0 }

// transferNeeds are the fields a transfer writes or reads on the
// destination, beyond the flavor's ticket fields.
var transferNeeds = map[string][]string{
	"mail.message":   {"model", "res_id", "body", "date", "author_id", "email_from", "message_type", "subtype_id", "attachment_ids", "message_id", "subject"},
	"ir.attachment":  {"name", "datas", "mimetype", "res_model", "res_id", "checksum"},
	"mail.followers": {"res_model", "res_id", "partner_id"},
	"res.partner":    {"name", "email"},
}

// TestConnection logs in to the destination and checks that it has what
// a transfer needs: the helpdesk models (its flavor), the ticket fields
// the transfer writes, dst.SourceRefField, the chatter models and fields,
// the destination stages of dst.StageMapping, dst.DefaultTeam and the
// configured partners. It sends only reads.
//
// A failed login or request gives that error. Otherwise the check is
// returned, and when something is missing the error is an
// *UnsupportedError (matching ErrUnsupported) naming all of it.
func TestConnection(ctx context.Context, dst TransferConfig) (*ConnectionCheck, error) {
	if dst.Service == nil {
		return nil, invalid("TransferConfig.Service", "must not be nil")
	}
	s := dst.Service
	if err := s.client.Authenticate(ctx); err != nil {
		return nil, fmt.Errorf("helpdesk: test connection: %w", err)
	}
	f, err := s.flavorPtr(ctx)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: test connection: %w", err)
	}
	chk := &ConnectionCheck{Flavor: f.Name, UID: s.client.UID()}
	miss := func(format string, args ...any) { chk.Missing = append(chk.Missing, fmt.Sprintf(format, args...)) }

	refField := dst.SourceRefField
	if refField == "" {
		refField = DefaultSourceRefField
	}
	t := f.Ticket
	needs := map[string][]string{
		t.Model: {t.Name, t.Description, t.Team, t.Stage, t.Priority, t.Partner, t.PartnerName, t.PartnerEmail, t.Type, t.Tags, refField},
	}
	for m, fs := range transferNeeds {
		needs[m] = fs
	}
	models := make([]string, 0, len(needs))
	for m := range needs {
		models = append(models, m)
	}
	sort.Strings(models)
	for _, m := range models {
		fields, err := s.client.FieldsGet(ctx, m, &odoo.FieldsGetOptions{Attributes: []string{"type"}})
		if err != nil {
			if errorsIsUnknownModel(err) {
				miss("model %s", m)
				continue
			}
			return nil, fmt.Errorf("helpdesk: test connection: %w", err)
		}
		for _, name := range needs[m] {
			if name == "" {
				continue
			}
			if _, ok := fields[name]; !ok {
				miss("field %s.%s", m, name)
			}
		}
	}

	stages, err := s.Stages.List(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: test connection: %w", err)
	}
	targets := make([]string, 0, len(dst.StageMapping))
	for from, to := range dst.StageMapping {
		targets = append(targets, to+"\x00"+from)
	}
	sort.Strings(targets)
	for _, tf := range targets {
		to, from, _ := strings.Cut(tf, "\x00")
		found := false
		for _, st := range stages {
			if st.Name == to || (dst.StageMappingFold && strings.EqualFold(st.Name, to)) {
				found = true
				break
			}
		}
		if !found {
			miss("stage %q (mapped from %q)", to, from)
		}
	}
	if dst.DefaultTeam != "" {
		teams, err := s.Teams.List(ctx)
		if err != nil {
			return nil, fmt.Errorf("helpdesk: test connection: %w", err)
		}
		found := false
		for _, tm := range teams {
			if strings.EqualFold(tm.Name, dst.DefaultTeam) {
				found = true
			}
		}
		if !found {
			miss("team %q (DefaultTeam)", dst.DefaultTeam)
		}
	}
	var pids []int64
	for _, p := range []int64{dst.ChildPartnerID, dst.ParentPartnerID} {
		if p > 0 {
			pids = append(pids, p)
		}
	}
	if len(pids) > 0 {
		rows, err := s.read(ctx, "res.partner", pids, []string{"id", "parent_id"})
		if err != nil {
			return nil, fmt.Errorf("helpdesk: test connection: %w", err)
		}
		have := map[int64]int64{}
		for _, r := range rows {
			d := decoder{r: r, model: "res.partner"}
			have[d.int("id")] = d.m2o("parent_id").ID
		}
		if _, ok := have[dst.ChildPartnerID]; dst.ChildPartnerID > 0 && !ok {
			miss("res.partner %d (ChildPartnerID)", dst.ChildPartnerID)
		}
		if _, ok := have[dst.ParentPartnerID]; dst.ParentPartnerID > 0 && !ok {
			miss("res.partner %d (ParentPartnerID)", dst.ParentPartnerID)
		}
		if parent, ok := have[dst.ChildPartnerID]; ok && dst.ParentPartnerID > 0 && parent != dst.ParentPartnerID {
			miss("res.partner %d as the parent of ChildPartnerID %d (its parent is %d)", dst.ParentPartnerID, dst.ChildPartnerID, parent)
		}
	}
	if len(chk.Missing) > 0 {
		return chk, &UnsupportedError{Flavor: f.Name, Operation: "Transfer", Missing: strings.Join(chk.Missing, ", ")}
	}
	return chk, nil
}

// errorsIsUnknownModel reports Odoo's answer for a model that is not
// installed ("Object x doesn't exist", a UserError).
func errorsIsUnknownModel(err error) bool {
	var oe *odoo.Error
	if !errors.As(err, &oe) {
		return false
	}
	return strings.Contains(oe.Message, "doesn't exist") || strings.Contains(oe.Message, "does not exist")
}
