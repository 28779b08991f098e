package helpdesk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// SourceFieldRight is the right EnsureSourceField needs on the
// destination: creating ir.model.fields records is granted by Odoo's
// Settings group only.
const SourceFieldRight = "Administration / Settings (group base.group_system), to create ir.model.fields records"

// EnsureSourceField creates field (default DefaultSourceRefField) on s's
// ticket model when it is missing: a custom char field, created through
// ir.model.fields (model_id, state manual, ttype char), as Settings >
// Technical > Fields would. A field already there is left alone (it must
// be char or text).
//
// The name must start with "x_" (Odoo's rule for custom fields). When the
// user may not create fields the error matches odoo.ErrAccess and names
// SourceFieldRight.
func EnsureSourceField(ctx context.Context, s *Service, field string) error {
	if s == nil {
		return invalid("s", "must not be nil")
	}
	if field == "" {
		field = DefaultSourceRefField
	}
	if !strings.HasPrefix(field, "x_") || strings.ContainsAny(field, " .") {
		return invalid("field", "a custom field's name must start with x_ and have no spaces or dots, got %q", field)
	}
	f, err := s.flavorPtr(ctx)
	if err != nil {
		return err
	}
	model := f.Ticket.Model
	fields, err := s.client.FieldsGet(ctx, model, &odoo.FieldsGetOptions{Attributes: []string{"type"}})
	if err != nil {
		return err
	}
	if fi, ok := fields[field]; ok {
		if fi.Type != "" && fi.Type != "char" && fi.Type != "text" {
			return invalid("field", "%s.%s is a %s field, want char", model, field, fi.Type)
		}
		return nil
	}
	models, err := searchReadTyped[idName](ctx, s, "ir.model", domain.Eq("model", model), []string{"id"}, 0, 1, "")
	if err != nil {
		return fmt.Errorf("helpdesk: EnsureSourceField: read ir.model: %w", err)
	}
	if len(models) == 0 {
		return &deskbridge.NotFoundError{Op: "helpdesk.EnsureSourceField", Model: "ir.model", Filter: string(domain.Eq("model", model).AppendJSON(nil))}
	}
	_, err = s.create(ctx, "ir.model.fields", map[string]any{
		"name": field, "model_id": models[0].ID, "model": model, "state": "manual", "ttype": "char",
		"field_description": "Deskbridge source",
	})
	if errors.Is(err, odoo.ErrAccess) {
		return fmt.Errorf("helpdesk: EnsureSourceField: creating %s.%s needs the right %s: %w", model, field, SourceFieldRight, err)
	}
	if err != nil {
		return fmt.Errorf("helpdesk: EnsureSourceField: create %s.%s: %w", model, field, err)
	}
	return nil
}
