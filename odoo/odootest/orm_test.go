package odootest

import (
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

// fixedClock is a clock tests can advance.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

var epoch = time.Date(2026, 11, 24, 15, 42, 8, 0, time.UTC)

// idsOf reads the ids of search_read rows.
func idsOf(t *testing.T, res any) []float64 {
	t.Helper()
	rows, ok := res.([]any)
	if !ok {
		t.Fatalf("result %v is not a list", res)
	}
	out := make([]float64, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.(map[string]any)["id"].(float64))
	}
	return out
}

func ids64(ids ...int64) []float64 {
	out := make([]float64, len(ids))
	for i, id := range ids {
		out[i] = float64(id)
	}
	return out
}

// partnerWorld creates a small, known set of partners.
func partnerWorld(t *testing.T, s *Server) map[string]int64 {
	t.Helper()
	ids := map[string]int64{}
	mk := func(name string, vals map[string]any) {
		vals["name"] = name
		id, err := s.Create("res.partner", vals)
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		ids[name] = id
	}
	mk("Acme", map[string]any{"is_company": true, "email": "info@acme.test"})
	mk("Alice", map[string]any{"parent_id": ids["Acme"], "email": "alice@acme.test", "phone": "1"})
	mk("Bob", map[string]any{"parent_id": ids["Acme"]})
	mk("Zed Corp", map[string]any{"is_company": true})
	mk("Old Contact", map[string]any{"active": false})
	return ids
}

func TestSearchReadDomains(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	p := partnerWorld(t, s)
	mine := []any{"id", ">", float64(p["Acme"]) - 1}
	tests := []struct {
		name   string
		domain []any
		kwargs map[string]any
		want   []int64
	}{
		{"all mine by id", []any{mine}, map[string]any{"order": "id"}, []int64{p["Acme"], p["Alice"], p["Bob"], p["Zed Corp"]}},
		{"companies", []any{mine, []any{"is_company", "=", true}}, map[string]any{"order": "id"}, []int64{p["Acme"], p["Zed Corp"]}},
		{"ilike", []any{mine, []any{"name", "ilike", "ALI"}}, nil, []int64{p["Alice"]}},
		{"unset email", []any{mine, []any{"email", "=", false}}, map[string]any{"order": "id"}, []int64{p["Bob"], p["Zed Corp"]}},
		{"many2one id", []any{[]any{"parent_id", "=", float64(p["Acme"])}}, map[string]any{"order": "name desc"}, []int64{p["Bob"], p["Alice"]}},
		{"dotted path", []any{[]any{"parent_id.email", "like", "acme"}}, map[string]any{"order": "id"}, []int64{p["Alice"], p["Bob"]}},
		{"or", []any{"|", []any{"name", "=", "Bob"}, []any{"name", "=", "Zed Corp"}}, map[string]any{"order": "id"}, []int64{p["Bob"], p["Zed Corp"]}},
		{"in", []any{[]any{"id", "in", []any{float64(p["Bob"]), float64(p["Alice"])}}}, map[string]any{"order": "id desc"}, []int64{p["Bob"], p["Alice"]}},
		{"limit offset", []any{mine}, map[string]any{"order": "id", "limit": 2, "offset": 1}, []int64{p["Alice"], p["Bob"]}},
		{"archived hidden", []any{[]any{"name", "=", "Old Contact"}}, nil, []int64{}},
		{"active_test false", []any{[]any{"name", "=", "Old Contact"}}, map[string]any{"context": map[string]any{"active_test": false}}, []int64{p["Old Contact"]}},
		{"active in domain", []any{[]any{"active", "=", false}, mine}, nil, []int64{p["Old Contact"]}},
		{"child_of", []any{[]any{"id", "child_of", []any{float64(p["Acme"])}}}, map[string]any{"order": "id"}, []int64{p["Acme"], p["Alice"], p["Bob"]}},
		{"display name", []any{[]any{"display_name", "=", "Acme, Alice"}}, nil, []int64{p["Alice"]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kw := map[string]any{"fields": []any{"name"}}
			for k, v := range tt.kwargs {
				kw[k] = v
			}
			res := mustExec(t, s, "res.partner", "search_read", []any{tt.domain}, kw)
			if got, want := idsOf(t, res), ids64(tt.want...); !reflect.DeepEqual(got, want) {
				t.Errorf("ids = %v, want %v", got, want)
			}
		})
	}
}

