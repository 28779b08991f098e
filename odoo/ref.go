package odoo

import (
	"context"
	"fmt"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
)

// XMLRef is the record an XML id names: its model and id.
type XMLRef struct {
	Model string
	ID    int64
}

// String returns "model,id", Odoo's reference-field form.
func (r XMLRef) String() string { return fmt.Sprintf("%s,%d", r.Model, r.ID) }

// Ref answers the record named by the XML id "module.name" (OdooRPC's
// env.ref), e.g. "base.main_company" or "helpdesk.stage_new", by reading
// ir.model.data, which every Odoo version and protocol allows. An XML id
// without exactly one dot is a *deskbridge.ArgumentError; one that names no record
// is an error matching deskbridge.ErrNotFound.
func (c *Client) Ref(ctx context.Context, xmlID string) (XMLRef, error) {
	module, name, ok := strings.Cut(strings.TrimSpace(xmlID), ".")
	if !ok || module == "" || name == "" || strings.Contains(name, ".") {
		return XMLRef{}, invalidArg("Client.Ref", "xmlID", "%q is not module.name", xmlID)
	}
	var rows []struct {
		Model string `json:"model"`
		ResID int64  `json:"res_id"`
	}
	err := c.SearchReadInto(ctx, "ir.model.data", domain.And(domain.Eq("module", module), domain.Eq("name", name)),
		&SearchOptions{Fields: []string{"model", "res_id"}, Limit: 1}, &rows)
	if err != nil {
		return XMLRef{}, err
	}
	if len(rows) == 0 || rows[0].ResID == 0 {
		return XMLRef{}, fmt.Errorf("odoo: Client.Ref: no record has the XML id %s: %w", module+"."+name, deskbridge.ErrNotFound)
	}
	return XMLRef{Model: rows[0].Model, ID: rows[0].ResID}, nil
}
