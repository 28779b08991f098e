package helpdesk

import (
	"context"
	"encoding/json"
	"iter"
	"reflect"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// TicketChange is one ticket of the change feed and the cursor after it.
type TicketChange struct {
	Ticket Ticket
	// Cursor resumes the feed after this ticket: store it.
	Cursor odoo.Cursor
}

// Changes yields the tickets matching opts' filters that were created or
// written after cursor ("" from the beginning), in (write_date, id)
// order, each with the cursor to store, up to the settle horizon (see
// odoo.ChangesOptions, which feed takes; nil for the defaults, its Where
// is ANDed with opts' filters). Sort, Limit, Offset and Workers are not
// used; PageSize is. Deleted tickets are not seen: archive them, or find
// them with Missing. An error is yielded once, last.
func (ts *TicketsService) Changes(ctx context.Context, cursor odoo.Cursor, opts *TicketListOptions, feed *odoo.ChangesOptions) iter.Seq2[TicketChange, error] {
	list := opts.orZero()
	return func(yield func(TicketChange, error) bool) {
		f, base, err := ts.filter(ctx, "Tickets.Changes", &list)
		if err != nil {
			yield(TicketChange{}, err)
			return
		}
		var o odoo.ChangesOptions
		if feed != nil {
			o = *feed
		}
		o.Where = domain.And(o.Where, base)
		o.Fields = withExtra(f.ticketFields(), ts.s.extra)
		size := list.PageSize
		if size == 0 {
			size = odoo.DefaultPageSize
		}
		plan := f.ticketPlanFor(ts.s.extra)
		rec := reflect.New(plan.typ)
		m := odoo.NewModel[json.RawMessage](ts.s.client, f.Ticket.Model).WithPageSize(size)
		for ch, err := range m.Changes(ctx, cursor, &o) {
			if err != nil {
				yield(TicketChange{}, err)
				return
			}
			if err := odoo.DecodeResult(ch.Record, rec.Interface()); err != nil {
				yield(TicketChange{}, err)
				return
			}
			t, err := plan.ticket(f.Ticket.Model, rec.Elem())
			if err != nil {
				yield(TicketChange{}, err)
				return
			}
			if !yield(TicketChange{Ticket: t, Cursor: ch.Cursor}, nil) {
				return
			}
		}
	}
}

// Missing answers which of the ticket ids no longer exist (archived
// tickets exist): the periodic id diff that finds the deletions a change
// feed cannot see.
func (ts *TicketsService) Missing(ctx context.Context, ids []int64) ([]int64, error) {
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	return odoo.NewModel[idName](ts.s.client, f.Ticket.Model).Missing(ctx, ids)
}
