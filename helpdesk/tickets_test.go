package helpdesk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func TestDetect(t *testing.T) {
	for _, f := range []odootest.Flavor{odootest.Enterprise, odootest.OCA, odootest.NoHelpdesk} {
		t.Run(string(f), func(t *testing.T) {
			srv := odootest.NewServer(odootest.WithFlavor(f))
			defer srv.Close()
			got, err := Detect(t.Context(), newClient(t, srv, odoo.JSONRPC))
			if f == odootest.NoHelpdesk {
				if !errors.Is(err, deskbridge.ErrUnsupported) {
					t.Fatalf("Detect on a server without helpdesk: %v, want deskbridge.ErrUnsupported", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != string(f) {
				t.Errorf("Detect = %s, want %s", got.Name, f)
			}
			if got.HasSLA() != (f == odootest.Enterprise) || !got.HasTypes() {
				t.Errorf("%s: HasSLA %v HasTypes %v", f, got.HasSLA(), got.HasTypes())
			}
			if n := srv.CallCount("ir.model", "search_read"); n != 1 {
				t.Errorf("Detect made %d ir.model search_read calls, want 1", n)
			}
		})
	}
}

func TestServiceDetectsOnceLazily(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Fatalf("New sent %d calls, want 0", n)
	}
	for range 3 {
		if _, err := hd.Teams.List(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.CallCount("ir.model", ""); n != 1 {
		t.Errorf("%d ir.model calls for three lists, want 1", n)
	}
	f, err := hd.Flavor(t.Context())
	if err != nil || f.Name != "oca" {
		t.Errorf("Flavor() = %s, %v; want oca", f.Name, err)
	}
	if hd.Client() == nil {
		t.Error("Client() is nil")
	}
}

func TestNewValidates(t *testing.T) {
	if _, err := New(nil); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("New(nil) = %v, want deskbridge.ErrInvalidArgument", err)
	}
	bad := Enterprise
	bad.Ticket.Model = ""
	srv := odootest.NewServer()
	defer srv.Close()
	if _, err := New(newClient(t, srv, odoo.JSONRPC), WithFlavor(bad)); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("New(WithFlavor(bad)) = %v, want deskbridge.ErrInvalidArgument", err)
	}
}

func TestTicketsList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		fx, r := e.fx, e.raw
		closing := e.search(r.stage, domain.Eq(r.closedField, true))
		since := time.Now().Add(-time.Hour)
		tests := []struct {
			name string
			opts TicketListOptions
			want domain.Domain // the same filter in the schema's raw names
		}{
			{"team", TicketListOptions{TeamID: fx.team}, domain.Eq("team_id", fx.team)},
			{"stage", TicketListOptions{StageID: fx.stageWIP}, domain.Eq("stage_id", fx.stageWIP)},
			{"assignee", TicketListOptions{UserID: fx.user}, domain.Eq("user_id", fx.user)},
			{"partner", TicketListOptions{PartnerID: fx.partner}, domain.Eq("partner_id", fx.partner)},
			{"tags", TicketListOptions{TagIDs: []int64{fx.tagB}}, domain.In("tag_ids", fx.tagB)},
			{"type", TicketListOptions{TypeID: fx.ticketType}, domain.Eq(r.typeField, fx.ticketType)},
			{"priority", TicketListOptions{Priority: PriorityHigh}, domain.Eq("priority", "2")},
			{"open", TicketListOptions{TeamID: fx.team, State: StateOpen}, domain.And(domain.Eq("team_id", fx.team), domain.NotIn("stage_id", closing...))},
			{"closed", TicketListOptions{TeamID: fx.team, State: StateClosed}, domain.And(domain.Eq("team_id", fx.team), domain.In("stage_id", closing...))},
			{"search name or description", TicketListOptions{Search: "PRINTER"}, domain.Or(domain.ILike("name", "printer"), domain.ILike("description", "printer"))},
			{"created since", TicketListOptions{TeamID: fx.team, CreatedSince: since}, domain.And(domain.Eq("team_id", fx.team), domain.Ge("create_date", odooTime(since)))},
			{"created in the future", TicketListOptions{CreatedSince: time.Now().Add(24 * time.Hour)}, domain.False},
			{"updated since", TicketListOptions{UpdatedSince: since}, domain.Ge("write_date", odooTime(since))},
			{"where", TicketListOptions{TeamID: fx.team, Where: domain.Eq("name", "Fixture VPN down")}, domain.Eq("name", "Fixture VPN down")},
		}
		for _, tt := range tests {
			got, err := e.hd.Tickets.List(e.ctx, &tt.opts)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			want := e.search("helpdesk.ticket", domain.And(tt.want, domain.Eq("active", true)))
			if !equalIDs(ticketIDs(got), want) {
				t.Errorf("%s: got %v, want %v", tt.name, ticketIDs(got), want)
			}
			if tt.name == "search name or description" && len(want) < 2 {
				t.Errorf("search: the fixture has two printer tickets (name and description), found %v", want)
			}
		}

		// Sort, limit and offset.
		all, err := e.hd.Tickets.List(e.ctx, &TicketListOptions{TeamID: fx.team, Sort: SortPriority, Desc: true})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(all); i++ {
			if all[i-1].Priority < all[i].Priority {
				t.Errorf("not sorted by priority desc: %v then %v", all[i-1].Priority, all[i].Priority)
			}
		}
		page, err := e.hd.Tickets.List(e.ctx, &TicketListOptions{TeamID: fx.team, Sort: SortPriority, Desc: true, Limit: 2, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !equalIDs(ticketIDs(page), ticketIDs(all[1:3])) {
			t.Errorf("limit 2 offset 1: %v, want %v", ticketIDs(page), ticketIDs(all[1:3]))
		}
	})
}

func TestTicketsGet(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[0]
		got, err := e.hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		checks := []struct {
			what      string
			got, want any
		}{
			{"id", got.ID, id},
			{"name", got.Name, field[string](e, "helpdesk.ticket", id, "name")},
			{"description", got.Description, field[string](e, "helpdesk.ticket", id, "description")},
			{"number", got.Number, field[string](e, "helpdesk.ticket", id, e.raw.number)},
			{"team", got.Team, field[odoo.Many2One](e, "helpdesk.ticket", id, "team_id")},
			{"stage", got.Stage, field[odoo.Many2One](e, "helpdesk.ticket", id, "stage_id")},
			{"user", got.User.ID, e.fx.user},
			{"partner", got.Partner.ID, e.fx.partner},
			{"priority", got.Priority, PriorityUrgent},
			{"type", got.Type.ID, e.fx.ticketType},
			{"tags", len(got.TagIDs) == 1 && got.TagIDs[0] == e.fx.tagA, true},
			{"created", got.CreatedAt.IsZero(), false},
			{"closed", got.ClosedAt.IsZero(), true},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
			}
		}
		if got.Team.Name != "Fixture Support" {
			t.Errorf("team name %q", got.Team.Name)
		}
		_, err = e.hd.Tickets.Get(e.ctx, 999999)
		var nf *deskbridge.NotFoundError
		if !errors.Is(err, deskbridge.ErrNotFound) || !errors.As(err, &nf) || nf.ID != 999999 ||
			nf.Op != "helpdesk.Tickets.Get" || err.Error() != "helpdesk: Tickets.Get: helpdesk.ticket 999999 not found" {
			t.Errorf("Get(999999) = %v, want *deskbridge.NotFoundError", err)
		}
	})
}

