package ekiclitest

// kind is a field's type, as far as the module's answers depend on it.
type kind int

const (
	kAny       kind = iota // any JSON value, stored as sent
	kChar                  // text; empty reads false
	kBool                  // boolean
	kNumber                // integer or float
	kDatetime              // stored as time.Time, read "2006-01-02-15-04"
	kMany2one              // stored as an id (0: none), read as a bare id or {id, name}
	kOne2many              // computed from the comodel's inverse many2one
	kMany2many             // stored as ids
)

type field struct {
	name     string
	kind     kind
	rel      string // comodel of relational fields
	inverse  string // the comodel's many2one of a one2many
	required bool
	label    string
}

// model is a model's fields. An open model (the Ekiclik module's own,
// whose fields no capture lists) accepts any field as kAny.
type model struct {
	name, description string
	fields            map[string]*field
	order             []string // field order of a read without query
	open              bool
	// sortBy is the default order: "name" (then id descending, as
	// res.partner's "complete_name ASC, id DESC") or "" for id.
	sortBy string
}

func (m *model) field(name string) *field {
	if f := m.fields[name]; f != nil {
		return f
	}
	if m.open {
		return &field{name: name, kind: kAny}
	}
	return nil
}

func (m *model) add(fs ...*field) {
	for _, f := range fs {
		if _, dup := m.fields[f.name]; !dup {
			m.order = append(m.order, f.name)
		}
		m.fields[f.name] = f
	}
}

func newModel(name, description string, open bool, fs ...*field) *model {
	m := &model{name: name, description: description, fields: map[string]*field{}, open: open}
	m.add(fs...)
	// The magic fields of every Odoo model, in the order a read without
	// query lists them (capture 09).
	m.add(&field{name: "id", kind: kNumber}, &field{name: "__last_update", kind: kDatetime},
		&field{name: "display_name", kind: kChar}, &field{name: "create_uid", kind: kMany2one, rel: "res.users"},
		&field{name: "create_date", kind: kDatetime}, &field{name: "write_uid", kind: kMany2one, rel: "res.users"},
		&field{name: "write_date", kind: kDatetime})
	return m
}

func char(n string) *field     { return &field{name: n, kind: kChar} }
func anyField(n string) *field { return &field{name: n, kind: kAny} }
func boolean(n string) *field  { return &field{name: n, kind: kBool} }
func number(n string) *field   { return &field{name: n, kind: kNumber} }
func m2o(n, rel string) *field { return &field{name: n, kind: kMany2one, rel: rel} }
func o2m(n, rel, inverse string) *field {
	return &field{name: n, kind: kOne2many, rel: rel, inverse: inverse}
}
func m2m(n, rel string) *field { return &field{name: n, kind: kMany2many, rel: rel} }

// ekiclikFields are the fields the Ekiclik module adds to stock models
// (the exchange specification's payloads send them).
var ekiclikFields = map[string][]string{
	"res.partner": {"create_by", "status", "is_pos", "code_pos", "credit_code", "responsible_code", "title"},
	"res.users":   {"create_by", "codification", "role", "code_pos", "phone"},
}

// schema builds the models: the stock ones the captures use (res.partner,
// res.partner.category, res.country, res.users; their fields are those the
// captures show), plus with the Ekiclik module its fields and its models,
// which are open (no capture lists their fields).
func schema(ekiclik bool) map[string]*model {
	name := &field{name: "name", kind: kChar, required: true, label: "Name"}
	partner := newModel("res.partner", "Contact", false, name, char("email"), char("phone"), char("mobile"),
		boolean("is_company"), char("street"), char("street2"), char("city"), char("zip"), char("website"),
		char("comment"), char("type"), char("function"), boolean("active"), char("ref"), char("vat"),
		m2o("country_id", "res.country"), m2o("parent_id", "res.partner"), o2m("child_ids", "res.partner", "parent_id"),
		m2m("category_id", "res.partner.category"), o2m("user_ids", "res.users", "partner_id"))
	partner.sortBy = "name"
	category := newModel("res.partner.category", "Partner Tags", false,
		&field{name: "name", kind: kChar, required: true, label: "Tag Name"}, number("color"),
		m2o("parent_id", "res.partner.category"), o2m("child_ids", "res.partner.category", "parent_id"),
		boolean("active"), char("parent_path"), &field{name: "partner_ids", kind: kMany2many, rel: "res.partner", inverse: "category_id"})
	category.sortBy = "name"
	country := newModel("res.country", "Country", false, &field{name: "name", kind: kChar, required: true, label: "Country Name"}, char("code"))
	country.sortBy = "name"
	users := newModel("res.users", "User", false, &field{name: "login", kind: kChar, required: true, label: "Login"},
		char("name"), char("email"), m2o("partner_id", "res.partner"), boolean("active"))
	ms := map[string]*model{}
	for _, m := range []*model{partner, category, country, users} {
		ms[m.name] = m
	}
	if ekiclik {
		for mn, fs := range ekiclikFields {
			for _, f := range fs {
				ms[mn].add(anyField(f))
			}
		}
		for _, mn := range []string{"product.template", "product.master", "crm.lead", "purchase.order", "sale.order"} {
			ms[mn] = newModel(mn, mn, true)
		}
	}
	return ms
}
