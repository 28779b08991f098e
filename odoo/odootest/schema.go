package odootest

import (
	"fmt"
	"sort"
	"strings"
)

// Field types a Field can have, as Odoo names them.
const (
	TypeChar      = "char"
	TypeText      = "text"
	TypeHTML      = "html"
	TypeInteger   = "integer"
	TypeFloat     = "float"
	TypeMonetary  = "monetary"
	TypeBoolean   = "boolean"
	TypeSelection = "selection"
	TypeDate      = "date"
	TypeDatetime  = "datetime"
	TypeMany2one  = "many2one"
	TypeOne2many  = "one2many"
	TypeMany2many = "many2many"
	TypeBinary    = "binary"
	TypeJSON      = "json" // Odoo 17+ fields.Json (read as stored, e.g. duration_tracking)
)

// Model describes a model a test registers with Server.RegisterModel. The
// server adds the magic fields (id, display_name, create_uid, create_date,
// write_uid, write_date) and, for Inherit "mail.thread", the chatter fields
// (message_ids, message_follower_ids, message_partner_ids, ...).
type Model struct {
	Name        string // e.g. "x_project.task"
	Description string // e.g. "Task"; fields_get and error messages use it
	Fields      []Field
	// RecName is the field display_name shows (default "name" when the
	// model has one, else "<model>,<id>").
	RecName string
	// Inherit lists mixins: "mail.thread" makes message_post and
	// message_subscribe work on the model.
	Inherit []string
	// Order is the default search order (default "id").
	Order string
}

// Field describes one field of a Model.
type Field struct {
	Name   string
	Type   string // TypeChar, TypeMany2one, ...
	String string // label (default: derived from Name)
	// Relation is the comodel of many2one, one2many and many2many fields.
	Relation string
	// InverseName is the comodel's many2one for a one2many. On a
	// many2many it names the comodel's many2many field that owns the
	// relation (this side is then its mirror).
	InverseName string
	Required    bool
	ReadOnly    bool
	// Selection lists the (value, label) pairs of a selection field.
	Selection [][2]string
	// Default is the value create uses when vals omit the field.
	Default any
}

// fieldDef is a Field plus what the server computes for it.
type fieldDef struct {
	Field
	// compute, when set, answers the field's value on read and search;
	// the field is not stored.
	compute func(r *reader, m *model, rec *record) any
	// inverseModelField: for one2many on res_id-style relations, the
	// comodel's field holding the model name ("model" or "res_model").
	inverseModelField string
	// mirror: a many2many whose rows live on the comodel's InverseName.
	mirror bool
	// inverse: a computed field Odoo lets one write (inverse=), so
	// fields_get says readonly false (message_partner_ids: odoo16/14).
	inverse bool
	// noSearch: a computed field without a search method. Odoo drops its
	// domain leaves (it logs "Non-stored field ... cannot be searched." and
	// uses a true leaf) instead of refusing them; see dropNoSearch.
	noSearch bool
	// depends is what fields_get answers as the field's "depends" (the
	// fields a computed field is computed from).
	depends []string
}

func (f *fieldDef) relational() bool {
	switch f.Type {
	case TypeMany2one, TypeOne2many, TypeMany2many:
		return true
	}
	return false
}

func (f *fieldDef) x2many() bool { return f.Type == TypeOne2many || f.Type == TypeMany2many }

// stored reports whether the field's value lives in the record.
func (f *fieldDef) stored() bool {
	return f.compute == nil && f.Type != TypeOne2many && !f.mirror
}

// model is a registered model and its records.
type model struct {
	name, description string
	fields            map[string]*fieldDef
	fieldOrder        []string
	recName           string
	order             string
	thread            bool
	module            string
	records           map[int64]*record
	ids               []int64 // ascending
	nextID            int64
	// hooks
	// check refuses a create's values (Odoo's constraints and access
	// rules beyond read-only users).
	check    func(s *store, c *callCtx, vals map[string]any) *odooError
	defaults func(s *store, c *callCtx, vals map[string]any)
	onCreate func(s *store, c *callCtx, rec *record)
	onWrite  func(s *store, c *callCtx, rec *record, vals map[string]any)
	// onVals sees the values a create or write was sent, before conversion
	// (for fields that are not stored, like res.users.password).
	onVals  func(s *store, c *callCtx, rec *record, vals map[string]any)
	display func(r *reader, rec *record) string
	// methods are the methods only this model has (a module's own, e.g.
	// helpdesk.sla.check_sla); they come before the global table.
	methods map[string]*method
}

