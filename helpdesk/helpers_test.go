package helpdesk

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// The protocols every service test runs over.
var testProtocols = []odoo.Protocol{odoo.JSONRPC, odoo.RESTv2, odoo.JSON2, odoo.WebSession}

var testFlavors = []odootest.Flavor{odootest.Enterprise, odootest.OCA}

// env is one fake server, a client over one protocol and a Service.
type env struct {
	t      *testing.T
	ctx    context.Context
	srv    *odootest.Server
	client *odoo.Client
	hd     *Service
	flavor odootest.Flavor
	proto  odoo.Protocol
	raw    rawNames // the schema's names, spelled out independently of Flavor
	fx     fixture
}

// rawNames are the models and fields the tests check the server with,
// written out per flavor so a wrong mapping in Flavor cannot hide.
type rawNames struct {
	team, stage, tag, ticketType, sla, slaStatus string
	typeField, closedField, closeDate, number    string
}

func rawFor(f odootest.Flavor) rawNames {
	if f == odootest.OCA {
		return rawNames{team: "helpdesk.ticket.team", stage: "helpdesk.ticket.stage", tag: "helpdesk.ticket.tag",
			ticketType: "helpdesk.ticket.type", typeField: "type_id", closedField: "closed", closeDate: "closed_date", number: "number"}
	}
	return rawNames{team: "helpdesk.team", stage: "helpdesk.stage", tag: "helpdesk.tag", ticketType: "helpdesk.ticket.type",
		sla: "helpdesk.sla", slaStatus: "helpdesk.sla.status", typeField: "ticket_type_id", closedField: "fold",
		closeDate: "close_date", number: "ticket_ref"}
}

// newClient returns a client of srv over proto.
func newClient(t testing.TB, srv *odootest.Server, proto odoo.Protocol) *odoo.Client {
	t.Helper()
	opts := []odoo.Option{odoo.WithDatabase(srv.Database()), odoo.WithProtocol(proto), odoo.WithHTTPClient(srv.Client())}
	switch proto {
	case odoo.JSON2:
		opts = append(opts, odoo.WithAPIKey("", odootest.DefaultAPIKey))
	case odoo.RESTv2:
		opts = append(opts, odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
			odoo.WithOAuth2Client(odootest.DefaultClientID, odootest.DefaultClientSecret))
	default:
		opts = append(opts, odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	}
	c, err := odoo.New(srv.URL, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newEnv starts a demo server of flavor with the test fixture and a
// Service over proto (flavor detected, not given).
func newEnv(t *testing.T, flavor odootest.Flavor, proto odoo.Protocol) *env {
	t.Helper()
	srv := odootest.NewServer(odootest.WithFlavor(flavor), odootest.WithDemoData())
	t.Cleanup(srv.Close)
	c := newClient(t, srv, proto)
	hd, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: context.Background(), srv: srv, client: c, hd: hd, flavor: flavor, proto: proto, raw: rawFor(flavor)}
	e.fx = e.seed()
	return e
}

// each runs fn for every flavor and protocol on a fresh server.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, f := range testFlavors {
		for _, p := range testProtocols {
			t.Run(string(f)+"/"+p.String(), func(t *testing.T) {
				fn(t, newEnv(t, f, p))
			})
		}
	}
}

// fixture holds the records seed creates, beside the demo data.
type fixture struct {
	team, otherTeam        int64
	stageNew, stageWIP     int64
	stageDone, stageCancel int64 // closing stages of team
	otherDone              int64 // closing stage of otherTeam only
	sharedStage            int64 // open stage linked to no team (serves every team on OCA only)
	tagA, tagB             int64
	ticketType             int64
	partner                int64
	user                   int64
	tickets                []int64 // of team
	sla                    int64   // Enterprise
}

func (e *env) mk(model string, vals map[string]any) int64 {
	e.t.Helper()
	id, err := e.srv.Create(model, vals)
	if err != nil {
		e.t.Fatalf("seed %s %v: %v", model, vals, err)
	}
	return id
}

