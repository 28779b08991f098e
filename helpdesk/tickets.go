package helpdesk

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/pager"
	"github.com/deskbridge/deskbridge/odoo"
)

// TicketsService lists, reads, creates, updates, moves and closes tickets.
type TicketsService struct{ service }

// TicketCreate holds the values of a new ticket. Name is required; every
// zero field is left to the server's default.
type TicketCreate struct {
	Name        string   // the subject (required)
	Description string   // HTML (OCA requires one)
	TeamID      int64    // (Enterprise requires one)
	StageID     int64    // the initial stage (default: the team's first)
	UserID      int64    // the assignee
	Priority    Priority // default: the server's (low)
	// The customer: a res.partner id, and/or a name and e-mail for a
	// customer without a partner record.
	PartnerID    int64
	PartnerName  string
	PartnerEmail string
	TypeID       int64   // ticket type (deskbridge.ErrUnsupported without a type model)
	TagIDs       []int64 // written as [[6, 0, ids]]
	// Extra holds further values by their server field names, for fields
	// the typed API does not map (custom x_ fields: read them back with
	// WithTicketFields and TicketField). Values are written as given (the
	// id for a many2one, odoo.Commands for an x2many). Typed fields win
	// over Extra.
	Extra map[string]any
}

// TicketUpdate holds the changes to a ticket: only non-nil fields are
// written. A pointer to 0 clears a many2one (except StageID, which must be
// a stage). Tags takes x2many commands: odoo.Commands{odoo.Set(1, 2)}
// replaces the tags ([[6, 0, [1, 2]]] on the wire), odoo.Link adds one,
// odoo.Unlink removes one; nil leaves the tags alone.
type TicketUpdate struct {
	Name         *string
	Description  *string
	TeamID       *int64
	StageID      *int64
	UserID       *int64
	PartnerID    *int64
	PartnerName  *string
	PartnerEmail *string
	Priority     *Priority
	TypeID       *int64
	Tags         odoo.Commands
	// Extra holds further values by their server field names (false
	// clears a field). Typed fields win over Extra.
	Extra map[string]any
}

func (c *TicketCreate) validate() error {
	if strings.TrimSpace(c.Name) == "" {
		return invalid("TicketCreate.Name", "must not be empty")
	}
	if err := c.Priority.check("TicketCreate.Priority"); err != nil {
		return err
	}
	if err := checkExtraValues("TicketCreate.Extra", c.Extra); err != nil {
		return err
	}
	for _, x := range []struct {
		name string
		id   int64
	}{
		{"TicketCreate.TeamID", c.TeamID}, {"TicketCreate.StageID", c.StageID}, {"TicketCreate.UserID", c.UserID},
		{"TicketCreate.PartnerID", c.PartnerID}, {"TicketCreate.TypeID", c.TypeID},
	} {
		if err := checkOptionalID(x.name, x.id); err != nil {
			return err
		}
	}
	for i, id := range c.TagIDs {
		if id <= 0 {
			return invalid(fmt.Sprintf("TicketCreate.TagIDs[%d]", i), "must be a positive id, got %d", id)
		}
	}
	return nil
}

