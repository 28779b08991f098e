package ekiclik

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// NullString is a text value that the specification sends as JSON null when it has
// none (default_code, title, street2). The empty string encodes as null;
// null, false (Odoo's "unset") and "" decode as "".
type NullString string

// MarshalJSON writes null for "", else the JSON string.
func (s NullString) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// UnmarshalJSON reads a string, null or false.
func (s *NullString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == "false" {
		*s = ""
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("ekiclik: NullString: %w", err)
	}
	*s = NullString(v)
	return nil
}

// NullID is a record id that the specification sends as JSON null when it has none
// (company_id). Zero encodes as null; null and false decode as zero.
type NullID int64

// MarshalJSON writes null for 0, else the number.
func (id NullID) MarshalJSON() ([]byte, error) {
	if id == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(id), 10), nil
}

// UnmarshalJSON reads a number, null or false.
func (id *NullID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == "false" {
		*id = 0
		return nil
	}
	var v int64 // odoo's integer rule: 7 and 7.0 are 7, 7.5 is refused
	if err := odoo.DecodeResult(b, &v); err != nil {
		return fmt.Errorf("ekiclik: NullID: %w", err)
	}
	*id = NullID(v)
	return nil
}

// PyBool is a boolean the Ekiclik module reads as Python's text "True" or
// "False" (res.partner's is_pos), not a JSON boolean.
type PyBool bool

// MarshalJSON writes "True" or "False".
func (p PyBool) MarshalJSON() ([]byte, error) {
	if p {
		return []byte(`"True"`), nil
	}
	return []byte(`"False"`), nil
}

// UnmarshalJSON reads "True"/"False" (any case), a JSON boolean, or null
// (false).
func (p *PyBool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch string(bytes.ToLower(b)) {
	case `"true"`, "true":
		*p = true
		return nil
	case `"false"`, "false", "null", `""`:
		*p = false
		return nil
	}
	return fmt.Errorf("ekiclik: PyBool: want \"True\" or \"False\", got %.20q", b)
}

// OrderTimeLayout is the layout of purchase.order's date_order in the
// specification: day/month/two-digit year, then the time ("30/07/23 12:23:15").
const OrderTimeLayout = "02/01/06 15:04:05"

// OrderTime is a purchase date in OrderTimeLayout. It is written in the
// time's own location: the specification names no zone, so pass the time in the
// zone the Ekiclik module expects (Odoo stores UTC). The zero OrderTime
// encodes as null.
type OrderTime struct{ time.Time }

// MarshalJSON writes "02/01/06 15:04:05" or null.
func (t OrderTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.Format(OrderTimeLayout) + `"`), nil
}

// UnmarshalJSON reads OrderTimeLayout text, null or false (zero), in UTC.
func (t *OrderTime) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == "false" {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("ekiclik: OrderTime: %w", err)
	}
	v, err := time.Parse(OrderTimeLayout, s)
	if err != nil {
		return fmt.Errorf("ekiclik: OrderTime: want %q, got %.30q", OrderTimeLayout, s)
	}
	t.Time = v
	return nil
}

// OrderState is a sale.order state the Ekiclik module accepts. The
// constants name the known ones; any other non-empty value is sent as is,
// so a state added by the module needs no new SDK release.
type OrderState string

// Order states: the Ekiclik module's and Odoo's own sale.order states.
const (
	// OrderInPreparation: Ekiclik is preparing the order (exchange specification).
	OrderInPreparation OrderState = "EK_ORDER_IN_PREPARATION"
	// OrderDraft and the following are Odoo's standard sale.order states.
	OrderDraft     OrderState = "draft"
	OrderSent      OrderState = "sent"
	OrderConfirmed OrderState = "sale"
	OrderDone      OrderState = "done"
	OrderCancelled OrderState = "cancel"
)

// Known reports whether s is one of the package's constants.
func (s OrderState) Known() bool {
	switch s {
	case OrderInPreparation, OrderDraft, OrderSent, OrderConfirmed, OrderDone, OrderCancelled:
		return true
	}
	return false
}

// PurchaseState is a purchase.order state (Odoo's values; others are sent
// as is).
type PurchaseState string

// Purchase states of Odoo's purchase.order.
const (
	PurchaseDraft     PurchaseState = "draft"
	PurchaseSent      PurchaseState = "sent"
	PurchaseToApprove PurchaseState = "to approve"
	PurchaseConfirmed PurchaseState = "purchase"
	PurchaseDone      PurchaseState = "done"
	PurchaseCancelled PurchaseState = "cancel"
)

// PartnerStatus is the Ekiclik status of a client or point of sale.
type PartnerStatus string

// StatusWaiting is the status of a client or point of sale waiting for
// validation (exchange specification); other values are sent as is.
const StatusWaiting PartnerStatus = "WAITING"

// Role is an Ekiclik user role (res.users' role).
type Role string

// RoleSuperAdmin is the specification's role; other values are sent as is.
const RoleSuperAdmin Role = "ROLE_SUPERADMIN"

// DetailedType is a product's Odoo detailed_type.
type DetailedType string

// Odoo's product types (detailed_type, Odoo 15 to 17).
const (
	TypeStorable   DetailedType = "product"
	TypeConsumable DetailedType = "consu"
	TypeService    DetailedType = "service"
)