type record struct {
	id   int64
	vals map[string]any
}

func labelOf(name string) string {
	n := strings.TrimSuffix(strings.TrimSuffix(name, "_ids"), "_id")
	n = strings.ReplaceAll(n, "_", " ")
	if n == "" {
		return name
	}
	return strings.ToUpper(n[:1]) + n[1:]
}

// newModel builds the internal model of m for a server of version v.
func newModel(m Model, version int) (*model, error) {
	if m.Name == "" {
		return nil, fmt.Errorf("odootest: model without a name")
	}
	md := &model{
		name:        m.Name,
		description: m.Description,
		fields:      map[string]*fieldDef{},
		recName:     m.RecName,
		order:       m.Order,
		records:     map[int64]*record{},
		nextID:      1,
	}
	if md.description == "" {
		md.description = m.Name
	}
	if md.order == "" {
		md.order = "id"
	}
	add := func(f Field) {
		if f.String == "" {
			f.String = labelOf(f.Name)
		}
		if _, dup := md.fields[f.Name]; !dup {
			md.fieldOrder = append(md.fieldOrder, f.Name)
		}
		md.fields[f.Name] = &fieldDef{Field: f}
	}
	for _, f := range m.Fields {
		if f.Name == "" || f.Type == "" {
			return nil, fmt.Errorf("odootest: model %s: field %q needs a name and a type", m.Name, f.Name)
		}
		if (f.Type == TypeMany2one || f.Type == TypeOne2many || f.Type == TypeMany2many) && f.Relation == "" {
			return nil, fmt.Errorf("odootest: model %s: relational field %s needs a Relation", m.Name, f.Name)
		}
		if f.Type == TypeOne2many && f.InverseName == "" {
			return nil, fmt.Errorf("odootest: model %s: one2many %s needs an InverseName", m.Name, f.Name)
		}
		add(f)
		if f.Type == TypeMany2many && f.InverseName != "" {
			md.fields[f.Name].mirror = true
		}
	}
	for _, inh := range m.Inherit {
		if inh == "mail.thread" {
			md.thread = true
			addThreadFields(md, add)
			if version >= 17 {
				dropField(md, "message_main_attachment_id") // gone from 17 (odoo17/14)
			}
		}
	}
	add(Field{Name: "id", Type: TypeInteger, String: "ID", ReadOnly: true})
	if version <= 16 {
		add(Field{Name: "__last_update", Type: TypeDatetime, String: "Last Modified on", ReadOnly: true})
		md.fields["__last_update"].compute = func(r *reader, m *model, rec *record) any { return rec.vals["write_date"] }
	}
	add(Field{Name: "display_name", Type: TypeChar, String: "Display Name", ReadOnly: true})
	md.fields["display_name"].compute = func(r *reader, m *model, rec *record) any { return r.displayName(m, rec) }
	add(Field{Name: "create_uid", Type: TypeMany2one, String: "Created by", Relation: "res.users", ReadOnly: true})
	add(Field{Name: "create_date", Type: TypeDatetime, String: "Created on", ReadOnly: true})
	add(Field{Name: "write_uid", Type: TypeMany2one, String: "Last Updated by", Relation: "res.users", ReadOnly: true})
	add(Field{Name: "write_date", Type: TypeDatetime, String: "Last Updated on", ReadOnly: true})
	if md.recName == "" {
		if _, ok := md.fields["name"]; ok {
			md.recName = "name"
		}
	}
	return md, nil
}

