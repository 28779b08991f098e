package domain

import (
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge"
)

// Operator is a leaf's comparison operator, spelled as Odoo spells it.
type Operator string

// The operators of Odoo 16 to 19 (any and not any from 17 on).
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
	// OpNotEqLike and OpNotEqILike exist from Odoo 19 on.
	OpNotEqLike  Operator = "not =like"
	OpNotEqILike Operator = "not =ilike"
	OpIn         Operator = "in"
	OpNotIn      Operator = "not in"
	OpChildOf    Operator = "child_of"
	OpParentOf   Operator = "parent_of"
	OpAny        Operator = "any"
	OpNotAny     Operator = "not any"
)

// Valid reports whether o is one of the operators above (exact spelling;
// the legacy aliases accepted by the parsers are not valid here).
func (o Operator) Valid() bool {
	_, ok := operators[o]
	return ok
}

// Domain is an immutable search domain. The zero value is the empty domain,
// which matches every record and encodes as [].
//
// A Domain built from bad input (a builder given an invalid field name or an
// unencodable value) carries its error: Validate, MarshalJSON and Match
// return it, and combining it with And, Or or Not keeps it.
type Domain struct {
	n *node
}

type kind uint8

const (
	kLeaf kind = iota + 1
	kAnd
	kOr
	kNot
	kTrue
	kFalse
	kErr
)

// node is one element of a domain tree. And and Or nodes have at least two
// children and never a child of their own kind (builders flatten them).
type node struct {
	kind kind
	leaf Leaf
	kids []*node
	err  error
	raw  bool // a binary node assemble has not flattened yet
}

// Leaf is one (field, operator, value) term. For OpAny and OpNotAny, Value
// holds the sub-Domain.
//
// Values held by a Domain are normalised: false (for Go nil, Python None,
// JSON null and the zero time.Time), bool, int64, float64, string, []any of
// those, or a Domain (any / not any only).
type Leaf struct {
	Field string
	Op    Operator
	Value any
}

// Resolver returns the records a relational field of record points to
// (zero or one for a many2one, any number for an x2many). Match uses it for
// dotted paths, any/not any, and child_of/parent_of (through "parent_id"
// and "child_ids").
type Resolver func(record map[string]any, field string) ([]map[string]any, error)

// ErrSyntax is matched by errors from Parse, ParseJSON and ParsePython for
// text that is not a domain; ErrInvalid by a well-formed domain that breaks
// Odoo's rules (unknown operator, wrong arity, bad field name, ...). Both
// kinds of *Error also match the SDK's shared deskbridge.ErrInvalidArgument:
// a malformed domain is refused before anything is sent.
var (
	ErrSyntax  = errors.New("domain: syntax error")
	ErrInvalid = errors.New("domain: invalid domain")
)

// Error locates a parse or validation failure.
type Error struct {
	Pos int    // byte offset in the text, element index for FromList, -1 from a builder
	Msg string // what is wrong
	Err error  // ErrSyntax or ErrInvalid
}

// Error returns "domain: <Msg>", followed by " (at <Pos>)" when the
// failure has a position (not from a builder).
func (e *Error) Error() string {
	if e.Pos < 0 {
		return "domain: " + e.Msg
	}
	return fmt.Sprintf("domain: %s (at %d)", e.Msg, e.Pos)
}

// Unwrap returns ErrSyntax or ErrInvalid.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is deskbridge.ErrInvalidArgument, the shared
// meaning of every domain error (ErrSyntax and ErrInvalid match through
// Unwrap).
func (e *Error) Is(target error) bool { return target == deskbridge.ErrInvalidArgument }

func invalidf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Err: ErrInvalid}
}

func syntaxf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Err: ErrSyntax}
}

// True matches every record: [(1, '=', 1)].
var True = Domain{&node{kind: kTrue}}

// False matches no record: [(0, '=', 1)].
var False = Domain{&node{kind: kFalse}}

// IsZero reports whether d is the empty domain.
func (d Domain) IsZero() bool { return d.n == nil }

// Validate checks d against Odoo's rules. Every Domain a builder or parser
// returns without error is valid; Validate reports the error a builder
// recorded (for example a field name outside [a-z0-9_.]).
func (d Domain) Validate() error {
	if d.n != nil && d.n.kind == kErr {
		return d.n.err
	}
	return nil
}

// Leaves returns d's leaves in prefix order. The constant True and False
// terms are not leaves, and the leaves of an any / not any sub-domain are
// inside that leaf's Value. A Domain carrying an error has no leaves.
func (d Domain) Leaves() []Leaf {
	var out []Leaf
	var walk func(n *node)
	walk = func(n *node) {
		switch n.kind {
		case kLeaf:
			out = append(out, n.leaf)
		case kAnd, kOr, kNot:
			for _, k := range n.kids {
				walk(k)
			}
		}
	}
	if d.n != nil {
		walk(d.n)
	}
	return out
}

// Fields returns the field paths d's leaves name, in order, without repeats.
// For an any / not any leaf it lists the field itself and then the fields of
// the sub-domain prefixed with it, so Any("tag_ids", Eq("name", "x")) gives
// ["tag_ids", "tag_ids.name"].
func (d Domain) Fields() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(prefix string, n *node)
	walk = func(prefix string, n *node) {
		switch n.kind {
		case kLeaf:
			f := prefix + n.leaf.Field
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
			if sub, ok := n.leaf.Value.(Domain); ok && sub.n != nil {
				walk(f+".", sub.n)
			}
		case kAnd, kOr, kNot:
			for _, k := range n.kids {
				walk(prefix, k)
			}
		}
	}
	if d.n != nil {
		walk("", d.n)
	}
	return out
}

// Equal reports whether d and e are the same domain tree with the same
// values (of the same types). Parsing an encoded Domain gives an Equal one.
func (d Domain) Equal(e Domain) bool { return nodeEqual(d.n, e.n) }

func nodeEqual(a, b *node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.kind != b.kind || len(a.kids) != len(b.kids) {
		return false
	}
	switch a.kind {
	case kLeaf:
		return a.leaf.Field == b.leaf.Field && a.leaf.Op == b.leaf.Op && valueEqual(a.leaf.Value, b.leaf.Value)
	case kErr:
		return a.err.Error() == b.err.Error()
	}
	for i := range a.kids {
		if !nodeEqual(a.kids[i], b.kids[i]) {
			return false
		}
	}
	return true
}

func valueEqual(a, b any) bool {
	switch a := a.(type) {
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !valueEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	case Domain:
		bd, ok := b.(Domain)
		return ok && a.Equal(bd)
	case float64:
		bf, ok := b.(float64)
		return ok && (a == bf || a != a && bf != bf)
	default:
		return a == b
	}
}
