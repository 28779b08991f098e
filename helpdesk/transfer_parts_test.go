package helpdesk

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestTransferSkips: a message and an attachment over the limits, an
// attachment batch refused as too large (then sent one by one), and a
// follower without a destination partner are named, counted skips; the
// rest of the ticket is transferred.
func TestTransferSkips(t *testing.T) {
	e := newTxEnv(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC)
	id := e.srcTicket("skips", "New")
	e.chatter(id, 5) // follower4 has no partner on the destination
	s := e.src
	big := s.mk("mail.message", map[string]any{"model": "helpdesk.ticket", "res_id": id, "body": "<p>" + strings.Repeat("x", 5000) + "</p>",
		"message_type": "comment", "subject": "The big one", "subtype_id": s.subtypeComment})
	opts := e.cfg.Options
	opts.MaxMessageBytes, opts.MaxAttachmentBytes = 4000, int64(len(content(id, 3)))-1
	// The first attachment create is refused as too large: the transfer
	// sends them one at a time and skips the one refused again.
	e.dst.srv.InjectFault(odootest.Fault{Model: "ir.attachment", Method: "create", Kind: fault.Status, Status: 413, Times: 2})
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id}, &opts)
	if err != nil {
		t.Fatalf("%v\n%+v", err, rep.Tickets)
	}
	tt := rep.Tickets[0]
	kinds := map[string][]TransferSkip{}
	for _, sk := range tt.Skips {
		kinds[sk.Kind] = append(kinds[sk.Kind], sk)
	}
	if m := kinds["message"]; len(m) != 1 || m[0].SourceID != big || m[0].Name != "The big one" || !strings.Contains(m[0].Reason, "MaxMessageBytes") {
		t.Errorf("message skips %+v", m)
	}
	if f := kinds["follower"]; len(f) != 1 || f[0].Name != "follower4@example.com" {
		t.Errorf("follower skips %+v", f)
	}
	a := kinds["attachment"]
	if len(a) < 2 || !strings.Contains(a[0].Reason, "MaxAttachmentBytes") || !strings.Contains(a[len(a)-1].Reason, "refused by the destination") {
		t.Errorf("attachment skips %+v", a)
	}
	if tt.Messages.Skipped != 1 || tt.Followers.Skipped != 1 || tt.Attachments.Skipped != len(a) ||
		tt.Attachments.Transferred+tt.Attachments.Skipped != 5 || tt.Messages.Transferred != 5 {
		t.Errorf("counts %+v %+v %+v", tt.Messages, tt.Followers, tt.Attachments)
	}
	// An attachment the destination refuses (a deskbridge.ArgumentError of an
	// add-on's rule) is a named skip too; the others are copied.
	id2 := e.srcTicket("refused file", "New")
	e.chatter(id2, 3)
	e.dst.srv.InjectFault(odootest.Fault{Model: "ir.attachment", Method: "create", Kind: fault.OdooError, Times: 2,
		ErrorName: "odoo.exceptions.ValidationError", ErrorMessage: "File type not allowed"})
	rep2, err := Transfer(e.ctx, e.src.hd, e.cfg, []int64{id2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := rep2.Tickets[0].Attachments; c.Transferred != 2 || c.Skipped != 1 || !strings.Contains(rep2.Tickets[0].Skips[0].Reason, "File type not allowed") {
		t.Errorf("refused attachment: %+v %+v", c, rep2.Tickets[0].Skips)
	}
	// With CreatePartners the follower is created and follows.
	cfg := e.cfg
	cfg.CreatePartners = true
	rep, err = Transfer(e.ctx, e.src.hd, cfg, []int64{id}, &opts)
	if err != nil || rep.Tickets[0].Followers.Transferred != 1 || !followerEmails(t, e.dst, tt.DestID)["follower4@example.com"] {
		t.Errorf("CreatePartners: %v %+v", err, rep.Tickets[0].Followers)
	}
}

func TestHistoryFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.jsonl")
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	rep := &TransferReport{Source: "src", Destination: "eu", Tickets: []TicketTransfer{
		{SourceID: 1, DestID: 10, Status: StatusDone, Messages: TransferCounts{Transferred: 3}},
		{SourceID: 2, Status: StatusFailed, Errors: []*TransferStepError{{Step: "create ticket", Err: &odoo.Error{Name: "odoo.exceptions.ValidationError", Message: "no"}}}},
	}}
	if err := h.Append(rep); err != nil {
		t.Fatal(err)
	}
	rep.Tickets = rep.Tickets[:1]
	if err := h.Append(rep); err != nil {
		t.Fatal(err)
	}
	// A process killed while writing leaves a cut line: it is ignored.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprint(f, `{"run":"x","source_id":`)
	f.Close()
	recs, err := h.Records()
	if err != nil || len(recs) != 3 {
		t.Fatalf("records = %d, %v", len(recs), err)
	}
	if e := recs[1].Errors[0]; e.Step != "create ticket" || !strings.Contains(e.Error(), "no") || e.Err.(*RecordedError).Cause != "odoo.exceptions.ValidationError" {
		t.Errorf("error read back = %#v", e)
	}
	if n, err := h.Transfers("src", "eu"); err != nil || n[1] != 2 || n[2] != 0 {
		t.Errorf("transfers = %v, %v", n, err)
	}
	if err := os.WriteFile(path, []byte("not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Records(); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line: %v", err)
	}
	if _, err := OpenHistory(""); !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Errorf("empty path: %v", err)
	}
}

