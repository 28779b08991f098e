package helpdesk

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// benchSource is a source server with n tickets of 20 messages and 2
// attachments each (one posted with a message), shared by the benchmarks.
func benchSource(b *testing.B, n int) (*txEnv, []int64) {
	b.Helper()
	e := newTxEnv(b, odootest.Enterprise, odootest.OCA, odoo.JSONRPC)
	data := bytes.Repeat([]byte("0123456789abcdef"), 1024) // 16 KiB
	ids := make([]int64, n)
	s := e.src
	for i := range ids {
		id := e.srcTicket(fmt.Sprintf("bench %d", i), srcStages[i%2])
		ids[i] = id
		var atts []int64
		for j := 0; j < 2; j++ {
			atts = append(atts, s.mk("ir.attachment", map[string]any{"name": fmt.Sprintf("f%d.bin", j),
				"datas": base64.StdEncoding.EncodeToString(data[:4096*(j+1)]), "res_model": "helpdesk.ticket", "res_id": id}))
		}
		for j := 0; j < 20; j++ {
			author := []string{"alice@example.com", "bob@example.com", "carol@example.com"}[j%3]
			mv := map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": fmt.Sprintf("<p>message %d of ticket %d</p>", j, i),
				"message_type": "comment", "subtype_id": s.subtypeComment, "author_id": s.partners[author],
				"date": fmt.Sprintf("2024-02-01 10:%02d:00", j)}
			if j == 0 {
				mv["attachment_ids"] = []any{[]any{6, 0, []int64{atts[0]}}}
			}
			s.mk("mail.message", mv)
		}
		for _, email := range []string{"alice@example.com", "carol@example.com"} {
			s.mk("mail.followers", map[string]any{"res_model": "helpdesk.ticket", "res_id": id, "partner_id": s.partners[email]})
		}
	}
	return e, ids
}

// BenchmarkTransfer transfers 200 tickets (20 messages, 2 attachments, 2
// followers each) to a fresh destination per iteration: the batched
// Transfer one ticket at a time and several at a time, beside a baseline
// that sends one request per message, follower and attachment through the
// typed services (the way seed 002 does it). The "latency" cases add
// 1 ms to every request of both servers, as a network would.
func BenchmarkTransfer(b *testing.B) {
	const n = 200
	e, ids := benchSource(b, n)
	for _, latency := range []time.Duration{0, time.Millisecond} {
		for _, bc := range []struct {
			name        string
			concurrency int
			baseline    bool
		}{
			{"baseline-per-record", 1, true},
			{"sequential", 1, false},
			{"concurrent-4", 4, false},
			{"concurrent-8", 8, false},
		} {
			name := bc.name
			if latency > 0 {
				name = "latency-1ms/" + name
			}
			b.Run(name, func(b *testing.B) {
				var requests int
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					dst := newSide(b, odootest.OCA, odoo.JSONRPC, dstStages, closing, []string{"alice@example.com", "carol@example.com"})
					if err := dst.srv.AddFields("helpdesk.ticket", odootest.Field{Name: DefaultSourceRefField, Type: odootest.TypeChar}); err != nil {
						b.Fatal(err)
					}
					if _, err := dst.hd.Flavor(e.ctx); err != nil {
						b.Fatal(err)
					}
					cfg := e.cfg
					cfg.Service = dst.hd
					e.src.srv.ResetCalls()
					if latency > 0 {
						for _, s := range []*odootest.Server{e.src.srv, dst.srv} {
							s.InjectFault(odootest.Fault{Kind: fault.Delay, Delay: latency, Times: 1 << 30})
						}
					}
					b.StartTimer()
					if bc.baseline {
						baselineTransfer(b, e.src.hd, dst.hd, ids)
					} else {
						opts := cfg.Options
						opts.Concurrency = bc.concurrency
						rep, err := Transfer(e.ctx, e.src.hd, cfg, ids, &opts)
						if err != nil || rep.Totals.Done != n {
							b.Fatalf("%v %s", err, rep.Summary())
						}
					}
					b.StopTimer()
					requests = len(e.src.srv.Calls()) + len(dst.srv.Calls())
					e.src.srv.ClearFaults()
					dst.srv.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "tickets/s")
				b.ReportMetric(float64(requests)/n, "requests/ticket")
			})
		}
	}
}

// baselineTransfer copies tickets one request per record with the typed
// services: no batching, no idempotency.
func baselineTransfer(b *testing.B, src, dst *Service, ids []int64) {
	ctx := context.Background()
	for _, id := range ids {
		t, err := src.Tickets.Get(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		nid, err := dst.Tickets.Create(ctx, TicketCreate{Name: t.Name, Description: t.Description, Priority: t.Priority,
			PartnerName: t.PartnerName, PartnerEmail: t.PartnerEmail})
		if err != nil {
			b.Fatal(err)
		}
		atts, err := src.Attachments.List(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range atts {
			data, err := src.Attachments.DownloadBytes(ctx, a.ID)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := dst.Attachments.Upload(ctx, nid, AttachmentUpload{Name: a.Name, Content: bytes.NewReader(data)}); err != nil {
				b.Fatal(err)
			}
		}
		msgs, err := src.Messages.List(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range msgs {
			if _, err := dst.create(ctx, "mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": nid, "body": m.Body,
				"message_type": m.Type, "date": m.Date.Format("2006-01-02 15:04:05"), "email_from": m.EmailFrom}); err != nil {
				b.Fatal(err)
			}
		}
		fs, err := src.Followers.List(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			rows, err := searchReadTyped[idName](ctx, dst, "res.partner", domain.EqILike("email", f.Email), []string{"id"}, 0, 1, "")
			if err != nil {
				b.Fatal(err)
			}
			if len(rows) > 0 {
				if err := dst.Followers.Add(ctx, nid, []int64{rows[0].ID}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
