package odootest

import (
	"reflect"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// The fake's behaviours a ticket transfer relies on (issue 20).

func followers(s *Server, model string, id int64) []int64 {
	var out []int64
	for _, f := range s.Search("mail.followers", domain.And(domain.Eq("res_model", model), domain.Eq("res_id", id))) {
		r, _ := s.Record("mail.followers", f)
		out = append(out, asID(r["partner_id"]))
	}
	return out
}

// message_post subscribes the poster (Odoo's mail.thread.message_post),
// except with mail_create_nosubscribe or for a notification.
func TestMessagePostSubscribesPoster(t *testing.T) {
	s := NewServer(WithFlavor(Enterprise), WithVersion("17.0"))
	defer s.Close()
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "T"})
	tid, _ := s.Create("helpdesk.ticket", map[string]any{"name": "x", "team_id": team})
	post := func(kw map[string]any) {
		kw["body"] = "<p>n</p>"
		kw["body_is_html"] = true
		mustExec(t, s, "helpdesk.ticket", "message_post", []any{[]any{tid}}, kw)
	}
	post(map[string]any{"context": map[string]any{"mail_create_nosubscribe": true}})
	post(map[string]any{"message_type": "notification"})
	if f := followers(s, "helpdesk.ticket", tid); len(f) != 0 {
		t.Errorf("followers %v after quiet posts", f)
	}
	post(map[string]any{"message_type": "comment"})
	if f := followers(s, "helpdesk.ticket", tid); !reflect.DeepEqual(f, []int64{3}) {
		t.Errorf("followers %v, want the admin's partner 3", f)
	}
}

// OdooBot's partner is archived and found by XML id; ir.model.fields
// creates a manual field for the admin only; an auto-assigning team gives
// new tickets without user_id to a member.
func TestTransferSupport(t *testing.T) {
	s := NewServer(WithFlavor(Enterprise), WithUser("agent", "pw"))
	defer s.Close()
	ref := s.Search("ir.model.data", domain.And(domain.Eq("module", "base"), domain.Eq("name", "partner_root")))
	if len(ref) != 1 {
		t.Fatalf("base.partner_root: %v", ref)
	}
	r, _ := s.Record("ir.model.data", ref[0])
	bot, _ := s.Record("res.partner", asID(r["res_id"]))
	if bot["name"] != "OdooBot" || bot["active"] != false {
		t.Errorf("OdooBot = %v", bot)
	}
	model := s.Search("ir.model", domain.Eq("model", "helpdesk.ticket"))[0]
	vals := map[string]any{"name": "x_src", "model_id": model, "state": "manual", "ttype": "char"}
	if _, e := executeKwAs(t, s, "agent", "pw", "ir.model.fields", "create", []any{vals}); errName(e) != excAccessError {
		t.Errorf("agent creating a field: %v", e)
	}
	mustExec(t, s, "ir.model.fields", "create", []any{vals}, nil)
	fields := mustExec(t, s, "helpdesk.ticket", "fields_get", nil, map[string]any{"attributes": []any{"type"}}).(map[string]any)
	if f, ok := fields["x_src"].(map[string]any); !ok || f["type"] != "char" {
		t.Errorf("x_src = %v", fields["x_src"])
	}
	if _, e := executeKw(t, s, "ir.model.fields", "create", []any{map[string]any{"name": "bad", "model_id": model, "ttype": "char"}}, nil); errName(e) != excValidation {
		t.Errorf("a custom field without x_: %v", e)
	}
	team, _ := s.Create("helpdesk.team", map[string]any{"name": "Auto", "auto_assignment": true, "member_ids": []any{[]any{6, 0, []int64{2}}}})
	a := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "a", "team_id": team}}, nil)
	b := mustExec(t, s, "helpdesk.ticket", "create", []any{map[string]any{"name": "b", "team_id": team, "user_id": false}}, nil)
	ra, _ := s.Record("helpdesk.ticket", asID(a))
	rb, _ := s.Record("helpdesk.ticket", asID(b))
	if asID(ra["user_id"]) != 2 || rb["user_id"] != false && rb["user_id"] != nil {
		t.Errorf("auto-assigned %v, explicit false %v", ra["user_id"], rb["user_id"])
	}
}

// executeKwAs is executeKw as another user.
func executeKwAs(t testing.TB, s *Server, login, password, model, method string, args []any) (any, map[string]any) {
	t.Helper()
	uid := s.Search("res.users", domain.Eq("login", login))[0]
	return rpcCall(t, s.URL, "/jsonrpc", map[string]any{"service": "object", "method": "execute_kw",
		"args": []any{s.Database(), uid, password, model, method, args, map[string]any{}}}, "")
}