func TestReadValues(t *testing.T) {
	clk := &fixedClock{t: epoch}
	s := NewServer(WithFlavor(OCA), WithClock(clk.now))
	defer s.Close()
	team, _ := s.Create("helpdesk.ticket.team", map[string]any{"name": "Support"})
	tag, _ := s.Create("helpdesk.ticket.tag", map[string]any{"name": "Hard", "color": 3})
	id := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{
		"name": "Printer", "description": "<p>x</p>", "team_id": team, "tag_ids": []any{[]any{6, 0, []any{tag}}}}}, nil)
	res := mustExec(t, s, "helpdesk.ticket", "read", []any{[]any{id}}, map[string]any{"fields": []any{
		"name", "team_id", "user_id", "tag_ids", "partner_email", "closed_date", "create_date", "create_uid", "display_name", "number", "priority", "color"}})
	rows := res.([]any)
	if len(rows) != 1 {
		t.Fatalf("read = %v", res)
	}
	want := map[string]any{
		"id": id, "name": "Printer", "team_id": []any{float64(team), "Support"}, "user_id": false,
		"tag_ids": []any{float64(tag)}, "partner_email": false, "closed_date": false,
		"create_date": "2026-11-24 15:42:08", "create_uid": []any{2.0, "Mitchell Admin"},
		"display_name": "HT00001 - Printer", "number": "HT00001", "priority": "1", "color": 0.0,
	}
	if got := rows[0].(map[string]any); !reflect.DeepEqual(got, want) {
		t.Errorf("read =\n %v\nwant\n %v", got, want)
	}
	// missing ids are skipped, as capture 07 shows
	if res := mustExec(t, s, "helpdesk.ticket", "read", []any{[]any{999999}}, map[string]any{"fields": []any{"name"}}); len(res.([]any)) != 0 {
		t.Errorf("read of a missing id = %v, want []", res)
	}
	// Record answers the same read form
	rec, ok := s.Record("helpdesk.ticket", int64(id.(float64)))
	if !ok || rec["number"] != "HT00001" || !reflect.DeepEqual(rec["team_id"], []any{team, "Support"}) {
		t.Errorf("Record = %v, %v", rec, ok)
	}
}

func TestWriteAndX2manyCommands(t *testing.T) {
	s := NewServer(WithFlavor(Enterprise))
	defer s.Close()
	var tags []int64
	for i := 0; i < 4; i++ {
		id, err := s.Create("helpdesk.tag", map[string]any{"name": fmt.Sprint("t", i)})
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, id)
	}
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	tid, err := s.Create("helpdesk.ticket", map[string]any{"name": "x", "team_id": team})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cmds any
		want []int64
	}{
		{"set", []any{[]any{6, 0, []any{tags[0], tags[1]}}}, []int64{tags[0], tags[1]}},
		{"link", []any{[]any{4, tags[2], 0}}, []int64{tags[0], tags[1], tags[2]}},
		{"unlink", []any{[]any{3, tags[0], 0}}, []int64{tags[1], tags[2]}},
		{"plain ids", []any{tags[3]}, []int64{tags[3]}},
		{"clear", []any{[]any{5, 0, 0}}, []int64{}},
		{"create", []any{[]any{0, 0, map[string]any{"name": "new"}}}, []int64{tags[3] + 1}},
		{"delete", []any{[]any{2, tags[3] + 1, 0}}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustExec(t, s, "helpdesk.ticket", "write", []any{[]any{tid}, map[string]any{"tag_ids": tt.cmds}}, nil)
			rec, _ := s.Record("helpdesk.ticket", tid)
			if !reflect.DeepEqual(rec["tag_ids"], tt.want) {
				t.Errorf("tag_ids = %v, want %v", rec["tag_ids"], tt.want)
			}
		})
	}
	if _, ok := s.Record("helpdesk.tag", tags[3]+2); ok {
		t.Error("command 2 did not delete the tag")
	}
	// one2many: a status created through the ticket gets its inverse
	stage, _ := s.Create("helpdesk.stage", map[string]any{"name": "Done"})
	sla, _ := s.Create("helpdesk.sla", map[string]any{"name": "S", "team_id": team, "stage_id": stage, "time": 2.5})
	mustExec(t, s, "helpdesk.ticket", "write", []any{[]any{tid}, map[string]any{"sla_status_ids": []any{[]any{0, 0, map[string]any{"sla_id": sla}}}}}, nil)
	rec, _ := s.Record("helpdesk.ticket", tid)
	sts := rec["sla_status_ids"].([]int64)
	if len(sts) != 1 {
		t.Fatalf("sla_status_ids = %v", sts)
	}
	if st, _ := s.Record("helpdesk.sla.status", sts[0]); st["ticket_id"].([]any)[0] != tid || st["status"] != "ongoing" {
		t.Errorf("status = %v", st)
	}
	// many2many mirrored: team.stage_ids is the other side of stage.team_ids
	st, _ := s.Create("helpdesk.stage", map[string]any{"name": "S1"})
	mustExec(t, s, "helpdesk.team", "write", []any{[]any{team}, map[string]any{"stage_ids": []any{[]any{4, st, 0}}}}, nil)
	if rec, _ := s.Record("helpdesk.stage", st); !reflect.DeepEqual(rec["team_ids"], []int64{team}) {
		t.Errorf("stage.team_ids = %v, want [%d]", rec["team_ids"], team)
	}
	if rec, _ := s.Record("helpdesk.team", team); !reflect.DeepEqual(rec["stage_ids"], []int64{st}) {
		t.Errorf("team.stage_ids = %v, want [%d]", rec["stage_ids"], st)
	}
	// write_date moves with the clock, write answers true
	if res := mustExec(t, s, "helpdesk.ticket", "write", []any{[]any{tid}, map[string]any{"name": "y"}}, nil); res != true {
		t.Errorf("write = %v, want true", res)
	}
}

