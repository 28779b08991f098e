package ekiclik

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// The models the Ekiclik exchange writes to.
const (
	ModelProductTemplate = "product.template"
	ModelProductMaster   = "product.master"
	ModelPartner         = "res.partner"
	ModelLead            = "crm.lead"
	ModelPurchaseOrder   = "purchase.order"
	ModelSaleOrder       = "sale.order"
	ModelUser            = "res.users"
)

func (c *Client) createBy(s string) string {
	if s == "" {
		return c.cfg.createBy
	}
	return s
}

// payload is data as sent: without create_by when WithEkiclikFields(false).
func (c *Client) payload(op, model string, data any) (any, error) {
	if !c.cfg.noEkiclikFields {
		return data, nil
	}
	b, err := json.Marshal(data)
	if err != nil {
		return nil, encodeError(op, model, err)
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, encodeError(op, model, err)
	}
	dropKey(v, "create_by")
	return v, nil
}

// dropKey removes key from every object in v.
func dropKey(v any, key string) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, key)
		for _, e := range x {
			dropKey(e, key)
		}
	case []any:
		for _, e := range x {
			dropKey(e, key)
		}
	}
}

// create POSTs data to /api/<model>/ and returns the id Odoo answers.
func (c *Client) create(ctx context.Context, model string, data any) (int64, error) {
	data, err := c.payload("create", model, data)
	if err != nil {
		return 0, err
	}
	var id int64
	err = c.write(ctx, http.MethodPost, model, "create", CreateEnvelope(data), func(r *odoo.RouteResponse) error {
		var err error
		id, err = decodeCreate(r)
		return err
	})
	return id, err
}

// update PUTs data to the records of model that filter matches and
// returns how many matched. The module answers true also when no record
// matched: unless WithMatchCount(false), one GET counts the matches first
// (no match: a *deskbridge.NotFoundError, and nothing is sent); without the count it
// returns -1.
func (c *Client) update(ctx context.Context, model string, filter domain.Domain, data any) (int64, error) {
	if err := filter.Validate(); err != nil || filter.IsZero() {
		return 0, &deskbridge.ArgumentError{Op: "ekiclik.update " + model, Arg: "filter", Reason: "a non-empty, valid filter is required"}
	}
	data, err := c.payload("write", model, data)
	if err != nil {
		return 0, err
	}
	n := int64(-1)
	if !c.cfg.noMatchCount {
		// page_size 1: total_pages is the number of matches, and one id
		// comes back at most.
		recs, err := c.List(ctx, model, filter, &ListOptions{Query: "{id}", PageSize: 1, Page: 1})
		if err != nil {
			return 0, &notAppliedError{Model: model, Op: "write", Err: fmt.Errorf("counting the matches: %w", err)}
		}
		if n = int64(recs.TotalPages); n == 0 {
			return 0, &deskbridge.NotFoundError{Op: "ekiclik.update", Model: model, Filter: string(filter.AppendJSON(nil)), NotApplied: true}
		}
	}
	if err := c.write(ctx, http.MethodPut, model, "write", UpdateEnvelope(filter, data), decodeWrite); err != nil {
		return 0, err
	}
	return n, nil
}

// CreateProduct sends a product and its configurations (POST
// /api/product.template/) and returns the id Odoo answers. Empty
// create_by values take the client's (WithCreateBy) and an empty
// detailed_type is "product".
func (c *Client) CreateProduct(ctx context.Context, p Product) (int64, error) {
	if err := validateProduct(&p); err != nil {
		return 0, err
	}
	cp := p
	cp.CreateBy = c.createBy(cp.CreateBy)
	cp.Configurations = make([]Configuration, len(p.Configurations))
	for i, cf := range p.Configurations {
		cf.CreateBy = c.createBy(cf.CreateBy)
		if cf.DetailedType == "" {
			cf.DetailedType = TypeStorable
		}
		cp.Configurations[i] = cf
	}
	return c.create(ctx, ModelProductTemplate, cp)
}

// CreateCustomer sends a client of the exchange (POST /api/res.partner/
// with is_pos "False") and returns its partner id. Empty Status is
// StatusWaiting, empty Type "contact".
func (c *Client) CreateCustomer(ctx context.Context, cu Customer) (int64, error) {
	if err := validateCustomer(&cu); err != nil {
		return 0, err
	}
	cp := cu
	cp.CreateBy = c.createBy(cp.CreateBy)
	partnerDefaults(&cp.Status, &cp.Type)
	return c.create(ctx, ModelPartner, cp)
}

// CreatePointOfSale sends a point of sale (POST /api/res.partner/ with
// is_pos "True") and returns its partner id. Defaults as CreateCustomer.
func (c *Client) CreatePointOfSale(ctx context.Context, p PointOfSale) (int64, error) {
	if err := validatePOS(&p); err != nil {
		return 0, err
	}
	cp := p
	cp.CreateBy = c.createBy(cp.CreateBy)
	partnerDefaults(&cp.Status, &cp.Type)
	return c.create(ctx, ModelPartner, cp)
}

// partnerDefaults fills a client's or point of sale's empty status
// (StatusWaiting) and type ("contact").
func partnerDefaults(status *PartnerStatus, typ *string) {
	if *status == "" {
		*status = StatusWaiting
	}
	if *typ == "" {
		*typ = "contact"
	}
}

