package odootest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/capture"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestFidelitySLA replays the captures of OCA helpdesk_mgmt_sla on Odoo 17
// and 18 (testdata/fixtures/odoo17-sla, odoo18-sla) in file order on one
// server each and compares the shape of each reply like TestFidelityOdoo16
// (status, keys and value types, error names, codes and messages), then
// what a shape cannot show: the leaves the server ignores.
//
// Setup, as the recorder did: the server's clock is the recording time;
// one ticket of team 2 ("SLA capture: overdue request") is created with
// its create_date moved back to 2026-11-23 08:30 UTC. Ids are made to
// agree with the captured ones instead of being mapped (the created ticket
// is 618 on 17 and 133 on 18, the created policy 6 on 17), because a
// mapped "6" would also rewrite the x2many command codes of the requests.
//
// What the fake knowingly does differently (no shape changes): its demo
// tickets are its own (team 2 has more tickets than the captured two), a
// new 18 policy gets the company (the real one answered company_id false),
// and tracebacks are synthetic.
func TestFidelitySLA(t *testing.T) {
	for _, tt := range []struct {
		dir      string
		version  int
		database string
		ticketID int64 // the recorder's overdue ticket
		policyID int64 // the id the captured create answered
	}{
		{"odoo17-sla", 17, "helpdesk17", 618, 6},
		{"odoo18-sla", 18, "helpdesk18", 133, 2},
	} {
		t.Run(tt.dir, func(t *testing.T) {
			now := time.Date(2026, 12, 1, 19, 32, 42, 0, time.UTC)
			s := NewServer(WithVersion(fmt.Sprintf("%d.0", tt.version)), WithFlavor(OCA), WithSLAModule(), WithDemoData(),
				WithDatabase(tt.database), WithProtocols(odoo.JSONRPC), WithClock(func() time.Time { return now }))
			defer s.Close()
			overdueTicket(t, s, tt.ticketID)
			// and, like the captured demo ticket 1, one of team 2 due tomorrow
			if _, err := s.Create("helpdesk.ticket", map[string]any{"name": "Problem with the delivery of goods", "description": "<p>due tomorrow</p>", "team_id": s.Search("helpdesk.ticket.team", domain.Eq("name", "Helpdesk"))[0]}); err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			s.st.models["helpdesk.sla"].nextID = tt.policyID
			s.mu.Unlock()
			replaySLA(t, s, filepath.Join("../../testdata/fixtures", tt.dir))
		})
	}
}

