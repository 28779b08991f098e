package ekiclik

import (
	"fmt"
	"math"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge"
)

// validator collects the first problem of a payload.
type validator struct {
	op  string
	err *deskbridge.ArgumentError
}

func (v *validator) fail(field, format string, args ...any) {
	if v.err == nil {
		v.err = &deskbridge.ArgumentError{Op: "ekiclik." + v.op, Arg: field, Reason: fmt.Sprintf(format, args...)}
	}
}

func (v *validator) result() error {
	if v.err == nil {
		return nil
	}
	return v.err
}

func (v *validator) required(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.fail(field, "required")
		return
	}
	v.text(field, s)
}

// text refuses what no field should hold: invalid UTF-8 and control
// characters (a NUL makes PostgreSQL refuse the row).
func (v *validator) text(field, s string) {
	if !utf8.ValidString(s) {
		v.fail(field, "not valid UTF-8")
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			v.fail(field, "control character %U", r)
			return
		}
	}
}

func (v *validator) price(field string, p float64) {
	switch {
	case math.IsNaN(p) || math.IsInf(p, 0):
		v.fail(field, "not a number")
	case p < 0:
		v.fail(field, "must not be negative, got %v", p)
	}
}

func (v *validator) positive(field string, q float64) {
	if math.IsNaN(q) || math.IsInf(q, 0) || q <= 0 {
		v.fail(field, "must be positive, got %v", q)
	}
}

func (v *validator) email(field, s string, required bool) {
	if s == "" {
		if required {
			v.fail(field, "required")
		}
		return
	}
	if !validEmail(s) {
		v.fail(field, "not an e-mail address: %.60q", s)
	}
}

func (v *validator) phone(field, s string, required bool) {
	if s == "" {
		if required {
			v.fail(field, "required")
		}
		return
	}
	if !validPhone(s) {
		v.fail(field, "not a phone number (digits, an optional leading +, spaces, dots or dashes): %.40q", s)
	}
}

// validEmail accepts a bare address (no display name) with a dot-less or
// dotted domain, as net/mail parses it.
func validEmail(s string) bool {
	if len(s) > 254 || strings.TrimSpace(s) != s {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1
}

// validPhone accepts 6 to 15 digits (E.164's maximum) with an optional
// leading + and spaces, dots, dashes or parentheses between them.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 15
}

func validateProduct(p *Product) error {
	v := &validator{op: "CreateProduct"}
	v.required("name", p.Name)
	v.required("product_ref", p.Ref)
	v.text("brand", p.Brand)
	v.text("fab_name", p.Manufacturer)
	v.text("categ_id", p.Category)
	if len(p.Configurations) == 0 {
		v.fail("product", "at least one configuration is required")
	}
	seen := map[string]int{}
	for i, c := range p.Configurations {
		f := fmt.Sprintf("product[%d].", i)
		v.required(f+"name", c.Name)
		v.required(f+"manufacturer_ref", c.ManufacturerRef)
		if j, dup := seen[c.ManufacturerRef]; dup && c.ManufacturerRef != "" {
			v.fail(f+"manufacturer_ref", "same as product[%d]'s", j)
		}
		seen[c.ManufacturerRef] = i
		v.price(f+"list_price", c.ListPrice)
		v.price(f+"standard_price", c.StandardPrice)
		v.text(f+"description", c.Description)
		v.text(f+"default_code", string(c.DefaultCode))
		if c.CompanyID < 0 {
			v.fail(f+"company_id", "negative id")
		}
	}
	return v.result()
}

func validatePartner(op string, name, email, phone string) *validator {
	v := &validator{op: op}
	v.required("name", name)
	v.email("email", email, true)
	v.phone("phone", phone, false)
	return v
}

func validateCustomer(c *Customer) error {
	return validatePartner("CreateCustomer", c.Name, c.Email, c.Phone).result()
}

func validatePOS(p *PointOfSale) error {
	v := validatePartner("CreatePointOfSale", p.Name, p.Email, p.Phone)
	v.required("code_pos", p.Code)
	return v.result()
}

