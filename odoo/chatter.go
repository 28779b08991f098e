package odoo

import (
	"context"
	"fmt"
	"html"
	"strings"
)

// MessagePostOptions are the options of MessagePost.
type MessagePostOptions struct {
	// Text says the body is plain text: it is escaped (and its line breaks
	// kept) so that it reads the same on every version. By default the body
	// is HTML.
	Text bool
	// MessageType is "comment" (the default) or "notification".
	MessageType string
	// Subtype is the subtype's XML id: "mail.mt_note" (the default: an
	// internal note, no e-mail) or "mail.mt_comment" (followers are
	// notified).
	Subtype string
	// AttachmentIDs are ir.attachment records to attach.
	AttachmentIDs []int64
	// AuthorID is the res.partner to post as (default: the caller's).
	AuthorID int64
	// Kwargs are further keyword arguments of message_post (e.g.
	// "message_id"); they override the ones above.
	Kwargs map[string]any
	// Context is merged over the client's context.
	Context map[string]any
}

// MessagePost posts a message in the chatter of the record id of model
// (message_post) and returns the new mail.message's id.
//
// The body is HTML and stays HTML on every version: from Odoo 17 on,
// message_post escapes a string body (it stores "<p>&lt;p&gt;...") unless
// body_is_html is set, which MessagePost sends (Odoo 16 accepts it and
// keeps HTML anyway). Odoo honours it for internal users only. With
// opts.Text the body is plain text, escaped here.
//
// message_post answers the id on 16 to 18 and [id] on 19; both read as the
// id. When the error matches deskbridge.ErrOutcomeUnknown the message may have been
// posted: the client does not send it twice.
func (c *Client) MessagePost(ctx context.Context, model string, id int64, body string, opts *MessagePostOptions) (int64, error) {
	const fn = "Client.MessagePost"
	if err := checkBase(fn, ctx, model); err != nil {
		return 0, err
	}
	if id <= 0 {
		return 0, invalidArg(fn, "id", "must be a positive id, got %d", id)
	}
	if opts == nil {
		opts = &MessagePostOptions{}
	}
	if strings.TrimSpace(body) == "" && len(opts.AttachmentIDs) == 0 {
		return 0, invalidArg(fn, "body", "empty, and no attachments")
	}
	if opts.AuthorID < 0 {
		return 0, invalidArg(fn, "MessagePostOptions.AuthorID", "must be a positive id or 0, got %d", opts.AuthorID)
	}
	for i, a := range opts.AttachmentIDs {
		if a <= 0 {
			return 0, invalidArg(fn, fmt.Sprintf("MessagePostOptions.AttachmentIDs[%d]", i), "must be a positive id, got %d", a)
		}
	}
	if opts.Text {
		body = textToHTML(body)
	}
	kw := map[string]any{"body": body, "body_is_html": true, "message_type": "comment", "subtype_xmlid": "mail.mt_note"}
	if opts.MessageType != "" {
		kw["message_type"] = opts.MessageType
	}
	if opts.Subtype != "" {
		kw["subtype_xmlid"] = opts.Subtype
	}
	if len(opts.AttachmentIDs) > 0 {
		kw["attachment_ids"] = opts.AttachmentIDs
	}
	if opts.AuthorID > 0 {
		kw["author_id"] = opts.AuthorID
	}
	for k, v := range opts.Kwargs {
		kw[k] = v
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "message_post", Args: []any{[]int64{id}}, Kwargs: kw, Context: opts.Context})
	if err != nil {
		return 0, err
	}
	ids, err := decodeIDs(raw)
	if err == nil && len(ids) != 1 {
		err = fmt.Errorf("the server answered %d ids", len(ids))
	}
	if err == nil && ids[0] <= 0 {
		// 0, -1, [0]: a broken reply, like null or false.
		err = fmt.Errorf("the server answered %d, not a message id", ids[0])
	}
	if err != nil {
		// Posted, but the answer does not say which message it is.
		return 0, &outcomeUnknownError{err: fmt.Errorf("odoo: %s.message_post: %w", model, err)}
	}
	return ids[0], nil
}

// textToHTML escapes plain text into one HTML paragraph, line breaks kept.
func textToHTML(s string) string {
	s = html.EscapeString(strings.ReplaceAll(s, "\r\n", "\n"))
	return "<p>" + strings.ReplaceAll(s, "\n", "<br>") + "</p>"
}