func TestORMErrors(t *testing.T) {
	s := NewServer(WithFlavor(OCA), WithVersion("16.0"))
	defer s.Close()
	tid := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "a", "description": "b"}}, nil)
	tests := []struct {
		name     string
		model    string
		method   string
		args     []any
		kwargs   map[string]any
		wantName string
		wantMsg  string
	}{
		{"missing required", "helpdesk.ticket", "create", []any{map[string]any{"description": "x"}}, nil, excValidation, "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Helpdesk Ticket (helpdesk.ticket)\nField: Title (name)\n"},
		{"bad selection", "helpdesk.ticket", "create", []any{map[string]any{"name": "x", "description": "x", "priority": "9"}}, nil, excValueError, "Wrong value for helpdesk.ticket.priority: '9'"},
		{"unknown field in vals", "helpdesk.ticket", "write", []any{[]any{tid}, map[string]any{"no_such_field": 1}}, nil, excValueError, "Invalid field 'no_such_field' on model 'helpdesk.ticket'"},
		{"unknown field in domain", "helpdesk.ticket", "search_read", []any{[]any{[]any{"no_such_field", "=", 1}}}, map[string]any{"fields": []any{"id"}}, excValueError, "Invalid field helpdesk.ticket.no_such_field in leaf ('no_such_field', '=', 1)"},
		{"any on Odoo 16", "helpdesk.ticket", "search_read", []any{[]any{[]any{"name", "any", []any{}}}}, nil, excTypeError, "unhashable type: 'list'"},
		{"unknown model", "helpdesk.sla", "search_read", []any{[]any{}}, nil, excUserError, "Object helpdesk.sla doesn't exist"},
		{"unknown method", "helpdesk.ticket", "do_magic", []any{}, nil, excAttributeError, "type object 'helpdesk.ticket' has no attribute 'do_magic'"},
		{"many2one to a missing record", "helpdesk.ticket", "write", []any{[]any{tid}, map[string]any{"stage_id": 999}}, nil, excValidation, "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Helpdesk Ticket (helpdesk.ticket)\nConstraint: helpdesk_ticket_stage_id_fkey\n"},
		{"private method", "helpdesk.ticket", "_compute_x", []any{}, nil, excAccessError, "Private methods (such as _compute_x) cannot be called remotely."},
		{"unlink missing", "helpdesk.ticket", "unlink", []any{[]any{999}}, nil, excMissingError, "Record does not exist or has been deleted.\n(Record: helpdesk.ticket(999,), User: 2)"},
		{"write missing", "helpdesk.ticket", "write", []any{[]any{999}, map[string]any{"name": "x"}}, nil, excMissingError, "Record does not exist or has been deleted.\n(Record: helpdesk.ticket(999,), User: 2)"},
		{"unknown field to read", "helpdesk.ticket", "read", []any{[]any{tid}}, map[string]any{"fields": []any{"nope"}}, excValueError, "Invalid field 'nope' on model 'helpdesk.ticket'"},
		{"bad order", "helpdesk.ticket", "search", []any{[]any{}}, map[string]any{"order": "nope desc"}, excValueError, "Invalid field 'nope' on model 'helpdesk.ticket'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, e := executeKw(t, s, tt.model, tt.method, tt.args, tt.kwargs)
			if e == nil {
				t.Fatal("no error")
			}
			data := e["data"].(map[string]any)
			if data["name"] != tt.wantName || data["message"] != tt.wantMsg || e["code"] != 200.0 {
				t.Errorf("error = %v %q (code %v), want %v %q", data["name"], data["message"], e["code"], tt.wantName, tt.wantMsg)
			}
			if args := data["arguments"].([]any); len(args) != 1 || args[0] != tt.wantMsg {
				t.Errorf("arguments = %v", args)
			}
		})
	}
}

