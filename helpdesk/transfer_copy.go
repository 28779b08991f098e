package helpdesk

// Copying chatter: attachments, messages and followers, in batches. A
// record the destination refuses, or one over the size limits, is a named
// skip; the rest of the ticket goes on.

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

func attKey(name, checksum string) string { return name + "\x00" + checksum }

// tooLarge reports whether err is the destination's refusal of a request
// for its size (HTTP 413 from Odoo's max_content_length or a proxy):
// nothing was written, so the records may be sent again one by one
// without risking a duplicate.
func tooLarge(err error) bool {
	var re *odoo.ResponseError
	return errors.As(err, &re) && re.StatusCode == http.StatusRequestEntityTooLarge && !errors.Is(err, deskbridge.ErrOutcomeUnknown)
}

// refusedRecord reports whether err is the destination refusing a record
// for what it holds (too large, or a deskbridge.ArgumentError or UserError: a file
// type or size rule of an add-on, ...): nothing was written.
func refusedRecord(err error) bool {
	return tooLarge(err) || (!errors.Is(err, deskbridge.ErrOutcomeUnknown) && (errors.Is(err, odoo.ErrValidation) || errors.Is(err, odoo.ErrUser)))
}

// createEach creates vals in one request; when the destination refuses
// the batch in a way perRecord accepts, it creates them one at a time and
// reports each record refused again to skip (by index) instead of
// failing. Any other error fails the step (a new run resumes it). It
// returns the new ids, 0 for a skipped record.
func (r *transferRun) createEach(ctx context.Context, model string, vals []map[string]any, perRecord func(error) bool, skip func(i int, err error)) ([]int64, error) {
	ids, err := r.dst.client.CreateMany(ctx, model, vals, nil)
	if err == nil {
		if len(ids) != len(vals) {
			return nil, fmt.Errorf("helpdesk: %s.create answered %d ids for %d records", model, len(ids), len(vals))
		}
		return ids, nil
	}
	if !perRecord(err) {
		return nil, err
	}
	if len(vals) == 1 {
		skip(0, err)
		return []int64{0}, nil
	}
	ids = make([]int64, len(vals))
	for i, v := range vals {
		one, err := r.dst.client.Create(ctx, model, v, nil)
		switch {
		case err == nil:
			ids[i] = one
		case perRecord(err):
			skip(i, err)
		default:
			return nil, err
		}
	}
	return ids, nil
}

// copyAttachments creates the attachments the destination lacks, reading
// their content and creating them in chunks; it returns source id ->
// destination id for every attachment, new or already there.
func (r *transferRun) copyAttachments(ctx context.Context, destID int64, ch *srcChatter, st *dstState, out *TicketTransfer) (map[int64]int64, error) {
	c := &out.Attachments
	ids := map[int64]int64{}
	if !r.opts.Attachments {
		return ids, nil
	}
	skip := func(a *srcAttachment, reason string) {
		c.Skipped++
		out.Skips = append(out.Skips, TransferSkip{Kind: "attachment", SourceID: a.ID, Name: a.Name, Reason: reason})
	}
	var need []srcAttachment
	for _, a := range ch.attachments {
		k := attKey(a.Name, a.Checksum)
		if got := st.attachments[k]; len(got) > 0 {
			ids[a.ID] = got[0]
			st.attachments[k] = got[1:]
			c.Existing++
			continue
		}
		if max := r.opts.MaxAttachmentBytes; max > 0 && a.Size > max {
			skip(&a, fmt.Sprintf("%d bytes, over MaxAttachmentBytes (%d)", a.Size, max))
			continue
		}
		need = append(need, a)
	}
	if r.opts.DryRun {
		c.Transferred += len(need)
		return ids, nil
	}
	for lo := 0; lo < len(need); {
		hi, bytes := lo, int64(0)
		for hi < len(need) && hi-lo < transferBatchAttIDs && (hi == lo || bytes+need[hi].Size <= transferBatchAttBytes) {
			bytes += need[hi].Size
			hi++
		}
		chunk := need[lo:hi]
		lo = hi
		srcIDs := make([]int64, len(chunk))
		for i, a := range chunk {
			srcIDs[i] = a.ID
		}
		rows, err := readTyped[attachmentRow](ctx, r.src, r.sf.Attachment, srcIDs, []string{"id", "datas", "checksum"})
		if err != nil {
			return ids, err
		}
		datas := make(map[int64]string, len(rows))
		for _, row := range rows {
			id := row.ID
			if err := checkContent(r.sf.Attachment, id, row.Datas, row.Checksum); err != nil {
				return ids, err
			}
			datas[id] = row.Datas
		}
		vals := make([]map[string]any, 0, len(chunk))
		for _, a := range chunk {
			b64, ok := datas[a.ID]
			if !ok {
				return ids, &deskbridge.NotFoundError{Op: "helpdesk.Transfer", Model: r.sf.Attachment, ID: a.ID}
			}
			v := map[string]any{"name": a.Name, "datas": b64, "res_model": r.df.Ticket.Model, "res_id": destID}
			if a.MimeType != "" {
				v["mimetype"] = a.MimeType
			}
			if a.Description != "" {
				v["description"] = a.Description
			}
			vals = append(vals, v)
		}
		newIDs, err := r.createEach(ctx, r.df.Attachment, vals, refusedRecord, func(i int, err error) {
			skip(&chunk[i], "refused by the destination: "+err.Error())
		})
		if err != nil {
			return ids, err
		}
		for i, a := range chunk {
			if newIDs[i] != 0 {
				ids[a.ID] = newIDs[i]
				c.Transferred++
			}
		}
	}
	return ids, nil
}

