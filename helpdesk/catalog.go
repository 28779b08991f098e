package helpdesk

import (
	"context"
	"slices"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// TeamsService lists helpdesk teams.
type TeamsService struct{ service }

// StagesService lists ticket stages.
type StagesService struct{ service }

// TypesService lists ticket types.
type TypesService struct{ service }

// TagsService lists and creates ticket tags.
type TagsService struct{ service }

// List returns every team, by sequence then id.
func (ts *TeamsService) List(ctx context.Context) ([]Team, error) {
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	all, err := catalog(ctx, ts.s, cacheTeams, f.Team.Model, f.teamPlan(), "", f.decodeTeam)
	return cloneTeams(all), err
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
	if teamID != 0 {
		if err := f.needField("Stages.List", f.Stage.Model, f.Stage.Teams, "the stage's teams"); err != nil {
			return nil, err
		}
	}
	order := f.Stage.Sequence + " asc, id asc"
	if ss.s.cache == nil && teamID != 0 {
		d := domain.In(f.Stage.Teams, teamID)
		if f.Stage.SharedWhenNoTeam {
			d = domain.Or(d, domain.Eq(f.Stage.Teams, false))
		}
		rs, err := ss.s.searchRecords(ctx, f.Stage.Model, f.stagePlan(), d, odoo.SearchOptions{Order: order})
		if err != nil {
			return nil, err
		}
		return convert(rs, f.decodeStage), nil
	}
	all, err := catalog(ctx, ss.s, cacheStages, f.Stage.Model, f.stagePlan(), order, f.decodeStage)
	if err != nil || teamID == 0 {
		return cloneStages(all), err
	}
	// cached: every stage once, a team's picked here as the server would
	var out []Stage
	for _, st := range all {
		if slices.Contains(st.TeamIDs, teamID) || (f.Stage.SharedWhenNoTeam && len(st.TeamIDs) == 0) {
			st.TeamIDs = slices.Clone(st.TeamIDs)
			out = append(out, st)
		}
	}
	return out, nil
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
	all, err := catalog(ctx, ts.s, cacheTypes, f.Type.Model, f.typePlan(), "", f.decodeType)
	return slices.Clone(all), err
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
	all, err := catalog(ctx, ts.s, cacheTags, f.Tag.Model, f.tagPlan(), "", f.decodeTag)
	return slices.Clone(all), err
}

// Create creates a tag and returns its id. color is Odoo's color index (0
// to 11). With WithCatalogCache the cached tags are dropped at once.
func (ts *TagsService) Create(ctx context.Context, name string, color int64) (int64, error) {
	if name == "" {
		return 0, invalid("name", "must not be empty")
	}
	if color < 0 || color > 11 {
		return 0, invalid("color", "must be between 0 and 11, got %d", color)
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return 0, err
	}
	if !f.HasTags() {
		return 0, f.unsupported("Tags.Create", "tag model")
	}
	vals := map[string]any{f.Tag.Name: name}
	if f.Tag.Color != "" {
		vals[f.Tag.Color] = color
	}
	return ts.s.create(ctx, f.Tag.Model, vals)
}

// catalog reads every record of model into p's records, converted by
// conv: through the cache entry key when the Service has one, else
// straight from the server. The cached slice is shared: callers copy it
// before handing it out.
func catalog[T any](ctx context.Context, s *Service, key, model string, p *recordPlan, order string, conv func(*record) T) ([]T, error) {
	if s.cache == nil {
		rs, err := s.searchRecords(ctx, model, p, domain.Domain{}, odoo.SearchOptions{Order: order})
		if err != nil {
			return nil, err
		}
		return convert(rs, conv), nil
	}
	v, err := s.cache.get(ctx, key, s.probeModel(model), func(ctx context.Context) (loaded, error) {
		rs, err := s.searchRecords(ctx, model, p.with(stampCol), domain.Domain{}, odoo.SearchOptions{Order: order})
		if err != nil {
			return loaded{}, err
		}
		return loaded{val: convert(rs, conv), sig: signature(rs)}, nil
	})
	if err != nil {
		return nil, err
	}
	vals, _ := v.([]T)
	return vals, nil
}

// cachedSLAs answers every active SLA policy, by id.
func (s *Service) cachedSLAs(ctx context.Context, f *Flavor) ([]SLA, error) {
	return catalog(ctx, s, cacheSLAs, f.SLA.Model, f.slaPlan(), "id asc", f.decodeSLA)
}

func cloneTeams(ts []Team) []Team {
	out := slices.Clone(ts)
	for i := range out {
		out[i].MemberIDs = slices.Clone(out[i].MemberIDs)
	}
	return out
}

func cloneStages(ss []Stage) []Stage {
	out := slices.Clone(ss)
	for i := range out {
		out[i].TeamIDs = slices.Clone(out[i].TeamIDs)
	}
	return out
}
