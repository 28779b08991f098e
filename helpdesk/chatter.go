package helpdesk

import (
	"context"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// MessagesService reads and posts a ticket's chatter messages.
type MessagesService struct{ service }

// FollowersService manages a ticket's followers.
type FollowersService struct{ service }

// MessagePost is a message to post on a ticket.
type MessagePost struct {
	// Body is the message, HTML. It may be empty only when attachments
	// are posted.
	Body string
	// Internal posts an internal note (subtype mail.mt_note), seen by
	// employees only; otherwise a public comment (mail.mt_comment) that
	// notifies the followers.
	Internal bool
	// AttachmentIDs are ir.attachment records to attach (see
	// Attachments.Upload).
	AttachmentIDs []int64
	// AuthorID is the res.partner to post as (default: the caller's).
	AuthorID int64
}

// Message subtypes message_post takes.
const (
	SubtypeComment = "mail.mt_comment"
	SubtypeNote    = "mail.mt_note"
)

func (m *MessagePost) validate() error {
	if strings.TrimSpace(m.Body) == "" && len(m.AttachmentIDs) == 0 {
		return invalid("MessagePost.Body", "must not be empty without attachments")
	}
	for i, id := range m.AttachmentIDs {
		if id <= 0 {
			return invalid("MessagePost.AttachmentIDs["+itoa(int64(i))+"]", "must be a positive id, got %d", id)
		}
	}
	return checkOptionalID("MessagePost.AuthorID", m.AuthorID)
}

// List returns the messages of a ticket, oldest first (by id), tracking
// notifications included.
func (ms *MessagesService) List(ctx context.Context, ticketID int64) ([]Message, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return nil, err
	}
	f, err := ms.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := ms.rows(ctx, f, ticketID)
	if err != nil {
		return nil, err
	}
	return convertRows(rows, (*messageRow).message), nil
}

// rows reads a ticket's messages, oldest first, through the odoo
// package's typed decoder, with extra fields (Transfer's subject,
// message_id, tracking_value_ids).
func (ms *MessagesService) rows(ctx context.Context, f *Flavor, ticketID int64, extra ...string) ([]messageRow, error) {
	d := domain.And(domain.Eq("model", f.Ticket.Model), domain.Eq("res_id", ticketID))
	return searchReadTyped[messageRow](ctx, ms.s, f.Message, d, append(append([]string{}, messageFields...), extra...), 0, 0, "id asc")
}

// Post posts a message on a ticket through message_post (message_type
// "comment") and returns the new message's id.
func (ms *MessagesService) Post(ctx context.Context, ticketID int64, m MessagePost) (int64, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return 0, err
	}
	if err := m.validate(); err != nil {
		return 0, err
	}
	f, err := ms.s.flavorPtr(ctx)
	if err != nil {
		return 0, err
	}
	opts := &odoo.MessagePostOptions{
		MessageType:   "comment",
		Subtype:       SubtypeComment,
		AttachmentIDs: m.AttachmentIDs,
		AuthorID:      m.AuthorID,
	}
	if m.Internal {
		opts.Subtype = SubtypeNote
	}
	// odoo's MessagePost sends body_is_html (17+ escape a str body without
	// it) and reads both 16-18's id and 19's [id].
	return ms.s.client.MessagePost(ctx, f.Ticket.Model, ticketID, m.Body, opts)
}

// List returns the followers of a ticket.
func (fs *FollowersService) List(ctx context.Context, ticketID int64) ([]Follower, error) {
	if err := checkID("ticketID", ticketID); err != nil {
		return nil, err
	}
	f, err := fs.s.flavorPtr(ctx)
	if err != nil {
		return nil, err
	}
	d := domain.And(domain.Eq("res_model", f.Ticket.Model), domain.Eq("res_id", ticketID))
	rows, err := searchReadTyped[followerRow](ctx, fs.s, f.Follower, d, followerFields, 0, 0, "id asc")
	if err != nil {
		return nil, err
	}
	return convertRows(rows, (*followerRow).follower), nil
}

// Add makes partners (res.partner ids) follow a ticket
// (message_subscribe). Partners already following are left as they are.
func (fs *FollowersService) Add(ctx context.Context, ticketID int64, partnerIDs []int64) error {
	return fs.subscribe(ctx, "message_subscribe", ticketID, partnerIDs)
}

// Remove stops partners following a ticket (message_unsubscribe).
func (fs *FollowersService) Remove(ctx context.Context, ticketID int64, partnerIDs []int64) error {
	return fs.subscribe(ctx, "message_unsubscribe", ticketID, partnerIDs)
}

func (fs *FollowersService) subscribe(ctx context.Context, method string, ticketID int64, partnerIDs []int64) error {
	if err := checkID("ticketID", ticketID); err != nil {
		return err
	}
	if err := checkIDs("partnerIDs", partnerIDs); err != nil {
		return err
	}
	f, err := fs.s.flavorPtr(ctx)
	if err != nil {
		return err
	}
	_, err = fs.s.call(ctx, f.Ticket.Model, method, []any{[]int64{ticketID}}, map[string]any{"partner_ids": partnerIDs})
	return err
}