// CreateOpportunity sends an order as a CRM opportunity (POST
// /api/crm.lead/) and returns the lead's id. Empty create_by values take
// the client's; an empty address type is "delivery".
func (c *Client) CreateOpportunity(ctx context.Context, o Opportunity) (int64, error) {
	if err := validateOpportunity(&o); err != nil {
		return 0, err
	}
	cp := o
	cp.CreateBy = c.createBy(cp.CreateBy)
	cp.QuotationAddress.CreateBy = c.createBy(cp.QuotationAddress.CreateBy)
	if cp.QuotationAddress.Type == "" {
		cp.QuotationAddress.Type = "delivery"
	}
	if cp.QuotationAddress.OrderSource == "" {
		cp.QuotationAddress.OrderSource = cp.OrderSource
	}
	if cp.QuotationAddress.POSCode == "" {
		cp.QuotationAddress.POSCode = cp.POSCode
	}
	return c.create(ctx, ModelLead, cp)
}

// CreatePurchase sends a stock purchase (POST /api/purchase.order/) and
// returns the order's id. An empty State is PurchaseDraft.
func (c *Client) CreatePurchase(ctx context.Context, p Purchase) (int64, error) {
	if err := validatePurchase(&p); err != nil {
		return 0, err
	}
	cp := p
	cp.CreateBy = c.createBy(cp.CreateBy)
	if cp.State == "" {
		cp.State = PurchaseDraft
	}
	return c.create(ctx, ModelPurchaseOrder, cp)
}

// UpdateConfiguration changes the configuration whose manufacturer_ref
// is ref (PUT /api/product.template/ with filter
// [["manufacturer_ref", "=", ref]]).
//
// It returns how many records the filter matched, counted first with one
// GET (-1 with WithMatchCount(false)); no match is a *deskbridge.NotFoundError and
// sends nothing.
func (c *Client) UpdateConfiguration(ctx context.Context, ref string, u ConfigurationUpdate) (int64, error) {
	if err := validateConfigurationUpdate(ref, &u); err != nil {
		return 0, err
	}
	cp := u
	cp.CreateBy = c.createBy(cp.CreateBy)
	return c.update(ctx, ModelProductTemplate, domain.Eq("manufacturer_ref", ref), cp)
}

// UpdateProduct changes the product whose reference is ref (PUT
// /api/product.master/ with filter [["ref", "=", ref]]).
//
// It returns how many records the filter matched, counted first with one
// GET (-1 with WithMatchCount(false)); no match is a *deskbridge.NotFoundError and
// sends nothing.
func (c *Client) UpdateProduct(ctx context.Context, ref string, u ProductUpdate) (int64, error) {
	if err := validateProductUpdate(ref, &u); err != nil {
		return 0, err
	}
	cp := u
	cp.CreateBy = c.createBy(cp.CreateBy)
	return c.update(ctx, ModelProductMaster, domain.Eq("ref", ref), cp)
}

// UpdateOrderStatus sets the state of the sale.order of Ekiclik order
// ekOrderID (PUT /api/sale.order/ with filter [["ek_order_id", "=",
// "<id>"]]: the id is compared as text, as the specification sends it). Any
// non-empty state without spaces is sent, known (OrderState constants)
// or not.
//
// It returns how many records the filter matched, counted first with one
// GET (-1 with WithMatchCount(false)); no match is a *deskbridge.NotFoundError and
// sends nothing.
func (c *Client) UpdateOrderStatus(ctx context.Context, ekOrderID int64, u OrderStatusUpdate) (int64, error) {
	if err := validateOrderStatus(ekOrderID, &u); err != nil {
		return 0, err
	}
	cp := u
	cp.CreateBy = c.createBy(cp.CreateBy)
	return c.update(ctx, ModelSaleOrder, domain.Eq("ek_order_id", strconv.FormatInt(ekOrderID, 10)), cp)
}

// UpdatePartner changes the client or point of sale whose e-mail is
// email (PUT /api/res.partner/ with filter [["email", "=", email]]).
//
// It returns how many records the filter matched, counted first with one
// GET (-1 with WithMatchCount(false)); no match is a *deskbridge.NotFoundError and
// sends nothing.
func (c *Client) UpdatePartner(ctx context.Context, email string, u PartnerUpdate) (int64, error) {
	if err := validatePartnerUpdate(email, &u); err != nil {
		return 0, err
	}
	cp := u
	cp.CreateBy = c.createBy(cp.CreateBy)
	return c.update(ctx, ModelPartner, domain.Eq("email", email), cp)
}

// UpdateUser changes the Odoo user whose login is login (PUT
// /api/res.users/ with filter [["login", "=", login]]).
//
// It returns how many records the filter matched, counted first with one
// GET (-1 with WithMatchCount(false)); no match is a *deskbridge.NotFoundError and
// sends nothing.
func (c *Client) UpdateUser(ctx context.Context, login string, u UserUpdate) (int64, error) {
	if err := validateUserUpdate(login, &u); err != nil {
		return 0, err
	}
	cp := u
	cp.CreateBy = c.createBy(cp.CreateBy)
	return c.update(ctx, ModelUser, domain.Eq("login", login), cp)
}
