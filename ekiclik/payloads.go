package ekiclik

import (
	"encoding/json"

	"github.com/deskbridge/deskbridge/odoo"
)

// Product is a product and its configurations as Ekiclik pushes them:
// POST /api/product.template/ (exchange specification, "Receive PRODUCTS").
type Product struct {
	Name     string `json:"name"`
	Brand    string `json:"brand"`
	CreateBy string `json:"create_by"`
	// Manufacturer is the manufacturer's name (fab_name).
	Manufacturer string `json:"fab_name"`
	// Category is the product category's name (categ_id, a name, not an id).
	Category string `json:"categ_id"`
	// Ref is the product reference (product_ref); product.master's ref.
	Ref string `json:"product_ref"`
	// Configurations are the sellable variants (the "product" list).
	Configurations []Configuration `json:"product"`
}

// Configuration is one configuration (sellable variant) of a Product.
type Configuration struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	DefaultCode NullString `json:"default_code"`
	// DetailedType is Odoo's product type; the client sends TypeStorable
	// ("product") when it is empty.
	DetailedType  DetailedType `json:"detailed_type"`
	ImageURL      string       `json:"image_url"`
	ListPrice     float64      `json:"list_price"`
	StandardPrice float64      `json:"standard_price"`
	// ManufacturerRef is the configuration's reference, the key later
	// updates and cart lines use.
	ManufacturerRef string `json:"manufacturer_ref"`
	PurchaseOK      bool   `json:"purchase_ok"`
	SaleOK          bool   `json:"sale_ok"`
	CompanyID       NullID `json:"company_id"`
	CreateBy        string `json:"create_by"`
	// Attributes are the configuration's characteristics ("attribute").
	Attributes Attributes `json:"attribute"`
	// CertificateURL is the manufacturer's certificate (fab_certificate).
	CertificateURL string `json:"fab_certificate"`
}

// Attribute is one characteristic of a Configuration. The exchange specification only
// shows an empty list annotated "CHARACTERISTICS", so its members are
// left open: each key is sent as is.
type Attribute map[string]any

// Attributes is a list of characteristics; a nil list is sent as [] like
// the specification's, never null.
type Attributes []Attribute

// MarshalJSON writes [] for a nil list.
func (a Attributes) MarshalJSON() ([]byte, error) {
	if a == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]Attribute(a))
}

// Customer is a client (a bank's customer) as Ekiclik pushes it: POST
// /api/res.partner/ with is_pos "False" (exchange specification, "1- CLIENT"). The
// API client type is Client; this is the partner Ekiclik calls a client.
type Customer struct {
	CreateBy  string `json:"create_by"`
	IsCompany bool   `json:"is_company"`
	// Status defaults to StatusWaiting when the client sends it.
	Status PartnerStatus `json:"status"`
	// Type is the partner type; the client sends "contact" when empty.
	Type  string     `json:"type"`
	Title NullString `json:"title"`
	Name  string     `json:"name"`
	Email string     `json:"email"`
	Phone string     `json:"phone"`
}

// PointOfSale is a point of sale as Ekiclik pushes it: POST
// /api/res.partner/ with is_pos "True" and its codes (exchange specification, "2- POINT
// OF SALE").
type PointOfSale struct {
	CreateBy  string        `json:"create_by"`
	IsCompany bool          `json:"is_company"`
	Status    PartnerStatus `json:"status"`
	Type      string        `json:"type"`
	Title     NullString    `json:"title"`
	Name      string        `json:"name"`
	Email     string        `json:"email"`
	Phone     string        `json:"phone"`
	// Code is the point of sale's code (code_pos), e.g.
	// "PDVA-E-TIN-TIN-88-07".
	Code string `json:"code_pos"`
	// CreditCode is the credit analyst's code.
	CreditCode string `json:"credit_code"`
	// ResponsibleCode is the code of the person in charge.
	ResponsibleCode string `json:"responsible_code"`
}

// partnerWire is the res.partner body shared by clients and points of
// sale; is_pos tells them apart.
type partnerWire struct {
	CreateBy        string        `json:"create_by"`
	IsCompany       bool          `json:"is_company"`
	IsPOS           PyBool        `json:"is_pos"`
	Status          PartnerStatus `json:"status"`
	Type            string        `json:"type"`
	Title           NullString    `json:"title"`
	Name            string        `json:"name"`
	Email           string        `json:"email"`
	Phone           string        `json:"phone"`
	CodePOS         string        `json:"code_pos,omitempty"`
	CreditCode      string        `json:"credit_code,omitempty"`
	ResponsibleCode string        `json:"responsible_code,omitempty"`
}

