package helpdesk

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/mail"
	"sort"
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

// ticket transfers one ticket; it never panics on server data and records
// every failure in the result.
func (r *transferRun) ticket(ctx context.Context, id int64, srcRow row, destID int64) (out TicketTransfer) {
	start := time.Now()
	out = TicketTransfer{SourceID: id, DestID: destID}
	defer func() {
		out.Duration = time.Since(start)
		out.Status = r.status(&out)
	}()
	fail := func(step string, err error) {
		out.Errors = append(out.Errors, &TransferStepError{Step: step, Err: err})
	}

	if srcRow == nil {
		fail("read source", &NotFoundError{Model: r.sf.Ticket.Model, ID: id})
		return out
	}
	t, err := r.sf.decodeTicket(srcRow)
	if err != nil {
		fail("read source", err)
		return out
	}
	out.Name = t.Name

	ch, err := r.readSource(ctx, id)
	if err != nil {
		fail("read source", err)
		return out
	}
	st := dstState{messageIDs: map[string]bool{}, attachments: map[string][]int64{}, followers: map[int64]bool{}}
	if destID != 0 {
		if err := r.readDest(ctx, destID, &st); err != nil {
			fail("read destination", err)
			return out
		}
	}
	if st.partners, err = r.matchPartners(ctx, &t, ch); err != nil {
		fail("match partners", err)
		return out
	}

	if destID == 0 {
		vals := r.ticketValues(&t, st.partners, &out.Warnings)
		if !r.opts.DryRun {
			ids, err := r.dst.client.Create(ctx, r.df.Ticket.Model, vals, &odoo.CallOptions{Context: transferContext})
			if err == nil && len(ids) != 1 {
				err = fmt.Errorf("helpdesk: %s.create answered %d ids, want 1", r.df.Ticket.Model, len(ids))
			}
			if err != nil {
				fail("create ticket", err)
				return out
			}
			destID = ids[0]
			out.DestID = destID
		}
		out.Created = true
	}

	attMap, err := r.copyAttachments(ctx, destID, ch, &st, &out.Attachments)
	if err != nil {
		fail("attachments", err)
		return out
	}
	if err := r.copyMessages(ctx, id, destID, ch, &st, attMap, &out); err != nil {
		fail("messages", err)
		return out
	}
	if err := r.copyFollowers(ctx, destID, ch, &st, &out.Followers); err != nil {
		fail("followers", err)
		return out
	}
	closedIn := ""
	if r.opts.CloseOriginal {
		stage, found, already := r.closingStage(t.Team.ID, t.Stage.ID)
		switch {
		case already:
		case !found:
			fail("close original", fmt.Errorf("%w for %s %d (team %d) on the %s schema", ErrNoClosingStage, r.sf.Ticket.Model, id, t.Team.ID, r.sf.Name))
			return out
		case r.opts.DryRun:
			out.Closed = true
		default:
			// No tracking message: a new run would take it for a message
			// to copy. The note says it instead.
			err := r.src.client.Write(ctx, r.sf.Ticket.Model, []int64{id}, map[string]any{r.sf.Ticket.Stage: stage.ID},
				&odoo.CallOptions{Context: map[string]any{"mail_notrack": true}})
			if err != nil {
				fail("close original", err)
				return out
			}
			out.Closed = true
			closedIn = stage.Name
		}
	}
	if r.opts.Note {
		posted, err := r.postNotes(ctx, &t, destID, ch, &st, closedIn)
		out.NotePosted = posted
		if err != nil {
			fail("note", err)
			return out
		}
	}
	if r.opts.RecordHistory && !r.opts.DryRun && r.status(&out) != StatusSkipped {
		if err := r.postHistory(ctx, id, &out); err != nil {
			fail("history", err)
		}
	}
	return out
}

