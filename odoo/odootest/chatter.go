package odootest

import (
	"encoding/base64"
	"html"
	"regexp"
	"strings"
)

// --- chatter --------------------------------------------------------------

func (s *store) subtypeByXMLID(xmlid string) int64 {
	m := s.models["mail.message.subtype"]
	for _, id := range m.ids {
		if m.records[id].vals["xml_id"] == xmlid {
			return id
		}
	}
	return 0
}

func mMessagePost(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	if !m.thread {
		return nil, s.prof().unknownMethod(m.name, "message_post")
	}
	resID, err := singletonArg(m, a)
	if err != nil {
		return nil, err
	}
	if m.records[resID] == nil {
		return nil, errMissing(m.name, resID, c.uid)
	}
	kw := a.kw
	vals := map[string]any{"model": m.name, "res_id": resID}
	vals["body"] = ""
	if b, ok := kw["body"]; ok && !isFalsy(b) {
		if str, isStr := b.(string); isStr && s.prof().escapesStrBody() && kw["body_is_html"] != true {
			b = plaintext2html(str)
		}
		vals["body"] = b
	}
	vals["message_type"] = "notification"
	if v, ok := kw["message_type"]; ok {
		vals["message_type"] = v
	}
	subtype := int64(0)
	if v, ok := kw["subtype_id"]; ok && !isFalsy(v) {
		subtype = asID(v)
	} else {
		x := "mail.mt_note"
		if v, ok := kw["subtype_xmlid"].(string); ok && v != "" {
			x = v
		}
		subtype = s.subtypeByXMLID(x)
		if subtype == 0 {
			return nil, newErr(excValueError, "External ID not found in the system: %s", x)
		}
	}
	vals["subtype_id"] = subtype
	for _, k := range []string{"author_id", "email_from", "date", "subject", "parent_id", "partner_ids", "reply_to", "message_id"} {
		if v, ok := kw[k]; ok && !isFalsy(v) {
			vals[k] = v
		}
	}
	var attIDs []int64
	if v, ok := kw["attachment_ids"]; ok && !isFalsy(v) {
		list, ok := asIDList(v)
		if !ok {
			cmds, err := parseCommands(s.models["mail.message"], s.models["mail.message"].fields["attachment_ids"], v)
			if err != nil {
				return nil, err
			}
			for _, cmd := range cmds {
				list = append(list, cmd.ids...)
				if cmd.code == 4 {
					list = append(list, cmd.id)
				}
			}
		}
		attIDs = list
	}
	if v, ok := kw["attachments"].([]any); ok {
		for _, e := range v {
			t, ok := e.([]any)
			if !ok || len(t) < 2 {
				continue
			}
			name, _ := t[0].(string)
			content, _ := t[1].(string)
			id, err := s.create(c, s.models["ir.attachment"], map[string]any{
				"name": name, "datas": base64.StdEncoding.EncodeToString([]byte(content)),
				"res_model": m.name, "res_id": resID,
			})
			if err != nil {
				return nil, err
			}
			attIDs = append(attIDs, id)
		}
	}
	am := s.models["ir.attachment"]
	for _, id := range attIDs {
		att := am.records[id]
		if att == nil {
			return nil, errMissing("ir.attachment", id, c.uid)
		}
		// Odoo moves posted attachments onto the record.
		if isFalsy(att.vals["res_id"]) || att.vals["res_model"] == "mail.compose.message" || att.vals["res_model"] == nil {
			s.setVal(att, "res_model", m.name)
			s.setVal(att, "res_id", resID)
		}
	}
	if len(attIDs) > 0 {
		l := make([]any, len(attIDs))
		for i, x := range attIDs {
			l[i] = x
		}
		vals["attachment_ids"] = []any{[]any{int64(6), int64(0), l}}
	}
	id, err := s.create(c, s.models["mail.message"], vals)
	if err != nil {
		return nil, err
	}
	// Odoo's mail.thread.message_post (16-19) subscribes the poster
	// unless mail_create_nosubscribe is in the context or the message is
	// a notification: the caller when active, else the author when active.
	if !c.flag("mail_create_nosubscribe") && vals["message_type"] != "notification" {
		p := int64(0)
		if u := s.get("res.users", c.uid); u != nil && u.vals["active"] != false {
			p = asID(u.vals["partner_id"])
		} else if a := s.get("res.partner", asID(vals["author_id"])); a != nil && a.vals["active"] != false {
			p = a.id
		}
		if p != 0 {
			if err := s.follow(c, m.name, resID, p, nil); err != nil {
				return nil, err
			}
		}
	}
	if s.prof().messagePostList() {
		return []int64{id}, nil // the mail.message recordset as a list of ids (odoo19/17, 62)
	}
	return id, nil
}

