package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/jarcoal/httpmock"
)

// These tests pin the requests the services send over the REST v2
// add-on to the examples of seed 000 (the Helpdesk REST API reference):
// search_read with domain/fields/limit/offset as JSON strings in the
// query, create with {"values": {...}}, write with {"ids", "values"} and
// [[6, 0, [...]]] tags, unlink with {"ids": [...]}, and /api/v2/call.

type seenRequest struct {
	method, path string
	query        url.Values
	header       http.Header
	body         []byte
}

// restMock answers the token route and, for every other request, the
// reply registered for "METHOD path" ("POST /api/v2/call model.method"
// first for /api/v2/call); it records the requests.
type restMock struct {
	mu      sync.Mutex
	seen    []seenRequest
	replies map[string]string
}

func (m *restMock) respond(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	if r.URL.Path == "/api/v2/authentication/oauth2/token" {
		return httpmock.NewStringResponse(200, `{"access_token":"seed-token","token_type":"Bearer","expires_in":3600,"refresh_token":"seed-refresh"}`), nil
	}
	m.mu.Lock()
	m.seen = append(m.seen, seenRequest{r.Method, r.URL.Path, r.URL.Query(), r.Header.Clone(), body})
	reply, ok := m.replies[r.Method+" "+r.URL.Path]
	var call struct{ Model, Method string }
	if r.URL.Path == "/api/v2/call" && json.Unmarshal(body, &call) == nil {
		if rep, found := m.replies[r.Method+" "+r.URL.Path+" "+call.Model+"."+call.Method]; found {
			reply, ok = rep, true
		}
	}
	m.mu.Unlock()
	if !ok {
		return httpmock.NewStringResponse(404, "<html>no route</html>"), nil
	}
	resp := httpmock.NewStringResponse(200, reply)
	resp.Header.Set("Content-Type", "application/json")
	return resp, nil
}

func (m *restMock) last(t *testing.T) seenRequest {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.seen) != 1 {
		t.Fatalf("%d requests (besides the token), want 1: %+v", len(m.seen), m.seen)
	}
	r := m.seen[0]
	m.seen = nil
	return r
}

func newRESTMock(t *testing.T, flavor Flavor, replies map[string]string) (*Service, *restMock) {
	t.Helper()
	m := &restMock{replies: replies}
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(m.respond)
	c, err := odoo.New("https://itmsgroup.example", odoo.WithProtocol(odoo.RESTv2), odoo.WithDatabase("helpdesk"),
		odoo.WithPassword("user", "pw"), odoo.WithOAuth2Client("cid", "csecret"),
		odoo.WithHTTPClient(&http.Client{Transport: mt}), odoo.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	hd, err := New(c, WithFlavor(flavor))
	if err != nil {
		t.Fatal(err)
	}
	return hd, m
}

func jsonEqual(t *testing.T, what string, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: not JSON: %s", what, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: bad test JSON: %s", what, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s\n got %s\nwant %s", what, got, want)
	}
}

func fieldsJSON(fields []string) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