func addThreadFields(md *model, add func(Field)) {
	add(Field{Name: "message_is_follower", Type: TypeBoolean, String: "Is Follower", ReadOnly: true})
	add(Field{Name: "message_follower_ids", Type: TypeOne2many, String: "Followers", Relation: "mail.followers", InverseName: "res_id"})
	add(Field{Name: "message_partner_ids", Type: TypeMany2many, String: "Followers (Partners)", Relation: "res.partner"})
	add(Field{Name: "message_ids", Type: TypeOne2many, String: "Messages", Relation: "mail.message", InverseName: "res_id"})
	add(Field{Name: "has_message", Type: TypeBoolean, String: "Has Message", ReadOnly: true})
	add(Field{Name: "message_needaction", Type: TypeBoolean, String: "Action Needed", ReadOnly: true})
	add(Field{Name: "message_needaction_counter", Type: TypeInteger, String: "Number of Actions", ReadOnly: true})
	add(Field{Name: "message_has_error", Type: TypeBoolean, String: "Message Delivery error", ReadOnly: true})
	add(Field{Name: "message_has_error_counter", Type: TypeInteger, String: "Number of errors", ReadOnly: true})
	add(Field{Name: "message_attachment_count", Type: TypeInteger, String: "Attachment Count", ReadOnly: true})
	add(Field{Name: "message_main_attachment_id", Type: TypeMany2one, String: "Main Attachment", Relation: "ir.attachment"})
	add(Field{Name: "website_message_ids", Type: TypeOne2many, String: "Website Messages", Relation: "mail.message", InverseName: "res_id"})
	add(Field{Name: "message_has_sms_error", Type: TypeBoolean, String: "SMS Delivery error", ReadOnly: true})
	md.fields["message_follower_ids"].inverseModelField = "res_model"
	md.fields["message_ids"].inverseModelField = "model"
	md.fields["website_message_ids"].inverseModelField = "model"
	md.fields["message_partner_ids"].inverse = true
	md.fields["message_partner_ids"].compute = func(r *reader, m *model, rec *record) any {
		var out []int64
		for _, fid := range r.one2many(m, m.fields["message_follower_ids"], rec.id) {
			if f := r.s.get("mail.followers", fid); f != nil {
				if p := asID(f.vals["partner_id"]); p != 0 {
					out = append(out, p)
				}
			}
		}
		return out
	}
	md.fields["message_is_follower"].compute = func(r *reader, m *model, rec *record) any {
		pid := r.s.partnerOf(r.c.uid)
		for _, fid := range r.one2many(m, m.fields["message_follower_ids"], rec.id) {
			if f := r.s.get("mail.followers", fid); f != nil && asID(f.vals["partner_id"]) == pid {
				return true
			}
		}
		return false
	}
	md.fields["has_message"].compute = func(r *reader, m *model, rec *record) any {
		return len(r.one2many(m, m.fields["message_ids"], rec.id)) > 0
	}
	md.fields["message_attachment_count"].compute = func(r *reader, m *model, rec *record) any {
		return int64(r.attachmentCount(m, rec.id))
	}
}

// f, m2o, o2m, m2m and sel shorten the built-in schema below.
func f(name, typ, label string) Field { return Field{Name: name, Type: typ, String: label} }
func req(fl Field) Field              { fl.Required = true; return fl }
func ro(fl Field) Field               { fl.ReadOnly = true; return fl }
func def(fl Field, v any) Field       { fl.Default = v; return fl }
func m2o(name, label, rel string) Field {
	return Field{Name: name, Type: TypeMany2one, String: label, Relation: rel}
}
func o2m(name, label, rel, inv string) Field {
	return Field{Name: name, Type: TypeOne2many, String: label, Relation: rel, InverseName: inv}
}
func m2m(name, label, rel string) Field {
	return Field{Name: name, Type: TypeMany2many, String: label, Relation: rel}
}
func sel(name, label string, pairs ...string) Field {
	fl := Field{Name: name, Type: TypeSelection, String: label}
	for i := 0; i+1 < len(pairs); i += 2 {
		fl.Selection = append(fl.Selection, [2]string{pairs[i], pairs[i+1]})
	}
	return fl
}

var prioritySelection = []string{"0", "Low", "1", "Medium", "2", "High", "3", "Very High"}