func (u *TicketUpdate) validate() error {
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return invalid("TicketUpdate.Name", "must not be empty")
	}
	if u.Priority != nil {
		if !u.Priority.Valid() {
			return invalid("TicketUpdate.Priority", "unknown priority %q (want %q to %q)", string(*u.Priority), PriorityLow, PriorityUrgent)
		}
	}
	if u.StageID != nil {
		if err := checkID("TicketUpdate.StageID", *u.StageID); err != nil {
			return err
		}
	}
	if err := checkExtraValues("TicketUpdate.Extra", u.Extra); err != nil {
		return err
	}
	for _, x := range []struct {
		name string
		id   *int64
	}{
		{"TicketUpdate.TeamID", u.TeamID}, {"TicketUpdate.UserID", u.UserID},
		{"TicketUpdate.PartnerID", u.PartnerID}, {"TicketUpdate.TypeID", u.TypeID},
	} {
		if x.id != nil {
			if err := checkOptionalID(x.name, *x.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// m2oValue is a many2one as written: the id, or false to clear it.
func m2oValue(id int64) any {
	if id == 0 {
		return false
	}
	return id
}

// List returns the tickets matching opts, one search_read.
func (ts *TicketsService) List(ctx context.Context, opts *TicketListOptions) ([]Ticket, error) {
	o := opts.orZero()
	f, d, err := ts.filter(ctx, "Tickets.List", &o)
	if err != nil {
		return nil, err
	}
	page, err := ts.s.searchTickets(ctx, f, f.typedTickets(), d, f.ticketFields(), o.Offset, o.Limit, f.ticketOrder(&o))
	if err != nil {
		return nil, err
	}
	return page.all()
}

// Count answers how many tickets match opts' filters (one search_count);
// Limit, Offset, Sort and PageSize are ignored.
func (ts *TicketsService) Count(ctx context.Context, opts *TicketListOptions) (int64, error) {
	o := opts.orZero()
	f, d, err := ts.filter(ctx, "Tickets.Count", &o)
	if err != nil {
		return 0, err
	}
	return ts.s.searchCount(ctx, f.Ticket.Model, d)
}

// filter validates o and answers the flavor and o's search domain under
// it, for op: the start of List, Count, All and Changes.
func (ts *TicketsService) filter(ctx context.Context, op string, o *TicketListOptions) (*Flavor, domain.Domain, error) {
	if err := o.validate(); err != nil {
		return nil, domain.Domain{}, err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return nil, domain.Domain{}, err
	}
	d, err := f.ticketDomain(op, o)
	if err != nil {
		return nil, domain.Domain{}, err
	}
	return f, d, nil
}

// All iterates over every ticket matching opts, a page of opts.PageSize at
// a time (opts.Workers pages at a time when above 1); Limit and Offset are
// ignored. With the default sort (by id) it
// pages by id (keyset: id > last seen), so tickets created or deleted
// while it runs are neither repeated nor skipped; with another sort it
// pages by offset. Breaking out of the loop stops fetching; an error is
// yielded once, last.
func (ts *TicketsService) All(ctx context.Context, opts *TicketListOptions) iter.Seq2[Ticket, error] {
	o := opts.orZero()
	return func(yield func(Ticket, error) bool) {
		f, base, err := ts.filter(ctx, "Tickets.All", &o)
		if err != nil {
			yield(Ticket{}, err)
			return
		}
		size := o.PageSize
		if size == 0 {
			size = odoo.DefaultPageSize
		}
		keyset := o.Sort == "" || o.Sort == SortID
		order := f.ticketOrder(&o)
		fields := f.ticketFields()
		typed := f.typedTickets()
		if o.Workers > 1 {
			ids, err := ts.s.search(ctx, f.Ticket.Model, base, order)
			if err != nil {
				yield(Ticket{}, err)
				return
			}
			fetch := func(ctx context.Context, chunk []int64) ([]Ticket, error) {
				// read answers the ids still there, in the order given.
				page, err := ts.s.readTickets(ctx, f, chunk, fields)
				if err != nil {
					return nil, err
				}
				return page.all()
			}
			for t, err := range pager.Chunks(ctx, ids, size, o.Workers, fetch) {
				if !yield(t, err) || err != nil {
					return
				}
			}
			return
		}
		var last int64
		offset := 0
		for {
			d := base
			if keyset && last != 0 {
				if o.Desc {
					d = domain.And(base, domain.Lt("id", last))
				} else {
					d = domain.And(base, domain.Gt("id", last))
				}
			}
			off := 0
			if !keyset {
				off = offset
			}
			page, err := ts.s.searchTickets(ctx, f, typed, d, fields, off, size, order)
			if err != nil {
				yield(Ticket{}, err)
				return
			}
			n := page.len()
			for i := range n {
				t, err := page.ticket(i) // lets the page go as it is consumed
				if err != nil {
					yield(Ticket{}, err)
					return
				}
				last = t.ID
				if !yield(t, nil) {
					return
				}
			}
			if n == 0 || (n < size && ts.s.client.Protocol() != odoo.RESTv2) {
				// REST v2: a short page may be the add-on's own cap on the
				// page size (undocumented), not the end; only an empty page is.
				return
			}
			offset += n
		}
	}
}

// Get returns one ticket; a ticket that does not exist gives a
// *deskbridge.NotFoundError.
func (ts *TicketsService) Get(ctx context.Context, id int64) (Ticket, error) {
	if err := checkID("id", id); err != nil {
		return Ticket{}, err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return Ticket{}, err
	}
	page, err := ts.s.readTickets(ctx, f, []int64{id}, f.ticketFields())
	if err != nil {
		return Ticket{}, err
	}
	if page.len() == 0 {
		return Ticket{}, &deskbridge.NotFoundError{Op: "helpdesk.Tickets.Get", Model: f.Ticket.Model, ID: id}
	}
	return page.ticket(0)
}

// Create creates a ticket and returns its id.
func (ts *TicketsService) Create(ctx context.Context, c TicketCreate) (int64, error) {
	if err := c.validate(); err != nil {
		return 0, err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return 0, err
	}
	vals, err := f.createValues("Tickets.Create", &c)
	if err != nil {
		return 0, err
	}
	return ts.s.create(ctx, f.Ticket.Model, vals)
}

// Update writes the fields of u that are set. An update with nothing set
// sends no request.
func (ts *TicketsService) Update(ctx context.Context, id int64, u TicketUpdate) error {
	if err := checkID("id", id); err != nil {
		return err
	}
	if err := u.validate(); err != nil {
		return err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return err
	}
	vals, err := f.updateValues("Tickets.Update", &u)
	if err != nil || len(vals) == 0 {
		return err
	}
	return ts.s.write(ctx, f.Ticket.Model, []int64{id}, vals)
}

// Delete deletes tickets. Odoo refuses the whole call (odoo.ErrMissing)
// when one of them does not exist.
func (ts *TicketsService) Delete(ctx context.Context, ids []int64) error {
	if err := checkIDs("ids", ids); err != nil {
		return err
	}
	f, err := ts.s.flavorPtr(ctx)
	if err != nil {
		return err
	}
	return ts.s.unlink(ctx, f.Ticket.Model, ids)
}

// MoveToStage puts a ticket in a stage.
func (ts *TicketsService) MoveToStage(ctx context.Context, id, stageID int64) error {
	if err := checkID("id", id); err != nil {
		return err
	}
	if err := checkID("stageID", stageID); err != nil {
		return err
	}
	return ts.Update(ctx, id, TicketUpdate{StageID: &stageID})
}

// Assign assigns a ticket to a user (res.users id). To unassign, Update
// with UserID set to deskbridge.Ptr[int64](0).
func (ts *TicketsService) Assign(ctx context.Context, id, userID int64) error {
	if err := checkID("id", id); err != nil {
		return err
	}
	if err := checkID("userID", userID); err != nil {
		return err
	}
	return ts.Update(ctx, id, TicketUpdate{UserID: &userID})
}

// ticketPage is one answer of search_read or read on the ticket model,
// decoded by the odoo package's codec: into ticketRow when the flavor's
// field names allow it (Flavor.typedTickets) and no extra field is read,
// into the flavor's run-time record type (ticketPlan) otherwise.
type ticketPage struct {
	f     *Flavor
	typed []ticketRow
	plan  *ticketPlan   // nil for typed
	recs  reflect.Value // the plan's records, a slice
}

// searchTickets runs search_read on f's ticket model; typed chooses
// ticketRow (f must pass typedTickets) over f's run-time plan.
func (s *Service) searchTickets(ctx context.Context, f *Flavor, typed bool, d domain.Domain, fields []string, offset, limit int, order string) (ticketPage, error) {
	if len(s.extra) > 0 {
		typed, fields = false, withExtra(fields, s.extra)
	}
	p := ticketPage{f: f}
	if typed {
		var err error
		p.typed, err = searchReadTyped[ticketRow](ctx, s, f.Ticket.Model, d, fields, offset, limit, order)
		return p, err
	}
	p.plan = f.ticketPlanFor(s.extra)
	out := p.plan.newSlice()
	err := s.client.SearchReadInto(ctx, f.Ticket.Model, d, &odoo.SearchOptions{Fields: fields, Offset: offset, Limit: limit, Order: order}, out.Interface())
	p.recs = out.Elem()
	return p, err
}

// readTickets runs read on f's ticket model.
func (s *Service) readTickets(ctx context.Context, f *Flavor, ids []int64, fields []string) (ticketPage, error) {
	p := ticketPage{f: f}
	if len(s.extra) == 0 && f.typedTickets() {
		var err error
		p.typed, err = readTyped[ticketRow](ctx, s, f.Ticket.Model, ids, fields)
		return p, err
	}
	p.plan = f.ticketPlanFor(s.extra)
	out := p.plan.newSlice()
	err := s.client.ReadInto(ctx, f.Ticket.Model, ids, &odoo.ReadOptions{Fields: withExtra(fields, s.extra)}, out.Interface())
	p.recs = out.Elem()
	return p, err
}

func (p *ticketPage) len() int {
	if p.plan != nil {
		return p.recs.Len()
	}
	return len(p.typed)
}

// ticket decodes the i-th ticket and drops the page's copy of it, so that
// a page held while its tickets are consumed shrinks as it goes.
func (p *ticketPage) ticket(i int) (Ticket, error) {
	if p.plan != nil {
		return p.plan.ticket(p.f.Ticket.Model, p.recs.Index(i))
	}
	t := p.f.ticketFromRow(&p.typed[i])
	p.typed[i] = ticketRow{}
	return t, nil
}

// all decodes every ticket of the page.
func (p *ticketPage) all() ([]Ticket, error) {
	n := p.len()
	out := make([]Ticket, 0, n)
	for i := range n {
		t, err := p.ticket(i)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
