package helpdesk

// The notes a transfer writes, and the Message-Id markers that let a new
// run recognise what an earlier one wrote.

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

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

// noteContext keeps a transfer's notes from changing who follows what:
// message_post otherwise subscribes the poster (Odoo 16-19), and
// mail_post_autofollow would subscribe the notified partners.
var noteContext = map[string]any{"mail_create_nosubscribe": true, "mail_post_autofollow": false}

// note posts an internal note with a Message-Id, through
// odoo.Client.MessagePost (body_is_html: the HTML stays HTML on 17+).
func (r *transferRun) note(ctx context.Context, s *Service, f *Flavor, id int64, body, messageID string) error {
	_, err := s.client.MessagePost(ctx, f.Ticket.Model, id, body, &odoo.MessagePostOptions{
		Subtype: SubtypeNote, Kwargs: map[string]any{"message_id": messageID}, Context: noteContext,
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
