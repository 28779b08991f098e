package helpdesk

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// floatNumbers rewrites a JSON-RPC reply whose result is a list of
// records as some servers send them: every integer in the records a
// float (ids 7.0, colors 3.0, many2ones [5.0, "T"]), in lists every other
// one ([1.0, 2, 3.0]). Other replies (a login, search's ids) are left as
// they are.
func floatNumbers(b []byte) []byte {
	var env map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if d.Decode(&env) != nil {
		return b
	}
	recs, ok := env["result"].([]any)
	if !ok || len(recs) == 0 {
		return b
	}
	for _, r := range recs {
		if _, ok := r.(map[string]any); !ok {
			return b
		}
	}
	floatify(recs, true)
	out, err := json.Marshal(env)
	if err != nil {
		return b
	}
	return out
}

func floatify(v any, conv bool) any {
	switch x := v.(type) {
	case json.Number:
		if conv && !strings.ContainsAny(string(x), ".eE") {
			return json.Number(string(x) + ".0")
		}
	case []any:
		for i := range x {
			x[i] = floatify(x[i], i%2 == 0)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = floatify(e, true)
		}
	}
	return v
}

// floatClient is a JSON-RPC client of srv whose record replies come
// through floatNumbers; n counts the replies it changed.
func floatClient(t testing.TB, srv *odootest.Server, n *atomic.Int64) *odoo.Client {
	t.Helper()
	rt := rewriteReplies{rt: srv.Client().Transport, fn: func(b []byte) []byte {
		out := floatNumbers(b)
		if !bytes.Equal(out, b) {
			n.Add(1)
		}
		return out
	}}
	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword), odoo.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordsSeen is every kind of record a Service reads besides tickets.
type recordsSeen struct {
	Flavor             Flavor
	Teams              []Team
	Stages, TeamStages []Stage
	Types              []TicketType
	Tags               []Tag
	SLAs, TeamSLAs     []SLA
	Statuses           []SLAStatus
	Messages           []Message
	Followers          []Follower
	Attachments        []Attachment
	Content            []byte
	MissingTickets     []int64
	Unsupported        []string
}

// seeAll reads every kind through hd's public services; a kind the
// flavor lacks is noted in Unsupported.
func seeAll(t *testing.T, hd *Service, team, ticket int64) recordsSeen {
	t.Helper()
	ctx := context.Background()
	var s recordsSeen
	see := func(what string, read func() error) {
		t.Helper()
		if err := read(); errors.Is(err, deskbridge.ErrUnsupported) {
			s.Unsupported = append(s.Unsupported, what)
		} else if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	see("Detect", func() (err error) { s.Flavor, err = Detect(ctx, hd.Client()); return })
	see("Teams", func() (err error) { s.Teams, err = hd.Teams.List(ctx); return })
	see("Stages", func() (err error) { s.Stages, err = hd.Stages.List(ctx, 0); return })
	see("TeamStages", func() (err error) { s.TeamStages, err = hd.Stages.List(ctx, team); return })
	see("Types", func() (err error) { s.Types, err = hd.Types.List(ctx); return })
	see("Tags", func() (err error) { s.Tags, err = hd.Tags.List(ctx); return })
	see("SLAs", func() (err error) { s.SLAs, err = hd.SLAs.List(ctx, 0); return })
	see("TeamSLAs", func() (err error) { s.TeamSLAs, err = hd.SLAs.List(ctx, team); return })
	see("Statuses", func() (err error) { s.Statuses, err = hd.SLAStatus.ForTicket(ctx, ticket); return })
	see("Messages", func() (err error) { s.Messages, err = hd.Messages.List(ctx, ticket); return })
	see("Followers", func() (err error) { s.Followers, err = hd.Followers.List(ctx, ticket); return })
	see("Attachments", func() (err error) { s.Attachments, err = hd.Attachments.List(ctx, ticket); return })
	if len(s.Attachments) > 0 {
		see("Content", func() (err error) { s.Content, err = hd.Attachments.DownloadBytes(ctx, s.Attachments[0].ID); return })
	}
	see("Missing", func() (err error) { s.MissingTickets, err = hd.Tickets.Missing(ctx, []int64{ticket, 99999}); return })
	return s
}

// chatterOn gives a ticket a message with an attachment and a follower.
func chatterOn(t *testing.T, srv *odootest.Server, ticket int64) {
	t.Helper()
	mk := func(model string, vals map[string]any) int64 {
		id, err := srv.Create(model, vals)
		if err != nil {
			t.Fatalf("%s: %v", model, err)
		}
		return id
	}
	p := mk("res.partner", map[string]any{"name": "Float Follower", "email": "float@example.com"})
	a := mk("ir.attachment", map[string]any{"name": "f.txt", "datas": base64.StdEncoding.EncodeToString([]byte("float data\n")),
		"mimetype": "text/plain", "res_model": "helpdesk.ticket", "res_id": ticket})
	mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": ticket, "body": "<p>hello</p>", "message_type": "comment",
		"author_id": p, "email_from": "float@example.com", "date": "2026-11-24 15:40:58", "attachment_ids": []any{[]any{6, 0, []int64{a}}}})
	mk("mail.followers", map[string]any{"res_model": "helpdesk.ticket", "res_id": ticket, "partner_id": p})
}

