package helpdesk

// Reading what a ticket has: the source's chatter and what an earlier
// run left on the destination.

import (
	"context"
	"fmt"
	"html"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// srcMessage is a source message as the transfer needs it.
type srcMessage struct {
	Message
	Subject     string
	MessageID   string // the Message-Id header Odoo keeps
	TrackingIDs []int64
	email, name string // the author's
}

// srcAttachment is a source attachment's metadata.
type srcAttachment struct {
	Attachment
	Description string
}

// srcChatter is what one source ticket has.
type srcChatter struct {
	customerEmail string // the ticket's, or its partner's
	messages      []srcMessage
	followers     []Follower
	attachments   []srcAttachment
}

// dstState is what the destination ticket already has (from an earlier
// run); empty for a ticket this run creates.
type dstState struct {
	messageIDs  map[string]bool    // Message-Id of its messages
	attachments map[string][]int64 // name + "\x00" + checksum -> ids
	followers   map[int64]bool     // partner ids
	partners    map[string]int64   // lower-cased e-mail -> destination partner
}

// messageRow is a mail.message as the transfer reads it, for the odoo
// package's typed decoder.
type messageRow struct {
	ID            int64         `odoo:"id"`
	Body          string        `odoo:"body"`
	Author        odoo.Many2One `odoo:"author_id"`
	EmailFrom     string        `odoo:"email_from"`
	Date          time.Time     `odoo:"date"`
	Type          string        `odoo:"message_type"`
	Subtype       odoo.Many2One `odoo:"subtype_id"`
	AttachmentIDs odoo.IDs      `odoo:"attachment_ids"`
	Subject       string        `odoo:"subject"`
	MessageID     string        `odoo:"message_id"`
	TrackingIDs   odoo.IDs      `odoo:"tracking_value_ids"`
}

// message is the Message of a row.
func (m *messageRow) message() Message {
	return Message{ID: m.ID, Body: m.Body, Author: m.Author, EmailFrom: m.EmailFrom, Date: m.Date,
		Type: m.Type, Subtype: m.Subtype, AttachmentIDs: []int64(m.AttachmentIDs)}
}

// partnerRow is a res.partner's e-mail.
type partnerRow struct {
	ID     int64  `odoo:"id"`
	Name   string `odoo:"name"`
	Email  string `odoo:"email"`
	Active bool   `odoo:"active"`
}

// readSource reads a source ticket's chatter: one request per kind, plus
// one for tracking values, one for the e-mails of the customer and of
// authors without one, and the attachment contents read later in chunks.
func (r *transferRun) readSource(ctx context.Context, t *Ticket) (*srcChatter, error) {
	sf := r.sf
	id := t.ID
	ch := &srcChatter{customerEmail: strings.TrimSpace(t.PartnerEmail)}
	var msgAtt, needEmail []int64
	if ch.customerEmail == "" && t.Partner.ID != 0 {
		needEmail = append(needEmail, t.Partner.ID) // OCA does not fill partner_email over RPC
	}
	if r.opts.Messages || r.opts.Note || r.opts.Attachments {
		extra := []string{"subject", "message_id"}
		if len(r.trackFields) > 0 {
			extra = append(extra, "tracking_value_ids")
		}
		rows, err := r.src.Messages.rows(ctx, sf, id, extra...)
		if err != nil {
			return nil, err
		}
		var tracked []int64
		for _, row := range rows {
			m := row.message()
			sm := srcMessage{Message: m, Subject: row.Subject, MessageID: row.MessageID, TrackingIDs: []int64(row.TrackingIDs)}
			sm.name, sm.email = parseAuthor(m.EmailFrom)
			if m.Author.Name != "" {
				sm.name = m.Author.Name
			}
			if sm.email == "" && m.Author.ID != 0 && r.opts.Messages {
				needEmail = append(needEmail, m.Author.ID)
			}
			if len(sm.TrackingIDs) > 0 && strings.TrimSpace(m.Body) == "" {
				tracked = append(tracked, m.ID)
			}
			msgAtt = append(msgAtt, m.AttachmentIDs...)
			ch.messages = append(ch.messages, sm)
		}
		if len(tracked) > 0 && r.opts.Messages {
			if err := r.renderTracking(ctx, ch, tracked); err != nil {
				return nil, err
			}
		}
	}
	if len(needEmail) > 0 {
		rows, err := readTyped[partnerRow](ctx, r.src, "res.partner", uniqueIDs(needEmail), []string{"id", "email"})
		if err != nil {
			return nil, err
		}
		emails := map[int64]string{}
		for _, p := range rows {
			emails[p.ID] = strings.TrimSpace(p.Email)
		}
		for i := range ch.messages {
			if m := &ch.messages[i]; m.email == "" {
				m.email = emails[m.Author.ID]
			}
		}
		if ch.customerEmail == "" {
			ch.customerEmail = emails[t.Partner.ID]
		}
	}
	if r.opts.Followers {
		var err error
		if ch.followers, err = r.src.Followers.List(ctx, id); err != nil {
			return nil, err
		}
	}
	if r.opts.Attachments {
		d := domain.And(domain.Eq("res_model", sf.Ticket.Model), domain.Eq("res_id", id))
		if len(msgAtt) > 0 {
			d = domain.Or(d, domain.In("id", uniqueIDs(msgAtt)...))
		}
		rows, err := searchReadTyped[attachmentRow](ctx, r.src, sf.Attachment, d, append(append([]string{}, attachmentFields...), "description"), 0, 0, "id asc")
		if err != nil {
			return nil, err
		}
		ch.attachments = convertRows(rows, func(a *attachmentRow) srcAttachment {
			return srcAttachment{Attachment: a.attachment(), Description: a.Description}
		})
	}
	return ch, nil
}

// trackingRow is a mail.tracking.value under the names of every version
// (a version lacking a field answers nothing for it: it is not asked).
type trackingRow struct {
	Message     odoo.Many2One `odoo:"mail_message_id"`
	FieldDesc   string        `odoo:"field_desc"`
	Field       odoo.Many2One `odoo:"field_id"`
	OldChar     string        `odoo:"old_value_char"`
	NewChar     string        `odoo:"new_value_char"`
	OldInteger  int64         `odoo:"old_value_integer"`
	NewInteger  int64         `odoo:"new_value_integer"`
	OldFloat    float64       `odoo:"old_value_float"`
	NewFloat    float64       `odoo:"new_value_float"`
	OldDatetime string        `odoo:"old_value_datetime"`
	NewDatetime string        `odoo:"new_value_datetime"`
}

// renderTracking gives the bodiless logs of tracked messages a body that
// lists their changes ("Stage: New → Solved"), from the source's tracking
// values (one request).
func (r *transferRun) renderTracking(ctx context.Context, ch *srcChatter, msgIDs []int64) error {
	rows, err := searchReadTyped[trackingRow](ctx, r.src, "mail.tracking.value", domain.In("mail_message_id", msgIDs...), fieldList(r.trackFields...), 0, 0, "id asc")
	if err != nil {
		return err
	}
	lines := map[int64][]string{}
	for _, tv := range rows {
		field := tv.FieldDesc
		if field == "" {
			field = tv.Field.Name
		}
		val := func(char, dt string, n int64, f float64) string {
			switch {
			case char != "":
				return char
			case dt != "":
				return dt
			case n != 0:
				return strconv.FormatInt(n, 10)
			case f != 0:
				return fmt.Sprint(f)
			}
			return ""
		}
		old := val(tv.OldChar, tv.OldDatetime, tv.OldInteger, tv.OldFloat)
		nw := val(tv.NewChar, tv.NewDatetime, tv.NewInteger, tv.NewFloat)
		lines[tv.Message.ID] = append(lines[tv.Message.ID], fmt.Sprintf("<li>%s: %s → %s</li>", html.EscapeString(field), html.EscapeString(old), html.EscapeString(nw)))
	}
	for i := range ch.messages {
		m := &ch.messages[i]
		if l := lines[m.ID]; len(l) > 0 && strings.TrimSpace(m.Body) == "" {
			m.Body = "<ul>" + strings.Join(l, "") + "</ul>"
		}
	}
	return nil
}

// readDest reads what an existing destination ticket already has.
func (r *transferRun) readDest(ctx context.Context, destID int64, st *dstState) error {
	df := r.df
	if r.opts.Messages || r.opts.Note {
		rows, err := searchReadTyped[messageRow](ctx, r.dst, df.Message, domain.And(domain.Eq("model", df.Ticket.Model), domain.Eq("res_id", destID)), []string{"id", "message_id"}, 0, 0, "id asc")
		if err != nil {
			return err
		}
		for _, m := range rows {
			if m.MessageID != "" {
				st.messageIDs[m.MessageID] = true
			}
		}
	}
	if r.opts.Attachments {
		rows, err := searchReadTyped[attachmentRow](ctx, r.dst, df.Attachment, domain.And(domain.Eq("res_model", df.Ticket.Model), domain.Eq("res_id", destID)), []string{"id", "name", "checksum"}, 0, 0, "id asc")
		if err != nil {
			return err
		}
		for _, a := range rows {
			k := attKey(a.Name, a.Checksum)
			st.attachments[k] = append(st.attachments[k], a.ID)
		}
	}
	if r.opts.Followers {
		fs, err := r.dst.Followers.List(ctx, destID)
		if err != nil {
			return err
		}
		for _, f := range fs {
			st.followers[f.Partner.ID] = true
		}
	}
	return nil
}

// parseAuthor reads name and e-mail out of an email_from value such as
// "\"Name\" <a@b.c>", "Name <a@b.c>" or "a@b.c".
func parseAuthor(from string) (name, email string) {
	from = strings.TrimSpace(from)
	if from == "" {
		return "", ""
	}
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Name, a.Address
	}
	if i, j := strings.LastIndex(from, "<"), strings.LastIndex(from, ">"); i >= 0 && j > i {
		return strings.Trim(strings.TrimSpace(from[:i]), `"`), strings.TrimSpace(from[i+1 : j])
	}
	if strings.Contains(from, "@") {
		return "", from
	}
	return from, ""
}

// uniqueIDs returns ids without repeats, in first-seen order.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
