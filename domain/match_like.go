// The like family of operators (like, ilike, =like, =ilike and their
// negations) as PostgreSQL evaluates them for Odoo.

package domain

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

func (m *matcher) like(l Leaf, rec map[string]any, rv, dv val) (bool, error) {
	negative := l.Op == OpNotLike || l.Op == OpNotILike || l.Op == OpNotEqLike || l.Op == OpNotEqILike
	whole := l.Op == OpEqLike || l.Op == OpEqILike || l.Op == OpNotEqLike || l.Op == OpNotEqILike
	fold := l.Op == OpILike || l.Op == OpNotILike || l.Op == OpEqILike || l.Op == OpNotEqILike
	if dv.falsy() && dv.k != vNum {
		if whole {
			return rv.unset() != negative, nil
		}
		return !negative, nil
	}
	pattern := likeText(dv)
	if !whole {
		pattern = "%" + pattern + "%"
	}
	var texts []string
	switch rv.k {
	case vUnset:
	case vTrue:
		texts = []string{"true"}
	case vNum, vStr:
		texts = []string{likeText(rv)}
	case vM2O, vList:
		if rv.k == vM2O && rv.name {
			texts = []string{rv.s}
			break
		}
		if rv.unset() {
			break
		}
		rs, err := m.related(rec, l.Field)
		if err != nil {
			return false, err
		}
		for _, r := range rs {
			name, ok := r["display_name"].(string)
			if !ok {
				name, _ = r["name"].(string)
			}
			texts = append(texts, name)
		}
	}
	found := false
	for _, t := range texts {
		if likeMatch(pattern, t, fold) {
			found = true
			break
		}
	}
	return found != negative, nil
}

func likeText(v val) string {
	switch v.k {
	case vStr, vM2O:
		return v.s
	case vNum:
		if v.isI {
			return strconv.FormatInt(v.i, 10)
		}
		return string(appendFloat(nil, v.f))
	case vTrue:
		return "True"
	}
	return ""
}

// likeMatch implements SQL LIKE: % matches any run of characters, _ one
// character, and a backslash makes the next character literal.
func likeMatch(pattern, s string, fold bool) bool {
	// Iterative matching with backtracking to the last %.
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(pattern) {
			pc, psize := utf8.DecodeRuneInString(pattern[pi:])
			sc, ssize := utf8.DecodeRuneInString(s[si:])
			switch pc {
			case '%':
				starP, starS = pi+psize, si
				pi += psize
				continue
			case '_':
				pi += psize
				si += ssize
				continue
			case '\\':
				if pi+psize < len(pattern) {
					pc, psize = utf8.DecodeRuneInString(pattern[pi+psize:])
					psize++
				}
			}
			if runeEq(pc, sc, fold) {
				pi += psize
				si += ssize
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, ssize := utf8.DecodeRuneInString(s[starS:])
		starS += ssize
		si = starS
		pi = starP
	}
	for pi < len(pattern) && pattern[pi] == '%' {
		pi++
	}
	return pi == len(pattern)
}

func runeEq(a, b rune, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	return unicode.ToLower(a) == unicode.ToLower(b) || unicode.ToUpper(a) == unicode.ToUpper(b)
}
