package helpdesk

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// protocolsBefore19: JSON-2 is Odoo 19's (the SLA module's captured
// versions are 17 and 18).
var protocolsBefore19 = []odoo.Protocol{odoo.JSONRPC, odoo.RESTv2, odoo.WebSession}

// clock is a settable clock shared by a fake server and a Service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// slaEnv is an OCA server with helpdesk_mgmt_sla and its demo at version v.
type slaEnv struct {
	srv      *odootest.Server
	hd       *Service
	clk      *clock
	helpdesk int64 // the team "Helpdesk", which uses SLAs
	other    int64 // a team without SLAs
	general  int64 // the demo policy "General SLA"
	done     int64 // the stage "Done"
}

// tuesday 10:00 UTC, within Brussels working hours (11:00 CET)
var slaT0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func newSLAEnv(t *testing.T, version int, proto odoo.Protocol) *slaEnv {
	t.Helper()
	clk := newClock(slaT0)
	srv := odootest.NewServer(odootest.WithVersion(itoa(int64(version))+".0"), odootest.WithFlavor(odootest.OCA), odootest.WithDemoData(),
		odootest.WithSLAModule(), odootest.WithClock(clk.Now))
	t.Cleanup(srv.Close)
	hd, err := New(newClient(t, srv, proto), withClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	e := &slaEnv{srv: srv, hd: hd, clk: clk}
	e.helpdesk = srv.Search("helpdesk.ticket.team", domain.Eq("name", "Helpdesk"))[0]
	e.other = srv.Search("helpdesk.ticket.team", domain.Eq("name", "Consultants"))[0]
	e.general = srv.Search("helpdesk.sla", domain.Eq("name", "General SLA"))[0]
	e.done = srv.Search("helpdesk.ticket.stage", domain.Eq("name", "Done"))[0]
	return e
}

func (e *slaEnv) ticket(t *testing.T, team int64, prio string) int64 {
	t.Helper()
	id, err := e.srv.Create("helpdesk.ticket", map[string]any{"name": "SLA test", "description": "<p>x</p>", "team_id": team, "priority": prio})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestOCASLADetect(t *testing.T) {
	for _, tt := range []struct {
		version int
		want    Flavor
	}{{16, OCASLA17}, {17, OCASLA17}, {18, OCASLA18}} {
		e := newSLAEnv(t, tt.version, odoo.JSONRPC)
		f, err := e.hd.Flavor(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if f != tt.want || !f.HasSLA() || f.Name != "oca" {
			t.Errorf("%d: flavor %+v, want %+v (HasSLA)", tt.version, f, tt.want)
		}
	}
	if OCA.HasSLA() || !OCASLA17.HasSLA() || !OCASLA18.HasSLA() {
		t.Error("HasSLA of the built-in OCA flavors")
	}
}

func TestOCASLAsList(t *testing.T) {
	for _, version := range []int{16, 17, 18} {
		for _, proto := range protocolsBefore19 {
			t.Run(itoa(int64(version))+"/"+proto.String(), func(t *testing.T) {
				e := newSLAEnv(t, version, proto)
				ctx := context.Background()
				all, err := e.hd.SLAs.List(ctx, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(all) != 1 {
					t.Fatalf("policies %+v, want the demo one", all)
				}
				p := all[0]
				if p.ID != e.general || p.Name != "General SLA" || !equalIDs(p.TeamIDs, []int64{e.helpdesk}) || p.Team.ID != e.helpdesk ||
					p.Hours != 2 || p.Days != 0 || p.Time != 2*time.Hour || p.DomainText != "[]" || !p.Domain.IsZero() || p.DomainErr != nil {
					t.Errorf("policy %+v", p)
				}
				if (version >= 18) != (p.Stage.ID == e.done) {
					t.Errorf("stage to reach %v on %d", p.Stage, version)
				}
				// a policy for every team, with a domain, over days and hours
				stageField := "stage_ids"
				if version >= 18 {
					stageField = "ignore_stage_ids"
				}
				wide, err := e.srv.Create("helpdesk.sla", map[string]any{"name": "Everyone urgent", "days": 1, "hours": 4,
					"domain": "[('priority', 'in', ['2', '3'])]", stageField: []any{[]any{6, 0, []int64{e.done}}}, "note": "<p>n</p>"})
				if err != nil {
					t.Fatal(err)
				}
				other, err := e.hd.SLAs.List(ctx, e.other)
				if err != nil {
					t.Fatal(err)
				}
				if len(other) != 1 || other[0].ID != wide {
					t.Fatalf("policies of a team without its own = %+v, want the one with no team", other)
				}
				w := other[0]
				want := domain.In("priority", "2", "3")
				if len(w.TeamIDs) != 0 || w.Team.ID != 0 || w.Time != 28*time.Hour || w.Days != 1 || w.Hours != 4 || !w.Domain.Equal(want) || w.Note != "<p>n</p>" {
					t.Errorf("policy %+v, domain %v", w, w.Domain)
				}
				if version >= 18 && !equalIDs(w.ExcludeStageIDs, []int64{e.done}) || version < 18 && !equalIDs(w.StageIDs, []int64{e.done}) {
					t.Errorf("stages of %+v", w)
				}
				mine, err := e.hd.SLAs.List(ctx, e.helpdesk)
				if err != nil || len(mine) != 2 {
					t.Errorf("policies of Helpdesk = %+v, %v; want both", mine, err)
				}
				got, err := e.hd.SLAs.Get(ctx, wide)
				if err != nil || got.ID != wide {
					t.Errorf("Get = %+v, %v", got, err)
				}
				if _, err := e.hd.SLAs.Get(ctx, 9999); !errors.Is(err, deskbridge.ErrNotFound) {
					t.Errorf("Get(9999) = %v, want deskbridge.ErrNotFound", err)
				}
			})
		}
	}
}

// On 17 (and 16) the status lives on the ticket, written by the cron.
func TestOCA17SLAStatus(t *testing.T) {
	for _, version := range []int{16, 17} {
		for _, proto := range []odoo.Protocol{odoo.JSONRPC, odoo.RESTv2} {
			t.Run(itoa(int64(version))+"/"+proto.String(), func(t *testing.T) {
				e := newSLAEnv(t, version, proto)
				ctx := context.Background()
				id := e.ticket(t, e.helpdesk, "1")
				sts, err := e.hd.SLAStatus.ForTicket(ctx, id)
				if err != nil || len(sts) != 0 {
					t.Fatalf("before the cron: %+v, %v; want none", sts, err)
				}
				cron := func() {
					t.Helper()
					if _, err := e.hd.Client().CallMethod(ctx, "helpdesk.sla", "check_sla", []any{}, nil); err != nil {
						t.Fatalf("check_sla: %v", err)
					}
				}
				cron()
				deadline := slaT0.Add(3 * time.Hour) // 2 working hours from 11:00 Brussels, lunch 12-13
				sts, err = e.hd.SLAStatus.ForTicket(ctx, id)
				if err != nil || len(sts) != 1 {
					t.Fatalf("after the cron: %+v, %v", sts, err)
				}
				s := sts[0]
				if s.Status != SLAOngoing || !s.Deadline.Equal(deadline) || s.SLA.ID != e.general || s.Ticket.ID != id || s.ID != 0 || !s.ReachedAt.IsZero() {
					t.Errorf("status %+v, want ongoing until %v by General SLA", s, deadline)
				}
				// past the deadline, before the next cron run: failed already
				e.clk.Set(deadline.Add(time.Minute))
				if sts, _ := e.hd.SLAStatus.ForTicket(ctx, id); len(sts) != 1 || sts[0].Status != SLAFailed || sts[0].ServerStatus != "" {
					t.Errorf("past the deadline: %+v", sts)
				}
				cron()
				if sts, _ := e.hd.SLAStatus.ForTicket(ctx, id); len(sts) != 1 || sts[0].Status != SLAFailed || sts[0].ServerStatus != "expired" {
					t.Errorf("after the cron: %+v", sts)
				}

				// closed by the deadline: reached, at its closing date
				e.clk.Set(slaT0)
				quick := e.ticket(t, e.helpdesk, "1")
				cron()
				e.clk.Add(30 * time.Minute)
				if _, err := e.hd.Tickets.Close(ctx, quick); err != nil {
					t.Fatal(err)
				}
				sts, err = e.hd.SLAStatus.ForTicket(ctx, quick)
				if err != nil || len(sts) != 1 || sts[0].Status != SLAReached || !sts[0].ReachedAt.Equal(slaT0.Add(30*time.Minute)) {
					t.Errorf("closed in time: %+v, %v", sts, err)
				}

				// the policy is told by its domain, evaluated here
				urgent, err := e.srv.Create("helpdesk.sla", map[string]any{"name": "Urgent consultants", "team_ids": []any{[]any{6, 0, []int64{e.other}}},
					"hours": 1, "domain": "[('priority', 'in', ['2', '3'])]"})
				if err != nil {
					t.Fatal(err)
				}
				hot, calm := e.ticket(t, e.other, "3"), e.ticket(t, e.other, "0")
				cron()
				if sts, _ := e.hd.SLAStatus.ForTicket(ctx, hot); len(sts) != 1 || sts[0].SLA.ID != urgent || sts[0].SLA.Name != "Urgent consultants" {
					t.Errorf("urgent ticket: %+v", sts)
				}
				if sts, _ := e.hd.SLAStatus.ForTicket(ctx, calm); len(sts) != 0 {
					t.Errorf("ticket no policy applies to: %+v", sts)
				}
				// a domain that cannot be evaluated here: the policy cannot be told
				if err := e.srv.Write("helpdesk.sla", []int64{urgent}, map[string]any{"domain": "[('user_id', '=', uid)]"}); err != nil {
					t.Fatal(err)
				}
				if sts, _ := e.hd.SLAStatus.ForTicket(ctx, hot); len(sts) != 1 || sts[0].SLA.ID != 0 || sts[0].Deadline.IsZero() {
					t.Errorf("policy with an expression domain: %+v", sts)
				}
				if _, err := e.hd.SLAStatus.ForTicket(ctx, 99999); !errors.Is(err, deskbridge.ErrNotFound) {
					t.Errorf("missing ticket: %v", err)
				}
			})
		}
	}
}

// On 18 each policy has a line per ticket, with its own state.
func TestOCA18SLAStatus(t *testing.T) {
	for _, proto := range protocolsBefore19 {
		t.Run(proto.String(), func(t *testing.T) {
			e := newSLAEnv(t, 18, proto)
			ctx := context.Background()
			id := e.ticket(t, e.helpdesk, "1")
			deadline := slaT0.Add(3 * time.Hour) // 11:00-12:00 and 13:00-14:00 Brussels
			sts, err := e.hd.SLAStatus.ForTicket(ctx, id)
			if err != nil || len(sts) != 1 {
				t.Fatalf("statuses %+v, %v", sts, err)
			}
			s := sts[0]
			if s.ID == 0 || s.SLA.ID != e.general || s.Ticket.ID != id || s.Status != SLAOngoing || s.ServerStatus != "in_progress" || !s.Deadline.Equal(deadline) {
				t.Errorf("status %+v", s)
			}
			// past its deadline the line is still in_progress, but expired
			e.clk.Set(deadline.Add(time.Minute))
			if sts, _ := e.hd.SLAStatus.ForTicket(ctx, id); len(sts) != 1 || sts[0].Status != SLAFailed || sts[0].ServerStatus != "in_progress" {
				t.Errorf("past the deadline: %+v", sts)
			}
			// reaching the stage in time: accomplished
			e.clk.Set(slaT0)
			quick := e.ticket(t, e.helpdesk, "1")
			e.clk.Add(time.Hour)
			if err := e.hd.Tickets.Update(ctx, quick, TicketUpdate{StageID: &e.done}); err != nil {
				t.Fatal(err)
			}
			if sts, _ := e.hd.SLAStatus.ForTicket(ctx, quick); len(sts) != 1 || sts[0].Status != SLAReached || sts[0].ServerStatus != "accomplished" {
				t.Errorf("reached: %+v", sts)
			}
			// no team SLA: no line
			if sts, err := e.hd.SLAStatus.ForTicket(ctx, e.ticket(t, e.other, "1")); err != nil || len(sts) != 0 {
				t.Errorf("team without SLA: %+v, %v", sts, err)
			}
		})
	}
}

func TestSLAStateMapping(t *testing.T) {
	for _, tt := range []struct {
		server  string
		expired bool
		want    SLAState
	}{
		{"ongoing", false, SLAOngoing}, {"reached", false, SLAReached}, {"failed", false, SLAFailed},
		{"in_progress", false, SLAOngoing}, {"in_progress", true, SLAFailed}, {"accomplished", false, SLAReached},
		{"expired", true, SLAFailed}, {"on_hold", false, SLAOnHold},
	} {
		if got := slaState(tt.server, tt.expired); got != tt.want {
			t.Errorf("slaState(%q, %v) = %q, want %q", tt.server, tt.expired, got, tt.want)
		}
	}
}

func TestOCAWithoutSLAModule(t *testing.T) {
	srv := odootest.NewServer(odootest.WithVersion("17.0"), odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := hd.SLAs.List(ctx, 0); !errors.Is(err, deskbridge.ErrUnsupported) {
		t.Errorf("SLAs.List = %v, want deskbridge.ErrUnsupported", err)
	}
	if _, err := hd.SLAs.Get(ctx, 1); !errors.Is(err, deskbridge.ErrUnsupported) {
		t.Errorf("SLAs.Get = %v, want deskbridge.ErrUnsupported", err)
	}
	if _, err := hd.SLAStatus.ForTicket(ctx, 1); !errors.Is(err, deskbridge.ErrUnsupported) {
		t.Errorf("SLAStatus.ForTicket = %v, want deskbridge.ErrUnsupported", err)
	}
}

// The SLA filters of Tickets.List name stored or searchable fields only:
// team_id.use_sla, never team_sla (ignored by Odoo 17's search).
func TestOCASLATicketFilters(t *testing.T) {
	for _, version := range []int{17, 18} {
		e := newSLAEnv(t, version, odoo.JSONRPC)
		ctx := context.Background()
		got, err := e.hd.Tickets.List(ctx, &TicketListOptions{UsesSLA: true})
		if err != nil {
			t.Fatal(err)
		}
		want := e.srv.Search("helpdesk.ticket", domain.And(domain.Eq("team_id", e.helpdesk), domain.Eq("active", true)))
		if len(got) == 0 || len(got) != len(want) {
			t.Errorf("%d: UsesSLA gave %d tickets, want the %d of team Helpdesk", version, len(got), len(want))
		}
		for _, tk := range got {
			if tk.Team.ID != e.helpdesk {
				t.Errorf("%d: ticket %d of team %v", version, tk.ID, tk.Team)
			}
		}
		failed, err := e.hd.Tickets.List(ctx, &TicketListOptions{SLAFailed: true})
		if err != nil {
			t.Fatal(err)
		}
		wantFailed := e.srv.Search("helpdesk.ticket", domain.And(domain.Eq("sla_expired", true), domain.Eq("active", true)))
		if len(failed) == 0 || len(failed) != len(wantFailed) {
			t.Errorf("%d: SLAFailed gave %d tickets, want %d", version, len(failed), len(wantFailed))
		}
	}
	srv := odootest.NewServer(odootest.WithVersion("17.0"), odootest.WithFlavor(odootest.OCA))
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []TicketListOptions{{UsesSLA: true}, {SLAFailed: true}} {
		if _, err := hd.Tickets.List(context.Background(), &o); !errors.Is(err, deskbridge.ErrUnsupported) {
			t.Errorf("%+v without the SLA module: %v, want deskbridge.ErrUnsupported", o, err)
		}
	}
}
