package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// cannedRecords answers the JSON-RPC search_read of the models it has a
// reply for with that reply, and passes every other request (the login)
// to rt: the benchmark then measures the client and its decoding, not
// the fake server.
type cannedRecords struct {
	rt      http.RoundTripper
	replies map[string][]byte // model -> the whole JSON-RPC reply
}

func (c cannedRecords) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		var req struct {
			Params struct {
				Args []json.RawMessage `json:"args"`
			} `json:"params"`
		}
		if json.Unmarshal(b, &req) == nil && len(req.Params.Args) >= 5 {
			var model, method string
			_ = json.Unmarshal(req.Params.Args[3], &model)
			_ = json.Unmarshal(req.Params.Args[4], &method)
			if reply, ok := c.replies[model]; ok && method == "search_read" {
				return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
					Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(reply))}},
					Body:          io.NopCloser(bytes.NewReader(reply)),
					ContentLength: int64(len(reply)), Request: r}, nil
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	return c.rt.RoundTrip(r)
}

// benchRecords are n records of each kind, as Enterprise 17 answers them.
func benchRecords(n int) map[string][]byte {
	gen := func(rec func(i int) map[string]any) []byte {
		recs := make([]any, n)
		for i := range recs {
			recs[i] = rec(i + 1)
		}
		b, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 1, "result": recs})
		if err != nil {
			panic(err)
		}
		return b
	}
	m2o := func(id int, name string) []any { return []any{id, name} }
	return map[string][]byte{
		"helpdesk.team": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("Team %d", i), "description": "<p>Customer care</p>",
				"member_ids": []int{2, 6, 7}, "use_sla": i%2 == 0}
		}),
		"helpdesk.stage": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("Stage %d", i), "sequence": i, "fold": i%5 == 0, "team_ids": []int{1, 2}}
		}),
		"helpdesk.ticket.type": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("Type %d", i)}
		}),
		"helpdesk.tag": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("Tag %d", i), "color": i % 12}
		}),
		"helpdesk.sla": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("SLA %d", i), "team_id": m2o(1, "Customer Care"),
				"stage_id": m2o(4, "Solved"), "exclude_stage_ids": []int{3}, "time": 4.5, "priority": "2",
				"tag_ids": []int{1, 2}, "description": false}
		}),
		"helpdesk.sla.status": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "sla_id": m2o(i, fmt.Sprintf("SLA %d", i)), "ticket_id": m2o(7, "Printer on fire"),
				"deadline": "2026-11-24 15:40:58", "reached_datetime": false, "status": "ongoing"}
		}),
		"mail.followers": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "partner_id": m2o(i, fmt.Sprintf("Partner %d", i)), "name": fmt.Sprintf("Partner %d", i),
				"email": fmt.Sprintf("partner%d@example.com", i)}
		}),
		"ir.attachment": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "name": fmt.Sprintf("file-%d.pdf", i), "mimetype": "application/pdf", "file_size": 1000 + i,
				"checksum": "3f786850e387550fdab836ed7e6dc881de23001b", "res_model": "helpdesk.ticket", "res_id": 7,
				"create_date": "2026-11-24 15:40:58"}
		}),
		"mail.message": gen(func(i int) map[string]any {
			return map[string]any{"id": i, "body": fmt.Sprintf("<p>message %d</p>", i), "author_id": m2o(3, "Alice"),
				"email_from": "\"Alice\" <alice@example.com>", "date": "2026-11-24 15:40:58", "message_type": "comment",
				"subtype_id": m2o(1, "Discussions"), "attachment_ids": []int{i}}
		}),
	}
}

// BenchmarkRecordsDecode reads 500 records of each kind but tickets
// through the public services (Enterprise flavor, JSON-RPC), the replies
// canned on the client side: the cost is the client's, decoding
// included. Issue 18 item 4: run on a commit before and after the row
// decoder went (BENCHMARKS.md §12); messages were typed in both.
func BenchmarkRecordsDecode(b *testing.B) {
	srv := odootest.NewServer(odootest.WithVersion("17.0"), odootest.WithFlavor(odootest.Enterprise))
	defer srv.Close()
	c, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithHTTPClient(&http.Client{Transport: cannedRecords{rt: srv.Client().Transport, replies: benchRecords(500)}}))
	if err != nil {
		b.Fatal(err)
	}
	hd, err := New(c, WithFlavor(Enterprise))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		read func() (int, error)
	}{
		{"kind=catalog", func() (int, error) { // teams, stages, types, tags: the ticket-form data
			n := 0
			ts, err := hd.Teams.List(ctx)
			n += len(ts)
			if err == nil {
				var ss []Stage
				ss, err = hd.Stages.List(ctx, 0)
				n += len(ss)
			}
			if err == nil {
				var ys []TicketType
				ys, err = hd.Types.List(ctx)
				n += len(ys)
			}
			if err == nil {
				var gs []Tag
				gs, err = hd.Tags.List(ctx)
				n += len(gs)
			}
			return n, err
		}},
		{"kind=slas", func() (int, error) { v, err := hd.SLAs.List(ctx, 0); return len(v), err }},
		{"kind=sla-status", func() (int, error) { v, err := hd.SLAStatus.ForTicket(ctx, 7); return len(v), err }},
		{"kind=followers", func() (int, error) { v, err := hd.Followers.List(ctx, 7); return len(v), err }},
		{"kind=attachments", func() (int, error) { v, err := hd.Attachments.List(ctx, 7); return len(v), err }},
		{"kind=messages", func() (int, error) { v, err := hd.Messages.List(ctx, 7); return len(v), err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			if _, err := bc.read(); err != nil { // log in
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				n, err := bc.read()
				if err != nil || n%500 != 0 || n == 0 {
					b.Fatalf("%d records, %v", n, err)
				}
			}
		})
	}
}
