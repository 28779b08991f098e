package helpdesk

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// The flavor pairs and protocols of the transfer tests.
var txPairs = [][2]odootest.Flavor{
	{odootest.Enterprise, odootest.Enterprise},
	{odootest.OCA, odootest.Enterprise},
	{odootest.Enterprise, odootest.OCA},
}

func eachPair(t *testing.T, protos []odoo.Protocol, fn func(t *testing.T, e *txEnv)) {
	for _, p := range txPairs {
		for _, proto := range protos {
			t.Run(fmt.Sprintf("%s-to-%s/%s", p[0], p[1], proto), func(t *testing.T) {
				fn(t, newTxEnv(t, p[0], p[1], proto))
			})
		}
	}
}

func TestTransferFidelity(t *testing.T) {
	eachPair(t, testProtocols, func(t *testing.T, e *txEnv) {
		id := e.srcTicket("Printer on fire", "In Progress")
		e.chatter(id, 6)
		rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil)
		if err != nil {
			t.Fatalf("Transfer: %v", err)
		}
		tt := rep.Tickets[0]
		if tt.Status != StatusDone || !tt.Created || tt.DestID == 0 {
			t.Fatalf("ticket = %+v", tt)
		}
		d, s := e.dst, e.src
		dt := func(name string) string { return get[string](t, d, "helpdesk.ticket", tt.DestID, name) }
		for _, f := range []string{"name", "description", "priority", "partner_name", "partner_email"} {
			if got, want := dt(f), get[string](t, s, "helpdesk.ticket", id, f); got != want {
				t.Errorf("%s = %q, want %q", f, got, want)
			}
		}
		if got := get[odoo.Many2One](t, d, "helpdesk.ticket", tt.DestID, "partner_id").ID; got != d.partners["alice@example.com"] {
			t.Errorf("partner_id = %d, want alice %d", got, d.partners["alice@example.com"])
		}
		if got := get[odoo.Many2One](t, d, "helpdesk.ticket", tt.DestID, "team_id").ID; got != d.team {
			t.Errorf("team_id = %d, want %d", got, d.team)
		}
		if got := get[odoo.Many2One](t, d, "helpdesk.ticket", tt.DestID, "stage_id").ID; got != d.stages["Work in progress"] {
			t.Errorf("stage_id = %d, want the mapped stage %d", got, d.stages["Work in progress"])
		}
		if got := get[odoo.Many2One](t, d, "helpdesk.ticket", tt.DestID, d.raw.typeField).ID; got != d.ticketType {
			t.Errorf("type = %d, want %d", got, d.ticketType)
		}
		tags := get[[]int64](t, d, "helpdesk.ticket", tt.DestID, "tag_ids")
		sortIDs(tags)
		if want := []int64{d.tags["Hardware"], d.tags["Network"]}; !equalIDs(tags, want) {
			t.Errorf("tags = %v, want %v", tags, want)
		}
		if got, want := dt(DefaultSourceRefField), instanceRef(e.src.hd.Client())+":"+fmt.Sprint(id); got != want {
			t.Errorf("source ref = %q, want %q", got, want)
		}

		// Messages: same order, dates, types, subtypes, authors (by
		// e-mail; bob is not on the destination: no author, named in the
		// body), bodies and attachments.
		sm, dm := messagesOf(s, id), messagesOf(d, tt.DestID)
		if len(dm) != len(sm) || tt.Messages.Transferred != len(sm) {
			t.Fatalf("destination has %d messages, report %d; source %d", len(dm), tt.Messages.Transferred, len(sm))
		}
		var lastDate string
		for i := range sm {
			smsg := func(f string) string { return get[string](t, s, "mail.message", sm[i], f) }
			dmsg := func(f string) string { return get[string](t, d, "mail.message", dm[i], f) }
			for _, f := range []string{"date", "message_type", "email_from"} {
				if smsg(f) != dmsg(f) {
					t.Errorf("message %d %s = %q, want %q", i, f, dmsg(f), smsg(f))
				}
			}
			if dmsg("date") < lastDate {
				t.Errorf("message %d dated %s before the previous one %s", i, dmsg("date"), lastDate)
			}
			lastDate = dmsg("date")
			if a, b := get[odoo.Many2One](t, s, "mail.message", sm[i], "subtype_id").Name, get[odoo.Many2One](t, d, "mail.message", dm[i], "subtype_id").Name; a != b {
				t.Errorf("message %d subtype %q, want %q", i, b, a)
			}
			author := get[odoo.Many2One](t, d, "mail.message", dm[i], "author_id").ID
			email := []string{"alice@example.com", "bob@example.com", "carol@example.com"}[i%3]
			if want := d.partners[email]; author != want {
				t.Errorf("message %d author %d, want %d (%s)", i, author, want, email)
			}
			wantBody := smsg("body")
			if email == "bob@example.com" {
				wantBody = "<p><strong>Bob &lt;bob@example.com&gt;</strong></p>" + wantBody
			}
			if dmsg("body") != wantBody {
				t.Errorf("message %d body %q, want %q", i, dmsg("body"), wantBody)
			}
			sa, da := get[[]int64](t, s, "mail.message", sm[i], "attachment_ids"), get[[]int64](t, d, "mail.message", dm[i], "attachment_ids")
			if len(sa) != len(da) {
				t.Fatalf("message %d has %d attachments, want %d", i, len(da), len(sa))
			}
			for j := range sa {
				if get[string](t, s, "ir.attachment", sa[j], "checksum") != get[string](t, d, "ir.attachment", da[j], "checksum") {
					t.Errorf("message %d attachment %d differs", i, j)
				}
			}
		}

		// Attachments: bytes, checksums, names, MIME types.
		sa, da := attachmentsOf(s, id), attachmentsOf(d, tt.DestID)
		if len(da) != len(sa) || tt.Attachments.Transferred != len(sa) {
			t.Fatalf("destination has %d attachments, report %d; source %d", len(da), tt.Attachments.Transferred, len(sa))
		}
		for i := range sa {
			for _, f := range []string{"name", "mimetype", "checksum", "datas"} {
				if a, b := get[string](t, s, "ir.attachment", sa[i], f), get[string](t, d, "ir.attachment", da[i], f); a != b {
					t.Errorf("attachment %d %s = %.40q, want %.40q", i, f, b, a)
				}
			}
			raw, _ := base64.StdEncoding.DecodeString(get[string](t, d, "ir.attachment", da[i], "datas"))
			if sha1hex(raw) != get[string](t, s, "ir.attachment", sa[i], "checksum") {
				t.Errorf("attachment %d: content does not match the source checksum", i)
			}
		}

		// Followers: those with a partner of the same e-mail.
		want := map[string]bool{}
		skipped := 0
		for email := range followerEmails(t, s, id) {
			if d.partners[email] != 0 {
				want[email] = true
			} else {
				skipped++
			}
		}
		got := followerEmails(t, d, tt.DestID)
		if len(got) != len(want) || tt.Followers.Transferred != len(want) || tt.Followers.Skipped != skipped || skipped == 0 {
			t.Errorf("followers %v (report %+v), want %v and %d skipped", got, tt.Followers, want, skipped)
		}
		for e := range want {
			if !got[e] {
				t.Errorf("follower %s missing", e)
			}
		}
	})
}