func TestTransactionRollback(t *testing.T) {
	s := NewServer(WithFlavor(OCA))
	defer s.Close()
	before := s.Count("helpdesk.ticket", domain.Domain{})
	_, e := executeKw(t, s, "helpdesk.ticket", "create", []any{[]any{
		map[string]any{"name": "ok", "description": "x"},
		map[string]any{"description": "no name"},
	}}, nil)
	if errName(e) != excValidation {
		t.Fatalf("batch create error = %v", e)
	}
	if after := s.Count("helpdesk.ticket", domain.Domain{}); after != before {
		t.Errorf("tickets after a failed batch = %d, want %d (rolled back)", after, before)
	}
	if n := s.CallCount("helpdesk.ticket", "create"); n != 0 {
		t.Errorf("CallCount(create) = %d, want 0 applied", n)
	}
	calls := s.Calls()
	if len(calls) != 1 || calls[0].Applied || calls[0].Err == "" {
		t.Errorf("call log = %+v", calls)
	}
}

func TestCreateBatchAndUnlink(t *testing.T) {
	s := NewServer(WithFlavor(OCA))
	defer s.Close()
	res := mustExec(t, s, "helpdesk.ticket", "create", []any{[]any{
		map[string]any{"name": "A", "description": "a"}, map[string]any{"name": "B", "description": "b"}}}, nil)
	ids, ok := res.([]any)
	if !ok || len(ids) != 2 {
		t.Fatalf("batch create = %v, want two ids", res)
	}
	if res := mustExec(t, s, "helpdesk.ticket", "unlink", []any{ids}, nil); res != true {
		t.Fatalf("unlink = %v", res)
	}
	if _, e := executeKw(t, s, "helpdesk.ticket", "unlink", []any{ids}, nil); errName(e) != excMissingError {
		t.Errorf("unlink again = %v, want MissingError", e)
	}
	if n := mustExec(t, s, "helpdesk.ticket", "search_count", []any{[]any{}}, nil); n != 0.0 {
		t.Errorf("search_count = %v, want 0", n)
	}
	c := s.Calls()
	if len(c) != 4 || !reflect.DeepEqual(c[0].IDs, []int64{1, 2}) || c[0].Method != "create" || !c[0].Applied || c[2].Applied {
		t.Errorf("calls = %+v", c)
	}
}

