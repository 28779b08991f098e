package domain

import "strings"

var operators = map[Operator]struct{}{
	OpEq: {}, OpNe: {}, OpGt: {}, OpGe: {}, OpLt: {}, OpLe: {},
	OpEqOrUnset: {}, OpLike: {}, OpNotLike: {}, OpILike: {}, OpNotILike: {},
	OpEqLike: {}, OpEqILike: {}, OpNotEqLike: {}, OpNotEqILike: {}, OpIn: {}, OpNotIn: {},
	OpChildOf: {}, OpParentOf: {}, OpAny: {}, OpNotAny: {},
}

// aliases are the legacy spellings Odoo still accepts (with a deprecation
// warning in 19.0) and rewrites before evaluating.
var aliases = map[string]Operator{
	"<>": OpNe,
	"==": OpEq,
}

// normOperator returns the operator s stands for. Like Odoo, it accepts
// upper-case spellings and the aliases '<>' and '=='. Odoo 19's internal
// 'any!' / 'not any!' (record rules bypassed) are refused: Odoo does not
// accept them in domains sent by clients.
func normOperator(s string) (Operator, bool) {
	op := Operator(s)
	if _, ok := operators[op]; ok {
		return op, true
	}
	l := strings.ToLower(s)
	if a, ok := aliases[l]; ok {
		return a, true
	}
	op = Operator(l)
	_, ok := operators[op]
	return op, ok
}

// checkField reports what is wrong with a field path, or "" if it is fine:
// one or more dot-separated names of [a-z0-9_].
func checkField(f string) string {
	if f == "" {
		return "empty field name"
	}
	prevDot := true
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			prevDot = false
		case c == '.':
			if prevDot {
				return "empty name in field path " + quotePy(f)
			}
			prevDot = true
		default:
			return "invalid character in field name " + quotePy(f) + " (want [a-z0-9_.])"
		}
	}
	if prevDot {
		return "empty name in field path " + quotePy(f)
	}
	return ""
}

// isDomainOp reports whether s is one of the prefix operators '&', '|', '!'.
func isDomainOp(s string) bool { return s == "&" || s == "|" || s == "!" }
