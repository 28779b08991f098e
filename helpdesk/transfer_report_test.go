package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// sentinels are the errors a step error is compared on before and after
// a history round trip (the shared vocabulary, odoo's and helpdesk's own,
// context's), with names for the failure messages.
var sentinels = []struct {
	name string
	err  error
}{
	{"deskbridge.ErrInvalidArgument", deskbridge.ErrInvalidArgument}, {"deskbridge.ErrOutcomeUnknown", deskbridge.ErrOutcomeUnknown},
	{"deskbridge.ErrNotApplied", deskbridge.ErrNotApplied}, {"deskbridge.ErrNotFound", deskbridge.ErrNotFound},
	{"deskbridge.ErrRateLimited", deskbridge.ErrRateLimited}, {"deskbridge.ErrUnsupported", deskbridge.ErrUnsupported},
	{"odoo.ErrAccessDenied", odoo.ErrAccessDenied}, {"odoo.ErrAccess", odoo.ErrAccess}, {"odoo.ErrMissing", odoo.ErrMissing},
	{"odoo.ErrValidation", odoo.ErrValidation}, {"odoo.ErrUser", odoo.ErrUser}, {"odoo.ErrSessionExpired", odoo.ErrSessionExpired},
	{"odoo.ErrUnknownField", odoo.ErrUnknownField}, {"odoo.ErrInvalidValue", odoo.ErrInvalidValue},
	{"odoo.ErrDatabaseNotFound", odoo.ErrDatabaseNotFound}, {"deskbridge.ErrBodyTooLarge", deskbridge.ErrBodyTooLarge},
	{"ErrChecksum", ErrChecksum}, {"ErrNoClosingStage", ErrNoClosingStage},
	{"context.Canceled", context.Canceled}, {"context.DeadlineExceeded", context.DeadlineExceeded},
}

// sameMatches reports where read-back matches differently from orig.
func sameMatches(t *testing.T, what string, orig, back error) {
	t.Helper()
	for _, s := range sentinels {
		if a, b := errors.Is(orig, s.err), errors.Is(back, s.err); a != b {
			t.Errorf("%s: errors.Is(%s) = %v before the history, %v after (%v)", what, s.name, a, b, back)
		}
	}
}