func TestTransferStageMapping(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.OCA, odoo.JSONRPC)
	mapped := e.srcTicket("mapped", "In Progress") // mapping hit
	same := e.srcTicket("same name", "New")        // no entry: same name
	folded := e.srcTicket("case", "Solved")        // only "solved" on the destination
	stageOf := func(rep *TransferReport, i int) int64 {
		return get[odoo.Many2One](t, e.dst, "helpdesk.ticket", rep.Tickets[i].DestID, "stage_id").ID
	}

	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{mapped, same, folded}, &TransferOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := stageOf(rep, 0); got != e.dst.stages["Work in progress"] {
		t.Errorf("mapped stage = %d, want %d", got, e.dst.stages["Work in progress"])
	}
	if got := stageOf(rep, 1); got != e.dst.stages["New"] {
		t.Errorf("same-name stage = %d, want %d", got, e.dst.stages["New"])
	}
	if got := stageOf(rep, 2); got == e.dst.stages["solved"] {
		t.Errorf("case-sensitive mapping matched %q to \"solved\"", "Solved")
	}
	if w := strings.Join(rep.Tickets[2].Warnings, ";"); !strings.Contains(w, `stage "Solved" has no match`) {
		t.Errorf("warnings = %q, want the stage miss", w)
	}
	if len(rep.Tickets[0].Warnings)+len(rep.Tickets[1].Warnings) != 0 {
		t.Errorf("unexpected warnings: %v %v", rep.Tickets[0].Warnings, rep.Tickets[1].Warnings)
	}

	// With the fold switch, a mapping key and a stage name match in any
	// case; a fresh source ref makes new tickets.
	cfg := e.cfg
	cfg.StageMappingFold = true
	cfg.SourceRef = "folded"
	cfg.StageMapping = map[string]string{"in progress": "WORK IN PROGRESS"}
	rep, err = Transfer(e.ctx, e.src.hd, cfg, []int64{mapped, folded}, &TransferOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := stageOf(rep, 0); got != e.dst.stages["Work in progress"] {
		t.Errorf("folded mapping: stage = %d, want %d", got, e.dst.stages["Work in progress"])
	}
	if got := stageOf(rep, 1); got != e.dst.stages["solved"] {
		t.Errorf("folded same name: stage = %d, want %d", got, e.dst.stages["solved"])
	}
}