func TestNameSearchReadGroupFieldsGet(t *testing.T) {
	s := NewServer(WithFlavor(OCA), WithDemoData())
	defer s.Close()
	res := mustExec(t, s, "res.partner", "name_search", []any{"Deco"}, map[string]any{"limit": 3})
	pairs := res.([]any)
	if len(pairs) != 3 {
		t.Fatalf("name_search = %v, want 3 results", res)
	}
	for _, p := range pairs {
		pair := p.([]any)
		name := pair[1].(string)
		if len(pair) != 2 || len(name) < 4 || name[:4] != "Deco" {
			t.Errorf("name_search pair %v", pair)
		}
	}
	// read_group counts add up to search_count and each __domain selects its group
	total := mustExec(t, s, "helpdesk.ticket", "search_count", []any{[]any{}}, nil).(float64)
	groups := mustExec(t, s, "helpdesk.ticket", "read_group", []any{[]any{}, []any{"priority"}, []any{"priority"}}, map[string]any{"lazy": true}).([]any)
	sum := 0.0
	for _, g := range groups {
		gm := g.(map[string]any)
		n := gm["priority_count"].(float64)
		sum += n
		if c := mustExec(t, s, "helpdesk.ticket", "search_count", []any{gm["__domain"]}, nil); c != n {
			t.Errorf("group %v: count %v, __domain selects %v", gm["priority"], n, c)
		}
	}
	if sum != total || len(groups) < 2 {
		t.Errorf("read_group counts sum to %v over %d groups, want %v", sum, len(groups), total)
	}
	// many2one groups answer [id, name]
	stageGroups := mustExec(t, s, "helpdesk.ticket", "read_group", []any{[]any{}, []any{"color:sum"}, []any{"stage_id"}}, nil).([]any)
	if first := stageGroups[0].(map[string]any); !reflect.DeepEqual(first["stage_id"], []any{1.0, "New"}) || first["color"] != 0.0 {
		t.Errorf("stage group = %v", first)
	}
	// fields_get with an attributes filter
	fg := mustExec(t, s, "helpdesk.ticket", "fields_get", []any{[]any{"priority", "team_id"}}, map[string]any{"attributes": []any{"type", "relation", "selection"}}).(map[string]any)
	want := map[string]any{
		"priority": map[string]any{"type": "selection", "selection": []any{[]any{"0", "Low"}, []any{"1", "Medium"}, []any{"2", "High"}, []any{"3", "Very High"}}},
		"team_id":  map[string]any{"type": "many2one", "relation": "helpdesk.ticket.team"},
	}
	if !reflect.DeepEqual(fg, want) {
		t.Errorf("fields_get = %v, want %v", fg, want)
	}
}