// plaintext2html is how Odoo 17+ stores a str body given to message_post
// without body_is_html (tools.mail.plaintext2html): HTML-escaped
// (markupsafe, like html.EscapeString), line breaks as <br/>, two or more
// of them closing a paragraph, all in <p> — as odoo17/29 and 55 show for
// "<p>Internal note from the API</p>" ("<p>&lt;p&gt;Internal note from
// the API&lt;/p&gt;</p>"). The line-break rules follow the 17.0 source
// (no capture has a newline); its clickable-link step is left out.
func plaintext2html(s string) string {
	s = html.EscapeString(s)
	s = strings.NewReplacer("\r\n", "<br/>", "\r", "<br/>", "\n", "<br/>").Replace(s)
	s = manyBreaks.ReplaceAllString(s, "</p><p>")
	return "<p>" + s + "</p>"
}

var manyBreaks = regexp.MustCompile(`(<br/>\s*){2,}`)

func mMessageSubscribe(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	if !m.thread {
		return nil, s.prof().unknownMethod(m.name, "message_subscribe")
	}
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	pv, _ := a.get("partner_ids")
	partners, _ := asIDList(pv)
	sv, _ := a.get("subtype_ids")
	subtypes, _ := asIDList(sv)
	for _, id := range ids {
		if m.records[id] == nil {
			return nil, errMissing(m.name, id, c.uid)
		}
		for _, p := range partners {
			if s.get("res.partner", p) == nil {
				return nil, errMissing("res.partner", p, c.uid)
			}
			if err := s.follow(c, m.name, id, p, subtypes); err != nil {
				return nil, err
			}
		}
	}
	return true, nil
}

// follow adds partner p to the followers of model/id (or updates its
// subtypes when given).
func (s *store) follow(c *callCtx, model string, id, p int64, subtypes []int64) *odooError {
	return s.followFresh(c, model, id, p, subtypes, false)
}

// followFresh is follow; fresh skips the search for an existing follower
// (a record being created has none), keeping bulk creates O(n).
func (s *store) followFresh(c *callCtx, model string, id, p int64, subtypes []int64, fresh bool) *odooError {
	fm := s.models["mail.followers"]
	for _, fid := range fm.ids {
		if fresh {
			break
		}
		f := fm.records[fid]
		if f.vals["res_model"] == model && asID(f.vals["res_id"]) == id && asID(f.vals["partner_id"]) == p {
			if len(subtypes) > 0 {
				s.setVal(f, "subtype_ids", append([]int64{}, subtypes...))
			}
			return nil
		}
	}
	if len(subtypes) == 0 {
		if d := s.subtypeByXMLID("mail.mt_comment"); d != 0 {
			subtypes = []int64{d}
		}
	}
	l := make([]any, len(subtypes))
	for i, x := range subtypes {
		l[i] = x
	}
	_, err := s.create(c, fm, map[string]any{"res_model": model, "res_id": id, "partner_id": p, "subtype_ids": []any{[]any{int64(6), int64(0), l}}})
	return err
}

func mMessageUnsubscribe(s *store, c *callCtx, m *model, a *callArgs) (any, *odooError) {
	ids, err := idsArg(a)
	if err != nil {
		return nil, err
	}
	pv, _ := a.get("partner_ids")
	partners, _ := asIDList(pv)
	fm := s.models["mail.followers"]
	var dead []int64
	for _, fid := range fm.ids {
		f := fm.records[fid]
		if f.vals["res_model"] != m.name {
			continue
		}
		for _, id := range ids {
			for _, p := range partners {
				if asID(f.vals["res_id"]) == id && asID(f.vals["partner_id"]) == p {
					dead = append(dead, fid)
				}
			}
		}
	}
	if len(dead) > 0 {
		if err := s.unlink(c, fm, dead); err != nil {
			return nil, err
		}
	}
	return nil, nil // None: the reply has no result (odoo17/52, odoo18/65)
}
