package helpdesk

import (
	"errors"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func TestTeamsList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		teams, err := e.hd.Teams.List(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(e.srv.Count(e.raw.team, domain.Eq("active", true))); len(teams) != want {
			t.Errorf("%d teams, want %d", len(teams), want)
		}
		found := false
		for _, tm := range teams {
			if tm.ID == e.fx.team {
				found = tm.Name == "Fixture Support"
			}
			if tm.Name != field[string](e, e.raw.team, tm.ID, "name") {
				t.Errorf("team %d name %q", tm.ID, tm.Name)
			}
		}
		if !found {
			t.Errorf("fixture team %d missing from %+v", e.fx.team, teams)
		}
	})
}

func TestStagesList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		all, err := e.hd.Stages.List(e.ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(e.srv.Count(e.raw.stage, domain.Eq("active", true))); len(all) != want {
			t.Errorf("%d stages, want %d", len(all), want)
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].Sequence > all[i].Sequence {
				t.Errorf("not ordered by sequence: %+v before %+v", all[i-1], all[i])
			}
		}
		team, err := e.hd.Stages.List(e.ctx, e.fx.team)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[int64]Stage{}
		for _, s := range team {
			ids[s.ID] = s
			mine := false
			for _, tm := range s.TeamIDs {
				mine = mine || tm == e.fx.team
			}
			if !mine && !(e.flavor == odootest.OCA && len(s.TeamIDs) == 0) {
				t.Errorf("stage %d (%s) of teams %v listed for team %d", s.ID, s.Name, s.TeamIDs, e.fx.team)
			}
		}
		for _, want := range []int64{e.fx.stageNew, e.fx.stageWIP, e.fx.stageDone, e.fx.stageCancel} {
			if _, ok := ids[want]; !ok {
				t.Errorf("stage %d missing for the team", want)
			}
		}
		if _, ok := ids[e.fx.otherDone]; ok {
			t.Errorf("the other team's stage %d listed", e.fx.otherDone)
		}
		if _, ok := ids[e.fx.sharedStage]; ok != (e.flavor == odootest.OCA) {
			t.Errorf("stage without teams listed for the team: %v, want %v", ok, e.flavor == odootest.OCA)
		}
		if s := ids[e.fx.stageDone]; !s.Closed || !s.Fold || s.Sequence != 80 || s.Name != "Fixture Solved" {
			t.Errorf("closing stage decoded as %+v", s)
		}
		if s := ids[e.fx.stageNew]; s.Closed {
			t.Errorf("open stage decoded as closed: %+v", s)
		}
	})
}

func TestTypesAndTagsList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		types, err := e.hd.Types.List(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(e.srv.Count(e.raw.ticketType, domain.Domain{})); len(types) != want {
			t.Errorf("%d types, want %d", len(types), want)
		}
		okType := false
		for _, ty := range types {
			okType = okType || (ty.ID == e.fx.ticketType && ty.Name == "Fixture Question")
		}
		if !okType {
			t.Errorf("fixture type missing from %+v", types)
		}
		tags, err := e.hd.Tags.List(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(e.srv.Count(e.raw.tag, domain.Domain{})); len(tags) != want {
			t.Errorf("%d tags, want %d", len(tags), want)
		}
		colors := map[int64]int64{}
		for _, tg := range tags {
			colors[tg.ID] = tg.Color
		}
		if colors[e.fx.tagA] != 3 || colors[e.fx.tagB] != 7 {
			t.Errorf("tag colors %v, want 3 and 7", colors)
		}
	})
}

func TestTypesUnsupported(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	noTypes := OCA
	noTypes.Type = TypeSchema{}
	noTypes.Ticket.Type = ""
	hd, _ := New(newClient(t, srv, odoo.JSONRPC), WithFlavor(noTypes))
	_, err := hd.Types.List(t.Context())
	var ue *UnsupportedError
	if !errors.As(err, &ue) || ue.Op != "Types.List" {
		t.Errorf("Types.List = %v, want *UnsupportedError", err)
	}
	if _, err := hd.Tickets.Create(t.Context(), TicketCreate{Name: "x", TypeID: 1}); !errors.Is(err, deskbridge.ErrUnsupported) {
		t.Errorf("Create with a type = %v, want deskbridge.ErrUnsupported", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls, want 0", n)
	}
}

func TestSLAs(t *testing.T) {
	for _, p := range testProtocols {
		t.Run("enterprise/"+p.String(), func(t *testing.T) {
			e := newEnv(t, odootest.Enterprise, p)
			all, err := e.hd.SLAs.List(e.ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if want := int(e.srv.Count("helpdesk.sla", domain.Eq("active", true))); len(all) != want {
				t.Errorf("%d SLAs, want %d", len(all), want)
			}
			team, err := e.hd.SLAs.List(e.ctx, e.fx.team)
			if err != nil {
				t.Fatal(err)
			}
			if len(team) != 1 {
				t.Fatalf("team SLAs %+v, want the fixture's one", team)
			}
			s := team[0]
			if s.ID != e.fx.sla || s.Name != "Fixture 4 hours" || s.Team.ID != e.fx.team || s.Stage.ID != e.fx.stageDone ||
				s.Time != 4*time.Hour+30*time.Minute || s.Priority != PriorityHigh {
				t.Errorf("SLA = %+v", s)
			}
			sts, err := e.hd.SLAStatus.ForTicket(e.ctx, e.fx.tickets[0])
			if err != nil {
				t.Fatal(err)
			}
			if len(sts) != 2 {
				t.Fatalf("statuses %+v, want 2", sts)
			}
			// by deadline: the reached one (2020) first
			r, o := sts[0], sts[1]
			if r.Status != SLAReached || r.ReachedAt.IsZero() || r.Deadline.Year() != 2020 || r.SLA.ID != e.fx.sla || r.Ticket.ID != e.fx.tickets[0] {
				t.Errorf("reached status = %+v", r)
			}
			if o.Status != SLAOngoing || !o.ReachedAt.IsZero() || o.Deadline != time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) {
				t.Errorf("ongoing status = %+v", o)
			}
			none, err := e.hd.SLAStatus.ForTicket(e.ctx, e.fx.tickets[1])
			if err != nil || len(none) != 0 {
				t.Errorf("ticket without SLA: %+v, %v", none, err)
			}
		})
	}
	for _, p := range testProtocols {
		t.Run("oca/"+p.String(), func(t *testing.T) {
			e := newEnv(t, odootest.OCA, p)
			_, err := e.hd.SLAs.List(e.ctx, 0)
			var ue *UnsupportedError
			if !errors.As(err, &ue) || !errors.Is(err, deskbridge.ErrUnsupported) || ue.Flavor != "oca" {
				t.Errorf("SLAs.List on OCA = %v, want *UnsupportedError", err)
			}
			if _, err := e.hd.SLAStatus.ForTicket(e.ctx, e.fx.tickets[0]); !errors.Is(err, deskbridge.ErrUnsupported) {
				t.Errorf("SLAStatus.ForTicket on OCA = %v, want deskbridge.ErrUnsupported", err)
			}
			if n := e.srv.CallCount("helpdesk.sla", ""); n != 0 {
				t.Errorf("%d calls to helpdesk.sla", n)
			}
		})
	}
}
