package ekiclitest

import (
	"fmt"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// The schema the server adds to odootest's Odoo 16 (which already has
// res.partner, res.users, res.company, ...).

// stockModels are the stock models the captures use that odootest lacks,
// with the fields the captures show (odoo16-restapi/09 lists every field
// of res.partner.category).
func stockModels() []odootest.Model {
	return []odootest.Model{
		{Name: "res.country", Description: "Country", Order: "name", Fields: []odootest.Field{
			{Name: "name", Type: odootest.TypeChar, String: "Country Name", Required: true},
			{Name: "code", Type: odootest.TypeChar, String: "Country Code"},
		}},
		{Name: "res.partner.category", Description: "Partner Tags", Order: "name", Fields: []odootest.Field{
			{Name: "name", Type: odootest.TypeChar, String: "Tag Name", Required: true},
			{Name: "color", Type: odootest.TypeInteger, String: "Color"},
			{Name: "parent_id", Type: odootest.TypeMany2one, String: "Parent Category", Relation: "res.partner.category"},
			{Name: "child_ids", Type: odootest.TypeOne2many, String: "Child Tags", Relation: "res.partner.category", InverseName: "parent_id"},
			{Name: "active", Type: odootest.TypeBoolean, String: "Active", Default: true},
			{Name: "parent_path", Type: odootest.TypeChar, String: "Parent Path"},
			// The mirror of res.partner.category_id (added below).
			{Name: "partner_ids", Type: odootest.TypeMany2many, String: "Partners", Relation: "res.partner", InverseName: "category_id"},
		}},
	}
}

// stockPartnerFields are res.partner's fields the captures use that
// odootest's res.partner lacks (category_id: captures 07, 19, 24-32).
var stockPartnerFields = []odootest.Field{
	{Name: "street2", Type: odootest.TypeChar, String: "Street2"},
	{Name: "vat", Type: odootest.TypeChar, String: "Tax ID"},
	{Name: "country_id", Type: odootest.TypeMany2one, String: "Country", Relation: "res.country"},
	{Name: "category_id", Type: odootest.TypeMany2many, String: "Tags", Relation: "res.partner.category"},
}

// The Ekiclik module's schema is a guess: no capture lists its fields.
// Each field is one the ekiclik package's payloads send (ekiclik/payloads.go
// and its golden files), typed by the values sent: text the exchange
// specification sends as text is char even where the stock field of that
// name is relational (title, categ_id, purchase.order's partner_id, which
// carries a point of sale's code) or a datetime (date_order, sent as
// "30/07/23 12:23:15"); "True"/"False" values (is_pos) are char as sent;
// nested objects and lists of objects (crm.lead's partner, cart,
// quotation_address, file_info; product.template's attribute;
// purchase.order's order_line) are Json fields, stored as sent, rather
// than sub-models whose shape nothing shows. No field is required: no
// capture shows which the module requires.
func char(name string) odootest.Field { return odootest.Field{Name: name, Type: odootest.TypeChar} }

func typed(name, typ string) odootest.Field { return odootest.Field{Name: name, Type: typ} }

func m2o(name, rel string) odootest.Field {
	return odootest.Field{Name: name, Type: odootest.TypeMany2one, Relation: rel}
}

// ekiclikFields are the fields the Ekiclik module adds to stock models.
var ekiclikFields = map[string][]odootest.Field{
	"res.partner": {char("create_by"), char("status"), char("is_pos"), char("code_pos"), char("credit_code"),
		char("responsible_code"), char("title")},
	"res.users": {char("create_by"), char("codification"), char("role"), char("code_pos"), char("phone")},
}

// ekiclikModels are the Ekiclik module's own models (product.template is
// stock Odoo's, absent here as on the captured database, which had no
// product module: odoo16-restapi/14).
func ekiclikModels() []odootest.Model {
	return []odootest.Model{
		{Name: "product.master", Description: "Product Master", Fields: []odootest.Field{
			char("name"), char("brand"), char("create_by"), char("fab_name"), char("categ_id"), char("ref"),
		}},
		{Name: "product.template", Description: "Product", Fields: []odootest.Field{
			char("name"), typed("description", odootest.TypeText), char("default_code"), char("detailed_type"),
			char("image_url"), typed("list_price", odootest.TypeFloat), typed("standard_price", odootest.TypeFloat),
			char("manufacturer_ref"), typed("purchase_ok", odootest.TypeBoolean), typed("sale_ok", odootest.TypeBoolean),
			m2o("company_id", "res.company"), char("create_by"), typed("attribute", odootest.TypeJSON),
			char("fab_certificate"), m2o("master_id", "product.master"),
		}},
		{Name: "crm.lead", Description: "Lead/Opportunity", Fields: []odootest.Field{
			char("create_by"), char("order_source"), typed("partner", odootest.TypeJSON), typed("cart_id", odootest.TypeInteger),
			typed("cart", odootest.TypeJSON), typed("quotation_address", odootest.TypeJSON), char("code_pos"),
			typed("file_info", odootest.TypeJSON),
		}},
		{Name: "purchase.order", Description: "Purchase Order", Fields: []odootest.Field{
			char("create_by"), char("partner_id"), m2o("user_id", "res.users"), char("state"), char("date_order"),
			typed("order_line", odootest.TypeJSON),
		}},
		{Name: "sale.order", Description: "Sales Order", Fields: []odootest.Field{
			char("create_by"), char("ek_order_id"), char("state"), char("order_source"), char("code_pos"),
			m2o("lead_id", "crm.lead"),
		}},
	}
}

// installSchema adds the stock models and fields the captures use and,
// with the Ekiclik module, its fields and models, then any of
// WithModels.
func installSchema(orm *odootest.Server, ekiclik bool, extra []odootest.Model) error {
	for _, m := range stockModels() {
		if err := orm.RegisterModel(m); err != nil {
			return err
		}
	}
	if err := orm.AddFields("res.partner", stockPartnerFields...); err != nil {
		return err
	}
	if ekiclik {
		for _, model := range []string{"res.partner", "res.users"} {
			if err := orm.AddFields(model, ekiclikFields[model]...); err != nil {
				return err
			}
		}
		for _, m := range ekiclikModels() {
			if err := orm.RegisterModel(m); err != nil {
				return err
			}
		}
	}
	for _, m := range extra {
		if err := orm.RegisterModel(m); err != nil {
			return fmt.Errorf("WithModels: %w", err)
		}
	}
	return nil
}
