package helpdesk

import (
	"errors"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// Regression tests for the defects of issue 20, each on the version
// profile where it was seen.

// followerIDs is the set of a ticket's follower partners.
func followerIDs(s *txSide, ticket int64) map[int64]bool {
	out := map[int64]bool{}
	for _, f := range s.srv.Search("mail.followers", domain.And(domain.Eq("res_model", "helpdesk.ticket"), domain.Eq("res_id", ticket))) {
		r, _ := s.srv.Record("mail.followers", f)
		if p, ok := r["partner_id"].([]any); ok && len(p) > 0 {
			out[asInt64(p[0])] = true
		}
	}
	return out
}

func asInt64(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	case int:
		return int64(n)
	}
	return 0
}

// Defect 1: the transfer notes subscribed the transferring user to the
// source ticket (message_post subscribes the poster), and the next run
// copied that follower to the destination.
func TestTransferKeepsFollowers(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC,
		txOptions{src: []odootest.Option{odootest.WithVersion("17.0")}, dst: []odootest.Option{odootest.WithVersion("18.0")}})
	id := e.srcTicket("followed", "New")
	e.chatter(id, 3)
	before := followerIDs(e.src, id)
	opts := e.cfg.Options
	opts.Note, opts.RecordHistory, opts.CloseOriginal = true, true, true
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
	if err != nil {
		t.Fatal(err)
	}
	dest := rep.Tickets[0].DestID
	if after := followerIDs(e.src, id); len(after) != len(before) {
		t.Errorf("source followers %v after the transfer, were %v", after, before)
	}
	destBefore := followerIDs(e.dst, dest)
	if destBefore[3] {
		t.Errorf("the transferring user (partner 3) follows the destination ticket: %v", destBefore)
	}
	if _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts); err != nil {
		t.Fatal(err)
	}
	if after := followerIDs(e.dst, dest); len(after) != len(destBefore) {
		t.Errorf("destination followers %v after a re-run, were %v", after, destBefore)
	}
}

// Defect 2: the destination ticket got the transferring user as assignee
// (the team auto-assigns) and no customer when the source ticket had a
// partner but no partner_email (OCA over RPC).
func TestTransferAssigneeAndCustomer(t *testing.T) {
	e := newTxEnvWith(t, odootest.OCA, odootest.Enterprise, odoo.JSONRPC,
		txOptions{src: []odootest.Option{odootest.WithVersion("17.0")}, dst: []odootest.Option{odootest.WithVersion("18.0")}})
	if err := e.dst.srv.Write("helpdesk.team", []int64{e.dst.team}, map[string]any{
		"auto_assignment": true, "assign_method": "randomly", "member_ids": []any{[]any{6, 0, []int64{2}}}}); err != nil {
		t.Fatal(err)
	}
	s := e.src
	id := s.mk("helpdesk.ticket", map[string]any{"name": "no e-mail", "description": "<p>d</p>", "team_id": s.team,
		"stage_id": s.stages["New"], "partner_id": s.partners["carol@example.com"], "user_id": 2})
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tt := rep.Tickets[0]
	if u := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", tt.DestID, "user_id"); u.ID != 0 {
		t.Errorf("destination assignee %v, want none", u)
	}
	if p := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", tt.DestID, "partner_id"); p.ID != e.dst.partners["carol@example.com"] {
		t.Errorf("destination customer %v, want carol (%d) by e-mail", p, e.dst.partners["carol@example.com"])
	}
	if !strings.Contains(tt.Mapped["customer"], "by e-mail carol@example.com") || !strings.Contains(tt.Mapped["assignee"], "not in Assignees") {
		t.Errorf("mapped = %v", tt.Mapped)
	}
	// A mapped assignee is kept.
	id2 := s.mk("helpdesk.ticket", map[string]any{"name": "mapped", "description": "<p>d</p>", "team_id": s.team,
		"stage_id": s.stages["New"], "user_id": 2})
	cfg := e.cfg
	cfg.Assignees = map[int64]int64{2: 2}
	rep, err = Transfer(e.ctx, e.src.hd, cfg, []int64{id2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", rep.Tickets[0].DestID, "user_id"); u.ID != 2 {
		t.Errorf("mapped assignee %v, want user 2", u)
	}
}