// baseModels are installed on every server.
func baseModels() []Model {
	return []Model{
		{Name: "res.company", Description: "Companies", Order: "sequence, name", Fields: []Field{
			req(f("name", TypeChar, "Company Name")), m2o("partner_id", "Partner", "res.partner"),
			f("email", TypeChar, "Email"), f("phone", TypeChar, "Phone"), f("sequence", TypeInteger, "Sequence"),
			m2o("currency_id", "Currency", "res.currency"),
		}},
		{Name: "res.partner", Description: "Contact", Order: "display_name, id desc", Inherit: []string{"mail.thread"}, Fields: []Field{
			f("name", TypeChar, "Name"), f("email", TypeChar, "Email"), f("phone", TypeChar, "Phone"),
			f("mobile", TypeChar, "Mobile"), f("street", TypeChar, "Street"), f("city", TypeChar, "City"),
			f("zip", TypeChar, "Zip"), f("website", TypeChar, "Website Link"), f("function", TypeChar, "Job Position"),
			m2o("parent_id", "Related Company", "res.partner"), o2m("child_ids", "Contact", "res.partner", "parent_id"),
			def(f("is_company", TypeBoolean, "Is a Company"), false), def(f("active", TypeBoolean, "Active"), true),
			f("company_name", TypeChar, "Company Name"), m2o("company_id", "Company", "res.company"),
			m2o("user_id", "Salesperson", "res.users"), ro(m2o("commercial_partner_id", "Commercial Entity", "res.partner")),
			ro(f("complete_name", TypeChar, "Complete Name")), f("ref", TypeChar, "Reference"), f("lang", TypeChar, "Language"),
			f("tz", TypeChar, "Timezone"), f("comment", TypeHTML, "Notes"),
			sel("type", "Address Type", "contact", "Contact", "invoice", "Invoice Address", "delivery", "Delivery Address", "other", "Other Address", "private", "Private Address"),
			ro(o2m("user_ids", "Users", "res.users", "partner_id")),
		}},
		{Name: "res.users", Description: "User", Order: "name, login", Fields: []Field{
			req(f("login", TypeChar, "Login")), f("name", TypeChar, "Name"), f("email", TypeChar, "Email"),
			req(m2o("partner_id", "Related Partner", "res.partner")), def(f("active", TypeBoolean, "Active"), true),
			m2o("company_id", "Company", "res.company"), m2m("company_ids", "Companies", "res.company"),
			f("lang", TypeChar, "Language"), f("tz", TypeChar, "Timezone"), def(f("share", TypeBoolean, "Share User"), false),
			f("password", TypeChar, "Password"),
		}},
		{Name: "res.currency", Description: "Currency", Fields: []Field{req(f("name", TypeChar, "Currency")), f("symbol", TypeChar, "Symbol")}},
		{Name: "mail.message.subtype", Description: "Message subtypes", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Message Type")), f("description", TypeText, "Description"), f("internal", TypeBoolean, "Internal Only"),
			f("res_model", TypeChar, "Model"), f("default", TypeBoolean, "Default"), f("sequence", TypeInteger, "Sequence"),
			f("hidden", TypeBoolean, "Hidden"), ro(f("xml_id", TypeChar, "External ID")),
		}},
		{Name: "mail.message", Description: "Message", Order: "id desc", RecName: "record_name", Fields: []Field{
			f("subject", TypeChar, "Subject"), f("date", TypeDatetime, "Date"), def(f("body", TypeHTML, "Contents"), ""),
			f("model", TypeChar, "Related Document Model"), f("res_id", TypeInteger, "Related Document ID"),
			f("record_name", TypeChar, "Message Record Name"),
			m2o("author_id", "Author", "res.partner"), f("email_from", TypeChar, "From"),
			req(def(sel("message_type", "Type", "email", "Email", "comment", "Comment", "notification", "System notification", "user_notification", "User Specific Notification"), "email")),
			m2o("subtype_id", "Subtype", "mail.message.subtype"), m2m("attachment_ids", "Attachments", "ir.attachment"),
			m2m("partner_ids", "Recipients", "res.partner"), m2o("parent_id", "Parent Message", "mail.message"),
			o2m("tracking_value_ids", "Tracking values", "mail.tracking.value", "mail_message_id"),
			f("is_internal", TypeBoolean, "Employee Only"), f("message_id", TypeChar, "Message-Id"), f("reply_to", TypeChar, "Reply-To"),
		}},
		{Name: "mail.tracking.value", Description: "Mail Tracking Value", Fields: []Field{
			m2o("field_id", "Changed Field", "ir.model.fields"), f("field_desc", TypeChar, "Field Description"),
			f("field_type", TypeChar, "Field Type"), f("old_value_char", TypeChar, "Old Value Char"),
			f("new_value_char", TypeChar, "New Value Char"), f("old_value_integer", TypeInteger, "Old Value Integer"),
			f("new_value_integer", TypeInteger, "New Value Integer"), req(m2o("mail_message_id", "Message ID", "mail.message")),
		}},
		{Name: "mail.followers", Description: "Document Followers", RecName: "name", Fields: []Field{
			req(f("res_model", TypeChar, "Related Document Model Name")), req(f("res_id", TypeInteger, "Related Document ID")),
			req(m2o("partner_id", "Related Partner", "res.partner")), m2m("subtype_ids", "Subtype", "mail.message.subtype"),
			ro(f("name", TypeChar, "Name")), ro(f("email", TypeChar, "Email")), ro(f("is_active", TypeBoolean, "Is Active")),
		}},
		{Name: "ir.attachment", Description: "Attachment", Order: "id desc", Fields: []Field{
			req(f("name", TypeChar, "Name")), f("description", TypeText, "Description"), f("datas", TypeBinary, "File Content (base64)"),
			f("mimetype", TypeChar, "Mime Type"), ro(f("file_size", TypeInteger, "File Size")), ro(f("checksum", TypeChar, "Checksum/SHA1")),
			f("res_model", TypeChar, "Resource Model"), f("res_id", TypeInteger, "Resource ID"), f("res_field", TypeChar, "Resource Field"),
			req(def(sel("type", "Type", "url", "URL", "binary", "File"), "binary")), f("url", TypeChar, "Url"),
			def(f("public", TypeBoolean, "Is public document"), false), ro(f("store_fname", TypeChar, "Stored Filename")),
			m2o("company_id", "Company", "res.company"), f("access_token", TypeChar, "Access Token"),
		}},
		{Name: "ir.model", Description: "Models", Order: "model", RecName: "name", Fields: []Field{
			req(f("model", TypeChar, "Model")), req(f("name", TypeChar, "Model Description")), f("info", TypeText, "Information"),
			req(def(sel("state", "Type", "manual", "Custom Object", "base", "Base Object"), "manual")),
			ro(f("modules", TypeChar, "In Apps")), f("transient", TypeBoolean, "Transient Model"),
			o2m("field_id", "Fields", "ir.model.fields", "model_id"),
		}},
		{Name: "ir.model.fields", Description: "Fields", RecName: "name", Fields: []Field{
			req(f("name", TypeChar, "Field Name")), req(f("model", TypeChar, "Model Name")), m2o("model_id", "Model", "ir.model"),
			f("field_description", TypeChar, "Field Label"), f("ttype", TypeChar, "Field Type"), f("relation", TypeChar, "Related Model"),
			f("required", TypeBoolean, "Required"), f("readonly", TypeBoolean, "Readonly"),
			req(def(sel("state", "Type", "manual", "Custom Field", "base", "Base Field"), "manual")),
		}},
		{Name: "ir.model.data", Description: "Model Data", Order: "module, model, name", RecName: "name", Fields: []Field{
			req(f("name", TypeChar, "External Identifier")), req(f("module", TypeChar, "Module")),
			req(f("model", TypeChar, "Model Name")), f("res_id", TypeInteger, "Record ID"),
			ro(f("complete_name", TypeChar, "Complete ID")), def(f("noupdate", TypeBoolean, "Non Updatable"), false),
		}},
		{Name: "mail.alias", Description: "Email Aliases", RecName: "alias_name", Fields: []Field{
			f("alias_name", TypeChar, "Alias Name"), m2o("alias_model_id", "Aliased Model", "ir.model"),
			f("alias_defaults", TypeText, "Default Values"), f("alias_force_thread_id", TypeInteger, "Record Thread ID"),
			def(sel("alias_contact", "Alias Contact Security", "everyone", "Everyone", "partners", "Authenticated Partners", "followers", "Followers only"), "everyone"),
		}},
		{Name: "res.users.apikeys", Description: "Users API Keys", Fields: []Field{
			req(f("name", TypeChar, "Description")), m2o("user_id", "User", "res.users"), f("scope", TypeChar, "Scope"),
			f("expiration_date", TypeDatetime, "Expiration Date"),
		}},
	}
}

