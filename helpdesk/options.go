package helpdesk

import (
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

// TicketState filters tickets on whether their stage closes them.
type TicketState int

const (
	// StateAny lists open and closed tickets (the zero value).
	StateAny TicketState = iota
	// StateOpen lists tickets whose stage does not close them (Enterprise:
	// stage not folded; OCA: stage.closed is false).
	StateOpen
	// StateClosed lists tickets in a closing stage.
	StateClosed
)

// String returns "any", "open" or "closed".
func (s TicketState) String() string {
	switch s {
	case StateAny:
		return "any"
	case StateOpen:
		return "open"
	case StateClosed:
		return "closed"
	}
	return "TicketState(" + itoa(int64(s)) + ")"
}

// TicketSort names a column to sort tickets by; the flavor turns it into
// the server's field name.
type TicketSort string

// Sort keys for TicketListOptions.Sort.
const (
	SortID       TicketSort = "id"
	SortName     TicketSort = "name"
	SortPriority TicketSort = "priority"
	SortStage    TicketSort = "stage"
	SortCreated  TicketSort = "created"
	SortUpdated  TicketSort = "updated"
)

// TicketListOptions filters, sorts and pages Tickets.List and Tickets.All.
// Every zero field means "no filter". Filters combine with AND.
type TicketListOptions struct {
	TeamID    int64    // tickets of this team
	StageID   int64    // tickets in this stage
	UserID    int64    // tickets assigned to this user (res.users id)
	PartnerID int64    // tickets of this customer (res.partner id)
	TagIDs    []int64  // tickets with at least one of these tags
	TypeID    int64    // tickets of this type (ErrUnsupported when the schema has no types)
	Priority  Priority // tickets of this priority

	// State keeps only open or only closed tickets.
	State TicketState

	// Search keeps tickets whose name or description contains the text
	// (case-insensitive, Odoo's ilike).
	Search string

	// CreatedSince and UpdatedSince keep tickets created / written at or
	// after that instant (compared in UTC, to the second).
	CreatedSince time.Time
	UpdatedSince time.Time

	// Where is ANDed with the filters above, for conditions they do not
	// cover. It names the server's own fields (see Flavor), e.g.
	// domain.Eq("x_source_ref", "odoo-a:42").
	Where domain.Domain

	// Sort orders the result (default SortID); Desc reverses it. Ties are
	// broken by id so that paging is stable.
	Sort TicketSort
	Desc bool

	// Limit caps the number of tickets List returns; Offset skips that
	// many. With Limit 0 List answers every match, in one reply (on REST v2
	// through /api/v2/call, as the add-on's search_read route pages by
	// default); All reads everything a page at a time and ignores both.
	Limit  int
	Offset int

	// PageSize is how many tickets All fetches per request (0: 200).
	PageSize int
}

// DefaultPageSize is the page size All uses when PageSize is 0.
const DefaultPageSize = 200

// MaxPageSize caps PageSize.
const MaxPageSize = 10000

func (o *TicketListOptions) validate() error {
	ids := []struct {
		name string
		id   int64
	}{
		{"TicketListOptions.TeamID", o.TeamID},
		{"TicketListOptions.StageID", o.StageID},
		{"TicketListOptions.UserID", o.UserID},
		{"TicketListOptions.PartnerID", o.PartnerID},
		{"TicketListOptions.TypeID", o.TypeID},
	}
	for _, x := range ids {
		if err := checkOptionalID(x.name, x.id); err != nil {
			return err
		}
	}
	for i, id := range o.TagIDs {
		if id <= 0 {
			return invalid("TicketListOptions.TagIDs["+itoa(int64(i))+"]", "must be a positive id, got %d", id)
		}
	}
	if err := o.Priority.check("TicketListOptions.Priority"); err != nil {
		return err
	}
	if o.State < StateAny || o.State > StateClosed {
		return invalid("TicketListOptions.State", "unknown state %d", int(o.State))
	}
	switch o.Sort {
	case "", SortID, SortName, SortPriority, SortStage, SortCreated, SortUpdated:
	default:
		return invalid("TicketListOptions.Sort", "unknown sort key %q", string(o.Sort))
	}
	if err := o.Where.Validate(); err != nil {
		return invalid("TicketListOptions.Where", "%v", err)
	}
	if o.Limit < 0 {
		return invalid("TicketListOptions.Limit", "must not be negative, got %d", o.Limit)
	}
	if o.Offset < 0 {
		return invalid("TicketListOptions.Offset", "must not be negative, got %d", o.Offset)
	}
	if o.PageSize < 0 || o.PageSize > MaxPageSize {
		return invalid("TicketListOptions.PageSize", "must be between 0 and %d, got %d", MaxPageSize, o.PageSize)
	}
	return nil
}

// odooTime formats t the way Odoo stores datetimes: UTC, to the second.
func odooTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05")
}

