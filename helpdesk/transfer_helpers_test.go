package helpdesk

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// txSide is one server of a transfer test with the records the tests
// name, created with the same names on both sides.
type txSide struct {
	t      testing.TB
	srv    *odootest.Server
	hd     *Service
	flavor odootest.Flavor
	raw    rawNames

	team                        int64
	stages                      map[string]int64
	tags                        map[string]int64
	ticketType                  int64
	partners                    map[string]int64 // by e-mail
	subtypeComment, subtypeNote int64
}

// txEnv is a source and a destination.
type txEnv struct {
	t        testing.TB
	ctx      context.Context
	src, dst *txSide
	cfg      TransferConfig
}

func (s *txSide) mk(model string, vals map[string]any) int64 {
	s.t.Helper()
	id, err := s.srv.Create(model, vals)
	if err != nil {
		s.t.Fatalf("seed %s %v: %v", model, vals, err)
	}
	return id
}

// newSide starts a server and seeds a team, stages, tags, a type and
// partners. stageNames are (name, closing) pairs.
func newSide(t testing.TB, flavor odootest.Flavor, proto odoo.Protocol, stageNames []string, closing map[string]bool, emails []string, opts ...odootest.Option) *txSide {
	t.Helper()
	srv := odootest.NewServer(append([]odootest.Option{odootest.WithFlavor(flavor)}, opts...)...)
	t.Cleanup(srv.Close)
	hd, err := New(newClient(t, srv, proto))
	if err != nil {
		t.Fatal(err)
	}
	s := &txSide{t: t, srv: srv, hd: hd, flavor: flavor, raw: rawFor(flavor), stages: map[string]int64{}, tags: map[string]int64{}, partners: map[string]int64{}}
	tv := map[string]any{"name": "Support"}
	if flavor == odootest.OCA {
		tv["company_id"] = 1
	}
	s.team = s.mk(s.raw.team, tv)
	for i, n := range stageNames {
		v := map[string]any{"name": n, "sequence": i + 1, "fold": closing[n], "team_ids": []any{[]any{6, 0, []int64{s.team}}}}
		if flavor == odootest.OCA {
			v["closed"] = closing[n]
		}
		s.stages[n] = s.mk(s.raw.stage, v)
	}
	for _, n := range []string{"Hardware", "Network"} {
		s.tags[n] = s.mk(s.raw.tag, map[string]any{"name": n})
	}
	s.ticketType = s.mk(s.raw.ticketType, map[string]any{"name": "Question"})
	for _, e := range emails {
		s.partners[e] = s.mk("res.partner", map[string]any{"name": nameOf(e), "email": e})
	}
	s.subtypeComment = srv.Search("mail.message.subtype", domain.Eq("name", "Discussions"))[0]
	s.subtypeNote = srv.Search("mail.message.subtype", domain.Eq("name", "Note"))[0]
	return s
}

func nameOf(email string) string {
	for i, c := range email {
		if c == '@' {
			return string(email[0]-'a'+'A') + email[1:i]
		}
	}
	return email
}

var (
	srcStages = []string{"New", "In Progress", "Solved"}
	dstStages = []string{"New", "Work in progress", "solved"}
	closing   = map[string]bool{"Solved": true, "solved": true}
)

// newTxEnv starts a source of flavor sf and a destination of flavor df
// over proto. alice and carol exist on both; bob only on the source.
func newTxEnv(t testing.TB, sf, df odootest.Flavor, proto odoo.Protocol) *txEnv {
	t.Helper()
	return newTxEnvWith(t, sf, df, proto, txOptions{})
}

// txOptions vary newTxEnvWith's servers.
type txOptions struct {
	src, dst     []odootest.Option // e.g. odootest.WithVersion
	noSourceRef  bool              // do not create x_deskbridge_source on the destination
	dstStageList []string          // destination stages (default dstStages)
}

func newTxEnvWith(t testing.TB, sf, df odootest.Flavor, proto odoo.Protocol, o txOptions) *txEnv {
	t.Helper()
	e := &txEnv{t: t, ctx: context.Background()}
	stages := dstStages
	if o.dstStageList != nil {
		stages = o.dstStageList
	}
	e.src = newSide(t, sf, proto, srcStages, closing, []string{"alice@example.com", "bob@example.com", "carol@example.com"}, o.src...)
	e.dst = newSide(t, df, proto, stages, closing, []string{"alice@example.com", "carol@example.com"}, o.dst...)
	if !o.noSourceRef {
		if err := e.dst.srv.AddFields("helpdesk.ticket", odootest.Field{Name: DefaultSourceRefField, Type: odootest.TypeChar}); err != nil {
			t.Fatal(err)
		}
	}
	e.cfg = TransferConfig{
		Service:      e.dst.hd,
		Name:         "Destination",
		SourceName:   "Source",
		StageMapping: map[string]string{"In Progress": "Work in progress"},
		Options:      TransferOptions{Messages: true, Followers: true, Attachments: true},
	}
	return e
}

// srcTicket creates a source ticket in stage with the fixture's fields.
func (e *txEnv) srcTicket(name, stage string) int64 {
	s := e.src
	return s.mk("helpdesk.ticket", map[string]any{
		"name": name, "description": "<p>" + name + " description</p>", "priority": "2",
		"team_id": s.team, "stage_id": s.stages[stage], s.raw.typeField: s.ticketType,
		"tag_ids":    []any{[]any{6, 0, []int64{s.tags["Hardware"], s.tags["Network"]}}},
		"partner_id": s.partners["alice@example.com"], "partner_name": "Alice", "partner_email": "alice@example.com",
	})
}

