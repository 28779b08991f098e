package helpdesk

// Reading what a ticket has: the source's chatter and what an earlier
// run left on the destination.

import (
	"context"
	"fmt"
	"html"
	"net/mail"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
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
	messages    []srcMessage
	followers   []Follower
	attachments []srcAttachment
}

// dstState is what the destination ticket already has (from an earlier
// run); empty for a ticket this run creates.
type dstState struct {
	messageIDs  map[string]bool    // Message-Id of its messages
	attachments map[string][]int64 // name + "\x00" + checksum -> ids
	followers   map[int64]bool     // partner ids
	partners    map[string]int64   // lower-cased e-mail -> destination partner
}

// readSource reads a source ticket's chatter: one request per kind, plus
// one for tracking values, one for authors without an e-mail and the
// attachment contents read later in chunks.
func (r *transferRun) readSource(ctx context.Context, id int64) (*srcChatter, error) {
	sf := r.sf
	ch := &srcChatter{}
	onTicket := domain.And(domain.Eq("model", sf.Ticket.Model), domain.Eq("res_id", id))
	var msgAtt []int64
	if r.opts.Messages || r.opts.Note || r.opts.Attachments {
		fields := append(append([]string{}, messageFields...), "subject", "message_id")
		if len(r.trackFields) > 0 {
			fields = append(fields, "tracking_value_ids")
		}
		rows, err := r.src.searchRead(ctx, sf.Message, onTicket, fields, 0, 0, "id asc")
		if err != nil {
			return nil, err
		}
		var tracked []int64
		var needEmail []int64
		for _, row := range rows {
			m, err := decodeMessage(sf.Message, row)
			if err != nil {
				return nil, err
			}
			d := decoder{r: row, model: sf.Message}
			sm := srcMessage{Message: m, Subject: d.str("subject"), MessageID: d.str("message_id"), TrackingIDs: d.ids("tracking_value_ids")}
			if d.err != nil {
				return nil, d.err
			}
			sm.name, sm.email = parseAuthor(m.EmailFrom)
			if m.Author.Name != "" {
				sm.name = m.Author.Name
			}
			if sm.email == "" && m.Author.ID != 0 {
				needEmail = append(needEmail, m.Author.ID)
			}
			if len(sm.TrackingIDs) > 0 && strings.TrimSpace(m.Body) == "" {
				tracked = append(tracked, m.ID)
			}
			msgAtt = append(msgAtt, m.AttachmentIDs...)
			ch.messages = append(ch.messages, sm)
		}
		if len(needEmail) > 0 && r.opts.Messages {
			prow, err := r.src.read(ctx, "res.partner", uniqueIDs(needEmail), []string{"id", "email"})
			if err != nil {
				return nil, err
			}
			emails := map[int64]string{}
			for _, p := range prow {
				d := decoder{r: p, model: "res.partner"}
				emails[d.int("id")] = strings.TrimSpace(d.str("email"))
			}
			for i := range ch.messages {
				if m := &ch.messages[i]; m.email == "" {
					m.email = emails[m.Author.ID]
				}
			}
		}
		if len(tracked) > 0 && r.opts.Messages {
			if err := r.renderTracking(ctx, ch, tracked); err != nil {
				return nil, err
			}
		}
	}
	if r.opts.Followers {
		rows, err := r.src.searchRead(ctx, sf.Follower, domain.And(domain.Eq("res_model", sf.Ticket.Model), domain.Eq("res_id", id)), followerFields, 0, 0, "id asc")
		if err != nil {
			return nil, err
		}
		if ch.followers, err = decodeRows(rows, func(rw row) (Follower, error) { return decodeFollower(sf.Follower, rw) }); err != nil {
			return nil, err
		}
	}
	if r.opts.Attachments {
		d := domain.And(domain.Eq("res_model", sf.Ticket.Model), domain.Eq("res_id", id))
		if len(msgAtt) > 0 {
			d = domain.Or(d, domain.In("id", uniqueIDs(msgAtt)...))
		}
		rows, err := r.src.searchRead(ctx, sf.Attachment, d, append(append([]string{}, attachmentFields...), "description"), 0, 0, "id asc")
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			a, err := decodeAttachment(sf.Attachment, row)
			if err != nil {
				return nil, err
			}
			dd := decoder{r: row, model: sf.Attachment}
			ch.attachments = append(ch.attachments, srcAttachment{Attachment: a, Description: dd.str("description")})
		}
	}
	return ch, nil
}

// renderTracking gives the bodiless logs of tracked messages a body that
// lists their changes ("Stage: New → Solved"), from the source's tracking
// values (one request).
func (r *transferRun) renderTracking(ctx context.Context, ch *srcChatter, msgIDs []int64) error {
	rows, err := r.src.searchRead(ctx, "mail.tracking.value", domain.In("mail_message_id", msgIDs...), fieldList(r.trackFields...), 0, 0, "id asc")
	if err != nil {
		return err
	}
	lines := map[int64][]string{}
	for _, row := range rows {
		d := decoder{r: row, model: "mail.tracking.value"}
		msg := d.m2o("mail_message_id").ID
		field := d.str("field_desc")
		if field == "" {
			field = d.m2o("field_id").Name
		}
		val := func(kind string) string {
			for _, f := range []string{kind + "_value_char", kind + "_value_datetime"} {
				if s := d.str(f); s != "" {
					return s
				}
			}
			if n := d.int(kind + "_value_integer"); n != 0 {
				return itoa(n)
			}
			if f := d.float(kind + "_value_float"); f != 0 {
				return fmt.Sprint(f)
			}
			return ""
		}
		old, nw := val("old"), val("new")
		d.err = nil // a value of another type reads as empty, not as an error
		lines[msg] = append(lines[msg], fmt.Sprintf("<li>%s: %s → %s</li>", html.EscapeString(field), html.EscapeString(old), html.EscapeString(nw)))
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
		rows, err := r.dst.searchRead(ctx, df.Message, domain.And(domain.Eq("model", df.Ticket.Model), domain.Eq("res_id", destID)), []string{"id", "message_id"}, 0, 0, "id asc")
		if err != nil {
			return err
		}
		for _, row := range rows {
			d := decoder{r: row, model: df.Message}
			if mid := d.str("message_id"); mid != "" {
				st.messageIDs[mid] = true
			}
		}
	}
	if r.opts.Attachments {
		rows, err := r.dst.searchRead(ctx, df.Attachment, domain.And(domain.Eq("res_model", df.Ticket.Model), domain.Eq("res_id", destID)), []string{"id", "name", "checksum"}, 0, 0, "id asc")
		if err != nil {
			return err
		}
		for _, row := range rows {
			d := decoder{r: row, model: df.Attachment}
			k := attKey(d.str("name"), d.str("checksum"))
			st.attachments[k] = append(st.attachments[k], d.int("id"))
		}
	}
	if r.opts.Followers {
		rows, err := r.dst.searchRead(ctx, df.Follower, domain.And(domain.Eq("res_model", df.Ticket.Model), domain.Eq("res_id", destID)), []string{"id", "partner_id"}, 0, 0, "")
		if err != nil {
			return err
		}
		for _, row := range rows {
			d := decoder{r: row, model: df.Follower}
			st.followers[d.m2o("partner_id").ID] = true
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