func TestTicketsAll(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		want := e.search("helpdesk.ticket", domain.Eq("active", true))
		if len(want) < 10 {
			// make paging meaningful whatever the demo data holds
			for i := len(want); i < 10; i++ {
				e.mk("helpdesk.ticket", map[string]any{"name": "Fixture filler", "description": "<p>x</p>", "team_id": e.fx.team})
			}
			want = e.search("helpdesk.ticket", domain.Eq("active", true))
		}
		e.srv.ResetCalls()
		var got []int64
		for tk, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{PageSize: 3}) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, tk.ID)
		}
		if !equalIDs(got, want) {
			t.Fatalf("All = %v, want %v", got, want)
		}
		pages := len(want)/3 + 1
		if e.proto == odoo.RESTv2 && len(want)%3 != 0 {
			pages++ // a short page is not the end there: one empty page more
		}
		if n := e.srv.CallCount("helpdesk.ticket", "search_read"); n != pages {
			t.Errorf("%d search_read calls for %d tickets by 3, want %d", n, len(want), pages)
		}

		// Offset paging when sorted by something else, descending.
		var byName []int64
		for tk, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{Sort: SortName, Desc: true, PageSize: 4, TeamID: e.fx.team}) {
			if err != nil {
				t.Fatal(err)
			}
			byName = append(byName, tk.ID)
		}
		list, err := e.hd.Tickets.List(e.ctx, &TicketListOptions{Sort: SortName, Desc: true, TeamID: e.fx.team})
		if err != nil {
			t.Fatal(err)
		}
		if !equalIDs(byName, ticketIDs(list)) {
			t.Errorf("All by name desc = %v, List = %v", byName, ticketIDs(list))
		}

		// Keyset descending.
		var desc []int64
		for tk, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{Desc: true, PageSize: 4}) {
			if err != nil {
				t.Fatal(err)
			}
			desc = append(desc, tk.ID)
		}
		for i := range desc {
			if desc[i] != want[len(want)-1-i] {
				t.Fatalf("All desc = %v, want the reverse of %v", desc, want)
			}
		}

		// break stops fetching.
		e.srv.ResetCalls()
		n := 0
		for _, err := range e.hd.Tickets.All(e.ctx, &TicketListOptions{PageSize: 2}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
			if n == 3 {
				break
			}
		}
		if c := e.srv.CallCount("helpdesk.ticket", "search_read"); c != 2 {
			t.Errorf("breaking after 3 tickets by 2 made %d calls, want 2", c)
		}
	})
}