func TestChatter(t *testing.T) {
	clk := &fixedClock{t: epoch}
	s := NewServer(WithFlavor(Enterprise), WithClock(clk.now), WithVersion("16.0")) // 16: a str body stays HTML, message_post answers an int
	defer s.Close()
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	tid, _ := s.Create("helpdesk.ticket", map[string]any{"name": "x", "team_id": team})
	cust, _ := s.Create("res.partner", map[string]any{"name": "Customer", "email": "c@example.com"})
	att := mustExec(t, s, "ir.attachment", "create", []any{map[string]any{"name": "log.txt", "datas": "aGVsbG8gd29ybGQK"}}, nil)
	mid := mustExec(t, s, "helpdesk.ticket", "message_post", []any{[]any{tid}}, map[string]any{
		"body": "<p>hi</p>", "body_is_html": true, "message_type": "comment", "subtype_xmlid": "mail.mt_comment",
		"author_id": cust, "date": "2020-01-02 03:04:05", "attachment_ids": []any{att}})
	msg, ok := s.Record("mail.message", int64(mid.(float64)))
	if !ok {
		t.Fatalf("message %v not stored", mid)
	}
	checks := map[string]any{"model": "helpdesk.ticket", "res_id": tid, "body": "<p>hi</p>", "message_type": "comment",
		"date": "2020-01-02 03:04:05", "author_id": []any{cust, "Customer"}, "email_from": `"Customer" <c@example.com>`,
		"subtype_id": []any{int64(1), "Discussions"}, "attachment_ids": []int64{int64(att.(float64))}}
	for k, v := range checks {
		if !reflect.DeepEqual(msg[k], v) {
			t.Errorf("message %s = %#v, want %#v", k, msg[k], v)
		}
	}
	a, _ := s.Record("ir.attachment", int64(att.(float64)))
	if a["res_model"] != "helpdesk.ticket" || a["res_id"] != tid || a["file_size"] != int64(12) ||
		a["checksum"] != "22596363b3de40b06f981fb85d82312e8c0ed511" || a["mimetype"] != "text/plain" {
		t.Errorf("attachment = %v", a)
	}
	// a note by default; a direct mail.message create keeps its date
	note := mustExec(t, s, "helpdesk.ticket", "message_post", []any{[]any{tid}}, map[string]any{"body": "n"})
	if m, _ := s.Record("mail.message", int64(note.(float64))); !reflect.DeepEqual(m["subtype_id"], []any{int64(2), "Note"}) || m["date"] != "2026-11-24 15:42:08" {
		t.Errorf("default post = %v", m)
	}
	direct := mustExec(t, s, "mail.message", "create", []any{map[string]any{"model": "helpdesk.ticket", "res_id": tid, "body": "old",
		"date": "2019-05-06 07:08:09", "author_id": cust, "message_type": "email"}}, nil)
	ticket, _ := s.Record("helpdesk.ticket", tid)
	if ids := ticket["message_ids"].([]int64); len(ids) != 3 || ids[0] != int64(direct.(float64)) {
		t.Errorf("message_ids = %v, want 3 messages, newest id first", ids)
	}
	// over the wire, a ticket gets its creation message, its creator and
	// its assignee as followers, and stage changes are tracked
	wid := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "wire", "team_id": team, "user_id": 2}}, nil)
	newStage, _ := s.Create("helpdesk.stage", map[string]any{"name": "Later", "sequence": 50})
	mustExec(t, s, "helpdesk.ticket", "write", []any{[]any{wid}, map[string]any{"stage_id": newStage}}, nil)
	msgs := mustExec(t, s, "mail.message", "search_read", []any{[]any{[]any{"model", "=", "helpdesk.ticket"}, []any{"res_id", "=", wid}}},
		map[string]any{"fields": []any{"message_type", "subtype_id", "tracking_value_ids"}, "order": "id"}).([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["subtype_id"].([]any)[1] != "Ticket Created" || len(msgs[1].(map[string]any)["tracking_value_ids"].([]any)) != 1 {
		t.Errorf("wire ticket messages = %v", msgs)
	}
	if w, _ := s.Record("helpdesk.ticket", int64(wid.(float64))); !reflect.DeepEqual(w["message_partner_ids"], []int64{3}) {
		t.Errorf("wire ticket followers = %v, want the admin's partner", w["message_partner_ids"])
	}
	quiet := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "quiet", "team_id": team}},
		map[string]any{"context": map[string]any{"mail_create_nolog": true, "mail_create_nosubscribe": true}})
	if q, _ := s.Record("helpdesk.ticket", int64(quiet.(float64))); len(q["message_ids"].([]int64)) != 0 || len(q["message_follower_ids"].([]int64)) != 0 {
		t.Errorf("mail_create_nolog ticket = %v %v", q["message_ids"], q["message_follower_ids"])
	}
	mustExec(t, s, "helpdesk.ticket", "message_subscribe", []any{[]any{tid}}, map[string]any{"partner_ids": []any{cust}})
	mustExec(t, s, "helpdesk.ticket", "message_subscribe", []any{[]any{tid}}, map[string]any{"partner_ids": []any{cust}})
	fol := mustExec(t, s, "mail.followers", "search_read", []any{[]any{[]any{"res_model", "=", "helpdesk.ticket"}, []any{"res_id", "=", tid}}},
		map[string]any{"fields": []any{"partner_id", "name", "email", "subtype_ids"}}).([]any)
	// the admin follows from its message_post (Odoo subscribes the poster)
	if len(fol) != 2 || fol[1].(map[string]any)["name"] != "Customer" {
		t.Errorf("followers = %v, want the admin and Customer", fol)
	}
	ticket, _ = s.Record("helpdesk.ticket", tid)
	if !reflect.DeepEqual(ticket["message_partner_ids"], []int64{3, cust}) {
		t.Errorf("message_partner_ids = %v", ticket["message_partner_ids"])
	}
	// unlinking the ticket removes its chatter
	mustExec(t, s, "helpdesk.ticket", "unlink", []any{[]any{tid}}, nil)
	if n := s.Count("mail.message", domain.And(domain.Eq("model", "helpdesk.ticket"), domain.Eq("res_id", tid))); n != 0 {
		t.Errorf("%d messages left after unlink", n)
	}
}

func TestReadOnlyUser(t *testing.T) {
	s := NewServer(WithFlavor(OCA), WithUser("viewer", "pw"), WithReadOnly("viewer", "helpdesk.ticket"))
	defer s.Close()
	uid := s.UserID("viewer")
	call := func(model, method string, args []any) map[string]any {
		_, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
			"args": []any{s.Database(), uid, "pw", model, method, args, map[string]any{}}}, "")
		return e
	}
	if e := call("helpdesk.ticket", "create", []any{map[string]any{"name": "x", "description": "y"}}); errName(e) != excAccessError {
		t.Errorf("create = %v, want AccessError", e)
	}
	if e := call("helpdesk.ticket", "search_read", []any{[]any{}}); e != nil {
		t.Errorf("search_read = %v, want allowed", e)
	}
	if e := call("res.partner", "create", []any{map[string]any{"name": "x"}}); e != nil {
		t.Errorf("create on another model = %v, want allowed", e)
	}
}