// TestRecordedErrorMatchesLikeTheOriginal: a step's error read back from a
// history file matches the same sentinels with errors.Is as the error the
// run returned, for a ticket whose create reply was lost (outcome
// unknown) and one the server refused (odoo.ErrAccess, not applied); the
// package aliases (deskbridge.ErrOutcomeUnknown, deskbridge.ErrNotFound) match too.
// On main before the "matched" field, the read-back errors matched
// nothing.
func TestRecordedErrorMatchesLikeTheOriginal(t *testing.T) {
	e := newTxEnv(t, odootest.OCA, odootest.Enterprise, odoo.JSONRPC)
	ids := []int64{e.srcTicket("lost reply", "New"), e.srcTicket("refused", "New")}
	e.dst.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "create", Kind: fault.DropAfter})
	e.dst.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "create", Kind: fault.OdooError,
		ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "You are not allowed to create 'Ticket' records."})
	hist, err := OpenHistory(filepath.Join(t.TempDir(), "h.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Transfer(e.ctx, e.src.hd, e.cfg, ids, &TransferOptions{History: hist})
	if !errors.Is(err, ErrTransferIncomplete) {
		t.Fatalf("err = %v", err)
	}
	recs, err := hist.Records()
	if err != nil || len(recs) != 2 {
		t.Fatalf("records %d, %v", len(recs), err)
	}
	for i, want := range []error{deskbridge.ErrOutcomeUnknown, odoo.ErrAccess} {
		orig, back := rep.Tickets[i].Err(), recs[i].Err()
		if !errors.Is(orig, want) || !errors.Is(back, want) {
			t.Errorf("ticket %d: errors.Is(%v) = %v, read back %v (%v)", i, want, errors.Is(orig, want), errors.Is(back, want), back)
		}
		sameMatches(t, fmt.Sprintf("ticket %d", i), orig, back)
		var rec *RecordedError
		if !errors.As(back, &rec) || rec.Message != rep.Tickets[i].Errors[0].Err.Error() {
			t.Errorf("ticket %d: read back %#v", i, back)
		}
	}
	if !errors.Is(recs[0].Err(), deskbridge.ErrOutcomeUnknown) || errors.Is(recs[0].Err(), deskbridge.ErrNotApplied) ||
		!errors.Is(recs[1].Err(), odoo.ErrUser) || errors.Is(recs[1].Err(), deskbridge.ErrOutcomeUnknown) {
		t.Errorf("read back: %v / %v", recs[0].Err(), recs[1].Err())
	}
}

// Errors of every recorded kind, wrapped as the SDK wraps them, survive a
// JSON round trip and a second one (a read-back record written again
// keeps its cause and matches); a record written before "matched" existed
// still reads, matching nothing.
func TestStepErrorJSONRoundTrip(t *testing.T) {
	errs := []error{
		fmt.Errorf("create: %w", deskbridge.ErrOutcomeUnknown),
		&odoo.Error{Name: "odoo.exceptions.AccessError", Message: "no"},
		&odoo.Error{Name: "odoo.exceptions.ValidationError", Message: "bad"},
		&odoo.Error{Name: "odoo.exceptions.MissingError", Message: "gone"},
		&deskbridge.RateLimitError{Attempts: 1},
		fmt.Errorf("attachment 3: %w", ErrChecksum),
		invalid("close_stage", "no such stage"),
		&UnsupportedError{Flavor: "oca", Op: "SLAs.List", Missing: "model helpdesk.sla"},
		fmt.Errorf("reading: %w", context.DeadlineExceeded),
		errors.Join(errors.New("plain"), deskbridge.ErrBodyTooLarge),
	}
	for _, orig := range errs {
		step := &TransferStepError{Step: "messages", Err: orig}
		b, err := json.Marshal(step)
		if err != nil {
			t.Fatal(err)
		}
		var back TransferStepError
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		sameMatches(t, string(b), step, &back)
		b2, _ := json.Marshal(&back)
		if string(b2) != string(b) {
			t.Errorf("written again:\n%s\nwas\n%s", b2, b)
		}
	}
	var old TransferStepError
	if err := json.Unmarshal([]byte(`{"step":"create ticket","error":"outcome unknown","cause":"*fmt.wrapError"}`), &old); err != nil {
		t.Fatal(err)
	}
	if rec, ok := old.Err.(*RecordedError); !ok || rec.Cause != "*fmt.wrapError" || old.Error() != "create ticket: outcome unknown" ||
		errors.Is(&old, deskbridge.ErrOutcomeUnknown) {
		t.Errorf("old record: %#v", old.Err)
	}
	var future TransferStepError
	if err := json.Unmarshal([]byte(`{"step":"x","error":"e","cause":"c","matched":["deskbridge.ErrFromTheFuture","odoo.ErrAccess"]}`), &future); err != nil ||
		!errors.Is(&future, odoo.ErrAccess) || errors.Is(&future, deskbridge.ErrNotFound) {
		t.Errorf("unknown names: %v, %#v", err, future.Err)
	}
}

// An old history file (no "matched") still reads through History.
func TestOldHistoryFileReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.jsonl")
	line := `{"run":"2026-11-30T10:00:00.000000001Z","time":"2026-11-30T10:00:01Z","source":"src","destination":"eu","source_id":4,` +
		`"status":"failed","created":false,"messages":{"transferred":0,"existing":0,"skipped":0},"followers":{"transferred":0,"existing":0,"skipped":0},` +
		`"attachments":{"transferred":0,"existing":0,"skipped":0},"errors":[{"step":"create ticket","error":"odoo: access error","cause":"odoo.exceptions.AccessError"}],"duration_ns":5}` + "\n"
	if err := os.WriteFile(path, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := h.Records()
	if err != nil || len(recs) != 1 || recs[0].SourceID != 4 || recs[0].Err() == nil || recs[0].Errors[0].Err.(*RecordedError).Cause != "odoo.exceptions.AccessError" {
		t.Fatalf("records %+v, %v", recs, err)
	}
}
