package helpdesk

import (
	"context"

	"github.com/deskbridge/deskbridge/domain"
)

// TeamsService lists helpdesk teams.
type TeamsService struct{ service }

// StagesService lists ticket stages.
type StagesService struct{ service }

// TypesService lists ticket types.
type TypesService struct{ service }

// TagsService lists ticket tags.
type TagsService struct{ service }

// List returns every team, by sequence then id.
func (ts *TeamsService) List(ctx context.Context) ([]Team, error) {
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := ts.s.searchRead(ctx, f.Team.Model, domain.Domain{}, f.teamFields(), 0, 0, "")
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeTeam)
}

// List returns the stages of a team (teamID 0: every stage), ordered by
// sequence then id. On OCA a team's stages include the stages linked to no
// team, which serve every team.
func (ss *StagesService) List(ctx context.Context, teamID int64) ([]Stage, error) {
	if err := checkOptionalID("teamID", teamID); err != nil {
		return nil, err
	}
	f, err := ss.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	var d domain.Domain
	if teamID != 0 {
		if err := f.needField("Stages.List", f.Stage.Model, f.Stage.Teams, "the stage's teams"); err != nil {
			return nil, err
		}
		d = domain.In(f.Stage.Teams, teamID)
		if f.Stage.SharedWhenNoTeam {
			d = domain.Or(d, domain.Eq(f.Stage.Teams, false))
		}
	}
	rows, err := ss.s.searchRead(ctx, f.Stage.Model, d, f.stageFields(), 0, 0, f.Stage.Sequence+" asc, id asc")
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeStage)
}

// List returns every ticket type. It returns an *UnsupportedError when the
// server has no type model (OCA without helpdesk_type).
func (ts *TypesService) List(ctx context.Context) ([]TicketType, error) {
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	if !f.HasTypes() {
		return nil, f.unsupported("Types.List", "ticket type model (helpdesk.ticket.type)")
	}
	rows, err := ts.s.searchRead(ctx, f.Type.Model, domain.Domain{}, f.typeFields(), 0, 0, "")
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeType)
}

// List returns every tag with its color.
func (ts *TagsService) List(ctx context.Context) ([]Tag, error) {
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	if !f.HasTags() {
		return nil, f.unsupported("Tags.List", "tag model")
	}
	rows, err := ts.s.searchRead(ctx, f.Tag.Model, domain.Domain{}, f.tagFields(), 0, 0, "")
	if err != nil {
		return nil, err
	}
	return decodeRows(rows, f.decodeTag)
}