// status derives a ticket's status from what was done.
func (r *transferRun) status(t *TicketTransfer) TransferStatus {
	switch {
	case len(t.Errors) > 0 && (t.DestID == 0 || r.opts.DryRun):
		return StatusFailed
	case len(t.Errors) > 0:
		return StatusPartial
	case r.opts.DryRun:
		return StatusPlanned
	case !t.Created && t.Messages.Transferred == 0 && t.Attachments.Transferred == 0 &&
		t.Followers.Transferred == 0 && !t.NotePosted && !t.Closed:
		return StatusSkipped
	}
	return StatusDone
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

// matchPartners finds, in one request, the destination partners with the
// e-mails of the authors, the followers and (without a configured
// customer) the ticket's customer. The lowest id wins a shared e-mail.
func (r *transferRun) matchPartners(ctx context.Context, t *Ticket, ch *srcChatter) (map[string]int64, error) {
	want := map[string]bool{}
	add := func(e string) {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			want[e] = true
		}
	}
	if r.opts.Messages {
		for _, m := range ch.messages {
			add(m.email)
		}
	}
	if r.opts.Followers {
		for _, f := range ch.followers {
			add(f.Email)
		}
	}
	if r.cfg.ChildPartnerID == 0 && r.cfg.ParentPartnerID == 0 {
		add(t.PartnerEmail)
	}
	out := map[string]int64{}
	if len(want) == 0 {
		return out, nil
	}
	emails := make([]string, 0, len(want))
	for e := range want {
		emails = append(emails, e)
	}
	sort.Strings(emails)
	terms := make([]domain.Domain, len(emails))
	for i, e := range emails {
		terms[i] = domain.EqILike("email", e) // '_' and '%' may over-match: filtered below
	}
	rows, err := r.dst.searchRead(ctx, "res.partner", domain.Or(terms...), []string{"id", "email"}, 0, 0, "id asc")
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		d := decoder{r: row, model: "res.partner"}
		e := strings.ToLower(strings.TrimSpace(d.str("email")))
		if _, dup := out[e]; want[e] && !dup {
			out[e] = d.int("id")
		}
	}
	return out, nil
}

// ticketValues builds the destination ticket's create values.
func (r *transferRun) ticketValues(t *Ticket, partners map[string]int64, warn *[]string) map[string]any {
	df := r.df
	tk := df.Ticket
	vals := map[string]any{tk.Name: t.Name, r.cfg.SourceRefField: r.ticketRef(t.ID)}
	desc := t.Description
	if strings.TrimSpace(desc) == "" && r.descRequired {
		desc = "<p></p>"
	}
	if desc != "" && tk.Description != "" {
		vals[tk.Description] = desc
	}
	if t.Priority.Valid() && tk.Priority != "" {
		vals[tk.Priority] = string(t.Priority)
	}
	if tk.PartnerName != "" && t.PartnerName != "" {
		vals[tk.PartnerName] = t.PartnerName
	}
	if tk.PartnerEmail != "" && t.PartnerEmail != "" {
		vals[tk.PartnerEmail] = t.PartnerEmail
	}
	switch {
	case r.cfg.ChildPartnerID != 0:
		vals[tk.Partner] = r.cfg.ChildPartnerID
	case r.cfg.ParentPartnerID != 0:
		vals[tk.Partner] = r.cfg.ParentPartnerID
	default:
		if p := partners[strings.ToLower(strings.TrimSpace(t.PartnerEmail))]; p != 0 {
			vals[tk.Partner] = p
		}
	}
	team := int64(0)
	if t.Team.ID != 0 {
		team = r.teams.find(t.Team.Name, r.cfg.StageMappingFold)
		if team == 0 {
			*warn = append(*warn, fmt.Sprintf("team %q not on the destination", t.Team.Name))
		}
	}
	if team == 0 && r.cfg.DefaultTeam != "" {
		team = r.teams.find(r.cfg.DefaultTeam, true)
	}
	if team != 0 {
		vals[tk.Team] = team
	}
	if t.Stage.ID != 0 {
		if st, ok := r.stageFor(t.Stage.Name, team); ok {
			vals[tk.Stage] = st
		} else {
			*warn = append(*warn, fmt.Sprintf("stage %q has no match on the destination", t.Stage.Name))
		}
	}
	if t.Type.ID != 0 {
		if id := r.types.find(t.Type.Name, false); id != 0 && df.HasTypes() {
			vals[tk.Type] = id
		} else {
			*warn = append(*warn, fmt.Sprintf("ticket type %q not on the destination", t.Type.Name))
		}
	}
	if len(t.TagIDs) > 0 {
		var tags []int64
		for _, sid := range t.TagIDs {
			name := r.srcTags[sid]
			if id := r.tags.find(name, false); id != 0 && df.HasTags() {
				tags = append(tags, id)
			} else {
				*warn = append(*warn, fmt.Sprintf("tag %q not on the destination", name))
			}
		}
		if len(tags) > 0 {
			vals[tk.Tags] = odoo.Commands{odoo.Set(tags...)}
		}
	}
	return vals
}

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

// Markers: Message-Id values the transfer gives what it writes, so a new
// run recognises it.
func (r *transferRun) copyMarker(m *srcMessage) string {
	if m.MessageID != "" {
		return m.MessageID
	}
	return "<deskbridge-copy." + markerPart(r.cfg.SourceRef) + ".m" + itoa(m.ID) + "@deskbridge>"
}