func TestTransferCloseOriginalAndNotes(t *testing.T) {
	eachPair(t, []odoo.Protocol{odoo.WebSession}, func(t *testing.T, e *txEnv) {
		id := e.srcTicket("Close me", "In Progress")
		e.chatter(id, 2)
		opts := e.cfg.Options
		opts.CloseOriginal, opts.Note, opts.NoteText, opts.RecordHistory = true, true, "Moved to the <EU> desk", true
		rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
		if err != nil {
			t.Fatal(err)
		}
		tt := rep.Tickets[0]
		if !tt.Closed || !tt.NotePosted || tt.Status != StatusDone {
			t.Fatalf("ticket = %+v", tt)
		}
		if got := get[odoo.Many2One](t, e.src, "helpdesk.ticket", id, "stage_id").ID; got != e.src.stages["Solved"] {
			t.Errorf("source stage = %d, want the closing stage %d", got, e.src.stages["Solved"])
		}
		last := func(s *txSide, ticket int64, back int) string {
			ms := messagesOf(s, ticket)
			return get[string](t, s, "mail.message", ms[len(ms)-1-back], "body")
		}
		dn := last(e.dst, tt.DestID, 0)
		if !strings.Contains(dn, "Transferred from Source") || !strings.Contains(dn, "model=helpdesk.ticket&amp;view_type=form") ||
			!strings.Contains(dn, "Moved to the &lt;EU&gt; desk") {
			t.Errorf("destination note = %q", dn)
		}
		sn, hist := last(e.src, id, 1), last(e.src, id, 0)
		if !strings.Contains(sn, fmt.Sprintf("Transferred to Destination, ticket #%d", tt.DestID)) || !strings.Contains(sn, "Closed: moved to stage Solved") {
			t.Errorf("source note = %q", sn)
		}
		if !strings.Contains(hist, "Transfer to Destination: done") || !strings.Contains(hist, "messages 2 copied") {
			t.Errorf("history note = %q", hist)
		}

		// A second run posts, closes and copies nothing: the notes and
		// the history are not taken for messages to copy.
		e.resetCalls()
		rep, err = Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, writes, log := e.calls(); writes != 0 || rep.Tickets[0].Status != StatusSkipped {
			t.Errorf("second run: %d writes, status %s; calls %v", writes, rep.Tickets[0].Status, log)
		}
	})
}

