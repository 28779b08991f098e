package odootest

import "fmt"

// Chatter side effects of mail.thread models, as Odoo's mail module has
// them. Context keys turn them off like in Odoo: mail_create_nolog (no
// creation message), mail_create_nosubscribe (the creator does not
// follow), tracking_disable (none of them), mail_notrack (no tracking).

func (c *callCtx) flag(key string) bool {
	if c == nil || c.context == nil {
		return false
	}
	return truthy(c.context[key])
}

// trackedFields are the fields whose changes post a tracking message.
var trackedFields = map[string][]string{
	"helpdesk.ticket": {"stage_id", "user_id"},
}

// threadCreated logs the creation message and subscribes the creator and
// the assigned user.
func (s *store) threadCreated(c *callCtx, m *model, rec *record) *odooError {
	if c.flag("tracking_disable") {
		return nil
	}
	if !c.flag("mail_create_nosubscribe") {
		partners := []int64{s.partnerOf(c.uid)}
		if u := asID(rec.vals["user_id"]); u != 0 && m.fields["user_id"] != nil && m.fields["user_id"].Relation == "res.users" {
			partners = append(partners, s.partnerOf(u))
		}
		for i, p := range partners {
			if p != 0 && !(m.name == "res.partner" && p == rec.id) && (i == 0 || p != partners[0]) {
				if err := s.followFresh(c, m.name, rec.id, p, nil, true); err != nil {
					return err
				}
			}
		}
	}
	if c.flag("mail_create_nolog") {
		return nil
	}
	vals := map[string]any{"model": m.name, "res_id": rec.id, "message_type": "notification", "body": ""}
	if st := s.creationSubtype(m); st != 0 {
		vals["subtype_id"] = st
		if s.version >= 18 {
			// 18 renders the creation notification (odoo18/29; 16 and 17
			// leave it empty: odoo16/29, odoo17/29).
			vals["body"] = fmt.Sprintf(`<div summary="o_mail_notification"><p>%s created</p></div>`, m.description)
		}
	} else {
		vals["subtype_id"] = s.subtypeByXMLID("mail.mt_note")
		vals["body"] = fmt.Sprintf("<p>%s created</p>", m.description)
	}
	_, err := s.create(c, s.models["mail.message"], vals)
	return err
}

func (s *store) creationSubtype(m *model) int64 {
	if m.name != "helpdesk.ticket" {
		return 0
	}
	if s.flavor == OCA {
		return s.subtypeByXMLID("helpdesk_mgmt.hlp_tck_created")
	}
	return s.subtypeByXMLID("helpdesk.mt_ticket_new")
}

// trackedValues answers the tracked fields' values before a write.
func (s *store) trackedValues(c *callCtx, m *model, rec *record) map[string]any {
	fields := trackedFields[m.name]
	if len(fields) == 0 || !m.thread || c.flag("tracking_disable") || c.flag("mail_notrack") {
		return nil
	}
	old := make(map[string]any, len(fields))
	for _, f := range fields {
		old[f] = rec.vals[f]
	}
	return old
}

// track posts a notification with one tracking value per changed field,
// and subscribes a newly assigned user.
func (s *store) track(c *callCtx, m *model, rec *record, old map[string]any) *odooError {
	if old == nil {
		return nil
	}
	r := s.reader(c)
	var values []any
	for _, f := range trackedFields[m.name] {
		before, after := asID(old[f]), asID(rec.vals[f])
		if before == after {
			continue
		}
		fd := m.fields[f]
		name := func(id int64) any {
			if t := s.get(fd.Relation, id); t != nil {
				return r.displayName(s.models[fd.Relation], t)
			}
			return nil
		}
		values = append(values, []any{int64(0), int64(0), map[string]any{
			"field_desc": fd.String, "field_type": fd.Type,
			"old_value_integer": before, "new_value_integer": after,
			"old_value_char": name(before), "new_value_char": name(after),
		}})
		if f == "user_id" && after != 0 {
			if p := s.partnerOf(after); p != 0 {
				if err := s.follow(c, m.name, rec.id, p, nil); err != nil {
					return err
				}
			}
		}
	}
	if len(values) == 0 {
		return nil
	}
	subtype := s.subtypeByXMLID("mail.mt_note")
	_, err := s.create(c, s.models["mail.message"], map[string]any{
		"model": m.name, "res_id": rec.id, "message_type": "notification", "body": "",
		"subtype_id": subtype, "tracking_value_ids": values,
	})
	return err
}