func TestLoadDestinations(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.json")
	cfg := `{"source": {"url": "https://old.example.com", "login": "bot", "password": "s3cret-pw"},
	  "history": "h.jsonl",
	  "destinations": {"eu": {"url": "https://eu.example.com", "database": "eu", "login": "bot", "api_key_env": "EU_KEY",
	    "stage_mapping": {"Done": "Solved"}, "close_stage": 7, "assignees": {"2": 9}, "child_partner_id": 12}}}`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDestinations(path)
	if err != nil {
		t.Fatal(err)
	}
	eu, err := d.Get("eu")
	if err != nil || eu.CloseStage != StageByID(7) || eu.Assignees[2] != 9 || eu.StageMapping["Done"] != "Solved" || d.HistoryPath() != filepath.Join(dir, "h.jsonl") {
		t.Fatalf("eu = %+v, %v; history %s", eu, err, d.HistoryPath())
	}
	ec, err := eu.EnvConfig(func(k string) string { return map[string]string{"EU_KEY": "k3y-value"}[k] })
	if err != nil || ec.APIKey.Reveal() != "k3y-value" || ec.URL != "https://eu.example.com" {
		t.Errorf("env config %v, %v", ec, err)
	}
	tc := eu.TransferConfig(nil)
	if tc.Name != "eu" || tc.ChildPartnerID != 12 || tc.Options.CloseStage != StageByID(7) {
		t.Errorf("transfer config %+v", tc)
	}
	js, _ := json.Marshal(d)
	for _, s := range []string{fmt.Sprint(*d.Source), fmt.Sprintf("%+v", *d.Source), fmt.Sprintf("%#v", *d.Source), string(js)} {
		if strings.Contains(s, "s3cret-pw") {
			t.Errorf("secret printed: %s", s)
		}
	}
	if _, err := d.Get("us"); !errors.Is(err, deskbridge.ErrInvalidArgument) || !strings.Contains(err.Error(), "eu") {
		t.Errorf("unknown destination: %v", err)
	}
	for _, bad := range []string{`{"destinations": {"x": {"url": "http://x", "stage_maping": {}}}}`, `{"destinations": {"x": {}}}`,
		`{"destinations": {"x": {"url": "http://x", "close_stage": -1}}}`, `{"destinations": {"x": {"url": "http://x", "child_partner_id": -3}}}`} {
		if _, err := ParseDestinations([]byte(bad)); !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}

// TestCheckDestinationAllAtOnce: one check lists every missing piece, and
// says what it cannot check without the login or the helpdesk.
func TestCheckDestinationAllAtOnce(t *testing.T) {
	e := newTxEnvWith(t, odootest.Enterprise, odootest.Enterprise, odoo.JSONRPC, txOptions{noSourceRef: true})
	cfg := e.cfg
	cfg.StageMapping = map[string]string{"In Progress": "work in progress", "Solved": "Gone"}
	cfg.ChildPartnerID = 999999
	chk, err := CheckDestination(e.ctx, cfg)
	if !errors.Is(err, deskbridge.ErrUnsupported) || len(chk.Missing) != 4 {
		t.Fatalf("check = %+v, %v", chk, err)
	}
	cfg.CreateSourceField = true
	cfg.StageMapping, cfg.ChildPartnerID = nil, 0
	if chk, err := CheckDestination(e.ctx, cfg); err != nil || !chk.OK() || len(chk.Notes) != 1 {
		t.Errorf("with CreateSourceField: %+v, %v", chk, err)
	}
	// No helpdesk at all.
	bare := odootest.NewServer(odootest.WithFlavor(odootest.NoHelpdesk))
	defer bare.Close()
	hd, err := New(newClient(t, bare, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	chk, err = CheckDestination(e.ctx, TransferConfig{Service: hd, ChildPartnerID: 999999})
	if !errors.Is(err, deskbridge.ErrUnsupported) || chk == nil || len(chk.Missing) != 2 || !strings.HasPrefix(chk.Missing[1], "helpdesk:") {
		t.Errorf("no helpdesk: %+v, %v", chk, err)
	}
}
