package helpdesk

import (
	"context"

	"github.com/deskbridge/deskbridge/domain"
)

// SLAsService lists SLA policies (Enterprise; ErrUnsupported elsewhere).
type SLAsService struct{ service }

// SLAStatusService reads how SLAs stand on tickets (Enterprise;
// ErrUnsupported elsewhere).
type SLAStatusService struct{ service }

// List returns the SLA policies of a team (teamID 0: every policy).
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
	var d domain.Domain
	if teamID != 0 {
		if err := f.needField("SLAs.List", f.SLA.Model, f.SLA.Team, "the team"); err != nil {
			return nil, err
		}
		d = domain.Eq(f.SLA.Team, teamID)
	}
	rows, err := ss.s.searchRead(ctx, f.SLA.Model, d, f.slaFields(), 0, 0, "")
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeSLA)
}

// ForTicket returns the SLA statuses of a ticket, by deadline.
func (ss *SLAStatusService) ForTicket(ctx context.Context, ticketID int64) ([]SLAStatus, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return nil, err
	}
	f, err := ss.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	if f.SLAStatus.Model == "" {
		return nil, f.unsupported("SLAStatus.ForTicket", "SLA status model (helpdesk.sla.status)")
	}
	if err := f.needField("SLAStatus.ForTicket", f.SLAStatus.Model, f.SLAStatus.Ticket, "the ticket"); err != nil {
		return nil, err
	}
	order := "id asc"
	if f.SLAStatus.Deadline != "" {
		order = f.SLAStatus.Deadline + " asc, id asc"
	}
	rows, err := ss.s.searchRead(ctx, f.SLAStatus.Model, domain.Eq(f.SLAStatus.Ticket, ticketID), f.slaStatusFields(), 0, 0, order)
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeSLAStatus)
}