func TestTransferDryRun(t *testing.T) {
	eachPair(t, []odoo.Protocol{odoo.JSON2}, func(t *testing.T, e *txEnv) {
		id := e.srcTicket("Dry", "In Progress")
		e.chatter(id, 5)
		opts := e.cfg.Options
		opts.DryRun, opts.CloseOriginal, opts.Note, opts.RecordHistory = true, true, true, true
		before := e.dst.srv.Count("helpdesk.ticket", domain.Domain{})
		e.resetCalls()
		dry, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
		if err != nil {
			t.Fatal(err)
		}
		total, writes, log := e.calls()
		if writes != 0 || total == 0 {
			t.Fatalf("dry run sent %d writes of %d calls: %v", writes, total, log)
		}
		if n := e.dst.srv.Count("helpdesk.ticket", domain.Domain{}); n != before {
			t.Errorf("destination tickets %d -> %d", before, n)
		}
		if dry.Tickets[0].Status != StatusPlanned || !dry.DryRun || dry.Totals.Planned != 1 {
			t.Errorf("dry report = %+v", dry.Tickets[0])
		}
		opts.DryRun = false
		real, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
		if err != nil {
			t.Fatal(err)
		}
		d, r := dry.Tickets[0], real.Tickets[0]
		if d.Messages != r.Messages || d.Followers != r.Followers || d.Attachments != r.Attachments || d.Closed != r.Closed || d.Created != r.Created {
			t.Errorf("dry run planned %+v, the real run did %+v", d, r)
		}
	})
}

func TestTransferRerunCreatesNothing(t *testing.T) {
	eachPair(t, []odoo.Protocol{odoo.JSONRPC, odoo.RESTv2}, func(t *testing.T, e *txEnv) {
		var ids []int64
		for i := 0; i < 3; i++ {
			id := e.srcTicket(fmt.Sprintf("ticket %d", i), "New")
			e.chatter(id, 2*i)
			ids = append(ids, id)
		}
		first, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, nil)
		if err != nil || first.Totals.Done != 3 || first.Totals.Created != 3 {
			t.Fatalf("first run: %v, %s", err, first.Summary())
		}
		counts := func() [3]int {
			return [3]int{int(e.dst.srv.Count("helpdesk.ticket", domain.Domain{})), int(e.dst.srv.Count("mail.message", domain.Domain{})), int(e.dst.srv.Count("ir.attachment", domain.Domain{}))}
		}
		had := counts()
		e.resetCalls()
		second, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, writes, log := e.calls(); writes != 0 {
			t.Errorf("second run sent %d writes: %v", writes, log)
		}
		if second.Totals.Skipped != 3 || counts() != had {
			t.Errorf("second run: %s; records %v -> %v", second.Summary(), had, counts())
		}
		for i, tt := range second.Tickets {
			f := first.Tickets[i]
			if tt.DestID != f.DestID || tt.Messages.Existing != f.Messages.Transferred || tt.Attachments.Existing != f.Attachments.Transferred ||
				tt.Followers.Existing != f.Followers.Transferred {
				t.Errorf("ticket %d: second run %+v after %+v", i, tt, f)
			}
		}
	})
}