func TestRESTv2SeedShapes(t *testing.T) {
	ctx := context.Background()
	ticketRow := `{"id":123,"name":"Ticket Subject","description":"<p>Ticket description</p>","team_id":[5,"Support"],` +
		`"stage_id":[2,"In Progress"],"user_id":false,"partner_id":false,"partner_name":"Customer Name",` +
		`"partner_email":"customer@example.com","priority":"1","ticket_type_id":false,"tag_ids":[1,2,3],` +
		`"create_date":"2025-05-06 14:30:00","write_date":"2025-05-06T14:30:00","close_date":false,"ticket_ref":"42"}`
	hd, m := newRESTMock(t, Enterprise, map[string]string{
		"GET /api/v2/search_read/helpdesk.ticket": "[" + ticketRow + "]",
		"GET /api/v2/read/helpdesk.ticket":        "[" + ticketRow + "]",
		"POST /api/v2/create/helpdesk.ticket":     "124",
		"PUT /api/v2/write/helpdesk.ticket":       "true",
		"DELETE /api/v2/unlink/helpdesk.ticket":   "true",
		// Catalog lists read every row: through /api/v2/call, as the GET
		// search_read route pages by default (80) without a limit.
		"POST /api/v2/call helpdesk.team.search_read":        `{"result": [{"id":5,"name":"Support","description":"<p>First line</p>","member_ids":[2]}]}`,
		"POST /api/v2/call helpdesk.stage.search_read":       `{"result": [{"id":2,"name":"In Progress","sequence":1,"fold":false,"team_ids":[5]}]}`,
		"POST /api/v2/call helpdesk.ticket.type.search_read": `{"result": [{"id":1,"name":"Question"}]}`,
		"POST /api/v2/call helpdesk.tag.search_read":         `{"result": [{"id":1,"name":"Hardware","color":3}]}`,
		"POST /api/v2/call helpdesk.sla.search_read":         `{"result": [{"id":1,"name":"4h","team_id":[5,"Support"],"stage_id":[3,"Solved"],"time":4.0,"priority":"2"}]}`,
		"POST /api/v2/call helpdesk.sla.status.search_read":  `{"result": [{"id":9,"sla_id":[1,"4h"],"ticket_id":[123,"Ticket Subject"],"deadline":"2025-05-06 18:30:00","reached_datetime":false,"status":"ongoing"}]}`,
		"POST /api/v2/call":                                  `{"result": 37}`,
	})

	t.Run("get tickets", func(t *testing.T) {
		got, err := hd.Tickets.List(ctx, &TicketListOptions{TeamID: 5, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		r := m.last(t)
		if r.method != "GET" || r.path != "/api/v2/search_read/helpdesk.ticket" {
			t.Errorf("%s %s", r.method, r.path)
		}
		if r.header.Get("Authorization") != "Bearer seed-token" || r.header.Get("DATABASE") != "helpdesk" {
			t.Errorf("headers Authorization %q DATABASE %q", r.header.Get("Authorization"), r.header.Get("DATABASE"))
		}
		want := url.Values{
			"domain": {`[["team_id","=",5]]`},
			"fields": {fieldsJSON(Enterprise.ticketFields())},
			"limit":  {"20"},
			"order":  {"id asc"},
		}
		if !reflect.DeepEqual(r.query, want) {
			t.Errorf("query\n got %v\nwant %v", r.query, want)
		}
		if len(got) != 1 || got[0].ID != 123 || got[0].Team != (odoo.Many2One{ID: 5, Name: "Support"}) ||
			got[0].Priority != PriorityMedium || !equalIDs(got[0].TagIDs, []int64{1, 2, 3}) || got[0].Number != "42" ||
			got[0].CreatedAt.Format("2006-01-02 15:04:05") != "2025-05-06 14:30:00" || got[0].UpdatedAt != got[0].CreatedAt {
			t.Errorf("decoded %+v", got)
		}
		// The next page: offset as a JSON number in the query.
		if _, err := hd.Tickets.List(ctx, &TicketListOptions{TeamID: 5, Limit: 20, Offset: 20}); err != nil {
			t.Fatal(err)
		}
		if q := m.last(t).query; q.Get("offset") != "20" || q.Get("limit") != "20" {
			t.Errorf("page 2 query %v", q)
		}
	})

	t.Run("get a single ticket", func(t *testing.T) {
		if _, err := hd.Tickets.Get(ctx, 123); err != nil {
			t.Fatal(err)
		}
		r := m.last(t)
		want := url.Values{"ids": {"[123]"}, "fields": {fieldsJSON(Enterprise.ticketFields())}}
		if r.method != "GET" || r.path != "/api/v2/read/helpdesk.ticket" || !reflect.DeepEqual(r.query, want) {
			t.Errorf("%s %s %v", r.method, r.path, r.query)
		}
	})

	t.Run("create a ticket", func(t *testing.T) {
		id, err := hd.Tickets.Create(ctx, TicketCreate{
			Name: "Ticket Subject", Description: "<p>Ticket description</p>", TeamID: 5, Priority: PriorityMedium,
			PartnerName: "Customer Name", PartnerEmail: "customer@example.com",
		})
		if err != nil || id != 124 {
			t.Fatalf("Create = %d, %v", id, err)
		}
		r := m.last(t)
		if r.method != "POST" || r.path != "/api/v2/create/helpdesk.ticket" {
			t.Errorf("%s %s", r.method, r.path)
		}
		jsonEqual(t, "create body", r.body, `{"values": {"name": "Ticket Subject", "description": "<p>Ticket description</p>",
			"team_id": 5, "priority": "1", "partner_name": "Customer Name", "partner_email": "customer@example.com"}}`)
	})

	t.Run("update a ticket", func(t *testing.T) {
		if err := hd.Tickets.Update(ctx, 123, TicketUpdate{Name: deskbridge.Ptr("Updated Subject"), StageID: deskbridge.Ptr[int64](2)}); err != nil {
			t.Fatal(err)
		}
		r := m.last(t)
		if r.method != "PUT" || r.path != "/api/v2/write/helpdesk.ticket" {
			t.Errorf("%s %s", r.method, r.path)
		}
		jsonEqual(t, "write body", r.body, `{"ids": [123], "values": {"name": "Updated Subject", "stage_id": 2}}`)

		if err := hd.Tickets.Update(ctx, 123, TicketUpdate{Tags: odoo.Commands{odoo.Set(1, 2, 3)}}); err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "tags body", m.last(t).body, `{"ids": [123], "values": {"tag_ids": [[6, 0, [1, 2, 3]]]}}`)

		if err := hd.Tickets.MoveToStage(ctx, 123, 2); err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "move body", m.last(t).body, `{"ids": [123], "values": {"stage_id": 2}}`)
	})

	t.Run("delete a ticket", func(t *testing.T) {
		if err := hd.Tickets.Delete(ctx, []int64{123}); err != nil {
			t.Fatal(err)
		}
		r := m.last(t)
		if r.method != "DELETE" || r.path != "/api/v2/unlink/helpdesk.ticket" {
			t.Errorf("%s %s", r.method, r.path)
		}
		jsonEqual(t, "unlink body", r.body, `{"ids": [123]}`)
	})

	catalog := []struct {
		name string
		run  func() error
		body string // the /api/v2/call body
	}{
		{"teams", func() error { _, err := hd.Teams.List(ctx); return err },
			`{"model": "helpdesk.team", "method": "search_read", "args": [[]], "kwargs": {"fields": ["id","name","description","member_ids","use_sla"]}}`},
		{"stages", func() error { _, err := hd.Stages.List(ctx, 5); return err },
			`{"model": "helpdesk.stage", "method": "search_read", "args": [[["team_ids","in",[5]]]], "kwargs": {"fields": ["id","name","sequence","fold","team_ids"], "order": "sequence asc, id asc"}}`},
		{"types", func() error { _, err := hd.Types.List(ctx); return err },
			`{"model": "helpdesk.ticket.type", "method": "search_read", "args": [[]], "kwargs": {"fields": ["id","name"]}}`},
		{"tags", func() error { _, err := hd.Tags.List(ctx); return err },
			`{"model": "helpdesk.tag", "method": "search_read", "args": [[]], "kwargs": {"fields": ["id","name","color"]}}`},
		{"slas", func() error { _, err := hd.SLAs.List(ctx, 5); return err },
			`{"model": "helpdesk.sla", "method": "search_read", "args": [[["team_id","=",5]]], "kwargs": {"fields": ["id","name","team_id","stage_id","exclude_stage_ids","time","priority","tag_ids","description"], "order": "id asc"}}`},
		{"sla status", func() error { _, err := hd.SLAStatus.ForTicket(ctx, 123); return err },
			`{"model": "helpdesk.sla.status", "method": "search_read", "args": [[["ticket_id","=",123]]], "kwargs": {"fields": ["id","sla_id","ticket_id","deadline","reached_datetime","status"], "order": "deadline asc, id asc"}}`},
	}
	for _, c := range catalog {
		t.Run(c.name, func(t *testing.T) {
			if err := c.run(); err != nil {
				t.Fatal(err)
			}
			r := m.last(t)
			if r.method != "POST" || r.path != "/api/v2/call" {
				t.Errorf("%s %s, want POST /api/v2/call", r.method, r.path)
			}
			jsonEqual(t, c.name+" body", r.body, c.body)
		})
	}

	t.Run("call form", func(t *testing.T) {
		id, err := hd.Messages.Post(ctx, 123, MessagePost{Body: "<p>Internal note from the API</p>", Internal: true})
		if err != nil || id != 37 {
			t.Fatalf("Post = %d, %v", id, err)
		}
		r := m.last(t)
		if r.method != "POST" || r.path != "/api/v2/call" {
			t.Errorf("%s %s", r.method, r.path)
		}
		jsonEqual(t, "call body", r.body, `{"model": "helpdesk.ticket", "method": "message_post", "args": [[123]],
			"kwargs": {"body": "<p>Internal note from the API</p>", "body_is_html": true, "message_type": "comment", "subtype_xmlid": "mail.mt_note"}}`)

		if _, err := hd.Messages.Post(ctx, 123, MessagePost{Body: "<p>Hi</p>", AttachmentIDs: []int64{7}}); err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "comment body", m.last(t).body, `{"model": "helpdesk.ticket", "method": "message_post", "args": [[123]],
			"kwargs": {"body": "<p>Hi</p>", "body_is_html": true, "message_type": "comment", "subtype_xmlid": "mail.mt_comment", "attachment_ids": [7]}}`)

		if err := hd.Followers.Add(ctx, 123, []int64{3}); err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "subscribe body", m.last(t).body, `{"model": "helpdesk.ticket", "method": "message_subscribe", "args": [[123]], "kwargs": {"partner_ids": [3]}}`)
		if err := hd.Followers.Remove(ctx, 123, []int64{3}); err != nil {
			t.Fatal(err)
		}
		jsonEqual(t, "unsubscribe body", m.last(t).body, `{"model": "helpdesk.ticket", "method": "message_unsubscribe", "args": [[123]], "kwargs": {"partner_ids": [3]}}`)
	})
}

