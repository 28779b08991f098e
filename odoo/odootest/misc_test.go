package odootest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

func TestMiscMethods(t *testing.T) {
	s := NewServer(WithFlavor(Enterprise), WithVersion("17.0")) // 17: name_get still exists
	defer s.Close()
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	tag, _ := s.Create("helpdesk.tag", map[string]any{"name": "Tag"})
	tid, _ := s.Create("helpdesk.ticket", map[string]any{"name": "Orig", "team_id": team, "tag_ids": []int64{tag}, "priority": "2"})
	tests := []struct {
		name   string
		model  string
		method string
		args   []any
		kwargs map[string]any
		check  func(t *testing.T, res any)
	}{
		{"copy", "helpdesk.ticket", "copy", []any{[]any{tid}}, map[string]any{"default": map[string]any{"priority": "3"}}, func(t *testing.T, res any) {
			rec, ok := s.Record("helpdesk.ticket", int64(res.(float64)))
			if !ok || rec["name"] != "Orig (copy)" || rec["priority"] != "3" || !reflect.DeepEqual(rec["tag_ids"], []int64{tag}) {
				t.Errorf("copy = %v", rec)
			}
		}},
		{"name_get", "helpdesk.ticket", "name_get", []any{[]any{tid, 999}}, nil, func(t *testing.T, res any) {
			if !reflect.DeepEqual(res, []any{[]any{float64(tid), "Orig (#1)"}}) {
				t.Errorf("name_get = %v", res)
			}
		}},
		{"exists", "helpdesk.ticket", "exists", []any{[]any{tid, 999}}, nil, func(t *testing.T, res any) {
			if !reflect.DeepEqual(res, []any{float64(tid)}) {
				t.Errorf("exists = %v", res)
			}
		}},
		{"default_get", "helpdesk.ticket", "default_get", []any{[]any{"priority", "kanban_state", "name"}}, nil, func(t *testing.T, res any) {
			if !reflect.DeepEqual(res, map[string]any{"priority": "0", "kanban_state": "normal"}) {
				t.Errorf("default_get = %v", res)
			}
		}},
		{"context_get", "res.users", "context_get", nil, nil, func(t *testing.T, res any) {
			if !reflect.DeepEqual(res, map[string]any{"lang": "en_US", "tz": "Europe/Brussels", "uid": float64(2)}) {
				t.Errorf("context_get = %v", res)
			}
		}},
		{"archive", "helpdesk.ticket", "action_archive", []any{[]any{tid}}, nil, func(t *testing.T, res any) {
			if rec, _ := s.Record("helpdesk.ticket", tid); rec["active"] != false {
				t.Errorf("active = %v", rec["active"])
			}
		}},
		{"archived are hidden", "helpdesk.ticket", "search", []any{[]any{[]any{"id", "=", tid}}}, nil, func(t *testing.T, res any) {
			if len(res.([]any)) != 0 {
				t.Errorf("search = %v", res)
			}
		}},
		{"unarchive", "helpdesk.ticket", "action_unarchive", []any{[]any{tid}}, nil, func(t *testing.T, res any) {
			if rec, _ := s.Record("helpdesk.ticket", tid); rec["active"] != true {
				t.Errorf("active = %v", rec["active"])
			}
		}},
		{"search count flag", "helpdesk.ticket", "search", []any{[]any{}}, map[string]any{"count": true}, func(t *testing.T, res any) {
			if res != 2.0 {
				t.Errorf("search(count=True) = %v", res)
			}
		}},
		{"read_group by month", "helpdesk.ticket", "read_group", []any{[]any{}, []any{"priority"}, []any{"create_date:month", "priority"}}, nil, func(t *testing.T, res any) {
			g := res.([]any)[0].(map[string]any)
			if g["create_date_count"] == nil && g["create_date:month_count"] == nil {
				t.Errorf("group = %v", g)
			}
			if c := mustExec(t, s, "helpdesk.ticket", "search_count", []any{g["__domain"]}, nil); c != 2.0 {
				t.Errorf("month __domain %v selects %v tickets", g["__domain"], c)
			}
			if !reflect.DeepEqual(g["__context"], map[string]any{"group_by": []any{"priority"}}) {
				t.Errorf("__context = %v", g["__context"])
			}
		}},
		{"read_group not lazy", "helpdesk.ticket", "read_group", []any{[]any{}, []any{"color:max"}, []any{"team_id"}}, map[string]any{"lazy": false}, func(t *testing.T, res any) {
			g := res.([]any)[0].(map[string]any)
			if g["__count"] != 2.0 || g["color"] != 0.0 || !reflect.DeepEqual(g["team_id"], []any{float64(team), "T"}) {
				t.Errorf("group = %v", g)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, mustExec(t, s, tt.model, tt.method, tt.args, tt.kwargs))
		})
	}
	p, _ := s.Create("res.partner", map[string]any{"name": "F"})
	mustExec(t, s, "helpdesk.ticket", "message_subscribe", []any{[]any{tid}, []any{p}}, nil)
	mustExec(t, s, "helpdesk.ticket", "message_unsubscribe", []any{[]any{tid}, []any{p}}, nil)
	if n := s.Count("mail.followers", domain.Eq("partner_id", p)); n != 0 {
		t.Errorf("%d followers after unsubscribe", n)
	}
	if _, e := executeKw(t, s, "helpdesk.ticket", "copy", []any{[]any{tid, tid + 1}}, nil); errName(e) != excValueError {
		t.Errorf("copy of two = %v, want ValueError (singleton)", e)
	}
	if _, e := executeKw(t, s, "res.partner", "context_get", nil, nil); errName(e) != excAttributeError {
		t.Errorf("res.partner.context_get = %v, want AttributeError (only res.users has it)", e)
	}
	if _, e := executeKw(t, s, "helpdesk.tag", "message_post", []any{[]any{tag}}, map[string]any{"body": "x"}); errName(e) != excAttributeError {
		t.Errorf("message_post on a non-thread model = %v", e)
	}
	if err := s.Write("helpdesk.ticket", []int64{tid}, map[string]any{"name": "W"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Write("helpdesk.ticket", []int64{999}, map[string]any{"name": "W"}); err == nil {
		t.Error("Write of a missing record succeeded")
	}
	if !slices.Contains(s.Models(), "helpdesk.sla.status") || s.Version() != "17.0" || s.Client() == nil {
		t.Errorf("Models/Version/Client = %v %s", s.Models(), s.Version())
	}
}

func TestConvertValues(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	err := s.RegisterModel(Model{Name: "x_vals", Fields: []Field{
		{Name: "name", Type: TypeChar}, {Name: "n", Type: TypeInteger}, {Name: "f", Type: TypeFloat},
		{Name: "b", Type: TypeBoolean}, {Name: "d", Type: TypeDate}, {Name: "dt", Type: TypeDatetime},
		{Name: "bin", Type: TypeBinary}, {Name: "p", Type: TypeMany2one, Relation: "res.partner"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field   string
		in      any
		want    any
		wantErr string
	}{
		{"name", 12.0, "12", ""},
		{"name", false, false, ""},
		{"n", "42", 42.0, ""},
		{"n", 3.0, 3.0, ""},
		{"n", "x", nil, excValueError},
		{"f", "2.5", 2.5, ""},
		{"b", 1.0, true, ""},
		{"b", "", false, ""},
		{"d", "2025-05-06", "2025-05-06", ""},
		{"d", "2025-05-06 10:00:00", "2025-05-06", ""},
		{"d", "06/05/2025", nil, excValueError},
		{"dt", "2025-05-06T14:30:00+02:00", "2025-05-06 12:30:00", ""},
		{"dt", "2025-05-06T14:30:00Z", "2025-05-06 14:30:00", ""},
		{"dt", "2025-05-06", "2025-05-06 00:00:00", ""},
		{"dt", "tomorrow", nil, excValueError},
		{"bin", "aGk=", "aGk=", ""},
		{"p", []any{3.0, "Admin"}, []any{3.0, "YourCompany, Mitchell Admin"}, ""},
		{"p", 0.0, false, ""},
		{"p", "three", nil, excValueError},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+string(mustJSON(t, tt.in)), func(t *testing.T) {
			id, e := executeKw(t, s, "x_vals", "create", []any{map[string]any{tt.field: tt.in}}, nil)
			if tt.wantErr != "" {
				if errName(e) != tt.wantErr {
					t.Errorf("error = %v, want %s", e, tt.wantErr)
				}
				return
			}
			if e != nil {
				t.Fatal(e)
			}
			rows := mustExec(t, s, "x_vals", "read", []any{[]any{id}}, map[string]any{"fields": []any{tt.field}}).([]any)
			if got := rows[0].(map[string]any)[tt.field]; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s read back %#v, want %#v", tt.field, got, tt.want)
			}
		})
	}
}

func TestEnterpriseSLA(t *testing.T) {
	clk := &fixedClock{t: epoch}
	s := NewServer(WithFlavor(Enterprise), WithClock(clk.now))
	defer s.Close()
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	newStage, _ := s.Create("helpdesk.stage", map[string]any{"name": "New", "sequence": 1, "team_ids": []int64{team}})
	doneStage, _ := s.Create("helpdesk.stage", map[string]any{"name": "Done", "sequence": 5, "fold": true, "team_ids": []int64{team}})
	s.Create("helpdesk.sla", map[string]any{"name": "fast", "team_id": team, "stage_id": doneStage, "priority": "2", "time": 4.0})
	s.Create("helpdesk.sla", map[string]any{"name": "any", "team_id": team, "stage_id": doneStage, "priority": "0", "time": 1.0})
	low := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "low", "team_id": team}}, nil)
	high := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "high", "team_id": team, "priority": "3"}}, nil)
	read := func(id any) map[string]any {
		rows := mustExec(t, s, "helpdesk.ticket", "read", []any{[]any{id}}, map[string]any{"fields": []any{"stage_id", "sla_ids", "sla_deadline", "sla_fail", "sla_success", "close_date", "fold"}}).([]any)
		return rows[0].(map[string]any)
	}
	if r := read(low); len(r["sla_ids"].([]any)) != 1 || r["sla_deadline"] != "2026-11-24 16:42:08" || r["stage_id"].([]any)[0] != float64(newStage) {
		t.Errorf("low ticket = %v", r)
	}
	if r := read(high); len(r["sla_ids"].([]any)) != 2 || r["sla_deadline"] != "2026-11-24 16:42:08" {
		t.Errorf("high ticket = %v", r)
	}
	clk.t = clk.t.Add(2 * time.Hour) // the 1h SLA is now failed, the 4h one reached in time below
	if r := read(high); r["sla_fail"] != true {
		t.Errorf("after 2h: %v", r)
	}
	mustExec(t, s, "helpdesk.ticket", "write", []any{[]any{high}, map[string]any{"stage_id": doneStage}}, nil)
	r := read(high)
	if r["close_date"] != "2026-11-24 17:42:08" || r["fold"] != true || r["sla_success"] != false || r["sla_deadline"] != false {
		t.Errorf("closed ticket = %v", r)
	}
	statuses := mustExec(t, s, "helpdesk.sla.status", "search_read", []any{[]any{[]any{"ticket_id", "=", high}}}, map[string]any{"fields": []any{"status", "sla_id"}, "order": "id"}).([]any)
	var got []any
	for _, st := range statuses {
		got = append(got, st.(map[string]any)["status"])
	}
	if !reflect.DeepEqual(got, []any{"reached", "failed"}) {
		t.Errorf("statuses = %v, want [reached failed]", got)
	}
}

