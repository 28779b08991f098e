// ir.model.fields: creating a manual x_ field adds it to the live schema.

package odootest

import "strings"

// irModelFieldsHooks: creating an ir.model.fields record of state manual
// adds the field to its model, as Odoo's ir.model.fields.create does
// (base/models/ir_model.py). Only the Settings group may create fields
// (base ir.model.access: model_ir_model_fields, group_system); the fake
// has no groups, so only the admin and the superuser may (guessed
// message: Odoo's standard ACL AccessError text).
func (s *store) irModelFieldsHooks(m *model) {
	m.check = func(s *store, c *callCtx, vals map[string]any) *odooError {
		if c.uid != 1 && c.uid != 2 {
			return newErr(excAccessError, "You are not allowed to create 'Fields' (ir.model.fields) records.\n\n"+
				"This operation is allowed for the following groups:\n\t- Administration/Settings\n\nContact your administrator to request access if necessary.")
		}
		if im := s.get("ir.model", asID(vals["model_id"])); im != nil && isFalsy(vals["model"]) {
			vals["model"] = im.vals["model"]
		}
		name, _ := vals["name"].(string)
		if st, _ := vals["state"].(string); (st == "" || st == "manual") && !strings.HasPrefix(name, "x_") {
			return newErr(excValidation, "Custom fields must have a name that starts with 'x_'!")
		}
		model, _ := vals["model"].(string)
		if s.models[model] == nil {
			return newErr(excValidation, "The model of a field is required (model_id)")
		}
		if s.models[model].fields[name] != nil {
			return newErr(excValidation, "Field names must be unique per model.")
		}
		switch t, _ := vals["ttype"].(string); t {
		case TypeChar, TypeText, TypeInteger, TypeFloat, TypeBoolean, TypeHTML, TypeDate, TypeDatetime:
		default:
			return newErr(excValueError, "odootest: ir.model.fields ttype %q is not supported by the fake", t)
		}
		return nil
	}
	m.onCreate = func(s *store, c *callCtx, rec *record) {
		if rec.vals["state"] != "manual" {
			return
		}
		name, _ := rec.vals["name"].(string)
		model, _ := rec.vals["model"].(string)
		label, _ := rec.vals["field_description"].(string)
		t, _ := rec.vals["ttype"].(string)
		_ = s.addFields(model, Field{Name: name, Type: t, String: label})
	}
}