// content is deterministic attachment content.
func content(ticket int64, i int) []byte {
	return bytes.Repeat([]byte(fmt.Sprintf("ticket %d file %d\n", ticket, i)), 1+i%7)
}

// chatter gives a source ticket n messages (alternating authors alice,
// bob, carol and types email, comment, notification), n attachments
// (every other one posted with a message) and followers among the
// partners (n capped by the partners there are, unless extra partners
// are made).
func (e *txEnv) chatter(ticket int64, n int) {
	s := e.src
	authors := []string{"alice@example.com", "bob@example.com", "carol@example.com"}
	for i := 0; i < n; i++ {
		a := s.mk("ir.attachment", map[string]any{"name": fmt.Sprintf("file-%d.txt", i),
			"datas": base64.StdEncoding.EncodeToString(content(ticket, i)), "mimetype": "text/plain",
			"res_model": "helpdesk.ticket", "res_id": ticket})
		author := authors[i%3]
		mv := map[string]any{
			"model": "helpdesk.ticket", "res_id": ticket, "body": fmt.Sprintf("<p>message %d</p>", i),
			"message_type": []string{"email", "comment", "notification"}[i%3],
			"subtype_id":   []int64{s.subtypeComment, s.subtypeNote, s.subtypeNote}[i%3],
			"author_id":    s.partners[author], "email_from": fmt.Sprintf("%q <%s>", nameOf(author), author),
			"date": fmt.Sprintf("2024-01-%02d %02d:%02d:00", 1+i/100, (i/60)%24, i%60),
		}
		if i%2 == 0 {
			mv["attachment_ids"] = []any{[]any{6, 0, []int64{a}}}
		}
		s.mk("mail.message", mv)
	}
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("follower%d@example.com", i)
		p, ok := s.partners[email]
		if !ok {
			p = s.mk("res.partner", map[string]any{"name": fmt.Sprintf("Follower %d", i), "email": email})
			s.partners[email] = p
			if i%5 != 4 { // every fifth follower has no partner on the destination
				e.dst.partners[email] = e.dst.mk("res.partner", map[string]any{"name": fmt.Sprintf("Follower %d", i), "email": email})
			}
		}
		s.mk("mail.followers", map[string]any{"res_model": "helpdesk.ticket", "res_id": ticket, "partner_id": p})
	}
}

// calls counts the applied and failed ORM calls of both servers since
// the last reset, and the write calls among them.
func (e *txEnv) calls() (total, writes int, log []string) {
	for _, side := range []*txSide{e.src, e.dst} {
		for _, c := range side.srv.Calls() {
			if c.Model == "" {
				continue // authentication
			}
			total++
			log = append(log, fmt.Sprintf("%s %s.%s", side.flavor, c.Model, c.Method))
			switch c.Method {
			case "create", "write", "unlink", "message_post", "message_subscribe", "message_unsubscribe", "copy":
				writes++
			}
		}
	}
	return total, writes, log
}

func (e *txEnv) resetCalls() {
	e.src.srv.ResetCalls()
	e.dst.srv.ResetCalls()
}

// rec reads a record of side through the server hooks.
func rec(t testing.TB, s *txSide, model string, id int64) map[string]any {
	t.Helper()
	r, ok := s.srv.Record(model, id)
	if !ok {
		t.Fatalf("%s %d does not exist", model, id)
	}
	return r
}

func sha1hex(b []byte) string {
	s := sha1.Sum(b)
	return hex.EncodeToString(s[:])
}

// get returns a record's field decoded into T through its JSON form
// (false reads as the zero value).
func get[T any](t testing.TB, s *txSide, model string, id int64, name string) T {
	t.Helper()
	r := rec(t, s, model, id)
	v, ok := r[name]
	if !ok {
		t.Fatalf("%s %d has no field %s", model, id, name)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if string(b) == "false" || string(b) == "null" {
		return out
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s %d field %s = %s: %v", model, id, name, b, err)
	}
	return out
}

// messagesOf lists a ticket's messages, oldest id first.
func messagesOf(s *txSide, ticket int64) []int64 {
	ids := s.srv.Search("mail.message", domain.And(domain.Eq("model", "helpdesk.ticket"), domain.Eq("res_id", ticket)))
	out := append([]int64(nil), ids...)
	sortIDs(out)
	return out
}

func attachmentsOf(s *txSide, ticket int64) []int64 {
	ids := s.srv.Search("ir.attachment", domain.And(domain.Eq("res_model", "helpdesk.ticket"), domain.Eq("res_id", ticket)))
	out := append([]int64(nil), ids...)
	sortIDs(out)
	return out
}

// followerEmails is the set of a ticket's followers' e-mails.
func followerEmails(t testing.TB, s *txSide, ticket int64) map[string]bool {
	out := map[string]bool{}
	for _, f := range s.srv.Search("mail.followers", domain.And(domain.Eq("res_model", "helpdesk.ticket"), domain.Eq("res_id", ticket))) {
		out[get[string](t, s, "mail.followers", f, "email")] = true
	}
	return out
}