// Defect 3: authors that are archived partners, OdooBot first, never
// matched.
func TestTransferArchivedAuthors(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC,
		txOptions{src: []odootest.Option{odootest.WithVersion("17.0")}, dst: []odootest.Option{odootest.WithVersion("18.0")}})
	id := e.srcTicket("bots", "New")
	s := e.src
	// OdooBot on the destination has another e-mail: matched by XML id.
	dstBot := e.dst.srv.Search("ir.model.data", domain.Eq("name", "partner_root"))
	botID := get[int64](t, e.dst, "ir.model.data", dstBot[0], "res_id")
	if err := e.dst.srv.Write("res.partner", []int64{botID}, map[string]any{"email": "bot@other.example.com"}); err != nil {
		t.Fatal(err)
	}
	srcBot := get[int64](t, s, "ir.model.data", s.srv.Search("ir.model.data", domain.Eq("name", "partner_root"))[0], "res_id")
	s.mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": "<p>beep</p>",
		"message_type": "notification", "author_id": srcBot, "subtype_id": s.subtypeNote})
	// An archived customer partner on both sides matches by e-mail.
	gone := s.mk("res.partner", map[string]any{"name": "Gone", "email": "gone@example.com", "active": false})
	dstGone := e.dst.mk("res.partner", map[string]any{"name": "Gone", "email": "gone@example.com", "active": false})
	s.mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": "<p>bye</p>",
		"message_type": "comment", "author_id": gone, "email_from": "Gone <gone@example.com>", "subtype_id": s.subtypeComment})
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tt := rep.Tickets[0]
	for _, w := range tt.Warnings {
		if strings.Contains(w, "not on the destination") && strings.Contains(w, "author") {
			t.Errorf("warning %q", w)
		}
	}
	authors := map[string]int64{}
	for _, m := range messagesOf(e.dst, tt.DestID) {
		authors[get[string](t, e.dst, "mail.message", m, "body")] = get[odoo.Many2One](t, e.dst, "mail.message", m, "author_id").ID
	}
	if authors["<p>beep</p>"] != botID || authors["<p>bye</p>"] != dstGone {
		t.Errorf("authors = %v, want OdooBot %d and Gone %d", authors, botID, dstGone)
	}
}

// Defect 4: the notes arrived HTML-escaped on 17+ destinations.
func TestTransferNotesKeepHTML(t *testing.T) {
	for _, v := range []string{"17.0", "18.0", "19.0"} {
		e := newTxEnvWith(t, odootest.OCA, odootest.Enterprise, odoo.JSONRPC,
			txOptions{src: []odootest.Option{odootest.WithVersion(v)}, dst: []odootest.Option{odootest.WithVersion(v)}})
		id := e.srcTicket("html", "New")
		opts := e.cfg.Options
		opts.Note, opts.NoteText = true, "see <EU>"
		rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []struct {
			s  *txSide
			id int64
		}{{e.dst, rep.Tickets[0].DestID}, {e.src, id}} {
			ms := messagesOf(side.s, side.id)
			body := get[string](t, side.s, "mail.message", ms[len(ms)-1], "body")
			if !strings.HasPrefix(body, "<p>Transferred ") || !strings.Contains(body, "<a href=") || !strings.Contains(body, "see &lt;EU&gt;") {
				t.Errorf("%s: note = %q, want HTML", v, body)
			}
		}
	}
}