func (r *transferRun) destNoteMarker(id int64) string {
	return "<deskbridge-transfer-note-from." + markerPart(r.cfg.SourceRef) + ".t" + itoa(id) + "@deskbridge>"
}

func (r *transferRun) srcNoteMarker(id int64) string {
	return "<deskbridge-transfer-note-to." + markerPart(r.cfg.Name) + ".t" + itoa(id) + "@deskbridge>"
}

func (r *transferRun) historyPrefix(id int64) string {
	return "<deskbridge-transfer-history." + markerPart(r.cfg.Name) + ".t" + itoa(id) + "."
}

// markerPart keeps letters, digits, '.' and '-' of s.
func markerPart(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' {
			return c
		}
		return '-'
	}, s)
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

// postNotes posts the internal notes that link the two tickets, each
// unless an earlier run did.
func (r *transferRun) postNotes(ctx context.Context, t *Ticket, destID int64, ch *srcChatter, st *dstState, closedIn string) (bool, error) {
	extra := ""
	if strings.TrimSpace(r.opts.NoteText) != "" {
		extra = "<p>" + html.EscapeString(r.opts.NoteText) + "</p>"
	}
	srcExtra := extra
	if closedIn != "" {
		srcExtra = "<p>Closed: moved to stage " + html.EscapeString(closedIn) + ".</p>" + extra
	}
	posted := false
	if mk := r.destNoteMarker(t.ID); !st.messageIDs[mk] {
		body := fmt.Sprintf("<p>Transferred from %s, ticket %s (#%d): %s</p>%s",
			html.EscapeString(r.cfg.SourceName), html.EscapeString(t.Number), t.ID,
			link(r.src.client.URL(), r.sf.Ticket.Model, t.ID, t.Name), extra)
		if !r.opts.DryRun {
			if err := r.note(ctx, r.dst, r.df, destID, body, mk); err != nil {
				return posted, err
			}
		}
		posted = true
	}
	mk := r.srcNoteMarker(t.ID)
	for _, m := range ch.messages {
		if m.MessageID == mk {
			return posted, nil
		}
	}
	body := fmt.Sprintf("<p>Transferred to %s, ticket #%d: %s</p>%s",
		html.EscapeString(r.cfg.Name), destID, link(r.dst.client.URL(), r.df.Ticket.Model, destID, t.Name), srcExtra)
	if !r.opts.DryRun {
		if err := r.note(ctx, r.src, r.sf, t.ID, body, mk); err != nil {
			return posted, err
		}
	}
	return true, nil
}

// note posts an internal note with a Message-Id.
func (r *transferRun) note(ctx context.Context, s *Service, f *Flavor, id int64, body, messageID string) error {
	_, err := s.call(ctx, f.Ticket.Model, "message_post", []any{[]int64{id}}, map[string]any{
		"body": body, "message_type": "comment", "subtype_xmlid": SubtypeNote, "message_id": messageID,
	})
	return err
}

// postHistory records the ticket's transfer on the source ticket.
func (r *transferRun) postHistory(ctx context.Context, id int64, t *TicketTransfer) error {
	st := r.status(t)
	body := fmt.Sprintf("<p>Transfer to %s: %s, destination ticket #%d; messages %d copied, %d already there; "+
		"followers %d added, %d already there, %d without a match; attachments %d copied, %d already there.</p>",
		html.EscapeString(r.cfg.Name), st, t.DestID,
		t.Messages.Transferred, t.Messages.Existing,
		t.Followers.Transferred, t.Followers.Existing, t.Followers.Skipped,
		t.Attachments.Transferred, t.Attachments.Existing)
	if len(t.Warnings) > 0 {
		body += "<ul>"
		for _, w := range t.Warnings {
			body += "<li>" + html.EscapeString(w) + "</li>"
		}
		body += "</ul>"
	}
	mk := r.historyPrefix(id) + itoa(time.Now().UnixNano()) + "@deskbridge>"
	return r.note(ctx, r.src, r.sf, id, body, mk)
}

// link is an HTML link to a record in Odoo's web client.
func link(base, model string, id int64, text string) string {
	u := fmt.Sprintf("%s/web#id=%d&model=%s&view_type=form", strings.TrimRight(base, "/"), id, model)
	return `<a href="` + html.EscapeString(u) + `">` + html.EscapeString(text) + `</a>`
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
