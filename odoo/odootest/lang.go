package odootest

// Languages. Every server has res.lang with en_US and one extra installed
// language, ExtraLanguage, whose translations of the helpdesk labels
// (stage, type and category names, selection values) reads answer when
// the context's lang names it, as a real database with that language
// loaded does. A context lang that is not an active res.lang answers
// UserError "Invalid language code: <code>" (odoo19/29, 422 over JSON-2;
// the same check is in odoo/api.py Environment.lang from 16.0 on, so the
// fake makes it on every version — recorded only on 19). The German
// strings are the fake's own (Odoo's de.po words some differently).

// ExtraLanguage is the installed language besides en_US.
const ExtraLanguage = "de_DE"

// translations are the extra language's strings, by English source.
var translations = map[string]map[string]string{
	ExtraLanguage: {
		// stage names (OCA and Enterprise demo data)
		"New": "Neu", "In Progress": "In Bearbeitung", "Awaiting": "Wartend", "Done": "Erledigt",
		"Cancelled": "Abgebrochen", "Solved": "Gelöst", "On Hold": "Angehalten", "Closed": "Geschlossen",
		// selection labels
		"Low": "Niedrig", "Medium": "Mittel", "High": "Hoch", "Very High": "Sehr hoch", "Urgent": "Dringend",
		"Normal": "Normal", "Default": "Standard", "Ready for next stage": "Bereit für die nächste Stufe", "Blocked": "Blockiert",
		"Overdue": "Überfällig", "Today": "Heute", "Planned": "Geplant",
		"Comment": "Kommentar", "Notification": "Benachrichtigung", "Email": "E-Mail",
		// ticket types and categories of the demo data
		"Question": "Frage", "Issue": "Problem", "Feature Request": "Funktionswunsch",
	},
}

// translatable are the fields whose values are translated (translate=True
// in Odoo): names of stages, types and categories.
var translatable = map[string]bool{
	"helpdesk.ticket.stage.name": true, "helpdesk.stage.name": true,
	"helpdesk.ticket.type.name": true, "helpdesk.ticket.category.name": true,
	"mail.message.subtype.name": true,
}

func langModel() Model {
	return Model{Name: "res.lang", Description: "Languages", Order: "active desc, name", Fields: []Field{
		req(f("name", TypeChar, "Name")), req(f("code", TypeChar, "Locale Code")), f("iso_code", TypeChar, "ISO code"),
		f("url_code", TypeChar, "URL Code"), def(f("active", TypeBoolean, "Active"), true),
		def(sel("direction", "Direction", "ltr", "Left-to-Right", "rtl", "Right-to-Left"), "ltr"),
		f("date_format", TypeChar, "Date Format"), f("time_format", TypeChar, "Time Format"),
	}}
}

// seedLangs installs en_US and ExtraLanguage.
func (s *store) seedLangs() error {
	m := s.models["res.lang"]
	for _, l := range []map[string]any{
		{"name": "English (US)", "code": "en_US", "iso_code": "en", "url_code": "en", "date_format": "%m/%d/%Y", "time_format": "%H:%M:%S"},
		{"name": "German / Deutsch", "code": ExtraLanguage, "iso_code": "de", "url_code": "de", "date_format": "%d.%m.%Y", "time_format": "%H:%M:%S"},
	} {
		if _, err := s.create(rootCtx, m, l); err != nil {
			return err
		}
	}
	return nil
}

// checkLang answers the error of a context lang that is not installed.
func (s *store) checkLang(c *callCtx) *odooError {
	lang, _ := c.context["lang"].(string)
	if lang == "" || lang == "en_US" {
		return nil
	}
	m := s.models["res.lang"]
	for _, id := range m.ids {
		if rec := m.records[id]; rec.vals["code"] == lang && rec.vals["active"] != false {
			return nil
		}
	}
	return newErr(excUserError, "Invalid language code: %s", lang)
}

// tr translates s into the context's language (s when there is none).
func (r *reader) tr(s string) string {
	if r.c == nil {
		return s
	}
	lang, _ := r.c.context["lang"].(string)
	if t, ok := translations[lang][s]; ok {
		return t
	}
	return s
}

// translated reports whether m.field's values are translated.
func translated(m *model, field string) bool { return translatable[m.name+"."+field] }