func TestTransferResumesAfterFault(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault odootest.Fault
		step  string
		rerun TransferStatus // of the first ticket
	}{
		{"messages refused", odootest.Fault{Model: "mail.message", Method: "create", Kind: fault.OdooError,
			ErrorName: "odoo.exceptions.ValidationError", ErrorMessage: "disk full"}, "messages", StatusDone},
		{"attachments refused", odootest.Fault{Model: "ir.attachment", Method: "create", Kind: fault.Status, Status: 502}, "attachments", StatusDone},
		// the server applied the call but the reply was lost: the re-run
		// finds the followers there and has nothing left to do
		{"followers reply lost", odootest.Fault{Model: "helpdesk.ticket", Method: "message_subscribe", Kind: fault.DropAfter}, "followers", StatusSkipped},
		// the ticket was created but the report could not know it: the
		// re-run finds it by its source reference and fills it
		{"ticket reply lost", odootest.Fault{Model: "helpdesk.ticket", Method: "create", Kind: fault.DropAfter}, "create ticket", StatusDone},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTxEnv(t, odootest.OCA, odootest.Enterprise, odoo.JSONRPC)
			var ids []int64
			for i := 0; i < 3; i++ {
				id := e.srcTicket(fmt.Sprintf("ticket %d", i), "New")
				e.chatter(id, 4)
				ids = append(ids, id)
			}
			e.dst.srv.InjectFault(tc.fault) // hits the first ticket
			rep, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, nil)
			if !errors.Is(err, ErrTransferIncomplete) {
				t.Fatalf("err = %v, want ErrTransferIncomplete", err)
			}
			bad := rep.Tickets[0]
			if len(bad.Errors) != 1 || bad.Errors[0].Step != tc.step {
				t.Fatalf("first ticket = %+v, want one error at %q", bad, tc.step)
			}
			// The report says exactly what was done before the failure.
			switch tc.step {
			case "messages":
				if bad.Status != StatusPartial || bad.Attachments.Transferred != 4 || bad.Messages.Transferred != 0 || bad.Followers.Transferred != 0 {
					t.Errorf("report %+v", bad)
				}
				var oe *odoo.Error
				if !errors.As(bad.Err(), &oe) || oe.Message != "disk full" {
					t.Errorf("cause = %v", bad.Err())
				}
			case "attachments":
				if bad.Status != StatusPartial || bad.Attachments.Transferred != 0 || len(attachmentsOf(e.dst, bad.DestID)) != 0 {
					t.Errorf("report %+v", bad)
				}
			case "followers":
				if bad.Status != StatusPartial || bad.Messages.Transferred != 4 || bad.Followers.Transferred != 0 {
					t.Errorf("report %+v", bad)
				}
			case "create ticket":
				if bad.Status != StatusFailed || bad.DestID != 0 {
					t.Errorf("report %+v", bad)
				}
			}
			if rep.Tickets[1].Status != StatusDone || rep.Tickets[2].Status != StatusDone || rep.Totals.Done != 2 {
				t.Errorf("the other tickets: %s", rep.Summary())
			}
			js, _ := json.Marshal(rep)
			if !strings.Contains(string(js), `"step":"`+tc.step+`"`) {
				t.Errorf("JSON report lacks the step: %s", js)
			}

			again, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, nil)
			if err != nil {
				t.Fatalf("re-run: %v (%s)", err, again.Summary())
			}
			wantSkipped := 2
			if tc.rerun == StatusSkipped {
				wantSkipped = 3
			}
			if again.Tickets[0].Status != tc.rerun || again.Tickets[0].Created || again.Totals.Skipped != wantSkipped {
				t.Errorf("re-run: %s; first %+v", again.Summary(), again.Tickets[0])
			}
			// No duplicates: every ticket once, with the chatter once.
			for _, id := range ids {
				refs := e.dst.srv.Search("helpdesk.ticket", domain.Eq(DefaultSourceRefField, instanceRef(e.src.hd.Client())+":"+fmt.Sprint(id)))
				if len(refs) != 1 {
					t.Fatalf("ticket %d is on the destination %d times", id, len(refs))
				}
				if a, b := len(messagesOf(e.src, id)), len(messagesOf(e.dst, refs[0])); a != b {
					t.Errorf("ticket %d: %d messages, want %d", id, b, a)
				}
				if a, b := len(attachmentsOf(e.src, id)), len(attachmentsOf(e.dst, refs[0])); a != b {
					t.Errorf("ticket %d: %d attachments, want %d", id, b, a)
				}
				if n := len(followerEmails(t, e.dst, refs[0])); n != 4 {
					t.Errorf("ticket %d: %d followers, want 4", id, n)
				}
			}
		})
	}
}