func TestTicketsCreate(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		fx := e.fx
		id, err := e.hd.Tickets.Create(e.ctx, TicketCreate{
			Name: "Printer on fire", Description: "<p>Smoke</p>", TeamID: fx.team, Priority: PriorityHigh,
			PartnerName: "Jane Roe", PartnerEmail: "jane@example.com", TypeID: fx.ticketType,
			TagIDs: []int64{fx.tagA, fx.tagB}, UserID: fx.user,
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Printer on fire" || got.Description != "<p>Smoke</p>" || got.Team.ID != fx.team ||
			got.Priority != PriorityHigh || got.PartnerName != "Jane Roe" || got.PartnerEmail != "jane@example.com" ||
			got.Type.ID != fx.ticketType || got.User.ID != fx.user || !equalIDs(got.TagIDs, []int64{fx.tagA, fx.tagB}) {
			t.Errorf("created ticket = %+v", got)
		}
		if p := field[string](e, "helpdesk.ticket", id, "priority"); p != "2" {
			t.Errorf("server priority %q, want \"2\"", p)
		}
		if s := m2oID(e, "helpdesk.ticket", id, "stage_id"); s == 0 {
			t.Error("the server gave the ticket no stage")
		}

		// A customer by partner id.
		id2, err := e.hd.Tickets.Create(e.ctx, TicketCreate{Name: "By partner", Description: "<p>d</p>", TeamID: fx.team, PartnerID: fx.partner})
		if err != nil {
			t.Fatal(err)
		}
		if p := m2oID(e, "helpdesk.ticket", id2, "partner_id"); p != fx.partner {
			t.Errorf("partner_id = %d, want %d", p, fx.partner)
		}
		// Server-side validation comes back as the odoo error.
		_, err = e.hd.Tickets.Create(e.ctx, TicketCreate{Name: "x", Description: "<p>d</p>", TeamID: fx.team, Extra: map[string]any{"no_such_field": 1}})
		if !errors.Is(err, odoo.ErrUnknownField) {
			t.Errorf("unknown field: %v, want odoo.ErrUnknownField", err)
		}
	})
}