// TestAppendJSON checks the hand-written encoder against encoding/json.
func TestAppendJSON(t *testing.T) {
	values := []any{
		"plain", "quote \" backslash \\ newline \n tab \t ctrl \x01", "unicode é 😀 \u2028", "bad utf8 \xff",
		int64(-5), 2.5, 3.0, true, false, nil, []int64{1, 2}, []any{"a", int64(1)},
		map[string]any{"b": int64(1), "a": []any{}}, &row{keys: []string{"id", "x"}, vals: []any{int64(1), "y"}},
	}
	for _, v := range values {
		got := appendJSON(nil, v)
		var back, want any
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("appendJSON(%#v) = %s: %v", v, got, err)
			continue
		}
		wv := v
		if r, ok := v.(*row); ok {
			wv = r.toMap()
		}
		b, _ := json.Marshal(wv)
		_ = json.Unmarshal(b, &want)
		if !reflect.DeepEqual(back, want) {
			t.Errorf("appendJSON(%#v) decodes to %#v, want %#v", v, back, want)
		}
	}
}

func TestNameGetRemovedInOdoo18(t *testing.T) {
	for v, want := range map[string]string{"17.0": "", "18.0": excAttributeError} {
		s := NewServer(WithVersion(v), WithFlavor(NoHelpdesk))
		_, e := executeKw(t, s, "res.partner", "name_get", []any{[]any{1}}, nil)
		if errName(e) != want {
			t.Errorf("Odoo %s name_get error = %v, want %q", v, e, want)
		}
		s.Close()
	}
}