// TestTransferRoundTrips counts the requests of a one-ticket transfer for
// tickets with 0 to 100 messages, followers and attachments: batching
// keeps the count the same.
func TestTransferRoundTrips(t *testing.T) {
	for _, p := range txPairs {
		t.Run(fmt.Sprintf("%s-to-%s", p[0], p[1]), func(t *testing.T) {
			e := newTxEnv(t, p[0], p[1], odoo.JSONRPC)
			opts := e.cfg.Options
			opts.Note, opts.CloseOriginal, opts.RecordHistory = true, true, true
			// the flavors are detected once per Service, not per run
			if _, err := e.src.hd.Flavor(e.ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := e.dst.hd.Flavor(e.ctx); err != nil {
				t.Fatal(err)
			}
			counts := map[int]int{}
			for _, n := range []int{1, 5, 10, 50, 100} {
				id := e.srcTicket(fmt.Sprintf("ticket with %d", n), "New")
				e.chatter(id, n)
				e.resetCalls()
				rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
				if err != nil {
					t.Fatal(err)
				}
				tt := rep.Tickets[0]
				if tt.Messages.Transferred != n || tt.Attachments.Transferred != n || tt.Followers.Transferred+tt.Followers.Skipped != n {
					t.Fatalf("n=%d: %+v", n, tt)
				}
				total, _, log := e.calls()
				counts[n] = total
				t.Logf("n=%d: %d requests: %v", n, total, log)
			}
			for _, n := range []int{5, 10, 50, 100} {
				if counts[n] != counts[1] {
					t.Errorf("requests: %v; want the same count for every size", counts)
					break
				}
			}
		})
	}
}

func TestTransferConcurrent(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.OCA, odoo.JSONRPC)
	var ids []int64
	for i := 0; i < 24; i++ {
		id := e.srcTicket(fmt.Sprintf("ticket %d", i), srcStages[i%2])
		e.chatter(id, i%6)
		ids = append(ids, id)
	}
	var (
		mu    sync.Mutex
		seen  []int
		names = map[int64]bool{}
	)
	opts := e.cfg.Options
	opts.Concurrency = 6
	opts.Progress = func(p TransferProgress) {
		mu.Lock()
		defer mu.Unlock()
		if p.Total != len(ids) {
			t.Errorf("progress total %d", p.Total)
		}
		seen = append(seen, p.Done)
		names[p.Ticket.SourceID] = true
	}
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, &opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Done != len(ids) || len(seen) != len(ids) || len(names) != len(ids) {
		t.Fatalf("%s; progress %v", rep.Summary(), seen)
	}
	for i, d := range seen {
		if d != i+1 {
			t.Fatalf("progress Done = %v, want 1..%d in order", seen, len(ids))
		}
	}
	for i, tt := range rep.Tickets {
		if tt.SourceID != ids[i] {
			t.Fatalf("report order: ticket %d is %d, want %d", i, tt.SourceID, ids[i])
		}
		if n := len(messagesOf(e.dst, tt.DestID)); n != i%6 || tt.Messages.Transferred != n {
			t.Errorf("ticket %d: %d messages on the destination, report %d, want %d", i, n, tt.Messages.Transferred, i%6)
		}
	}
}

func TestTransferValidation(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC)
	id := e.srcTicket("x", "New")
	noService := e.cfg
	noService.Service = nil
	e.resetCalls()
	for name, call := range map[string]func() error{
		"nil src":         func() error { _, err := Transfer(e.ctx, nil, e.cfg, []int64{id}, nil); return err },
		"nil destination": func() error { _, err := Transfer(e.ctx, e.src.hd, noService, []int64{id}, nil); return err },
		"no ids":          func() error { _, err := Transfer(e.ctx, e.src.hd, e.cfg, nil, nil); return err },
		"bad id":          func() error { _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{0}, nil); return err },
		"twice":           func() error { _, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id, id}, nil); return err },
		"concurrency": func() error {
			_, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &TransferOptions{Concurrency: -1})
			return err
		},
		"check no service": func() error { _, err := CheckDestination(e.ctx, noService); return err },
	} {
		var ve *deskbridge.ArgumentError
		if err := call(); !errors.Is(err, deskbridge.ErrInvalidArgument) || !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want a *deskbridge.ArgumentError", name, err)
		}
	}
	if total, _, log := e.calls(); total != 0 {
		t.Errorf("invalid arguments sent requests: %v", log)
	}

	// A missing source ticket fails alone.
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id, 9999}, nil)
	if !errors.Is(err, ErrTransferIncomplete) || rep.Tickets[0].Status != StatusDone || rep.Tickets[1].Status != StatusFailed ||
		!errors.Is(rep.Tickets[1].Err(), deskbridge.ErrNotFound) {
		t.Errorf("err = %v; report %s", err, rep.Summary())
	}

	// No source field on the destination: the run does not start.
	other := newSide(t, odootest.Enterprise, odoo.JSONRPC, dstStages, closing, nil)
	cfg := e.cfg
	cfg.Service = other.hd
	if _, err := Transfer(e.ctx, e.src.hd, cfg, []int64{id}, nil); !errors.Is(err, deskbridge.ErrUnsupported) || !strings.Contains(err.Error(), DefaultSourceRefField) {
		t.Errorf("err = %v, want deskbridge.ErrUnsupported naming %s", err, DefaultSourceRefField)
	}
}