// TestRecordsFloatForms (issue 18 item 4): every record kind read with
// its integers as floats (ids 7.0, many2ones [5.0, "T"], id lists
// [1.0, 2]) reads the same as with integers, through the public services,
// on every schema: Enterprise, OCA, OCA with helpdesk_mgmt_sla 17 and 18.
func TestRecordsFloatForms(t *testing.T) {
	type setup struct {
		name               string
		srv                *odootest.Server
		opts               []Option
		team, ticket       int64
		wantSLA, wantTypes bool
	}
	setups := []func(t *testing.T) setup{
		func(t *testing.T) setup {
			e := newEnv(t, odootest.Enterprise, odoo.JSONRPC)
			return setup{"enterprise", e.srv, nil, e.fx.team, e.fx.tickets[0], true, true}
		},
		func(t *testing.T) setup {
			e := newEnv(t, odootest.OCA, odoo.JSONRPC)
			return setup{"oca", e.srv, nil, e.fx.team, e.fx.tickets[0], false, true}
		},
		func(t *testing.T) setup {
			e := newSLAEnv(t, 17, odoo.JSONRPC)
			id := e.ticket(t, e.helpdesk, "1")
			if _, err := e.hd.Client().CallMethod(context.Background(), "helpdesk.sla", "check_sla", []any{}, nil); err != nil {
				t.Fatal(err)
			}
			return setup{"oca-sla-17", e.srv, []Option{withClock(e.clk.Now)}, e.helpdesk, id, true, false}
		},
		func(t *testing.T) setup {
			e := newSLAEnv(t, 18, odoo.JSONRPC)
			return setup{"oca-sla-18", e.srv, []Option{withClock(e.clk.Now)}, e.helpdesk, e.ticket(t, e.helpdesk, "1"), true, false}
		},
	}
	for _, mk := range setups {
		s := mk(t)
		t.Run(s.name, func(t *testing.T) {
			chatterOn(t, s.srv, s.ticket)
			var n atomic.Int64
			var seen []recordsSeen
			for _, c := range []*odoo.Client{newClient(t, s.srv, odoo.JSONRPC), floatClient(t, s.srv, &n)} {
				for _, cached := range []bool{false, true} {
					opts := s.opts
					if cached {
						opts = append(slices.Clone(opts), WithCatalogCache(time.Hour))
					}
					hd, err := New(c, opts...)
					if err != nil {
						t.Fatal(err)
					}
					seen = append(seen, seeAll(t, hd, s.team, s.ticket))
				}
			}
			if n.Load() == 0 {
				t.Fatal("no reply was rewritten")
			}
			w := seen[0]
			for i, g := range seen[1:] {
				if !reflect.DeepEqual(g, w) {
					gv, wv := reflect.ValueOf(g), reflect.ValueOf(w)
					for j := range gv.NumField() {
						if !reflect.DeepEqual(gv.Field(j).Interface(), wv.Field(j).Interface()) {
							t.Errorf("read %d, %s:\n got %+v\nwant %+v", i+1, gv.Type().Field(j).Name, gv.Field(j).Interface(), wv.Field(j).Interface())
						}
					}
				}
			}
			// the fixture exercises every kind the schema has
			if len(w.Teams) == 0 || len(w.Stages) == 0 || len(w.TeamStages) == 0 || len(w.Tags) == 0 || len(w.Messages) == 0 ||
				len(w.Followers) == 0 || len(w.Attachments) == 0 || len(w.Content) == 0 || len(w.MissingTickets) != 1 ||
				(s.wantTypes && len(w.Types) == 0) || (s.wantSLA && (len(w.SLAs) == 0 || len(w.Statuses) == 0)) {
				t.Errorf("the fixture misses a kind: %+v", w)
			}
		})
	}
}

