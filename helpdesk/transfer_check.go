package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// DestinationCheck is what CheckDestination found on a destination.
type DestinationCheck struct {
	// Flavor is the destination's helpdesk schema ("enterprise", "oca");
	// empty when no helpdesk was found.
	Flavor string `json:"flavor,omitempty"`
	// Version is the server's version ("17.0").
	Version string `json:"version,omitempty"`
	// UID is the user the transfer works as (0 when the login failed).
	UID int64 `json:"uid"`
	// Notes are what the transfer will do about something missing
	// (CreateSourceField: the source field will be created).
	Notes []string `json:"notes,omitempty"`
	// Missing lists everything the transfer needs and the destination
	// lacks, all at once: "login: ...", "helpdesk: ...", "field
	// helpdesk.ticket.x_deskbridge_source", "stage \"Solved\" (mapped from
	// \"Done\")", "res.partner 42 (ChildPartnerID)", ...
	Missing []string `json:"missing,omitempty"`
}

// OK reports whether nothing is missing.
func (c *DestinationCheck) OK() bool { return len(c.Missing) == 0 }

// transferNeeds are the fields a transfer writes or reads on the
// destination, beyond the flavor's ticket fields.
var transferNeeds = map[string][]string{
	"mail.message":   {"model", "res_id", "body", "date", "author_id", "email_from", "message_type", "subtype_id", "attachment_ids", "message_id", "subject"},
	"ir.attachment":  {"name", "datas", "mimetype", "res_model", "res_id", "checksum"},
	"mail.followers": {"res_model", "res_id", "partner_id"},
	"res.partner":    {"name", "email"},
}

// CheckDestination logs in to the destination and checks that it has
// what a transfer needs, reporting every missing piece at once: the login,
// the helpdesk models (its flavor), the ticket fields the transfer writes,
// dst.SourceRefField (EnsureSourceField creates it), the chatter models
// and fields, the destination stages of dst.StageMapping (exact names),
// dst.DefaultTeam and the configured partners. It sends only reads.
//
// The check is returned whenever the arguments are valid and the server
// answered. A refused login is listed and its error (matching
// odoo.ErrAccessDenied) returned, as nothing else can be checked without
// it. Otherwise, when something is missing the error is an
// *UnsupportedError (matching deskbridge.ErrUnsupported) naming all of it; a failed
// request (a network error, a server fault) is returned as it is, with no
// check.
func CheckDestination(ctx context.Context, dst TransferConfig) (*DestinationCheck, error) {
	if dst.Service == nil {
		return nil, invalid("TransferConfig.Service", "must not be nil")
	}
	s := dst.Service
	chk := &DestinationCheck{}
	miss := func(format string, args ...any) { chk.Missing = append(chk.Missing, fmt.Sprintf(format, args...)) }
	result := func() (*DestinationCheck, error) {
		if len(chk.Missing) > 0 {
			return chk, &UnsupportedError{Flavor: chk.Flavor, Op: "Transfer", Missing: strings.Join(chk.Missing, ", ")}
		}
		return chk, nil
	}
	if err := s.client.Authenticate(ctx); err != nil {
		if !errors.Is(err, odoo.ErrAccessDenied) {
			return nil, fmt.Errorf("helpdesk: check destination: %w", err)
		}
		miss("login: %v", err)
		return chk, fmt.Errorf("helpdesk: check destination: %w", err)
	}
	chk.UID = s.client.UID()
	if v, err := s.client.Version(ctx); err == nil {
		chk.Version = v.ServerVersion
	}
	checkPartners(ctx, s, dst, miss)
	f, err := s.flavorPtr(ctx)
	if err != nil {
		if !errors.Is(err, deskbridge.ErrUnsupported) {
			return nil, fmt.Errorf("helpdesk: check destination: %w", err)
		}
		miss("helpdesk: %v", err)
		return result()
	}
	chk.Flavor = f.Name

	refField := dst.SourceRefField
	if refField == "" {
		refField = DefaultSourceRefField
	}
	t := f.Ticket
	needs := map[string][]string{
		t.Model: {t.Name, t.Description, t.Team, t.Stage, t.Priority, t.Partner, t.PartnerName, t.PartnerEmail, t.Type, t.Tags},
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
			return nil, fmt.Errorf("helpdesk: check destination: %w", err)
		}
		for _, name := range needs[m] {
			if name == "" {
				continue
			}
			if _, ok := fields[name]; !ok {
				miss("field %s.%s", m, name)
			}
		}
		if m == t.Model {
			if _, ok := fields[refField]; !ok && dst.CreateSourceField {
				chk.Notes = append(chk.Notes, fmt.Sprintf("field %s.%s will be created (CreateSourceField; needs the right %s)", m, refField, SourceFieldRight))
			} else if !ok {
				miss("field %s.%s (the source field: EnsureSourceField creates it)", m, refField)
			}
		}
	}

	stages, err := s.Stages.List(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: check destination: %w", err)
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
			return nil, fmt.Errorf("helpdesk: check destination: %w", err)
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
	return result()
}

// checkPartners checks the configured child and parent partners (archived
// ones count: the transfer may still link them).
func checkPartners(ctx context.Context, s *Service, dst TransferConfig, miss func(string, ...any)) {
	var pids []int64
	for _, p := range []int64{dst.ChildPartnerID, dst.ParentPartnerID} {
		if p > 0 {
			pids = append(pids, p)
		}
	}
	if len(pids) == 0 {
		return
	}
	type partner struct {
		ID     int64         `odoo:"id"`
		Parent odoo.Many2One `odoo:"parent_id"`
	}
	var rows []partner
	err := s.client.ReadInto(ctx, "res.partner", pids, &odoo.ReadOptions{Fields: []string{"id", "parent_id"}, Context: map[string]any{"active_test": false}}, &rows)
	if err != nil {
		miss("res.partner: %v", err)
		return
	}
	have := map[int64]int64{}
	for _, r := range rows {
		have[r.ID] = r.Parent.ID
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

// errorsIsUnknownModel reports Odoo's answer for a model that is not
// installed ("Object x doesn't exist", a UserError).
func errorsIsUnknownModel(err error) bool {
	var oe *odoo.Error
	if !errors.As(err, &oe) {
		return false
	}
	return strings.Contains(oe.Message, "doesn't exist") || strings.Contains(oe.Message, "does not exist")
}