func TestCheckDestination(t *testing.T) {
	for _, f := range testFlavors {
		t.Run(string(f), func(t *testing.T) {
			e := newTxEnv(t, odootest.Enterprise, f, odoo.RESTv2)
			chk, err := CheckDestination(e.ctx, e.cfg)
			if err != nil || !chk.OK() || chk.Flavor != string(f) {
				t.Fatalf("check = %+v, %v", chk, err)
			}
			cfg := e.cfg
			cfg.SourceRefField = "x_missing"
			cfg.StageMapping = map[string]string{"Done": "Finished"}
			cfg.DefaultTeam = "Nobody"
			cfg.ChildPartnerID = e.dst.partners["alice@example.com"]
			cfg.ParentPartnerID = e.dst.partners["carol@example.com"]
			chk, err = CheckDestination(e.ctx, cfg)
			if !errors.Is(err, deskbridge.ErrUnsupported) || chk == nil {
				t.Fatalf("err = %v", err)
			}
			want := []string{"field helpdesk.ticket.x_missing", `stage "Finished" (mapped from "Done")`, `team "Nobody"`, "as the parent of ChildPartnerID"}
			got := strings.Join(chk.Missing, "\n")
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("missing = %q, want it to name %q", got, w)
				}
			}
			bad := e.cfg
			c, err := odoo.New(e.dst.srv.URL, odoo.WithDatabase(e.dst.srv.Database()), odoo.WithPassword("admin", "wrong-secret-pw"), odoo.WithHTTPClient(e.dst.srv.Client()))
			if err != nil {
				t.Fatal(err)
			}
			bad.Service, _ = New(c)
			if _, err := CheckDestination(e.ctx, bad); !errors.Is(err, odoo.ErrAccessDenied) || strings.Contains(err.Error(), "wrong-secret-pw") {
				t.Errorf("bad password: err = %v", err)
			}
		})
	}
}

// TestTransferReportHasNoSecrets: a report of failures, as JSON and as
// errors, names no credential.
func TestTransferReportHasNoSecrets(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSON2)
	id := e.srcTicket("x", "New")
	e.chatter(id, 2)
	e.dst.srv.InjectFault(odootest.Fault{Model: "mail.message", Method: "create", Kind: fault.OdooError,
		ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "no"})
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	js, _ := json.Marshal(rep)
	for _, secret := range []string{odootest.DefaultAPIKey, odootest.DefaultPassword + `"`, odootest.DefaultClientSecret} {
		if strings.Contains(string(js), secret) || strings.Contains(err.Error(), secret) {
			t.Errorf("secret %q in the report or error", secret)
		}
	}
	if !strings.Contains(string(js), `"cause":"odoo.exceptions.AccessError"`) {
		t.Errorf("report JSON lacks the cause: %s", js)
	}
	var back TransferReport
	if err := json.Unmarshal(js, &back); err != nil || back.Totals.Partial != 1 || back.Tickets[0].Duration <= 0 || back.Duration < time.Duration(0) {
		t.Errorf("report does not read back: %v %+v", err, back.Totals)
	}
}

// TestTransferLogs: a tracking log has no body; its copy lists the
// changes from the source's tracking values.
func TestTransferLogs(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.OCA, odoo.WebSession)
	id := e.srcTicket("tracked", "Solved")
	e.src.mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": "", "message_type": "notification",
		"subtype_id": e.src.subtypeNote, "date": "2024-03-01 09:00:00",
		"tracking_value_ids": []any{[]any{0, 0, map[string]any{"field_desc": "Stage", "field_type": "many2one",
			"old_value_char": "New", "new_value_char": "Solved", "old_value_integer": e.src.stages["New"], "new_value_integer": e.src.stages["Solved"]}}}})
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ms := messagesOf(e.dst, rep.Tickets[0].DestID)
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	if got, want := get[string](t, e.dst, "mail.message", ms[0], "body"), "<ul><li>Stage: New → Solved</li></ul>"; got != want {
		t.Errorf("log body = %q, want %q", got, want)
	}
	if got := get[string](t, e.dst, "mail.message", ms[0], "date"); got != "2024-03-01 09:00:00" {
		t.Errorf("log date = %q", got)
	}
}