func TestRegisterModel(t *testing.T) {
	s := NewServer(WithFlavor(NoHelpdesk))
	defer s.Close()
	err := s.RegisterModel(Model{Name: "x_task", Description: "Task", Inherit: []string{"mail.thread"}, Order: "priority desc, id", Fields: []Field{
		{Name: "name", Type: TypeChar, Required: true},
		{Name: "priority", Type: TypeInteger},
		{Name: "partner_id", Type: TypeMany2one, Relation: "res.partner"},
		{Name: "state", Type: TypeSelection, Selection: [][2]string{{"todo", "To Do"}, {"done", "Done"}}, Default: "todo"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RegisterModel(Model{Name: "x_task"}); err == nil {
		t.Error("registering a model twice succeeded")
	}
	if err := s.RegisterModel(Model{Name: "x_bad", Fields: []Field{{Name: "p", Type: TypeMany2one, Relation: "nope"}}}); err == nil {
		t.Error("a relation to an unknown model was accepted")
	}
	a := mustExec(t, s, "x_task", "create", []any{map[string]any{"name": "low", "priority": 1}}, nil)
	b := mustExec(t, s, "x_task", "create", []any{map[string]any{"name": "high", "priority": 5}}, nil)
	if got := idsOf(t, mustExec(t, s, "x_task", "search_read", []any{[]any{}}, nil)); !reflect.DeepEqual(got, []float64{b.(float64), a.(float64)}) {
		t.Errorf("default order = %v", got)
	}
	if rec, _ := s.Record("x_task", int64(a.(float64))); rec["state"] != "todo" {
		t.Errorf("default state = %v", rec["state"])
	}
	mustExec(t, s, "x_task", "message_post", []any{[]any{a}}, map[string]any{"body": "x"})
	if n := mustExec(t, s, "ir.model", "search_count", []any{[]any{[]any{"model", "=", "x_task"}}}, nil); n != 1.0 {
		t.Errorf("ir.model lists x_task %v times", n)
	}
}

func TestDemoDataShapes(t *testing.T) {
	for _, fl := range []Flavor{Enterprise, OCA} {
		t.Run(string(fl), func(t *testing.T) {
			clk := &fixedClock{t: epoch}
			s := NewServer(WithFlavor(fl), WithDemoData(), WithClock(clk.now))
			defer s.Close()
			s2 := NewServer(WithFlavor(fl), WithDemoData(), WithClock(clk.now))
			defer s2.Close()
			teamModel, stageModel := "helpdesk.team", "helpdesk.stage"
			if fl == OCA {
				teamModel, stageModel = "helpdesk.ticket.team", "helpdesk.ticket.stage"
			}
			counts := map[string][2]int{
				teamModel: {3, 3}, stageModel: {5, 6}, "helpdesk.ticket": {45, 55}, "mail.message": {60, 200},
				"mail.followers": {50, 150}, "ir.attachment": {3, 20}, "res.partner": {10, 40},
			}
			if fl == Enterprise {
				counts["helpdesk.sla"] = [2]int{4, 4}
				counts["helpdesk.sla.status"] = [2]int{20, 100}
			}
			for model, rng := range counts {
				n := int(s.Count(model, domain.Domain{}))
				if n < rng[0] || n > rng[1] {
					t.Errorf("%s: %d records, want %d..%d", model, n, rng[0], rng[1])
				}
			}
			// deterministic: two servers with the same clock hold the same data
			for _, id := range []int64{1, 17, 42} {
				a, _ := s.Record("helpdesk.ticket", id)
				b, _ := s2.Record("helpdesk.ticket", id)
				if !reflect.DeepEqual(a, b) {
					t.Errorf("ticket %d differs between two demo servers", id)
				}
			}
			// closed stages are folded, and some tickets sit in them
			closed := s.Count("helpdesk.ticket", domain.Eq("stage_id.fold", true))
			if closed == 0 {
				t.Error("no ticket in a folded stage")
			}
		})
	}
}

func TestAnyOperatorByVersion(t *testing.T) {
	for _, v := range []int{16, 17, 18, 19} {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			s := NewServer(WithVersion(fmt.Sprintf("%d.0", v)), WithFlavor(NoHelpdesk))
			defer s.Close()
			p := partnerWorld(t, s)
			res, e := executeKw(t, s, "res.partner", "search_read", []any{[]any{[]any{"child_ids", "any", []any{[]any{"name", "=", "Bob"}}}}}, map[string]any{"fields": []any{"name"}})
			if v < 17 {
				if errName(e) != excTypeError {
					t.Errorf("any on Odoo %d = %v, %v; want TypeError", v, res, e)
				}
				return
			}
			if e != nil || !reflect.DeepEqual(idsOf(t, res), ids64(p["Acme"])) {
				t.Errorf("any on Odoo %d = %v, %v; want [Acme]", v, res, e)
			}
		})
	}
}

func TestServerHidesSecrets(t *testing.T) {
	var logs strings.Builder
	s := NewServer(WithUser("u", "pa55word"), WithAPIKey("u", "k3y-value"), WithOAuth2Client("c", "s3cret"),
		WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	defer s.Close()
	if _, e := rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
		"args": []any{s.Database(), s.UserID("u"), "pa55word", "res.partner", "search_count", []any{[]any{}}}}, ""); e != nil {
		t.Fatal(e)
	}
	if !strings.Contains(logs.String(), "search_count") {
		t.Errorf("the call was not logged: %q", logs.String())
	}
	for _, out := range []string{logs.String(), fmt.Sprintf("%v %+v %#v %s", s, s, s, s)} {
		for _, secret := range []string{"pa55word", "k3y-value", "s3cret", DefaultPassword + `"`, DefaultAPIKey} {
			if strings.Contains(out, secret) {
				t.Errorf("%q appears in %q", secret, out)
			}
		}
	}
}

func TestAddFieldsAndUnlink(t *testing.T) {
	s := NewServer(WithFlavor(Enterprise))
	defer s.Close()
	if err := s.AddFields("helpdesk.ticket", Field{Name: "x_source_ref", Type: TypeChar, String: "Source"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFields("helpdesk.ticket", Field{Name: "x_source_ref", Type: TypeChar}); err == nil {
		t.Error("adding a field twice succeeded")
	}
	if err := s.AddFields("nope", Field{Name: "x", Type: TypeChar}); err == nil {
		t.Error("adding a field to an unknown model succeeded")
	}
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	id := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "x", "team_id": team, "x_source_ref": "src-1"}}, nil)
	found := mustExec(t, s, "helpdesk.ticket", "search", []any{[]any{[]any{"x_source_ref", "=", "src-1"}}}, nil)
	if !reflect.DeepEqual(found, []any{id}) {
		t.Errorf("search by the new field = %v, want [%v]", found, id)
	}
	if err := s.Unlink("helpdesk.ticket", []int64{int64(id.(float64))}); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlink("helpdesk.ticket", []int64{int64(id.(float64))}); err == nil {
		t.Error("unlinking twice succeeded")
	}
}

func TestWriteRollback(t *testing.T) {
	s := NewServer(WithFlavor(OCA))
	defer s.Close()
	a, _ := s.Create("helpdesk.ticket", map[string]any{"name": "a", "description": "x"})
	b, _ := s.Create("helpdesk.ticket", map[string]any{"name": "b", "description": "x"})
	_, e := executeKw(t, s, "helpdesk.ticket", "write", []any{[]any{a, b}, map[string]any{"name": "changed", "tag_ids": []any{[]any{0, 0, map[string]any{"name": "new tag"}}, []any{4, 999, 0}}}}, nil)
	if errName(e) != excValidation {
		t.Fatalf("write = %v, want ValidationError (foreign key)", e)
	}
	for _, id := range []int64{a, b} {
		if rec, _ := s.Record("helpdesk.ticket", id); rec["name"] == "changed" || len(rec["tag_ids"].([]int64)) != 0 {
			t.Errorf("ticket %d kept part of a failed write: %v %v", id, rec["name"], rec["tag_ids"])
		}
	}
	if n := s.Count("helpdesk.ticket.tag", domain.Domain{}); n != 0 {
		t.Errorf("%d tags survive the rolled-back write", n)
	}
}
