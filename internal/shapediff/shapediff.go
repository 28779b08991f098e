// Package shapediff compares the shape of two decoded JSON values (what
// encoding/json makes of a reply into an any): the types, the object keys
// and, recursively, the values, not the values themselves. The fakes'
// fidelity tests use it to hold a fake's replies against the real
// server's captures; Options carry the ways in which a fake's reply may
// differ from a capture and still be the same shape.
package shapediff

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Options say where two values may differ and still match.
type Options struct {
	// FalseForEmpty lets false match a string or an array, either way
	// round: Odoo answers false for an empty char field, many2one or
	// x2many.
	FalseForEmpty bool
	// FirstElementOnly compares only the first elements of two arrays
	// (the records of one reply share a shape); without it every element
	// is compared with the one at the same index, up to the shorter
	// array.
	FirstElementOnly bool
	// AnyLengthSuffixes name the arrays (by the end of their path, e.g.
	// "_ids") that may be empty on one side and not on the other; any
	// other array must be empty on both sides or on neither.
	AnyLengthSuffixes []string
	// SkipKeys name object keys (e.g. "debug", a traceback) whose presence
	// is compared but not their values.
	SkipKeys []string
}

// Diff lists, sorted, where got's shape differs from want's, each as
// "<path>: <what>" with paths like "$.result[0].name"; nil when they are
// the same shape.
func Diff(want, got any, o Options) []string {
	out := o.diff("$", want, got, nil)
	sort.Strings(out)
	return out
}

// Type is the JSON type of a decoded value: "null", "bool", "number",
// "string", "array" or "object".
func Type(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func (o *Options) diff(path string, want, got any, out []string) []string {
	wt, gt := Type(want), Type(got)
	if wt != gt {
		if o.FalseForEmpty && (want == false && (gt == "string" || gt == "array") || got == false && (wt == "string" || wt == "array")) {
			return out
		}
		return append(out, fmt.Sprintf("%s: type %s, want %s (got %.80v)", path, gt, wt, got))
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k := range g {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s: extra key %q", path, k))
			}
		}
		for k, wv := range w {
			gv, ok := g[k]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("%s: missing key %q", path, k))
			case !slices.Contains(o.SkipKeys, k):
				out = o.diff(path+"."+k, wv, gv, out)
			}
		}
	case []any:
		g := got.([]any)
		if (len(w) == 0) != (len(g) == 0) && !o.anyLength(path) {
			out = append(out, fmt.Sprintf("%s: %d elements, want %d", path, len(g), len(w)))
		}
		n := min(len(w), len(g))
		if o.FirstElementOnly {
			n = min(n, 1)
		}
		for i := range n {
			out = o.diff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], out)
		}
	}
	return out
}

func (o *Options) anyLength(path string) bool {
	for _, s := range o.AnyLengthSuffixes {
		if strings.HasSuffix(path, s) {
			return true
		}
	}
	return false
}