// checkContent checks base64 content against the checksum the server
// reports for it (SHA-1, hex), like Attachments.Download.
func checkContent(model string, id int64, b64, checksum string) error {
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return fmt.Errorf("helpdesk: %s %d: datas is not base64: %w", model, id, err)
	}
	if want, herr := hex.DecodeString(checksum); herr == nil && len(want) == sha1.Size {
		if sum := sha1.Sum(data); string(sum[:]) != string(want) {
			return fmt.Errorf("%w: %s %d: sha1 %x, the server reports %s", ErrChecksum, model, id, sum, checksum)
		}
	}
	return nil
}

// messageName names a message in a skip: its subject, else its date.
func messageName(m *srcMessage) string {
	if m.Subject != "" {
		return m.Subject
	}
	if !m.Date.IsZero() {
		return m.Date.UTC().Format(odoo.DateTimeLayout)
	}
	return ""
}

// copyMessages creates the messages the destination lacks, in order, in
// batched creates (mail.message create keeps the body as given: HTML
// stays HTML on every version).
func (r *transferRun) copyMessages(ctx context.Context, srcID, destID int64, ch *srcChatter, st *dstState, attMap map[int64]int64, out *TicketTransfer) error {
	if !r.opts.Messages {
		return nil
	}
	c := &out.Messages
	noteMarker, histPrefix := r.srcNoteMarker(srcID), r.historyPrefix(srcID)
	unmatched := map[string]bool{}
	var (
		vals []map[string]any
		msgs []*srcMessage
	)
	skip := func(m *srcMessage, reason string) {
		c.Skipped++
		out.Skips = append(out.Skips, TransferSkip{Kind: "message", SourceID: m.ID, Name: messageName(m), Reason: reason})
	}
	for i := range ch.messages {
		m := &ch.messages[i]
		if m.MessageID == noteMarker || strings.HasPrefix(m.MessageID, histPrefix) {
			continue // this transfer's own notes on the source
		}
		marker := r.copyMarker(m)
		if st.messageIDs[marker] {
			c.Existing++
			continue
		}
		if max := r.opts.MaxMessageBytes; max > 0 && len(m.Body) > max {
			skip(m, fmt.Sprintf("body of %d bytes, over MaxMessageBytes (%d)", len(m.Body), max))
			continue
		}
		body := m.Body
		v := map[string]any{
			"model": r.df.Ticket.Model, "res_id": destID, "message_type": m.Type,
			"message_id": marker, "author_id": false,
		}
		if !m.Date.IsZero() {
			v["date"] = m.Date.UTC().Format(odoo.DateTimeLayout)
		}
		if m.EmailFrom != "" {
			v["email_from"] = m.EmailFrom
		}
		if m.Subject != "" {
			v["subject"] = m.Subject
		}
		if p := r.authorOf(m, st.partners); p != 0 {
			v["author_id"] = p
		} else if m.name != "" || m.email != "" {
			who := m.name
			if m.email != "" {
				if who != "" {
					who += " "
				}
				who += "<" + m.email + ">"
			}
			body = "<p><strong>" + html.EscapeString(who) + "</strong></p>" + body
			if !unmatched[who] {
				unmatched[who] = true
				out.Warnings = append(out.Warnings, fmt.Sprintf("author %s not on the destination: named in the body", who))
			}
		}
		v["body"] = body
		if m.Subtype.ID != 0 {
			if id := r.subtypes.find(m.Subtype.Name, false); id != 0 {
				v["subtype_id"] = id
			}
		}
		var atts []int64
		for _, a := range m.AttachmentIDs {
			if d := attMap[a]; d != 0 {
				atts = append(atts, d)
			}
		}
		if len(atts) > 0 {
			v["attachment_ids"] = odoo.Commands{odoo.Set(atts...)}
		}
		vals = append(vals, v)
		msgs = append(msgs, m)
	}
	if r.opts.DryRun {
		c.Transferred += len(vals)
		return nil
	}
	for lo := 0; lo < len(vals); lo += transferBatchRecords {
		hi := min(lo+transferBatchRecords, len(vals))
		ids, err := r.createEach(ctx, r.df.Message, vals[lo:hi], tooLarge, func(i int, err error) {
			skip(msgs[lo+i], "too large for the destination: "+err.Error())
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if id != 0 {
				c.Transferred++
			}
		}
	}
	return nil
}

// copyFollowers subscribes, in one request, the destination partners of
// the source followers' e-mails. A follower without one is created as a
// partner with CreatePartners, else skipped by name.
func (r *transferRun) copyFollowers(ctx context.Context, destID int64, ch *srcChatter, st *dstState, out *TicketTransfer) error {
	if !r.opts.Followers {
		return nil
	}
	c := &out.Followers
	var add []int64
	seen := map[int64]bool{}
	var create []Follower
	for _, f := range ch.followers {
		email := strings.ToLower(strings.TrimSpace(f.Email))
		p := st.partners[email]
		switch {
		case p == 0 && r.cfg.CreatePartners && email != "":
			create = append(create, f)
		case p == 0:
			c.Skipped++
			reason := "no destination partner with this e-mail (TransferConfig.CreatePartners creates one)"
			if email == "" {
				reason = "the follower has no e-mail"
			}
			out.Skips = append(out.Skips, TransferSkip{Kind: "follower", SourceID: f.Partner.ID, Name: f.Email, Reason: reason})
		case st.followers[p] || seen[p]:
			c.Existing++
		default:
			seen[p] = true
			add = append(add, p)
		}
	}
	if len(create) > 0 && !r.opts.DryRun {
		vals := make([]map[string]any, len(create))
		for i, f := range create {
			name := f.Name
			if name == "" {
				name = f.Email
			}
			vals[i] = map[string]any{"name": name, "email": strings.TrimSpace(f.Email)}
		}
		ids, err := r.dst.client.CreateMany(ctx, "res.partner", vals, &odoo.CallOptions{Context: transferContext})
		if err != nil {
			return fmt.Errorf("create follower partners: %w", err)
		}
		if len(ids) != len(vals) {
			return fmt.Errorf("helpdesk: res.partner.create answered %d ids for %d records", len(ids), len(vals))
		}
		for i, id := range ids {
			st.partners[strings.ToLower(strings.TrimSpace(create[i].Email))] = id
			out.Warnings = append(out.Warnings, fmt.Sprintf("follower %s: partner %d created on the destination", create[i].Email, id))
			if !seen[id] {
				seen[id] = true
				add = append(add, id)
			}
		}
	} else if len(create) > 0 {
		c.Transferred += len(create)
	}
	if len(add) == 0 {
		return nil
	}
	if !r.opts.DryRun {
		if err := r.dst.Followers.Add(ctx, destID, add); err != nil {
			return err
		}
	}
	c.Transferred += len(add)
	return nil
}
