// Package domain builds, encodes, parses, validates and evaluates Odoo
// search domains. (Contract stub: the implementation replaces the bodies,
// the exported API below stays.)
package domain

import "errors"

// Operator is a leaf's comparison operator, spelled as Odoo spells it.
type Operator string

// The operators of Odoo 16 to 19.
const (
	OpEq        Operator = "="
	OpNe        Operator = "!="
	OpGt        Operator = ">"
	OpGe        Operator = ">="
	OpLt        Operator = "<"
	OpLe        Operator = "<="
	OpEqOrUnset Operator = "=?"
	OpLike      Operator = "like"
	OpNotLike   Operator = "not like"
	OpILike     Operator = "ilike"
	OpNotILike  Operator = "not ilike"
	OpEqLike    Operator = "=like"
	OpEqILike   Operator = "=ilike"
	OpIn        Operator = "in"
	OpNotIn     Operator = "not in"
	OpChildOf   Operator = "child_of"
	OpParentOf  Operator = "parent_of"
	OpAny       Operator = "any"
	OpNotAny    Operator = "not any"
)

// Domain is an immutable search domain. The zero value is the empty domain,
// which matches every record and encodes as [].
type Domain struct {
	n *node
}

type node struct{}

// Leaf is one (field, operator, value) term. For OpAny and OpNotAny, Value
// holds the sub-Domain.
type Leaf struct {
	Field string
	Op    Operator
	Value any
}

// Resolver returns the records a relational field of record points to
// (zero or one for a many2one, any number for an x2many). Match uses it for
// dotted paths, any/not any, and child_of/parent_of (through "parent_id").
type Resolver func(record map[string]any, field string) ([]map[string]any, error)

// ErrSyntax is matched by errors from Parse, ParseJSON and ParsePython for
// text that is not a domain; ErrInvalid by a well-formed domain that breaks
// Odoo's rules (unknown operator, wrong arity, bad field name, ...).
var (
	ErrSyntax  = errors.New("domain: syntax error")
	ErrInvalid = errors.New("domain: invalid domain")
)

// Error locates a parse or validation failure.
type Error struct {
	Pos int    // byte offset in the text, or element index in the prefix list
	Msg string // what is wrong
	Err error  // ErrSyntax or ErrInvalid
}

func (e *Error) Error() string { return "domain: " + e.Msg }

// Unwrap returns ErrSyntax or ErrInvalid.
func (e *Error) Unwrap() error { return e.Err }

var errStub = errors.New("domain: not implemented")

// True matches every record: [(1, '=', 1)].
var True Domain

// False matches no record: [(0, '=', 1)].
var False Domain

// Eq is (field, '=', value).
func Eq(field string, value any) Domain { return Domain{} }

// Ne is (field, '!=', value).
func Ne(field string, value any) Domain { return Domain{} }

// Gt is (field, '>', value).
func Gt(field string, value any) Domain { return Domain{} }

// Ge is (field, '>=', value).
func Ge(field string, value any) Domain { return Domain{} }

// Lt is (field, '<', value).
func Lt(field string, value any) Domain { return Domain{} }

// Le is (field, '<=', value).
func Le(field string, value any) Domain { return Domain{} }

// In is (field, 'in', values); no values encodes as [].
func In[T any](field string, values ...T) Domain { return Domain{} }

// NotIn is (field, 'not in', values).
func NotIn[T any](field string, values ...T) Domain { return Domain{} }

// Like is (field, 'like', pattern).
func Like(field, pattern string) Domain { return Domain{} }

// ILike is (field, 'ilike', pattern).
func ILike(field, pattern string) Domain { return Domain{} }

// NotLike is (field, 'not like', pattern).
func NotLike(field, pattern string) Domain { return Domain{} }

// NotILike is (field, 'not ilike', pattern).
func NotILike(field, pattern string) Domain { return Domain{} }

// EqLike is (field, '=like', pattern).
func EqLike(field, pattern string) Domain { return Domain{} }

// EqILike is (field, '=ilike', pattern).
func EqILike(field, pattern string) Domain { return Domain{} }

// EqOrUnset is (field, '=?', value).
func EqOrUnset(field string, value any) Domain { return Domain{} }

// ChildOf is (field, 'child_of', ids).
func ChildOf(field string, ids ...int64) Domain { return Domain{} }

// ParentOf is (field, 'parent_of', ids).
func ParentOf(field string, ids ...int64) Domain { return Domain{} }

// Any is (field, 'any', sub) (Odoo 17+).
func Any(field string, sub Domain) Domain { return Domain{} }

// NotAny is (field, 'not any', sub) (Odoo 17+).
func NotAny(field string, sub Domain) Domain { return Domain{} }

// And combines domains with '&'.
func And(ds ...Domain) Domain { return Domain{} }

// Or combines domains with '|'.
func Or(ds ...Domain) Domain { return Domain{} }

// Not negates d with '!'.
func Not(d Domain) Domain { return Domain{} }

// Parse reads a domain in Odoo's JSON form or its Python-literal form.
func Parse(s string) (Domain, error) { return Domain{}, errStub }

// ParseJSON reads Odoo's JSON prefix-list form.
func ParseJSON(b []byte) (Domain, error) { return Domain{}, errStub }

// ParsePython reads the Python-literal form Odoo stores in records.
func ParsePython(s string) (Domain, error) { return Domain{}, errStub }

// Match reports whether record satisfies d, with Odoo's value conventions.
func Match(d Domain, record map[string]any, resolve Resolver) (bool, error) {
	return false, errStub
}

// IsZero reports whether d is the empty domain.
func (d Domain) IsZero() bool { return d.n == nil }

// Validate checks d against Odoo's rules.
func (d Domain) Validate() error { return nil }

// Leaves returns d's leaves in prefix order.
func (d Domain) Leaves() []Leaf { return nil }

// Fields returns the field paths d's leaves name, in order, without repeats.
func (d Domain) Fields() []string { return nil }

// String returns the Python-literal form.
func (d Domain) String() string { return "[]" }

// MarshalJSON encodes the prefix list.
func (d Domain) MarshalJSON() ([]byte, error) { return []byte("[]"), nil }

// UnmarshalJSON decodes the prefix list.
func (d *Domain) UnmarshalJSON(b []byte) error {
	nd, err := ParseJSON(b)
	if err != nil {
		return err
	}
	*d = nd
	return nil
}