// ocaModels are the OCA helpdesk_mgmt (+ helpdesk_type) models, after the
// capture 14 fields_get.
func ocaModels() []Model {
	return []Model{
		{Name: "helpdesk.ticket", Description: "Helpdesk Ticket", Order: "priority desc, sequence, number desc, id desc", Inherit: []string{"mail.thread"}, Fields: []Field{
			ro(f("access_url", TypeChar, "Portal Access URL")), f("access_token", TypeChar, "Security Token"),
			ro(f("access_warning", TypeText, "Access warning")),
			o2m("activity_ids", "Activities", "mail.activity", "res_id"),
			ro(sel("activity_state", "Activity State", "overdue", "Overdue", "today", "Today", "planned", "Planned")),
			m2o("activity_user_id", "Responsible User", "res.users"), m2o("activity_type_id", "Next Activity Type", "mail.activity.type"),
			ro(f("activity_type_icon", TypeChar, "Activity Type Icon")), ro(f("activity_date_deadline", TypeDate, "Next Activity Deadline")),
			ro(f("my_activity_date_deadline", TypeDate, "My Activity Deadline")), f("activity_summary", TypeChar, "Next Activity Summary"),
			ro(sel("activity_exception_decoration", "Activity Exception Decoration", "warning", "Alert", "danger", "Error")),
			ro(f("activity_exception_icon", TypeChar, "Icon")),
			f("email_cc", TypeChar, "Email cc"), ro(f("number", TypeChar, "Ticket number")),
			req(f("name", TypeChar, "Title")), req(f("description", TypeHTML, "Description")),
			m2o("user_id", "Assigned user", "res.users"), ro(m2m("user_ids", "Users", "res.users")),
			m2o("stage_id", "Stage", "helpdesk.ticket.stage"), m2o("partner_id", "Contact", "res.partner"),
			ro(m2o("commercial_partner_id", "Commercial Partner", "res.partner")),
			f("partner_name", TypeChar, "Partner Name"), f("partner_email", TypeChar, "Email"),
			f("last_stage_update", TypeDatetime, "Last Stage Update"), f("assigned_date", TypeDatetime, "Assigned Date"),
			f("closed_date", TypeDatetime, "Closed Date"), ro(f("closed", TypeBoolean, "Closed")), ro(f("unattended", TypeBoolean, "Unattended")),
			m2m("tag_ids", "Tags", "helpdesk.ticket.tag"), req(m2o("company_id", "Company", "res.company")),
			m2o("channel_id", "Channel", "helpdesk.ticket.channel"), m2o("category_id", "Category", "helpdesk.ticket.category"),
			m2o("team_id", "Team", "helpdesk.ticket.team"), def(sel("priority", "Priority", prioritySelection...), "1"),
			o2m("attachment_ids", "Media Attachments", "ir.attachment", "res_id"), f("color", TypeInteger, "Color Index"),
			def(sel("kanban_state", "Kanban State", "normal", "Default", "done", "Ready for next stage", "blocked", "Blocked"), "normal"),
			def(f("sequence", TypeInteger, "Sequence"), int64(10)), def(f("active", TypeBoolean, "Active"), true),
			m2o("type_id", "Type", "helpdesk.ticket.type"),
		}},
		{Name: "helpdesk.ticket.team", Description: "Helpdesk Ticket Team", Order: "sequence, id", Inherit: []string{"mail.thread"}, Fields: []Field{
			req(f("name", TypeChar, "Name")), m2m("user_ids", "Members", "res.users"), def(f("active", TypeBoolean, "Active"), true),
			m2o("category_id", "Category", "helpdesk.ticket.category"), req(m2o("company_id", "Company", "res.company")),
			m2o("user_id", "Team Leader", "res.users"), f("color", TypeInteger, "Color Index"), def(f("sequence", TypeInteger, "Sequence"), int64(10)),
			o2m("ticket_ids", "Tickets", "helpdesk.ticket", "team_id"), m2o("alias_id", "Alias", "mail.alias"),
			f("alias_name", TypeChar, "Alias Name"), ro(f("todo_ticket_count", TypeInteger, "Number of tickets")),
		}},
		{Name: "helpdesk.ticket.stage", Description: "Helpdesk Ticket Stage", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Stage Name")), f("description", TypeHTML, "Description"), def(f("sequence", TypeInteger, "Sequence"), int64(1)),
			def(f("active", TypeBoolean, "Active"), true), def(f("unattended", TypeBoolean, "Unattended"), false),
			def(f("closed", TypeBoolean, "Closed"), false), def(f("fold", TypeBoolean, "Folded in Kanban"), false),
			m2o("mail_template_id", "Email Template", "mail.template"), m2o("company_id", "Company", "res.company"),
			m2m("team_ids", "Helpdesk Teams", "helpdesk.ticket.team"),
			f("close_from_portal", TypeBoolean, "Close From Portal"), // odoo16/61
		}},
		{Name: "helpdesk.ticket.tag", Description: "Helpdesk Ticket Tag", Order: "name", Fields: []Field{
			req(f("name", TypeChar, "Name")), f("color", TypeInteger, "Color Index"), def(f("active", TypeBoolean, "Active"), true),
			m2o("company_id", "Company", "res.company"),
		}},
		{Name: "helpdesk.ticket.category", Description: "Helpdesk Ticket Category", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Name")), def(f("active", TypeBoolean, "Active"), true), def(f("sequence", TypeInteger, "Sequence"), int64(10)),
			m2o("company_id", "Company", "res.company"),
		}},
		{Name: "helpdesk.ticket.channel", Description: "Helpdesk Ticket Channel", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Name")), def(f("active", TypeBoolean, "Active"), true), def(f("sequence", TypeInteger, "Sequence"), int64(10)),
		}},
		{Name: "helpdesk.ticket.type", Description: "Helpdesk Ticket Type", Order: "name", Fields: []Field{
			req(f("name", TypeChar, "Name")), def(f("active", TypeBoolean, "Active"), true), m2m("team_ids", "Teams", "helpdesk.ticket.team"),
		}},
	}
}

