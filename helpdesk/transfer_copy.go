package helpdesk

// Copying chatter: attachments, messages and followers, in batches.

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
)

func attKey(name, checksum string) string { return name + "\x00" + checksum }

// copyAttachments creates the attachments the destination lacks, reading
// their content and creating them in chunks; it returns source id ->
// destination id for every attachment, new or already there.
func (r *transferRun) copyAttachments(ctx context.Context, destID int64, ch *srcChatter, st *dstState, c *TransferCounts) (map[int64]int64, error) {
	out := map[int64]int64{}
	if !r.opts.Attachments {
		return out, nil
	}
	var need []srcAttachment
	for _, a := range ch.attachments {
		k := attKey(a.Name, a.Checksum)
		if ids := st.attachments[k]; len(ids) > 0 {
			out[a.ID] = ids[0]
			st.attachments[k] = ids[1:]
			c.Existing++
			continue
		}
		need = append(need, a)
	}
	if r.opts.DryRun {
		c.Transferred += len(need)
		return out, nil
	}
	for lo := 0; lo < len(need); {
		hi, bytes := lo, int64(0)
		for hi < len(need) && hi-lo < transferBatchAttIDs && (hi == lo || bytes+need[hi].Size <= transferBatchAttBytes) {
			bytes += need[hi].Size
			hi++
		}
		chunk := need[lo:hi]
		lo = hi
		ids := make([]int64, len(chunk))
		for i, a := range chunk {
			ids[i] = a.ID
		}
		rows, err := r.src.read(ctx, r.sf.Attachment, ids, []string{"id", "datas", "checksum"})
		if err != nil {
			return out, err
		}
		datas := make(map[int64]string, len(rows))
		for _, row := range rows {
			d := decoder{r: row, model: r.sf.Attachment}
			id, b64, sum := d.int("id"), d.str("datas"), d.str("checksum")
			if d.err != nil {
				return out, d.err
			}
			if err := checkContent(r.sf.Attachment, id, b64, sum); err != nil {
				return out, err
			}
			datas[id] = b64
		}
		vals := make([]map[string]any, 0, len(chunk))
		for _, a := range chunk {
			b64, ok := datas[a.ID]
			if !ok {
				return out, &NotFoundError{Model: r.sf.Attachment, ID: a.ID}
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
		newIDs, err := r.dst.client.Create(ctx, r.df.Attachment, vals, nil)
		if err != nil {
			return out, err
		}
		if len(newIDs) != len(chunk) {
			return out, fmt.Errorf("helpdesk: %s.create answered %d ids for %d records", r.df.Attachment, len(newIDs), len(chunk))
		}
		for i, a := range chunk {
			out[a.ID] = newIDs[i]
		}
		c.Transferred += len(chunk)
	}
	return out, nil
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

// copyMessages creates the messages the destination lacks, in order, in
// batched creates.
func (r *transferRun) copyMessages(ctx context.Context, srcID, destID int64, ch *srcChatter, st *dstState, attMap map[int64]int64, out *TicketTransfer) error {
	if !r.opts.Messages {
		return nil
	}
	c := &out.Messages
	noteMarker, histPrefix := r.srcNoteMarker(srcID), r.historyPrefix(srcID)
	unmatched := map[string]bool{}
	var vals []map[string]any
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
		body := m.Body
		v := map[string]any{
			"model": r.df.Ticket.Model, "res_id": destID, "message_type": m.Type,
			"date": m.Date.UTC().Format("2006-01-02 15:04:05"), "message_id": marker,
			"author_id": false,
		}
		if m.Date.IsZero() {
			delete(v, "date")
		}
		if m.EmailFrom != "" {
			v["email_from"] = m.EmailFrom
		}
		if m.Subject != "" {
			v["subject"] = m.Subject
		}
		if p := st.partners[strings.ToLower(m.email)]; p != 0 {
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
	}
	if r.opts.DryRun {
		c.Transferred += len(vals)
		return nil
	}
	for lo := 0; lo < len(vals); lo += transferBatchRecords {
		hi := min(lo+transferBatchRecords, len(vals))
		ids, err := r.dst.client.Create(ctx, r.df.Message, vals[lo:hi], nil)
		if err != nil {
			return err
		}
		if len(ids) != hi-lo {
			return fmt.Errorf("helpdesk: %s.create answered %d ids for %d records", r.df.Message, len(ids), hi-lo)
		}
		c.Transferred += hi - lo
	}
	return nil
}

// copyFollowers subscribes, in one request, the destination partners of
// the source followers' e-mails.
func (r *transferRun) copyFollowers(ctx context.Context, destID int64, ch *srcChatter, st *dstState, c *TransferCounts) error {
	if !r.opts.Followers {
		return nil
	}
	var add []int64
	seen := map[int64]bool{}
	for _, f := range ch.followers {
		p := st.partners[strings.ToLower(strings.TrimSpace(f.Email))]
		switch {
		case p == 0:
			c.Skipped++
		case st.followers[p] || seen[p]:
			c.Existing++
		default:
			seen[p] = true
			add = append(add, p)
		}
	}
	if len(add) == 0 {
		return nil
	}
	if !r.opts.DryRun {
		if _, err := r.dst.call(ctx, r.df.Ticket.Model, "message_subscribe", []any{[]int64{destID}}, map[string]any{"partner_ids": add}); err != nil {
			return err
		}
	}
	c.Transferred += len(add)
	return nil
}