// overdueTicket creates the recorder's ticket in team "Helpdesk" with id
// id, created 2026-11-23 08:30 UTC.
func overdueTicket(t *testing.T, s *Server, id int64) {
	t.Helper()
	s.mu.Lock()
	s.st.models["helpdesk.ticket"].nextID = id
	s.mu.Unlock()
	team := s.Search("helpdesk.ticket.team", domain.Eq("name", "Helpdesk"))[0]
	got, err := s.Create("helpdesk.ticket", map[string]any{"name": "SLA capture: overdue request", "description": "<p>overdue</p>", "team_id": team})
	if err != nil || got != id {
		t.Fatalf("create overdue ticket = %d, %v; want %d", got, err, id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.st.get("helpdesk.ticket", id)
	s.st.setVal(rec, "create_date", "2026-11-23 08:30:00")
	if s.st.version >= 18 {
		s.st.setSLA18(rootCtx, rec) // its lines, from the moved create_date
	}
}

func replaySLA(t *testing.T, s *Server, dir string) {
	caps, err := capture.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		t.Run(c.Name, func(t *testing.T) {
			body := strings.ReplaceAll(string(c.Request.JSON), `"<password>"`, `"`+DefaultPassword+`"`)
			got := doRaw(t, c.Request.Method, s.URL+c.Request.Path, c.Request.Headers, []byte(body))
			if got.Status != c.Response.Status {
				t.Fatalf("status = %d, want %d (body %.200s)", got.Status, c.Response.Status, got.Body)
			}
			var want any
			if err := json.Unmarshal(c.Response.JSON, &want); err != nil {
				t.Fatal(err)
			}
			for _, d := range shapeDiff(want, got.JSON) {
				t.Error(d)
			}
			compareErrors(t, want, got.JSON)
			if check := slaChecks[filepath.Base(dir)+"/"+c.Name]; check != nil {
				check(t, want, got.JSON)
			}
		})
	}
}

// slaChecks are the assertions a shape comparison cannot make.
var slaChecks = map[string]func(t *testing.T, want, got any){
	// None: no "result" member at all
	"odoo17-sla/execute_kw-sla-check_sla":  noResult,
	"odoo18-sla/execute_kw-ticket-set_sla": noResult,
	// 17: team_sla cannot be searched, the leaf is dropped: all 8 come back
	"odoo17-sla/execute_kw-search_read-team_sla-true": sameCount,
	// 18: team_sla is related and searchable: only team 2's tickets
	"odoo18-sla/execute_kw-search_read-team_sla-true": func(t *testing.T, want, got any) {
		for _, r := range rows(got) {
			if r["team_sla"] != true {
				t.Errorf("ticket %v: team_sla %v", r["id"], r["team_sla"])
			}
		}
	},
	// 17: sla_deadline is stored: a real filter
	"odoo17-sla/execute_kw-search_read-sla_deadline-before-now": func(t *testing.T, want, got any) {
		for _, r := range rows(got) {
			if d, _ := r["sla_deadline"].(string); d == "" || d >= "2026-12-01 19:32:42" {
				t.Errorf("ticket %v: sla_deadline %v is not before now", r["id"], r["sla_deadline"])
			}
		}
	},
	// 18: sla_deadline cannot be searched, the leaf is dropped: the
	// ticket due tomorrow comes back too
	"odoo18-sla/execute_kw-search_read-sla_deadline-before-now": func(t *testing.T, want, got any) {
		later := false
		for _, r := range rows(got) {
			if d, _ := r["sla_deadline"].(string); d > "2026-12-01 19:32:43" {
				later = true
			}
		}
		if !later {
			t.Errorf("no ticket due after now: the sla_deadline leaf was not ignored: %v", got)
		}
	},
	"odoo17-sla/execute_kw-search_read-sla_expired-true": expiredOnly,
	"odoo18-sla/execute_kw-search_read-sla_expired-true": expiredOnly,
	// 18: the stage change turned the overdue line to expired, with the
	// working hours consumed since its creation
	"odoo18-sla/execute_kw-search_read-ticket-sla-lines-after-stage": sameRows,
	"odoo17-sla/execute_kw-sla-read-after-write":                     sameRows,
	"odoo18-sla/execute_kw-sla-read-after-write":                     sameRows,
}

// expiredOnly: every ticket answered is expired, the overdue one among
// them (the fake's older demo tickets are expired too).
func expiredOnly(t *testing.T, want, got any) {
	overdue := false
	for _, r := range rows(got) {
		if r["sla_expired"] != true {
			t.Errorf("ticket %v: sla_expired %v", r["id"], r["sla_expired"])
		}
		if r["name"] == "SLA capture: overdue request" {
			overdue = true
		}
	}
	if !overdue {
		t.Errorf("the overdue ticket is missing: %v", got)
	}
}

func rows(v any) []map[string]any {
	res, _ := v.(map[string]any)["result"].([]any)
	out := make([]map[string]any, 0, len(res))
	for _, r := range res {
		if m, ok := r.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func noResult(t *testing.T, want, got any) {
	if _, ok := got.(map[string]any)["result"]; ok {
		t.Errorf("reply has a result member: %v", got)
	}
}

func sameCount(t *testing.T, want, got any) {
	if w, g := len(rows(want)), len(rows(got)); w != g {
		t.Errorf("%d records, want %d", g, w)
	}
}

// sameRows compares the records value by value (they are the recorder's
// own, so the fake has the same ones).
func sameRows(t *testing.T, want, got any) {
	w, g := rows(want), rows(got)
	if len(w) != len(g) {
		t.Fatalf("%d records, want %d: %v", len(g), len(w), g)
	}
	for i := range w {
		for k, wv := range w[i] {
			switch k {
			case "id", "ticket_id", "sla_id", "last_state_date", "company_id":
				// line ids, display names and the write time are the
				// fake's own; a new policy gets the company here
				continue
			}
			if gb, _ := json.Marshal(g[i][k]); string(gb) != string(mustMarshal(wv)) {
				t.Errorf("record %d: %s = %s, want %s", i, k, gb, mustMarshal(wv))
			}
		}
	}
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