func TestDownloadChecksum(t *testing.T) {
	ctx := context.Background()
	// capture 33: "hello world\n", 12 bytes, sha1 2259...d511
	good := `[{"id":199,"name":"log.txt","datas":"aGVsbG8gd29ybGQK","file_size":12,"checksum":"22596363b3de40b06f981fb85d82312e8c0ed511"}]`
	tests := []struct {
		name  string
		reply string
		want  error
	}{
		{"good", good, nil},
		{"no checksum", `[{"id":199,"name":"log.txt","datas":"aGVsbG8gd29ybGQK","file_size":false,"checksum":false}]`, nil},
		{"bad checksum", `[{"id":199,"name":"log.txt","datas":"aGVsbG8gd29ybGQK","file_size":12,"checksum":"0000000000000000000000000000000000000000"}]`, ErrChecksum},
		{"bad size", `[{"id":199,"name":"log.txt","datas":"aGVsbG8gd29ybGQK","file_size":13,"checksum":false}]`, ErrChecksum},
		{"missing", `[]`, deskbridge.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hd, m := newRESTMock(t, OCA, map[string]string{"GET /api/v2/read/ir.attachment": tt.reply})
			var buf bytes.Buffer
			n, err := hd.Attachments.Download(ctx, 199, &buf)
			r := m.last(t)
			if q := r.query; q.Get("ids") != "[199]" || q.Get("fields") != `["id","name","datas","file_size","checksum"]` {
				t.Errorf("query %v", q)
			}
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				if buf.Len() != 0 {
					t.Errorf("%d bytes written despite the error", buf.Len())
				}
				return
			}
			if err != nil || n != 12 || buf.String() != "hello world\n" {
				t.Errorf("Download = %d, %v, %q", n, err, buf.String())
			}
		})
	}
}
