// Package domain builds, encodes, parses, validates and evaluates Odoo
// search domains.
//
// A Domain is an immutable tree of terms (field, operator, value) joined by
// AND, OR and NOT. Build one with the typed builders:
//
//	d := domain.And(
//		domain.Eq("stage_id.fold", false),
//		domain.Or(domain.ILike("name", "printer"), domain.In("tag_ids", 3, 4)),
//	)
//
// It encodes to Odoo's JSON prefix list with json.Marshal, using Odoo's
// implicit top-level AND ([a, b] rather than ["&", a, b]), and prints as the
// Python literal Odoo stores in records with String. Parse, ParseJSON and
// ParsePython read both forms back; FromList reads a prefix list decoded
// into Go values. Parsing an encoded Domain gives an Equal one. Like for
// every json.Marshaler, json.Marshal escapes <, > and & (as \u003c, ...),
// which Odoo reads back unchanged; MarshalJSON, AppendJSON and a
// json.Encoder with SetEscapeHTML(false) write them as they are.
//
// Domains stored in Odoo (record rules, actions, filters) often refer to
// the evaluation context: uid, user.company_id.id, context_today(),
// context.get('default_team_id'). ParsePython takes an Env giving their
// values; Env lists the expressions it evaluates.
//
// The parsers accept what Odoo 16 to 19 accept from clients: the operators
// of the Op constants in any letter case, the legacy aliases '<>' (read as
// '!=') and '==' (read as '='), a single value for 'in', 'not in',
// 'child_of' and 'parent_of' (read as a one-element list), and the True and
// False leaves (1, '=', 1) and (0, '=', 1). They refuse Odoo 19's internal
// 'any!' and 'not any!', which Odoo does not accept in a client's domain,
// while they accept its 'not =like' and 'not =ilike' (which Odoo 16 to 18
// refuse).
//
// Values are normalised when a Domain is built: Go nil, Python None, JSON
// null and the zero time.Time become false (Odoo's "unset"), a non-zero
// time.Time becomes Odoo's UTC "2006-01-02 15:04:05", integers become int64,
// floats float64, slices []any, and a value implementing json.Marshaler
// becomes what it encodes to.
//
// Combining follows Odoo's algebra: And and Or flatten and drop the empty
// domain (which matches everything), so an Or with an empty domain is True;
// Not of the empty domain is False.
//
// Builders never panic. A builder given a bad field name (field paths are
// dot-separated names of [a-z0-9_]) or a value with no JSON form returns a
// Domain that carries the error: Validate, MarshalJSON and Match return it.
// Parse errors are *Error values with the position of the problem, matching
// ErrSyntax (not a domain's text) or ErrInvalid (a well-formed domain Odoo
// would refuse); every *Error also matches the SDK's shared
// deskbridge.ErrInvalidArgument.
//
// Match evaluates a domain against a record held as map[string]any, with
// the value conventions of Odoo's read and search_read; a Resolver gives it
// the related records it needs for dotted paths, any / not any and the
// hierarchy operators. Fields lists the field paths a domain uses, for a
// server that must refuse unknown fields.
package domain