// MarshalJSON writes the specification's client body, with is_pos "False".
func (c Customer) MarshalJSON() ([]byte, error) {
	return json.Marshal(partnerWire{
		CreateBy: c.CreateBy, IsCompany: c.IsCompany, IsPOS: false, Status: c.Status,
		Type: c.Type, Title: c.Title, Name: c.Name, Email: c.Email, Phone: c.Phone,
	})
}

// MarshalJSON writes the specification's point of sale body, with is_pos "True".
func (p PointOfSale) MarshalJSON() ([]byte, error) {
	return json.Marshal(partnerWire{
		CreateBy: p.CreateBy, IsCompany: p.IsCompany, IsPOS: true, Status: p.Status,
		Type: p.Type, Title: p.Title, Name: p.Name, Email: p.Email, Phone: p.Phone,
		CodePOS: p.Code, CreditCode: p.CreditCode, ResponsibleCode: p.ResponsibleCode,
	})
}

// Opportunity is an order as Ekiclik pushes it, a CRM opportunity with the
// applicant's financial information, the cart, the delivery address and
// the credit file: POST /api/crm.lead/ (exchange specification, "Receive OPPORTUNITY").
type Opportunity struct {
	CreateBy string `json:"create_by"`
	// OrderSource is the bank the order comes from, e.g. "Alsalam".
	OrderSource string     `json:"order_source"`
	Applicant   Applicant  `json:"partner"`
	CartID      int64      `json:"cart_id"`
	Cart        []CartLine `json:"cart"`
	// QuotationAddress is where the order is delivered.
	QuotationAddress QuotationAddress `json:"quotation_address"`
	// POSCode is the point of sale's code (code_pos).
	POSCode  string   `json:"code_pos"`
	FileInfo FileInfo `json:"file_info"`
}

// opportunityWire fixes the member order of the specification (cart after
// cart_id) while Opportunity keeps a Go-friendly field order.
type opportunityWire struct {
	CreateBy         string           `json:"create_by"`
	OrderSource      string           `json:"order_source"`
	Applicant        Applicant        `json:"partner"`
	CartID           int64            `json:"cart_id"`
	Cart             []CartLine       `json:"cart"`
	QuotationAddress QuotationAddress `json:"quotation_address"`
	POSCode          string           `json:"code_pos"`
	FileInfo         FileInfo         `json:"file_info"`
}

// MarshalJSON writes the specification's crm.lead body; a nil cart is sent as [].
func (o Opportunity) MarshalJSON() ([]byte, error) {
	cart := o.Cart
	if cart == nil {
		cart = []CartLine{}
	}
	return json.Marshal(opportunityWire{
		CreateBy: o.CreateBy, OrderSource: o.OrderSource, Applicant: o.Applicant,
		CartID: o.CartID, Cart: cart, QuotationAddress: o.QuotationAddress,
		POSCode: o.POSCode, FileInfo: o.FileInfo,
	})
}

// UnmarshalJSON reads the specification's crm.lead body.
func (o *Opportunity) UnmarshalJSON(b []byte) error {
	var w opportunityWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*o = Opportunity(w)
	return nil
}

// Applicant is the opportunity's "partner": the bank customer asking for
// the credit, found by e-mail, with the financial data of the file.
type Applicant struct {
	Email          string    `json:"email"`
	Salary         float64   `json:"salary"`
	BirthDate      odoo.Date `json:"birth_date"`
	MonthlyPayment float64   `json:"monthly_payment"`
	// Periodicity is the number of monthly payments.
	Periodicity int `json:"periodicity"`
}

// CartLine is one line of an opportunity's cart.
type CartLine struct {
	// ManufacturerRef names the configuration ordered.
	ManufacturerRef string `json:"manufacturer_ref"`
	Quantity        int    `json:"quantity"`
	// Warehouse is the code of the point of sale whose stock serves the
	// line (product_warehouse_id).
	Warehouse string `json:"product_warehouse_id"`
}

// QuotationAddress is an opportunity's delivery address.
type QuotationAddress struct {
	OrderSource string `json:"order_source"`
	// Type is the address type; the client sends "delivery" when empty.
	Type     string     `json:"type"`
	CreateBy string     `json:"create_by"`
	Street   string     `json:"street"`
	Street2  NullString `json:"street2"`
	// State is the wilaya (region) name (state_id).
	State string `json:"state_id"`
	// Country is the ISO country code (country_id), e.g. "DZ".
	Country string `json:"country_id"`
	POSCode string `json:"code_pos"`
	// EKOrderID is Ekiclik's order id; UpdateOrderStatus finds the
	// sale.order by it.
	EKOrderID int64 `json:"ek_order_id"`
}