func TestTicketsUpdate(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		fx := e.fx
		id := fx.tickets[1]
		before := field[string](e, "helpdesk.ticket", id, "description")
		e.srv.ResetCalls()
		err := e.hd.Tickets.Update(e.ctx, id, TicketUpdate{
			Name: deskbridge.Ptr("VPN down (updated)"), Priority: deskbridge.Ptr(PriorityUrgent), StageID: deskbridge.Ptr(fx.stageNew),
			Tags: odoo.Commands{odoo.Set(fx.tagA, fx.tagB)}, UserID: deskbridge.Ptr(fx.user),
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := e.srv.CallCount("helpdesk.ticket", "write"); n != 1 {
			t.Errorf("%d writes, want 1", n)
		}
		got, err := e.hd.Tickets.Get(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "VPN down (updated)" || got.Priority != PriorityUrgent || got.Stage.ID != fx.stageNew ||
			!equalIDs(got.TagIDs, []int64{fx.tagA, fx.tagB}) || got.User.ID != fx.user {
			t.Errorf("after update: %+v", got)
		}
		if got.Description != before {
			t.Errorf("description changed to %q though not set", got.Description)
		}
		// Unlink one tag, clear the assignee.
		if err := e.hd.Tickets.Update(e.ctx, id, TicketUpdate{Tags: odoo.Commands{odoo.Unlink(fx.tagA)}, UserID: deskbridge.Ptr[int64](0)}); err != nil {
			t.Fatal(err)
		}
		got, _ = e.hd.Tickets.Get(e.ctx, id)
		if !equalIDs(got.TagIDs, []int64{fx.tagB}) || got.User.ID != 0 {
			t.Errorf("after unlink/unassign: tags %v user %v", got.TagIDs, got.User)
		}
		// Nothing set: no request.
		e.srv.ResetCalls()
		if err := e.hd.Tickets.Update(e.ctx, id, TicketUpdate{}); err != nil {
			t.Fatal(err)
		}
		if n := e.srv.CallCount("", "write"); n != 0 {
			t.Errorf("empty update wrote %d times", n)
		}
	})
}

func TestTicketsDelete(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ids := e.fx.tickets[:2]
		if err := e.hd.Tickets.Delete(e.ctx, ids); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, ok := e.srv.Record("helpdesk.ticket", id); ok {
				t.Errorf("ticket %d still exists", id)
			}
		}
		if err := e.hd.Tickets.Delete(e.ctx, []int64{ids[0]}); !errors.Is(err, odoo.ErrMissing) {
			t.Errorf("deleting again: %v, want odoo.ErrMissing", err)
		}
	})
}

func TestTicketsMoveAssign(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[1]
		if err := e.hd.Tickets.MoveToStage(e.ctx, id, e.fx.stageDone); err != nil {
			t.Fatal(err)
		}
		if s := m2oID(e, "helpdesk.ticket", id, "stage_id"); s != e.fx.stageDone {
			t.Errorf("stage %d, want %d", s, e.fx.stageDone)
		}
		if err := e.hd.Tickets.Assign(e.ctx, id, e.fx.user); err != nil {
			t.Fatal(err)
		}
		if u := m2oID(e, "helpdesk.ticket", id, "user_id"); u != e.fx.user {
			t.Errorf("user %d, want %d", u, e.fx.user)
		}
	})
}