// enterpriseModels are Odoo Enterprise Helpdesk's models.
func enterpriseModels() []Model {
	return []Model{
		{Name: "helpdesk.ticket", Description: "Helpdesk Ticket", Order: "priority desc, id desc", Inherit: []string{"mail.thread"}, Fields: []Field{
			req(f("name", TypeChar, "Subject")), f("description", TypeHTML, "Description"), ro(f("ticket_ref", TypeChar, "Ticket IDs Sequence")),
			req(m2o("team_id", "Helpdesk Team", "helpdesk.team")), m2o("stage_id", "Stage", "helpdesk.stage"),
			m2o("user_id", "Assigned to", "res.users"), m2o("partner_id", "Customer", "res.partner"),
			f("partner_name", TypeChar, "Customer Name"), f("partner_email", TypeChar, "Customer Email"), f("partner_phone", TypeChar, "Customer Phone"),
			ro(m2o("commercial_partner_id", "Commercial Partner", "res.partner")),
			def(sel("priority", "Priority", prioritySelection...), "0"), m2m("tag_ids", "Tags", "helpdesk.tag"),
			m2o("ticket_type_id", "Type", "helpdesk.ticket.type"),
			req(def(sel("kanban_state", "Status", "normal", "In Progress", "done", "Ready", "blocked", "Blocked"), "normal")),
			def(f("active", TypeBoolean, "Active"), true), f("close_date", TypeDatetime, "Close date"),
			f("assign_date", TypeDatetime, "First assignment date"), f("date_last_stage_update", TypeDatetime, "Last Stage Update"),
			o2m("sla_status_ids", "SLA Status", "helpdesk.sla.status", "ticket_id"), ro(m2m("sla_ids", "SLAs", "helpdesk.sla")),
			ro(f("sla_deadline", TypeDatetime, "SLA Deadline")), ro(f("sla_reached_late", TypeBoolean, "Has SLA reached late")),
			ro(f("sla_fail", TypeBoolean, "Failed SLA Policy")), ro(f("sla_success", TypeBoolean, "Success SLA Policy")),
			m2o("company_id", "Company", "res.company"), f("email_cc", TypeChar, "Email cc"), f("color", TypeInteger, "Color"),
			ro(f("fold", TypeBoolean, "Folded in Kanban")), f("properties", TypeText, "Properties"),
		}},
		{Name: "helpdesk.team", Description: "Helpdesk Team", Order: "sequence, id", Inherit: []string{"mail.thread"}, Fields: []Field{
			req(f("name", TypeChar, "Helpdesk Team")), f("description", TypeHTML, "About Team"), def(f("active", TypeBoolean, "Active"), true),
			m2o("company_id", "Company", "res.company"), def(f("sequence", TypeInteger, "Sequence"), int64(10)), f("color", TypeInteger, "Color"),
			Field{Name: "stage_ids", Type: TypeMany2many, String: "Stages", Relation: "helpdesk.stage", InverseName: "team_ids"},
			m2m("member_ids", "Team Members", "res.users"), def(f("use_sla", TypeBoolean, "SLA Policies"), true),
			def(f("use_alias", TypeBoolean, "Email Alias"), true), f("alias_name", TypeChar, "Alias"),
			f("auto_assignment", TypeBoolean, "Automatic Assignment"),
			sel("assign_method", "Assignment Method", "manual", "Manually", "randomly", "Random", "balanced", "Balanced"),
			o2m("ticket_ids", "Tickets", "helpdesk.ticket", "team_id"), o2m("sla_ids", "SLA Policies", "helpdesk.sla", "team_id"),
		}},
		{Name: "helpdesk.stage", Description: "Helpdesk Stage", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Stage Name")), f("description", TypeText, "Requirements"), def(f("sequence", TypeInteger, "Sequence"), int64(10)),
			def(f("fold", TypeBoolean, "Folded in Kanban"), false), def(f("active", TypeBoolean, "Active"), true),
			m2m("team_ids", "Helpdesk Teams", "helpdesk.team"), m2o("template_id", "Email Template", "mail.template"),
			f("legend_blocked", TypeChar, "Red Kanban Label"), f("legend_done", TypeChar, "Green Kanban Label"), f("legend_normal", TypeChar, "Grey Kanban Label"),
		}},
		{Name: "helpdesk.ticket.type", Description: "Helpdesk Ticket Type", Order: "sequence, id", Fields: []Field{
			req(f("name", TypeChar, "Type")), def(f("sequence", TypeInteger, "Sequence"), int64(10)),
		}},
		{Name: "helpdesk.tag", Description: "Helpdesk Tags", Order: "name", Fields: []Field{
			req(f("name", TypeChar, "Tag Name")), f("color", TypeInteger, "Color"),
		}},
		{Name: "helpdesk.sla", Description: "Helpdesk SLA Policies", Order: "name", Fields: []Field{
			req(f("name", TypeChar, "SLA Policy Name")), f("description", TypeHTML, "SLA Policy Description"), def(f("active", TypeBoolean, "Active"), true),
			req(m2o("team_id", "Helpdesk Team", "helpdesk.team")), req(m2o("stage_id", "Target Stage", "helpdesk.stage")),
			m2m("tag_ids", "Tags", "helpdesk.tag"), def(sel("priority", "Priority", prioritySelection...), "0"),
			m2o("ticket_type_id", "Type", "helpdesk.ticket.type"), req(def(f("time", TypeFloat, "Within"), 0.0)),
			m2m("exclude_stage_ids", "Excluding Stages", "helpdesk.stage"), m2o("company_id", "Company", "res.company"),
			m2o("partner_id", "Customer", "res.partner"),
		}},
		{Name: "helpdesk.sla.status", Description: "Ticket SLA Status", Order: "deadline ASC, sla_stage_id", RecName: "sla_id", Fields: []Field{
			req(m2o("ticket_id", "Ticket", "helpdesk.ticket")), req(m2o("sla_id", "SLA", "helpdesk.sla")),
			ro(m2o("sla_stage_id", "SLA Stage", "helpdesk.stage")), f("deadline", TypeDatetime, "Deadline"),
			f("reached_datetime", TypeDatetime, "Reached Date"),
			ro(sel("status", "Status", "failed", "Failed", "reached", "Reached", "ongoing", "Ongoing")),
			ro(f("color", TypeInteger, "Color")), ro(f("exceeded_hours", TypeFloat, "Exceeded Working Hours")),
		}},
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
