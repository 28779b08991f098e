package helpdesk

import (
	"context"
	"fmt"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// detectModels are the models Detect asks ir.model about.
var detectModels = []string{
	"helpdesk.ticket",
	"helpdesk.team", "helpdesk.stage", "helpdesk.tag", "helpdesk.sla", "helpdesk.sla.status",
	"helpdesk.ticket.team", "helpdesk.ticket.stage", "helpdesk.ticket.tag",
	"helpdesk.ticket.type", "helpdesk.ticket.sla",
}

// flavorFromModels picks the flavor for the set of installed models and
// blanks out what the server lacks (ticket types without helpdesk_type,
// SLAs without their models).
func flavorFromModels(has map[string]bool) (Flavor, error) {
	if !has["helpdesk.ticket"] {
		return Flavor{}, &UnsupportedError{Flavor: "none", Op: "Detect", Missing: "model helpdesk.ticket (neither Helpdesk nor helpdesk_mgmt is installed)"}
	}
	var f Flavor
	switch {
	case has["helpdesk.team"] && has["helpdesk.stage"]:
		f = Enterprise
	case has["helpdesk.ticket.team"] && has["helpdesk.ticket.stage"]:
		// helpdesk_mgmt_sla: its 18 shape adds helpdesk.ticket.sla
		switch {
		case has["helpdesk.sla"] && has["helpdesk.ticket.sla"]:
			f = OCASLA18
		case has["helpdesk.sla"]:
			f = OCASLA17
		default:
			f = OCA
		}
	default:
		return Flavor{}, &UnsupportedError{Flavor: "unknown", Op: "Detect", Missing: "team and stage models (helpdesk.team/helpdesk.stage or helpdesk.ticket.team/helpdesk.ticket.stage)"}
	}
	if !has[f.Type.Model] {
		f.Type = TypeSchema{}
		f.Ticket.Type = ""
	}
	if !has[f.Tag.Model] {
		f.Tag = TagSchema{}
		f.Ticket.Tags = ""
		f.SLA.Tags = ""
	}
	if f.SLA.Model != "" && (!has[f.SLA.Model] || (f.SLAStatus.Model != "" && !has[f.SLAStatus.Model])) {
		f.SLA = SLASchema{}
		f.SLAStatus = SLAStatusSchema{}
		f.Ticket.SLAFailed = ""
	}
	return f, nil
}

// Detect asks the server's ir.model which helpdesk models are installed
// and returns the matching flavor: Enterprise when helpdesk.team and
// helpdesk.stage exist, OCA when helpdesk.ticket.team and
// helpdesk.ticket.stage do (OCASLA17 when helpdesk.sla exists too, from the
// helpdesk_mgmt_sla module; OCASLA18 when its helpdesk.ticket.sla does). Parts the server lacks are blanked out (ticket
// types without helpdesk.ticket.type, SLAs without helpdesk.sla and
// helpdesk.sla.status), so the operations needing them return
// deskbridge.ErrUnsupported. A server without helpdesk.ticket gives an
// *UnsupportedError.
func Detect(ctx context.Context, client *odoo.Client) (Flavor, error) {
	if client == nil {
		return Flavor{}, invalid("client", "must not be nil")
	}
	s := &Service{client: client}
	type irModel struct {
		Model string `odoo:"model"`
	}
	rows, err := searchReadTyped[irModel](ctx, s, "ir.model", domain.In("model", detectModels...), []string{"model"}, 0, 0, "")
	if err != nil {
		return Flavor{}, fmt.Errorf("helpdesk: detect flavor: %w", err)
	}
	has := make(map[string]bool, len(rows))
	for _, r := range rows {
		if r.Model != "" {
			has[r.Model] = true
		}
	}
	return flavorFromModels(has)
}