// ticketDomain builds the search domain of o for flavor f. o must have
// been validated.
func (f Flavor) ticketDomain(op string, o *TicketListOptions) (domain.Domain, error) {
	t := f.Ticket
	var parts []domain.Domain
	eqID := func(field string, id int64) {
		if id != 0 {
			parts = append(parts, domain.Eq(field, id))
		}
	}
	eqID(t.Team, o.TeamID)
	eqID(t.Stage, o.StageID)
	if o.UserID != 0 {
		if err := f.needField(op, t.Model, t.User, "the assignee"); err != nil {
			return domain.Domain{}, err
		}
		eqID(t.User, o.UserID)
	}
	if o.PartnerID != 0 {
		if err := f.needField(op, t.Model, t.Partner, "the customer"); err != nil {
			return domain.Domain{}, err
		}
		eqID(t.Partner, o.PartnerID)
	}
	if len(o.TagIDs) > 0 {
		if !f.HasTags() {
			return domain.Domain{}, f.unsupported(op, "tag model")
		}
		parts = append(parts, domain.In(t.Tags, o.TagIDs...))
	}
	if o.TypeID != 0 {
		if !f.HasTypes() {
			return domain.Domain{}, f.unsupported(op, "ticket type model (helpdesk_type)")
		}
		eqID(t.Type, o.TypeID)
	}
	if o.Priority != "" {
		parts = append(parts, domain.Eq(t.Priority, string(o.Priority)))
	}
	switch o.State {
	case StateOpen:
		parts = append(parts, domain.Eq(t.Stage+"."+f.Stage.Closed, false))
	case StateClosed:
		parts = append(parts, domain.Eq(t.Stage+"."+f.Stage.Closed, true))
	}
	if q := strings.TrimSpace(o.Search); q != "" {
		if t.Description != "" {
			parts = append(parts, domain.Or(domain.ILike(t.Name, q), domain.ILike(t.Description, q)))
		} else {
			parts = append(parts, domain.ILike(t.Name, q))
		}
	}
	if !o.CreatedSince.IsZero() {
		if err := f.needField(op, t.Model, t.CreateDate, "the creation date"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Ge(t.CreateDate, odooTime(o.CreatedSince)))
	}
	if !o.UpdatedSince.IsZero() {
		if err := f.needField(op, t.Model, t.WriteDate, "the update date"); err != nil {
			return domain.Domain{}, err
		}
		parts = append(parts, domain.Ge(t.WriteDate, odooTime(o.UpdatedSince)))
	}
	if !o.Where.IsZero() {
		parts = append(parts, o.Where)
	}
	return domain.And(parts...), nil
}

// ticketOrder is the search order of o for flavor f, always ending on id
// so that pages are stable.
func (f Flavor) ticketOrder(o *TicketListOptions) string {
	dir := " asc"
	if o.Desc {
		dir = " desc"
	}
	var col string
	switch o.Sort {
	case SortName:
		col = f.Ticket.Name
	case SortPriority:
		col = f.Ticket.Priority
	case SortStage:
		col = f.Ticket.Stage
	case SortCreated:
		col = f.Ticket.CreateDate
	case SortUpdated:
		col = f.Ticket.WriteDate
	}
	if col == "" {
		return "id" + dir
	}
	return col + dir + ", id" + dir
}

func itoa(n int64) string {
	return strconv.FormatInt(n, 10)
}