func validateOpportunity(o *Opportunity) error {
	v := &validator{op: "CreateOpportunity"}
	v.required("order_source", o.OrderSource)
	v.email("partner.email", o.Applicant.Email, true)
	v.price("partner.salary", o.Applicant.Salary)
	v.price("partner.monthly_payment", o.Applicant.MonthlyPayment)
	if o.Applicant.Periodicity < 0 {
		v.fail("partner.periodicity", "must not be negative, got %d", o.Applicant.Periodicity)
	}
	if o.CartID <= 0 {
		v.fail("cart_id", "must be positive, got %d", o.CartID)
	}
	if len(o.Cart) == 0 {
		v.fail("cart", "at least one line is required")
	}
	for i, l := range o.Cart {
		f := fmt.Sprintf("cart[%d].", i)
		v.required(f+"manufacturer_ref", l.ManufacturerRef)
		if l.Quantity <= 0 {
			v.fail(f+"quantity", "must be positive, got %d", l.Quantity)
		}
		v.text(f+"product_warehouse_id", l.Warehouse)
	}
	v.required("code_pos", o.POSCode)
	a := o.QuotationAddress
	v.text("quotation_address.street", a.Street)
	v.text("quotation_address.street2", string(a.Street2))
	if a.EKOrderID <= 0 {
		v.fail("quotation_address.ek_order_id", "must be positive, got %d", a.EKOrderID)
	}
	v.phone("file_info.client_number", o.FileInfo.ClientNumber, false)
	if p := o.FileInfo.Progress; math.IsNaN(p) || p < 0 || p > 100 {
		v.fail("file_info.progress", "must be within 0 and 100, got %v", p)
	}
	return v.result()
}

func validatePurchase(p *Purchase) error {
	v := &validator{op: "CreatePurchase"}
	v.required("partner_id", p.POSCode)
	if p.UserID < 0 {
		v.fail("user_id", "negative id")
	}
	if p.DateOrder.IsZero() {
		v.fail("date_order", "required")
	}
	if len(p.Lines) == 0 {
		v.fail("order_line", "at least one line is required")
	}
	for i, l := range p.Lines {
		f := fmt.Sprintf("order_line[%d].", i)
		v.required(f+"product_id", l.ManufacturerRef)
		v.positive(f+"product_qty", l.Quantity)
		v.price(f+"price_unit", l.UnitPrice)
	}
	return v.result()
}

// validateKey checks the value an update's filter compares with: a PUT
// with an empty filter value would match nothing (or, worse, the records
// whose field is unset).
func validateKey(op, field, value string) *validator {
	v := &validator{op: op}
	v.required("filter."+field, value)
	return v
}

func validateConfigurationUpdate(ref string, u *ConfigurationUpdate) error {
	v := validateKey("UpdateConfiguration", "manufacturer_ref", ref)
	if (*u == ConfigurationUpdate{CreateBy: u.CreateBy}) {
		v.fail("data", "nothing to update")
		return v.result()
	}
	if u.ListPrice != nil {
		v.price("data.list_price", *u.ListPrice)
	}
	if u.StandardPrice != nil {
		v.price("data.standard_price", *u.StandardPrice)
	}
	v.text("data.name", u.Name)
	v.text("data.description", u.Description)
	return v.result()
}

func validateProductUpdate(ref string, u *ProductUpdate) error {
	v := validateKey("UpdateProduct", "ref", ref)
	if (*u == ProductUpdate{CreateBy: u.CreateBy}) {
		v.fail("data", "nothing to update")
		return v.result()
	}
	v.text("data.name", u.Name)
	v.text("data.brand", u.Brand)
	return v.result()
}

func validateOrderStatus(ekOrderID int64, u *OrderStatusUpdate) error {
	v := &validator{op: "UpdateOrderStatus"}
	if ekOrderID <= 0 {
		v.fail("filter.ek_order_id", "must be positive, got %d", ekOrderID)
	}
	v.required("data.state", string(u.State))
	if strings.ContainsFunc(string(u.State), unicode.IsSpace) {
		v.fail("data.state", "must not contain spaces: %.40q", u.State)
	}
	return v.result()
}

func validatePartnerUpdate(email string, u *PartnerUpdate) error {
	v := &validator{op: "UpdatePartner"}
	v.email("filter.email", email, true)
	if (*u == PartnerUpdate{CreateBy: u.CreateBy}) {
		v.fail("data", "nothing to update")
		return v.result()
	}
	v.text("data.name", u.Name)
	v.email("data.email", u.Email, false)
	v.phone("data.phone", u.Phone, false)
	return v.result()
}

func validateUserUpdate(login string, u *UserUpdate) error {
	v := validateKey("UpdateUser", "login", login)
	if (*u == UserUpdate{CreateBy: u.CreateBy}) {
		v.fail("data", "nothing to update")
		return v.result()
	}
	v.text("data.name", u.Name)
	v.email("data.email", u.Email, false)
	v.phone("data.phone", u.Phone, false)
	return v.result()
}

// validModel checks an Odoo model name: dot-separated lowercase words.
func validModel(model string) bool {
	if model == "" || len(model) > 128 || model[0] == '.' || model[len(model)-1] == '.' || strings.Contains(model, "..") {
		return false
	}
	for _, r := range model {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
