package jutda

import (
	"context"
	"net/url"
	"time"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// The API methods, as they appear in the URL (<base>/api/<method>/) and in
// errors.
const (
	MethodCreateTicket = "create_ticket"
	MethodDeleteTicket = "delete_ticket"
	MethodHoldTicket   = "hold_ticket"
	MethodUnholdTicket = "unhold_ticket"
	MethodAddFollowup  = "add_followup"
	MethodResolve      = "resolve"
	MethodListQueues   = "list_queues"
	MethodFindUser     = "find_user"
)

// Priorities of a ticket: 1 is the most urgent, 5 the least. The server
// labels them "1. Critical" to "5. Very Low".
const (
	PriorityCritical = 1
	PriorityHigh     = 2
	PriorityNormal   = 3
	PriorityLow      = 4
	PriorityVeryLow  = 5
)

// MaxTitleLength is the longest ticket title the server accepts, in
// characters (Unicode code points, after trimming surrounding spaces).
const MaxTitleLength = 100

// DueDateLayout is how TicketCreate.DueDate is sent.
const DueDateLayout = "2006-01-02 15:04:05"

// TicketCreate is a new ticket, the form of create_ticket.
type TicketCreate struct {
	// Queue is the id of the queue (see ListQueues). Required.
	Queue int64 `url:"queue"`
	// Title is the summary, at most MaxTitleLength characters. Required.
	Title string `url:"title"`
	// Body is the description of the issue. Required.
	Body string `url:"body"`
	// SubmitterEmail is the address of the person the ticket is for: it
	// receives the "new ticket" e-mail and every public follow-up.
	SubmitterEmail string `url:"submitter_email,omitempty"`
	// AssignedTo is the id of the user to assign (see FindUser); 0 leaves
	// the ticket unassigned. The user is e-mailed unless it is the API
	// user itself.
	AssignedTo int64 `url:"assigned_to,omitempty"`
	// Priority runs from PriorityCritical (1) to PriorityVeryLow (5); 0
	// means PriorityNormal (3).
	Priority int `url:"priority"`
	// DueDate, when set, is sent as DueDateLayout in its own location;
	// the server reads it in its TIME_ZONE.
	DueDate time.Time `url:"due_date,omitempty" layout:"2006-01-02 15:04:05"`
}

// Queue is a ticket queue.
type Queue struct {
	ID    int64
	Title string
}

type ticketForm struct {
	Ticket int64 `url:"ticket"`
}

type deleteForm struct {
	Ticket  int64  `url:"ticket"`
	Confirm string `url:"confirm"`
}

type followupForm struct {
	Ticket  int64  `url:"ticket"`
	Message string `url:"message"`
	Public  yesNo  `url:"public"`
}

type resolveForm struct {
	Ticket     int64  `url:"ticket"`
	Resolution string `url:"resolution"`
}

type findUserForm struct {
	Username string `url:"username"`
}

// yesNo is a flag the server reads as 'y' or 'n'.
type yesNo bool

// EncodeValues implements query.Encoder.
func (b yesNo) EncodeValues(key string, v *url.Values) error {
	if b {
		v.Set(key, "y")
	} else {
		v.Set(key, "n")
	}
	return nil
}

// CreateTicket opens a ticket and returns its id. The server adds a public
// "Ticket Opened" follow-up and e-mails the submitter, the assigned user and
// the queue's CC addresses. Fields are checked first (*deskbridge.ArgumentError);
// the server's form errors come back as an *Error (ErrRejected) whose
// FormErrors lists them.
//
// CreateTicket is never retried once the request may have reached the
// server: if no reply comes back, the error matches deskbridge.ErrOutcomeUnknown and
// the ticket may exist.
func (c *Client) CreateTicket(ctx context.Context, t TicketCreate) (int64, error) {
	form, err := t.validate()
	if err != nil {
		return 0, err
	}
	r, err := c.call(ctx, MethodCreateTicket, form, transport.NotIdempotent)
	if err != nil {
		return 0, err
	}
	id, reason := decodeID(r.body)
	if reason != "" {
		return 0, c.badReply(MethodCreateTicket, r, "not a ticket id: "+reason)
	}
	return id, nil
}

// DeleteTicket deletes ticket id and its follow-ups, for good. It sends the
// confirmation the server requires. A ticket that does not exist is an
// *Error matching deskbridge.ErrNotFound.
func (c *Client) DeleteTicket(ctx context.Context, id int64) error {
	if err := checkID(MethodDeleteTicket, id); err != nil {
		return err
	}
	return c.callEmpty(ctx, MethodDeleteTicket, deleteForm{Ticket: id, Confirm: "yes"})
}

// HoldTicket puts ticket id on hold: the helpdesk stops escalating it
// (raising its priority as it ages) until UnholdTicket. A held ticket can
// still be followed up and resolved.
func (c *Client) HoldTicket(ctx context.Context, id int64) error {
	if err := checkID(MethodHoldTicket, id); err != nil {
		return err
	}
	return c.callEmpty(ctx, MethodHoldTicket, ticketForm{Ticket: id})
}

// UnholdTicket takes ticket id off hold, so escalation applies again.
func (c *Client) UnholdTicket(ctx context.Context, id int64) error {
	if err := checkID(MethodUnholdTicket, id); err != nil {
		return err
	}
	return c.callEmpty(ctx, MethodUnholdTicket, ticketForm{Ticket: id})
}

// AddFollowup adds a comment to ticket id as the API user, sending public
// as 'y' or 'n'. A public follow-up is shown to the submitter and e-mailed
// to the submitter and the ticket's CCs; the queue's "updated ticket" CC
// address and (depending on their settings) the assigned user are e-mailed
// either way.
//
// Beware: the legacy server's code tests the flag with `if public:` on the
// string, so "n" is true too — on an unpatched server every follow-up added
// over this API is stored public and e-mailed to the submitter, whatever
// public says. Do not put internal notes in message.
func (c *Client) AddFollowup(ctx context.Context, id int64, message string, public bool) error {
	if err := checkID(MethodAddFollowup, id); err != nil {
		return err
	}
	if err := checkText(MethodAddFollowup, "message", message); err != nil {
		return err
	}
	return c.callEmpty(ctx, MethodAddFollowup, followupForm{Ticket: id, Message: message, Public: yesNo(public)})
}

// Resolve resolves ticket id: the server adds a public "Resolved" follow-up
// with resolution as its text, e-mails the submitter, the ticket's CCs and
// the queue's CC address, and sets the status to Resolved. (The legacy code
// misspells the ticket's resolution field, so the text is only in the
// follow-up.)
func (c *Client) Resolve(ctx context.Context, id int64, resolution string) error {
	if err := checkID(MethodResolve, id); err != nil {
		return err
	}
	if err := checkText(MethodResolve, "resolution", resolution); err != nil {
		return err
	}
	return c.callEmpty(ctx, MethodResolve, resolveForm{Ticket: id, Resolution: resolution})
}

// ListQueues returns every queue, in the server's order (by title). It is a read,
// retried on transport errors, 429 and 5xx.
func (c *Client) ListQueues(ctx context.Context) ([]Queue, error) {
	r, err := c.call(ctx, MethodListQueues, nil, transport.Idempotent)
	if err != nil {
		return nil, err
	}
	qs, reason := decodeQueues(r.body)
	if reason != "" {
		return nil, c.badReply(MethodListQueues, r, "not a queue list: "+reason)
	}
	return qs, nil
}

// FindUser returns the id of the user with this username (exact,
// case-sensitive; inactive users too). An unknown user is an *Error
// matching deskbridge.ErrNotFound. It is a read, retried on transport errors, 429 and
// 5xx.
func (c *Client) FindUser(ctx context.Context, username string) (int64, error) {
	if err := checkText(MethodFindUser, "username", username); err != nil {
		return 0, err
	}
	r, err := c.call(ctx, MethodFindUser, findUserForm{Username: username}, transport.Idempotent)
	if err != nil {
		return 0, err
	}
	id, reason := decodeID(r.body)
	if reason != "" {
		return 0, c.badReply(MethodFindUser, r, "not a user id: "+reason)
	}
	return id, nil
}

// callEmpty calls a state-changing method whose success reply is empty.
func (c *Client) callEmpty(ctx context.Context, method string, form any) error {
	r, err := c.call(ctx, method, form, transport.NotIdempotent)
	if err != nil {
		return err
	}
	if reason := decodeEmpty(r.body); reason != "" {
		return c.badReply(method, r, reason)
	}
	return nil
}
