package helpdesk

import (
	"strconv"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
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

// TicketListOptions filters, sorts and pages Tickets.List, All, Count and
// Changes, which take it by pointer: nil is the zero value, every ticket
// by id. Every zero field means "no filter". Filters combine with AND.
type TicketListOptions struct {
	TeamID    int64    // tickets of this team
	StageID   int64    // tickets in this stage
	UserID    int64    // tickets assigned to this user (res.users id)
	PartnerID int64    // tickets of this customer (res.partner id)
	TagIDs    []int64  // tickets with at least one of these tags
	TypeID    int64    // tickets of this type (deskbridge.ErrUnsupported when the schema has no types)
	Priority  Priority // tickets of this priority

	// State keeps only open or only closed tickets.
	State TicketState

	// UsesSLA keeps tickets of teams that apply SLA policies (the team's
	// use_sla; on OCA never the SLA module's team_sla, which Odoo 17
	// cannot search and silently ignores). deskbridge.ErrUnsupported when the schema
	// has no such flag.
	UsesSLA bool
	// SLAFailed keeps tickets with a failed SLA (Enterprise sla_fail, OCA
	// sla_expired: on 16/17 as of the module's last cron run, every 5
	// minutes). deskbridge.ErrUnsupported without SLAs.
	SLAFailed bool

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

	// Workers, above 1, makes All search the matching ids first, then
	// read them a page at a time with that many requests in flight, still
	// yielding in order and holding at most Workers pages: against a
	// server slow to answer, n workers take about 1/n of the time. It
	// sees the tickets that matched at the search (one created meanwhile
	// is not yielded, one deleted meanwhile is left out).
	Workers int
}

// MaxPageSize caps PageSize.
const MaxPageSize = 10000

// orZero is a copy of *o, or the zero options when o is nil: nil means
// the defaults, and a caller changing *o after the call changes nothing.
func (o *TicketListOptions) orZero() TicketListOptions {
	if o == nil {
		return TicketListOptions{}
	}
	return *o
}

func (o *TicketListOptions) validate() error {
	if o.Workers < 0 {
		return invalid("TicketListOptions.Workers", "must not be negative, got %d", o.Workers)
	}
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
	return t.UTC().Format(odoo.DateTimeLayout)
}

func itoa(n int64) string {
	return strconv.FormatInt(n, 10)
}
