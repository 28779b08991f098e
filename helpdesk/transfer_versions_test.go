package helpdesk

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestTransferAcrossVersions transfers from every version odootest
// profiles to every one (16 pairs), Enterprise to Enterprise and to OCA
// alternately: the source's followers stay as they were, message HTML is
// kept, the customer is mapped by e-mail, the assignee stays empty, and
// the history lists the run.
func TestTransferAcrossVersions(t *testing.T) {
	for i, sv := range odootest.Versions {
		for j, dv := range odootest.Versions {
			df := odootest.Enterprise
			if (i+j)%2 == 1 {
				df = odootest.OCA
			}
			t.Run(fmt.Sprintf("%s-to-%s-%s", sv, dv, df), func(t *testing.T) {
				e := newTxEnvWith(t, odootest.Enterprise, df, odoo.JSONRPC, txOptions{
					src: []odootest.Option{odootest.WithVersion(sv)}, dst: []odootest.Option{odootest.WithVersion(dv)}, noSourceRef: true})
				checkVersionTransfer(t, e)
			})
		}
	}
}

func checkVersionTransfer(t *testing.T, e *txEnv) {
	t.Helper()
	id := e.srcTicket("across", "In Progress")
	if err := e.src.srv.Write("helpdesk.ticket", []int64{id}, map[string]any{"user_id": 2}); err != nil {
		t.Fatal(err)
	}
	e.chatter(id, 3)
	html := `<p>Hello <b>world</b> &amp; <a href="https://example.com/x?a=1&amp;b=2">link</a></p>`
	e.src.mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": html,
		"message_type": "comment", "subtype_id": e.src.subtypeComment, "author_id": e.src.partners["alice@example.com"]})
	before := followerIDs(e.src, id)
	hist, err := OpenHistory(filepath.Join(t.TempDir(), "history.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.cfg
	cfg.CreateSourceField = true
	opts := cfg.Options
	opts.Note, opts.CloseOriginal, opts.History = true, true, hist
	rep, err := Transfer(e.ctx, e.src.hd, cfg, []int64{id}, &opts)
	if err != nil {
		t.Fatalf("%v\n%+v", err, rep)
	}
	tt := rep.Tickets[0]
	if after := followerIDs(e.src, id); len(after) != len(before) {
		t.Errorf("source followers %v, were %v", after, before)
	}
	if u := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", tt.DestID, "user_id"); u.ID != 0 {
		t.Errorf("assignee %v, want none", u)
	}
	if p := get[odoo.Many2One](t, e.dst, "helpdesk.ticket", tt.DestID, "partner_id"); p.ID != e.dst.partners["alice@example.com"] {
		t.Errorf("customer %v, want alice by e-mail", p)
	}
	found := false
	for _, m := range messagesOf(e.dst, tt.DestID) {
		found = found || get[string](t, e.dst, "mail.message", m, "body") == html
	}
	if !found {
		t.Errorf("no destination message has the source HTML %s", html)
	}
	for _, w := range tt.Warnings {
		if strings.Contains(w, "field") {
			t.Errorf("warning %q", w)
		}
	}
	recs, err := hist.Records()
	if err != nil || len(recs) != 1 || recs[0].SourceID != id || recs[0].DestID != tt.DestID || recs[0].Status != StatusDone ||
		recs[0].Run == "" || recs[0].Messages.Transferred != tt.Messages.Transferred {
		t.Errorf("history = %+v, %v", recs, err)
	}
}

// TestTransferDoneWhen is issue 20's "done when" on its own: 17 to 18.
func TestTransferDoneWhen(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC, txOptions{
		src: []odootest.Option{odootest.WithVersion("17.0")}, dst: []odootest.Option{odootest.WithVersion("18.0")}})
	checkVersionTransfer(t, e)
}

// countingTransport counts the requests in flight and their maximum.
type countingTransport struct {
	rt       http.RoundTripper
	cur, max atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	n := c.cur.Add(1)
	defer c.cur.Add(-1)
	for {
		m := c.max.Load()
		if n <= m || c.max.CompareAndSwap(m, n) {
			break
		}
	}
	// A cancelled request is still sent to its end and its reply awaited
	// before the cancellation is reported: the server has then finished
	// with it when the run returns. Without this, a create cancelled in
	// flight could be applied by the server after the re-run's lookup
	// (a real server goes on with a request whose client left too), which
	// made the re-run create the ticket a second time under load.
	resp, err := c.rt.RoundTrip(r.WithContext(context.WithoutCancel(r.Context())))
	if cerr := r.Context().Err(); cerr != nil {
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return nil, cerr
	}
	return resp, err
}

// TestTransferInterrupted stops a bulk transfer in the middle (its context
// cancelled, as a killed process stops) and runs it again: the re-run
// completes it without a duplicate ticket, message, attachment or
// follower, and the history has both runs. Concurrency stays within its
// bound.
func TestTransferInterrupted(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.OCA, odoo.JSONRPC)
	ct := &countingTransport{rt: e.dst.srv.Client().Transport}
	c, err := odoo.New(e.dst.srv.URL, odoo.WithDatabase(e.dst.srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithHTTPClient(&http.Client{Transport: ct}))
	if err != nil {
		t.Fatal(err)
	}
	if e.cfg.Service, err = New(c); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 0; i < 24; i++ {
		id := e.srcTicket(fmt.Sprintf("bulk %d", i), "New")
		e.chatter(id, 2)
		ids = append(ids, id)
	}
	hist, err := OpenHistory(filepath.Join(t.TempDir(), "h.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	var once sync.Once
	opts := e.cfg.Options
	opts.Concurrency, opts.History, opts.Note = 3, hist, true
	opts.Progress = func(p TransferProgress) {
		if p.Done == 7 {
			once.Do(cancel)
		}
	}
	rep, err := Transfer(ctx, e.src.hd, e.cfg, ids, &opts)
	if err == nil || rep.Totals.Done == 0 || rep.Totals.Done == len(ids) {
		t.Fatalf("interrupted run: %v, totals %+v", err, rep.Totals)
	}
	if m := ct.max.Load(); m > 3 {
		t.Errorf("%d destination requests in flight, want at most 3", m)
	}
	opts.Progress = nil
	rep, err = Transfer(e.ctx, e.src.hd, e.cfg, ids, &opts)
	if err != nil || rep.Totals.Failed+rep.Totals.Partial != 0 || rep.Totals.Done+rep.Totals.Skipped != len(ids) {
		t.Fatalf("re-run: %v, totals %+v", err, rep.Totals)
	}
	for _, id := range ids {
		dest := e.dst.srv.Search("helpdesk.ticket", domain.Eq(DefaultSourceRefField, (&transferRun{cfg: TransferConfig{SourceRef: instanceRef(e.src.hd.client)}}).ticketRef(id)))
		if len(dest) != 1 {
			t.Fatalf("ticket %d has %d destination tickets", id, len(dest))
		}
		msgs := map[string]int{}
		for _, m := range messagesOf(e.dst, dest[0]) {
			msgs[get[string](t, e.dst, "mail.message", m, "message_id")]++
		}
		for mid, n := range msgs {
			if n > 1 {
				t.Errorf("ticket %d: message %s copied %d times", id, mid, n)
			}
		}
		if n := len(attachmentsOf(e.dst, dest[0])); n != 2 {
			t.Errorf("ticket %d: %d attachments, want 2", id, n)
		}
	}
	counts, err := hist.Transfers("", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if counts[id] < 1 || counts[id] > 2 {
			t.Errorf("ticket %d transferred %d times in the history", id, counts[id])
		}
	}
}