// FileInfo is the credit file of an opportunity.
type FileInfo struct {
	FileNumber   int64  `json:"file_number"`
	ClientNumber string `json:"client_number"`
	// OrderStatus is the file's order status, e.g. "draft".
	OrderStatus string `json:"order_status"`
	// Progress is the file's progress (0 to 100).
	Progress float64 `json:"progress"`
	// FileState is the file's processing state, e.g. "traitement".
	FileState string `json:"file_state"`
}

// Purchase is a stock purchase as Ekiclik pushes it: POST
// /api/purchase.order/ (exchange specification, "Receive STOCK").
type Purchase struct {
	CreateBy string `json:"create_by"`
	// POSCode is the point of sale that buys (partner_id, a code, not an
	// id), e.g. "PDVA-E-BOJ-BOJ-05-001".
	POSCode string `json:"partner_id"`
	// UserID is the Odoo user responsible (user_id).
	UserID int64 `json:"user_id"`
	// State defaults to PurchaseDraft when the client sends it.
	State     PurchaseState  `json:"state"`
	DateOrder OrderTime      `json:"date_order"`
	Lines     []PurchaseLine `json:"order_line"`
}

// PurchaseLine is one line of a Purchase.
type PurchaseLine struct {
	// ManufacturerRef names the configuration bought (product_id, a
	// reference, not an id).
	ManufacturerRef string  `json:"product_id"`
	Quantity        float64 `json:"product_qty"`
	UnitPrice       float64 `json:"price_unit"`
}

// ConfigurationUpdate changes a configuration found by its
// manufacturer_ref: PUT /api/product.template/. Empty fields are not sent;
// a price or flag is sent when its pointer is set (deskbridge.Ptr).
type ConfigurationUpdate struct {
	CreateBy       string       `json:"create_by,omitempty"`
	Name           string       `json:"name,omitempty"`
	Description    string       `json:"description,omitempty"`
	DetailedType   DetailedType `json:"detailed_type,omitempty"`
	ImageURL       string       `json:"image_url,omitempty"`
	ListPrice      *float64     `json:"list_price,omitempty"`
	StandardPrice  *float64     `json:"standard_price,omitempty"`
	PurchaseOK     *bool        `json:"purchase_ok,omitempty"`
	SaleOK         *bool        `json:"sale_ok,omitempty"`
	CertificateURL string       `json:"fab_certificate,omitempty"`
}

// ProductUpdate changes a product found by its reference: PUT
// /api/product.master/. Empty fields are not sent.
type ProductUpdate struct {
	Name         string `json:"name,omitempty"`
	Brand        string `json:"brand,omitempty"`
	CreateBy     string `json:"create_by,omitempty"`
	Manufacturer string `json:"fab_name,omitempty"`
	Category     string `json:"categ_id,omitempty"`
	Ref          string `json:"product_ref,omitempty"`
}

// OrderStatusUpdate changes the state of the sale.order of an Ekiclik
// order: PUT /api/sale.order/.
type OrderStatusUpdate struct {
	CreateBy    string     `json:"create_by,omitempty"`
	OrderSource string     `json:"order_source,omitempty"`
	State       OrderState `json:"state"`
}

// PartnerUpdate changes a client or point of sale found by e-mail: PUT
// /api/res.partner/. Empty fields are not sent.
type PartnerUpdate struct {
	CreateBy        string        `json:"create_by,omitempty"`
	Name            string        `json:"name,omitempty"`
	Email           string        `json:"email,omitempty"`
	Phone           string        `json:"phone,omitempty"`
	Status          PartnerStatus `json:"status,omitempty"`
	Code            string        `json:"code_pos,omitempty"`
	CreditCode      string        `json:"credit_code,omitempty"`
	ResponsibleCode string        `json:"responsible_code,omitempty"`
}

// UserUpdate changes an Odoo user found by login: PUT /api/res.users/.
// Empty fields are not sent.
type UserUpdate struct {
	Name string `json:"name,omitempty"`
	// Codification is the user's Ekiclik code.
	Codification string `json:"codification,omitempty"`
	Email        string `json:"email,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Role         Role   `json:"role,omitempty"`
	// POSCode is the point of sale the user works at (code_pos).
	POSCode  string `json:"code_pos,omitempty"`
	CreateBy string `json:"create_by,omitempty"`
}