// TestTransferLookupFloatForms: the transfer's destination lookup (by the
// source field) and its reads of the source read float ids as integers: a
// second run finds the ticket the first one made.
func TestTransferLookupFloatForms(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.OCA, odoo.JSONRPC)
	id := e.srcTicket("floats", "New")
	e.chatter(id, 3)
	var n atomic.Int64
	src, err := New(floatClient(t, e.src.srv, &n))
	if err != nil {
		t.Fatal(err)
	}
	if e.cfg.Service, err = New(floatClient(t, e.dst.srv, &n)); err != nil {
		t.Fatal(err)
	}
	first, err := Transfer(e.ctx, src, e.cfg, []int64{id}, nil)
	if err != nil || first.Tickets[0].Status != StatusDone || first.Tickets[0].Attachments.Transferred != 3 || first.Tickets[0].Followers.Transferred == 0 {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	again, err := Transfer(e.ctx, src, e.cfg, []int64{id}, nil)
	if err != nil || again.Tickets[0].Status != StatusSkipped || again.Tickets[0].DestID != first.Tickets[0].DestID {
		t.Fatalf("second run: %+v, %v; want %d skipped", again, err, first.Tickets[0].DestID)
	}
	if n.Load() == 0 {
		t.Fatal("no reply was rewritten")
	}
}

// wantFieldError checks that err is the *odoo.ResponseError of odoo's
// codec naming model.method and the field path.
func wantFieldError(t *testing.T, what string, err error, model, method, field string) {
	t.Helper()
	var re *odoo.ResponseError
	if !errors.As(err, &re) {
		t.Errorf("%s: %v (%T), want an *odoo.ResponseError", what, err, err)
		return
	}
	if re.Model != model || re.Method != method || re.Field != field {
		t.Errorf("%s: %q names %s.%s field %q, want %s.%s field %q", what, err, re.Model, re.Method, re.Field, model, method, field)
	}
}

