package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// StageRef names a stage by id or by name (exact, case-sensitive). The
// zero StageRef means "the default closing stage" (see Tickets.Close).
// In JSON it is a number (an id) or a string (a name).
type StageRef struct {
	ID   int64
	Name string
}

// StageByID names a stage by id.
func StageByID(id int64) StageRef { return StageRef{ID: id} }

// StageByName names a stage by its exact name.
func StageByName(name string) StageRef { return StageRef{Name: name} }

// IsZero reports whether r names no stage.
func (r StageRef) IsZero() bool { return r.ID == 0 && r.Name == "" }

// String returns the name in quotes, or "#<id>", or "default".
func (r StageRef) String() string {
	switch {
	case r.ID != 0:
		return "#" + strconv.FormatInt(r.ID, 10)
	case r.Name != "":
		return strconv.Quote(r.Name)
	}
	return "default"
}

// MarshalJSON writes the id as a number, the name as a string, or null.
func (r StageRef) MarshalJSON() ([]byte, error) {
	switch {
	case r.ID != 0:
		return json.Marshal(r.ID)
	case r.Name != "":
		return json.Marshal(r.Name)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a number (an id), a string (a name) or null.
func (r *StageRef) UnmarshalJSON(b []byte) error {
	*r = StageRef{}
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &r.Name)
	}
	if err := json.Unmarshal(b, &r.ID); err != nil || r.ID < 0 {
		return invalid("StageRef", "want a stage id or name, got %s", b)
	}
	return nil
}

func (r StageRef) check(field string) error {
	if r.ID < 0 {
		return invalid(field, "must be a positive id, got %d", r.ID)
	}
	if r.ID != 0 && r.Name != "" {
		return invalid(field, "give an id or a name, not both")
	}
	return nil
}

// Close moves a ticket to a closing stage and returns that stage.
//
// With no stage given, it picks the team's default closing stage: the
// first closing stage (fold on Enterprise, closed on OCA) serving the
// ticket's team, in the stage order (sequence, then id), that is not a
// cancel or reject stage. Neither schema marks such stages, so they are
// told apart by name (containing "cancel" or "reject", any case); one is
// picked only when the team has no other closing stage. (On Enterprise
// the highest folded stage is often "Cancelled": it is not the default.)
//
// With a stage given (StageByID, StageByName), that stage is used; a name
// must match exactly, preferring a stage serving the ticket's team. It
// must exist (deskbridge.ErrNotFound) and be a closing stage (ErrNoClosingStage).
//
// A ticket already in a closing stage (with no stage given) or in the
// given stage is left as it is (no write). No closing stage gives
// ErrNoClosingStage.
func (ts *TicketsService) Close(ctx context.Context, id int64, stage ...StageRef) (Stage, error) {
	if err := checkID("id", id); err != nil {
		return Stage{}, err
	}
	want, err := oneStage(stage)
	if err != nil {
		return Stage{}, err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return Stage{}, err
	}
	page, err := ts.s.readTickets(ctx, f, []int64{id}, fieldList(f.Ticket.Team, f.Ticket.Stage))
	if err != nil {
		return Stage{}, err
	}
	if page.len() == 0 {
		return Stage{}, &deskbridge.NotFoundError{Op: "helpdesk.Tickets.Close", Model: f.Ticket.Model, ID: id}
	}
	cur, err := page.ticket(0)
	if err != nil {
		return Stage{}, err
	}
	stages, err := closingStages(ctx, ts.s, f, want)
	if err != nil {
		return Stage{}, err
	}
	pick, already, err := pickClosingStage(f, stages, cur.Team.ID, cur.Stage.ID, want)
	if err != nil {
		return Stage{}, fmt.Errorf("%w (%s %d)", err, f.Ticket.Model, id)
	}
	if already {
		return pick, nil
	}
	if err := ts.s.write(ctx, f.Ticket.Model, []int64{id}, map[string]any{f.Ticket.Stage: pick.ID}); err != nil {
		return Stage{}, err
	}
	return pick, nil
}

func oneStage(stage []StageRef) (StageRef, error) {
	switch len(stage) {
	case 0:
		return StageRef{}, nil
	case 1:
		return stage[0], stage[0].check("stage")
	}
	return StageRef{}, invalid("stage", "give at most one stage, got %d", len(stage))
}

// closingStages reads the candidate stages: the closing ones for the
// default, the named or given one otherwise (one request).
func closingStages(ctx context.Context, s *Service, f *Flavor, want StageRef) ([]Stage, error) {
	d := domain.Eq(f.Stage.Closed, true)
	switch {
	case want.ID != 0:
		d = domain.Eq("id", want.ID)
	case want.Name != "":
		d = domain.Eq(f.Stage.Name, want.Name)
	}
	rs, err := s.searchRecords(ctx, f.Stage.Model, f.stagePlan(), d, odoo.SearchOptions{Order: f.Stage.Sequence + " asc, id asc"})
	if err != nil {
		return nil, err
	}
	return convert(rs, f.decodeStage), nil
}

// cancelLike reports whether a closing stage's name says it cancels or
// rejects rather than solves.
func cancelLike(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "cancel") || strings.Contains(n, "reject")
}

// pickClosingStage chooses among stages (in stage order) as Close
// documents; already reports that the ticket is in it.
func pickClosingStage(f *Flavor, stages []Stage, team, current int64, want StageRef) (pick Stage, already bool, err error) {
	if !want.IsZero() {
		var any *Stage
		for i := range stages {
			st := &stages[i]
			if want.Name != "" && st.Name != want.Name {
				continue // the search is case-insensitive on some servers
			}
			if f.stageServesTeam(*st, team) {
				any = st
				break
			}
			if any == nil {
				any = st
			}
		}
		if any == nil {
			return Stage{}, false, fmt.Errorf("helpdesk: closing stage %s: %w", want, deskbridge.ErrNotFound)
		}
		if !any.Closed {
			return Stage{}, false, fmt.Errorf("%w: stage %s (%s) is not a closing stage", ErrNoClosingStage, want, any.Name)
		}
		return *any, any.ID == current, nil
	}
	var cancel *Stage
	for i := range stages {
		st := &stages[i]
		if st.ID == current {
			return *st, true, nil
		}
	}
	for i := range stages {
		st := &stages[i]
		if !f.stageServesTeam(*st, team) {
			continue
		}
		if !cancelLike(st.Name) {
			return *st, false, nil
		}
		if cancel == nil {
			cancel = st
		}
	}
	if cancel != nil {
		return *cancel, false, nil
	}
	return Stage{}, false, fmt.Errorf("%w for team %d on the %s schema", ErrNoClosingStage, team, f.Name)
}
