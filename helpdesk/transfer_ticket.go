package helpdesk

// One ticket's transfer: the steps in order and the status they give.

import (
	"context"
	"fmt"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// ticket transfers one ticket; it never panics on server data and records
// every failure in the result.
func (r *transferRun) ticket(ctx context.Context, id int64, t Ticket, ok bool, destID int64) (out TicketTransfer) {
	start := time.Now()
	out = TicketTransfer{SourceID: id, DestID: destID}
	defer func() {
		out.Duration = time.Since(start)
		out.Status = r.status(&out)
	}()
	fail := func(step string, err error) {
		out.Errors = append(out.Errors, &TransferStepError{Step: step, Err: err})
	}

	if !ok {
		fail("read source", &deskbridge.NotFoundError{Op: "helpdesk.Transfer", Model: r.sf.Ticket.Model, ID: id})
		return out
	}
	out.Name = t.Name

	ch, err := r.readSource(ctx, &t)
	if err != nil {
		fail("read source", err)
		return out
	}
	st := dstState{messageIDs: map[string]bool{}, attachments: map[string][]int64{}, followers: map[int64]bool{}}
	if destID != 0 {
		if err := r.readDest(ctx, destID, &st); err != nil {
			fail("read destination", err)
			return out
		}
	}
	if st.partners, err = r.matchPartners(ctx, ch); err != nil {
		fail("match partners", err)
		return out
	}

	if destID == 0 {
		vals := r.ticketValues(&t, ch, st.partners, &out)
		if !r.opts.DryRun {
			id, err := r.dst.client.Create(ctx, r.df.Ticket.Model, vals, &odoo.CallOptions{Context: transferContext})
			if err != nil {
				fail("create ticket", err)
				return out
			}
			destID = id
			out.DestID = destID
		}
		out.Created = true
	}

	attMap, err := r.copyAttachments(ctx, destID, ch, &st, &out)
	if err != nil {
		fail("attachments", err)
		return out
	}
	if err := r.copyMessages(ctx, id, destID, ch, &st, attMap, &out); err != nil {
		fail("messages", err)
		return out
	}
	if err := r.copyFollowers(ctx, destID, ch, &st, &out); err != nil {
		fail("followers", err)
		return out
	}
	closedIn := ""
	if r.opts.CloseOriginal {
		stage, already, err := pickClosingStage(r.sf, r.srcStages, t.Team.ID, t.Stage.ID, r.opts.CloseStage)
		switch {
		case err != nil:
			fail("close original", fmt.Errorf("%w (%s %d)", err, r.sf.Ticket.Model, id))
			return out
		case already:
		case r.opts.DryRun:
			out.Closed = true
		default:
			// No tracking message: a new run would take it for a message
			// to copy. The note says it instead.
			err := r.src.client.Write(ctx, r.sf.Ticket.Model, []int64{id}, map[string]any{r.sf.Ticket.Stage: stage.ID},
				&odoo.CallOptions{Context: map[string]any{"mail_notrack": true}})
			if err != nil {
				fail("close original", err)
				return out
			}
			out.Closed = true
			closedIn = stage.Name
		}
	}
	if r.opts.Note {
		posted, err := r.postNotes(ctx, &t, destID, ch, &st, closedIn)
		out.NotePosted = posted
		if err != nil {
			fail("note", err)
			return out
		}
	}
	if r.opts.RecordHistory && !r.opts.DryRun && r.status(&out) != StatusSkipped {
		if err := r.postHistory(ctx, id, &out); err != nil {
			fail("history", err)
		}
	}
	return out
}

// status derives a ticket's status from what was done.
func (r *transferRun) status(t *TicketTransfer) TransferStatus {
	switch {
	case len(t.Errors) > 0 && (t.DestID == 0 || r.opts.DryRun):
		return StatusFailed
	case len(t.Errors) > 0:
		return StatusPartial
	case r.opts.DryRun:
		return StatusPlanned
	case !t.Created && t.Messages.Transferred == 0 && t.Attachments.Transferred == 0 &&
		t.Followers.Transferred == 0 && !t.NotePosted && !t.Closed:
		return StatusSkipped
	}
	return StatusDone
}