// TestRecordsWrongShape (issue 18 item 4): a record of the wrong shape is
// an *odoo.ResponseError naming the call and the value, for every kind
// (the row decoder answered a plain error without them).
func TestRecordsWrongShape(t *testing.T) {
	e := newEnv(t, odootest.Enterprise, odoo.JSONRPC)
	ctx := context.Background()
	ticket := e.fx.tickets[0]
	chatterOn(t, e.srv, ticket)
	att, err := e.hd.Attachments.List(ctx, ticket)
	if err != nil || len(att) == 0 {
		t.Fatal(att, err)
	}
	cases := []struct {
		model, method string
		record        map[string]any
		field         string
		call          func() error
	}{
		{"helpdesk.team", "search_read", map[string]any{"id": 1, "name": 5}, "[0].name",
			func() error { _, err := e.hd.Teams.List(ctx); return err }},
		{"helpdesk.stage", "search_read", map[string]any{"id": 1, "name": "S", "sequence": "first"}, "[0].sequence",
			func() error { _, err := e.hd.Stages.List(ctx, 0); return err }},
		{"helpdesk.stage", "search_read", map[string]any{"id": 1, "team_ids": []any{1, "x"}}, "[0].team_ids",
			func() error { _, err := e.hd.Stages.List(ctx, e.fx.team); return err }},
		{"helpdesk.ticket.type", "search_read", map[string]any{"id": 1.5, "name": "T"}, "[0].id",
			func() error { _, err := e.hd.Types.List(ctx); return err }},
		{"helpdesk.tag", "search_read", map[string]any{"id": 1, "name": "T", "color": []any{1}}, "[0].color",
			func() error { _, err := e.hd.Tags.List(ctx); return err }},
		{"helpdesk.sla", "search_read", map[string]any{"id": 1, "team_id": []any{1, 2}}, "[0].team_id",
			func() error { _, err := e.hd.SLAs.List(ctx, 0); return err }},
		{"helpdesk.sla.status", "search_read", map[string]any{"id": 1, "deadline": "yesterday"}, "[0].deadline",
			func() error { _, err := e.hd.SLAStatus.ForTicket(ctx, ticket); return err }},
		{"mail.message", "search_read", map[string]any{"id": 1, "author_id": []any{1, 2}}, "[0].author_id",
			func() error { _, err := e.hd.Messages.List(ctx, ticket); return err }},
		{"mail.followers", "search_read", map[string]any{"id": 1, "partner_id": []any{1, 2}}, "[0].partner_id",
			func() error { _, err := e.hd.Followers.List(ctx, ticket); return err }},
		{"ir.attachment", "search_read", map[string]any{"id": 1, "file_size": 1.5}, "[0].file_size",
			func() error { _, err := e.hd.Attachments.List(ctx, ticket); return err }},
		{"ir.attachment", "read", map[string]any{"id": att[0].ID, "datas": 5}, "[0].datas",
			func() error { _, err := e.hd.Attachments.DownloadBytes(ctx, att[0].ID); return err }},
		{"ir.model", "search_read", map[string]any{"id": 1, "model": 5}, "[0].model",
			func() error { _, err := Detect(ctx, e.client); return err }},
	}
	for _, c := range cases {
		rec := c.record
		e.srv.HandleMethod(c.model, c.method, func(context.Context, odootest.MethodCall) (any, error) {
			return []any{rec}, nil
		})
		wantFieldError(t, c.model+" "+c.field, c.call(), c.model, c.method, c.field)
		e.srv.HandleMethod(c.model, c.method, nil)
	}

	t.Run("oca-sla-17", func(t *testing.T) {
		s := newSLAEnv(t, 17, odoo.JSONRPC)
		id := s.ticket(t, s.helpdesk, "1")
		s.srv.HandleMethod("helpdesk.ticket", "read", func(context.Context, odootest.MethodCall) (any, error) {
			return []any{map[string]any{"id": id, "sla_deadline": 5}}, nil
		})
		_, err := s.hd.SLAStatus.ForTicket(ctx, id)
		wantFieldError(t, "sla_deadline", err, "helpdesk.ticket", "read", "[0].sla_deadline")
	})

	t.Run("transfer lookup", func(t *testing.T) {
		x := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC)
		id := x.srcTicket("wrong", "New")
		x.dst.srv.HandleMethod("helpdesk.ticket", "search_read", func(context.Context, odootest.MethodCall) (any, error) {
			return []any{map[string]any{"id": 1, DefaultSourceRefField: 5}}, nil
		})
		rep, err := Transfer(x.ctx, x.src.hd, x.cfg, []int64{id}, nil)
		if err == nil || rep == nil || len(rep.Tickets) != 1 || len(rep.Tickets[0].Errors) == 0 {
			t.Fatalf("Transfer = %+v, %v; want the ticket failed", rep, err)
		}
		wantFieldError(t, "lookup", rep.Tickets[0].Errors[0].Err, "helpdesk.ticket", "search_read", "[0]."+DefaultSourceRefField)
	})
}