// Defect 5: the destination needed x_deskbridge_source created by hand.
func TestEnsureSourceField(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.OCA, odoo.JSONRPC,
		txOptions{noSourceRef: true, dst: []odootest.Option{odootest.WithUser("agent", "agent-pw")}})
	id := e.srcTicket("field", "New")
	if _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil); !errors.Is(err, deskbridge.ErrUnsupported) || !strings.Contains(err.Error(), "EnsureSourceField") {
		t.Fatalf("without the field: err = %v, want deskbridge.ErrUnsupported naming EnsureSourceField", err)
	}
	// A user outside the Settings group may not create it.
	c, err := odoo.New(e.dst.srv.URL, odoo.WithDatabase(e.dst.srv.Database()), odoo.WithPassword("agent", "agent-pw"), odoo.WithHTTPClient(e.dst.srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	agent, _ := New(c)
	err = EnsureSourceField(e.ctx, agent, "")
	if !errors.Is(err, odoo.ErrAccess) || !strings.Contains(err.Error(), "base.group_system") || strings.Contains(err.Error(), "agent-pw") {
		t.Errorf("agent: err = %v, want odoo.ErrAccess naming the right", err)
	}
	if err := EnsureSourceField(e.ctx, e.dst.hd, "no_prefix"); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("bad name: err = %v", err)
	}
	// The transfer option creates it (through ir.model.fields), once.
	cfg := e.cfg
	cfg.CreateSourceField = true
	rep, err := Transfer(e.ctx, e.src.hd, cfg, []int64{id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := e.dst.srv.Search("ir.model.fields", domain.Eq("name", DefaultSourceRefField))
	if len(f) != 1 || get[string](t, e.dst, "ir.model.fields", f[0], "ttype") != "char" || get[string](t, e.dst, "ir.model.fields", f[0], "state") != "manual" {
		t.Errorf("ir.model.fields = %v", f)
	}
	if ref := get[string](t, e.dst, "helpdesk.ticket", rep.Tickets[0].DestID, DefaultSourceRefField); !strings.HasSuffix(ref, ":1") {
		t.Errorf("source ref = %q", ref)
	}
	if err := EnsureSourceField(e.ctx, e.dst.hd, ""); err != nil {
		t.Errorf("second EnsureSourceField = %v", err)
	}
}

// Defect 6: CloseOriginal on Enterprise picked the highest folded stage,
// "Cancelled".
func TestTransferCloseStage(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC,
		txOptions{src: []odootest.Option{odootest.WithVersion("17.0")}, dst: []odootest.Option{odootest.WithVersion("18.0")}})
	s := e.src
	cancel := s.mk(s.raw.stage, map[string]any{"name": "Cancelled", "sequence": 99, "fold": true, "team_ids": []any{[]any{6, 0, []int64{s.team}}}})
	wont := s.mk(s.raw.stage, map[string]any{"name": "Won't fix", "sequence": 98, "fold": true, "team_ids": []any{[]any{6, 0, []int64{s.team}}}})
	a, b, c := e.srcTicket("a", "New"), e.srcTicket("b", "New"), e.srcTicket("c", "New")
	opts := e.cfg.Options
	opts.CloseOriginal = true
	if _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{a}, &opts); err != nil {
		t.Fatal(err)
	}
	if st := get[odoo.Many2One](t, s, "helpdesk.ticket", a, "stage_id"); st.ID != s.stages["Solved"] {
		t.Errorf("closed in %v, want Solved (%d), not Cancelled (%d)", st, s.stages["Solved"], cancel)
	}
	opts.CloseStage = StageByName("Won't fix")
	if _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{b}, &opts); err != nil {
		t.Fatal(err)
	}
	if st := get[odoo.Many2One](t, s, "helpdesk.ticket", b, "stage_id"); st.ID != wont {
		t.Errorf("closed in %v, want Won't fix (%d)", st, wont)
	}
	if st, err := e.src.hd.Tickets.Close(e.ctx, c, StageByID(cancel)); err != nil || st.ID != cancel {
		t.Errorf("Close by id = %+v, %v", st, err)
	}
	if _, err := e.src.hd.Tickets.Close(e.ctx, c, StageByName("In Progress")); !errors.Is(err, ErrNoClosingStage) {
		t.Errorf("Close to an open stage: err = %v, want ErrNoClosingStage", err)
	}
	if _, err := e.src.hd.Tickets.Close(e.ctx, c, StageByName("solved")); !errors.Is(err, deskbridge.ErrNotFound) {
		t.Errorf("Close to a stage named with another case: err = %v, want deskbridge.ErrNotFound", err)
	}
	opts.CloseStage = StageByName("Nowhere")
	if _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{c}, &opts); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("unknown close stage: err = %v, want deskbridge.ErrInvalidArgument", err)
	}
}