func (e *env) seed() fixture {
	r := e.raw
	var fx fixture
	team := func(name string) int64 {
		vals := map[string]any{"name": name}
		if e.flavor == odootest.OCA {
			vals["company_id"] = 1 // required there; Odoo's default is the user's company
		}
		return e.mk(r.team, vals)
	}
	fx.team = team("Fixture Support")
	fx.otherTeam = team("Fixture Sales")
	teams := func(ids ...int64) any { return []any{[]any{6, 0, ids}} }
	stage := func(name string, seq int64, closing bool, teamIDs ...int64) int64 {
		vals := map[string]any{"name": name, "sequence": seq, "fold": closing, "team_ids": teams(teamIDs...)}
		if e.flavor == odootest.OCA {
			vals["closed"] = closing
		}
		return e.mk(r.stage, vals)
	}
	fx.stageNew = stage("Fixture New", 1, false, fx.team)
	fx.stageWIP = stage("Fixture In Progress", 2, false, fx.team)
	fx.stageDone = stage("Fixture Solved", 80, true, fx.team)
	fx.stageCancel = stage("Fixture Cancelled", 90, true, fx.team)
	fx.otherDone = stage("Fixture Sales Won", 95, true, fx.otherTeam)
	fx.sharedStage = stage("Fixture Shared", 50, false)
	fx.tagA = e.mk(r.tag, map[string]any{"name": "Fixture Hardware", "color": 3})
	fx.tagB = e.mk(r.tag, map[string]any{"name": "Fixture Network", "color": 7})
	fx.ticketType = e.mk(r.ticketType, map[string]any{"name": "Fixture Question"})
	fx.partner = e.mk("res.partner", map[string]any{"name": "Fixture Customer", "email": "customer@example.com"})
	fx.user = e.mk("res.users", map[string]any{"login": "agent@example.com", "name": "Fixture Agent"})
	ticket := func(name, desc, prio string, stage, user int64, tags []int64) int64 {
		vals := map[string]any{"name": name, "description": desc, "team_id": fx.team, "stage_id": stage,
			"priority": prio, "partner_id": fx.partner, r.typeField: fx.ticketType}
		if user != 0 {
			vals["user_id"] = user
		}
		if len(tags) > 0 {
			vals["tag_ids"] = []any{[]any{6, 0, tags}}
		}
		return e.mk("helpdesk.ticket", vals)
	}
	fx.tickets = []int64{
		ticket("Fixture printer on fire", "<p>Smoke from the printer</p>", "3", fx.stageNew, fx.user, []int64{fx.tagA}),
		ticket("Fixture VPN down", "<p>No tunnel</p>", "2", fx.stageWIP, 0, []int64{fx.tagB}),
		ticket("Fixture new laptop", "<p>Order a laptop</p>", "0", fx.stageDone, fx.user, []int64{fx.tagA, fx.tagB}),
		ticket("Fixture password reset", "<p>Locked out of the printer portal</p>", "1", fx.stageCancel, 0, nil),
	}
	if e.flavor == odootest.Enterprise {
		fx.sla = e.mk(r.sla, map[string]any{"name": "Fixture 4 hours", "team_id": fx.team, "stage_id": fx.stageDone, "time": 4.5, "priority": "2"})
		e.mk(r.slaStatus, map[string]any{"ticket_id": fx.tickets[0], "sla_id": fx.sla, "deadline": "2030-01-02 03:04:05"})
		e.mk(r.slaStatus, map[string]any{"ticket_id": fx.tickets[0], "sla_id": fx.sla, "deadline": "2020-01-02 03:04:05", "reached_datetime": "2020-01-01 10:00:00"})
	}
	return fx
}

// field returns a record's field, decoded into T through its JSON form.
func field[T any](e *env, model string, id int64, name string) T {
	e.t.Helper()
	rec, ok := e.srv.Record(model, id)
	if !ok {
		e.t.Fatalf("%s %d does not exist", model, id)
	}
	v, ok := rec[name]
	if !ok {
		e.t.Fatalf("%s %d has no field %s", model, id, name)
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	var out T
	if string(b) == "false" || string(b) == "null" {
		return out
	}
	if err := json.Unmarshal(b, &out); err != nil {
		e.t.Fatalf("%s %d field %s = %s: %v", model, id, name, b, err)
	}
	return out
}

func m2oID(e *env, model string, id int64, name string) int64 {
	e.t.Helper()
	return field[odoo.Many2One](e, model, id, name).ID
}

// search is the server's own answer, in ascending id order. Unlike
// search_read it includes archived records: add active = true as needed.
func (e *env) search(model string, d domain.Domain) []int64 {
	ids := e.srv.Search(model, d)
	out := append([]int64(nil), ids...)
	sortIDs(out)
	return out
}

func sortIDs(ids []int64) {
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
}

func ticketIDs(ts []Ticket) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
