package bench

import (
	"context"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestDecodePathsAgree checks that the SDK and the go-odoo re-creation
// decode the same generated data to the same values, so that the decode
// benchmark compares equal work.
func TestDecodePathsAgree(t *testing.T) {
	recs := genRecords(40)
	c, _ := cannedJSONRPCClient(t, jsonRecords(recs))
	typed, err := odoo.NewModel[Ticket](c, "helpdesk.ticket").SearchRead(context.Background(), domain.Domain{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var g []goOdooTicket
	if err := goOdooSearchRead(goOdooClient(t, &canned{body: xmlRPCReply(recs)}), &g); err != nil {
		t.Fatal(err)
	}
	if len(typed) != len(recs) || len(g) != len(recs) {
		t.Fatalf("decoded %d typed and %d go-odoo records, want %d", len(typed), len(g), len(recs))
	}
	for i, r := range recs {
		if got := fromGoOdoo(g[i]); !equalTickets(got, typed[i]) {
			t.Errorf("record %d:\n go-odoo   %+v\n deskbridge %+v", r.ID, got, typed[i])
		}
		if typed[i].ID != r.ID || typed[i].Email != r.Email || (r.User == nil) != typed[i].User.IsZero() {
			t.Errorf("record %d: typed %+v does not match the data %+v", r.ID, typed[i], r)
		}
	}
}

// fromGoOdoo converts a go-odoo style ticket to a Ticket for comparison.
func fromGoOdoo(g goOdooTicket) Ticket {
	var t Ticket
	if g.Id != nil {
		t.ID = g.Id.v
	}
	if g.Name != nil {
		t.Name = g.Name.v
	}
	if g.Description != nil {
		t.Description = g.Description.v
	}
	m2o := func(m *gMany2One) odoo.Many2One {
		if m == nil {
			return odoo.Many2One{}
		}
		return odoo.Many2One{ID: m.ID, Name: m.Name}
	}
	t.Stage, t.Team, t.User, t.Partner = m2o(g.StageId), m2o(g.TeamId), m2o(g.UserId), m2o(g.PartnerId)
	if g.PartnerEmail != nil {
		t.Email = g.PartnerEmail.v
	}
	if g.TagIds != nil {
		t.Tags = odoo.IDs(g.TagIds.ids)
	}
	if g.Priority != nil {
		t.Priority, _ = g.Priority.v.(string)
	}
	if g.CreateDate != nil {
		t.Created = g.CreateDate.v
	}
	if g.ClosedDate != nil {
		t.Closed = g.ClosedDate.v
	}
	if g.Active != nil {
		t.Active = g.Active.v
	}
	if g.Color != nil {
		t.Color = g.Color.v
	}
	return t
}

func equalTickets(a, b Ticket) bool {
	eqIDs := len(a.Tags) == len(b.Tags)
	for i := range a.Tags {
		eqIDs = eqIDs && a.Tags[i] == b.Tags[i]
	}
	return eqIDs && a.ID == b.ID && a.Name == b.Name && a.Description == b.Description &&
		a.Stage == b.Stage && a.Team == b.Team && a.User == b.User && a.Partner == b.Partner &&
		a.Email == b.Email && a.Priority == b.Priority && a.Created.Equal(b.Created) &&
		a.Closed.Equal(b.Closed) && a.Active == b.Active && a.Color == b.Color
}