// expectedClosingStage works out, from the server's records, the stage
// Close must pick for a ticket of team.
func expectedClosingStage(e *env, team int64) int64 {
	type st struct {
		id, seq int64
	}
	var cands []st
	for _, id := range e.search(e.raw.stage, domain.Eq(e.raw.closedField, true)) {
		teams := field[[]int64](e, e.raw.stage, id, "team_ids")
		serves := len(teams) == 0 && e.flavor == odootest.OCA
		for _, t := range teams {
			serves = serves || t == team
		}
		if serves {
			cands = append(cands, st{id, field[int64](e, e.raw.stage, id, "sequence")})
		}
	}
	// The first by sequence, then id, that is not a cancel/reject stage;
	// one of those only when there is nothing else.
	var best st
	found := false
	for pass := 0; pass < 2 && !found; pass++ {
		for _, c := range cands {
			name := strings.ToLower(field[string](e, e.raw.stage, c.id, "name"))
			if pass == 0 && (strings.Contains(name, "cancel") || strings.Contains(name, "reject")) {
				continue
			}
			if !found || c.seq < best.seq || (c.seq == best.seq && c.id < best.id) {
				best, found = c, true
			}
		}
	}
	return best.id
}

func TestTicketsClose(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		id := e.fx.tickets[0]
		want := expectedClosingStage(e, e.fx.team)
		if want == 0 {
			t.Fatal("the fixture has no closing stage")
		}
		st, err := e.hd.Tickets.Close(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if st.ID != want || !st.Closed {
			t.Errorf("Close picked stage %d (%s, closed %v), want %d", st.ID, st.Name, st.Closed, want)
		}
		if s := m2oID(e, "helpdesk.ticket", id, "stage_id"); s != want {
			t.Errorf("ticket stage %d, want %d", s, want)
		}
		// Issue 20 defect 6: the highest folded stage is "Cancelled", not
		// the one to close with.
		if st.ID == e.fx.stageCancel || (e.flavor == odootest.Enterprise && want != e.fx.stageDone) {
			t.Errorf("Close must pick the team's first solving stage %d, got %d (want %d)", e.fx.stageDone, st.ID, want)
		}
		// Closing again writes nothing.
		e.srv.ResetCalls()
		if _, err := e.hd.Tickets.Close(e.ctx, id); err != nil {
			t.Fatal(err)
		}
		if n := e.srv.CallCount("helpdesk.ticket", "write"); n != 0 {
			t.Errorf("closing a closed ticket wrote %d times", n)
		}
		// A ticket listed as closed afterwards.
		closed, err := e.hd.Tickets.List(e.ctx, &TicketListOptions{TeamID: e.fx.team, State: StateClosed})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, tk := range closed {
			found = found || tk.ID == id
		}
		if !found {
			t.Errorf("closed ticket %d not in the closed list %v", id, ticketIDs(closed))
		}
		if _, err := e.hd.Tickets.Close(e.ctx, 999999); !errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("Close(999999) = %v, want deskbridge.ErrNotFound", err)
		}
	})
}

func TestTicketsCloseNoStage(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise))
	defer srv.Close()
	team, _ := srv.Create("helpdesk.team", map[string]any{"name": "Lonely"})
	st, _ := srv.Create("helpdesk.stage", map[string]any{"name": "Only", "team_ids": []any{[]any{6, 0, []int64{team}}}})
	id, err := srv.Create("helpdesk.ticket", map[string]any{"name": "t", "team_id": team, "stage_id": st})
	if err != nil {
		t.Fatal(err)
	}
	hd, _ := New(newClient(t, srv, odoo.JSONRPC), WithFlavor(Enterprise))
	if _, err := hd.Tickets.Close(t.Context(), id); !errors.Is(err, ErrNoClosingStage) {
		t.Errorf("Close = %v, want ErrNoClosingStage", err)
	}
}

func TestServiceConcurrentFirstUse(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := hd.Stages.List(t.Context(), 0)
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	f, _ := hd.Flavor(t.Context())
	if f.Name != "oca" {
		t.Errorf("flavor %q", f.Name)
	}
}
