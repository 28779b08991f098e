package domain

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// gen builds random valid domains for the round-trip properties.
type gen struct{ r *rand.Rand }

var genOps = []Operator{OpEq, OpNe, OpGt, OpGe, OpLt, OpLe, OpEqOrUnset, OpLike, OpNotLike,
	OpILike, OpNotILike, OpEqLike, OpEqILike, OpNotEqLike, OpNotEqILike, OpIn, OpNotIn, OpChildOf, OpParentOf, OpAny, OpNotAny}

var genStrings = []string{"", "x", "it's", `say "hi"`, "both ' and \"", "back\\slash", "tab\tnl\nCR\r",
	"\x00\x1f\x7f", "é", "日本語", "😀", "\u2028", "\u00a0", "\ufeff", "%_", "\\x41", "'''"}

func (g gen) field() string {
	fields := []string{"id", "name", "partner_id.country_id.code", "x_studio_1", "a.b", "tag_ids"}
	return fields[g.r.IntN(len(fields))]
}

func (g gen) scalar() any {
	switch g.r.IntN(9) {
	case 0:
		return false
	case 1:
		return true
	case 2:
		return g.r.Int64N(2000) - 1000
	case 3:
		return []int64{math.MinInt64, math.MaxInt64, 0}[g.r.IntN(3)]
	case 4:
		return float64(g.r.IntN(100)) // integral float
	case 5:
		return []float64{0.1, -2.5, 1e21, 1e-7, 123456789.125, math.MaxFloat64, math.SmallestNonzeroFloat64, 1e16, 9999999999999998}[g.r.IntN(9)]
	case 6:
		return g.r.NormFloat64() * math.Pow(10, float64(g.r.IntN(40)-20))
	case 7:
		return genStrings[g.r.IntN(len(genStrings))]
	}
	// A random string of runes.
	b := make([]rune, g.r.IntN(6))
	for i := range b {
		b[i] = rune(g.r.IntN(0x2000))
	}
	return string(b)
}

func (g gen) value(depth int) any {
	if depth < 2 && g.r.IntN(5) == 0 {
		l := make([]any, g.r.IntN(4))
		for i := range l {
			l[i] = g.value(depth + 1)
		}
		return l
	}
	return g.scalar()
}

func (g gen) domain(depth int) Domain {
	n := 1
	if depth < 3 {
		n = g.r.IntN(4)
	}
	switch g.r.IntN(7) {
	case 0:
		ds := make([]Domain, n)
		for i := range ds {
			ds[i] = g.domain(depth + 1)
		}
		return And(ds...)
	case 1:
		ds := make([]Domain, n)
		for i := range ds {
			ds[i] = g.domain(depth + 1)
		}
		return Or(ds...)
	case 2:
		return Not(g.domain(depth + 1))
	case 3:
		return []Domain{True, False, {}}[g.r.IntN(3)]
	}
	op := genOps[g.r.IntN(len(genOps))]
	if op == OpAny || op == OpNotAny {
		return Condition(g.field(), op, g.domain(depth+1))
	}
	return Condition(g.field(), op, g.value(0))
}

func TestRoundTripRandom(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(1, 2))}
	n := 5000
	if testing.Short() {
		n = 500
	}
	for range n {
		d := g.domain(0)
		if err := d.Validate(); err != nil {
			t.Fatalf("generated invalid domain: %v", err)
		}
		checkRoundTrip(t, d)
	}
}

func checkRoundTrip(t *testing.T, d Domain) {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatalf("Marshal(%v): %v", d, err)
	}
	back, err := ParseJSON(b)
	if err != nil {
		t.Fatalf("ParseJSON(%s): %v", b, err)
	}
	if !back.Equal(d) {
		t.Fatalf("JSON round trip\n  in %v\n got %v\njson %s", d, back, b)
	}
	s := d.String()
	back, err = ParsePython(s)
	if err != nil {
		t.Fatalf("ParsePython(%s): %v", s, err)
	}
	if !back.Equal(d) {
		t.Fatalf("Python round trip\n  in %v\n got %v", d, back)
	}
	if back, err = Parse(s); err != nil || !back.Equal(d) {
		t.Fatalf("Parse(%s) = %v, %v", s, back, err)
	}
	// encoding/json agrees with our decoder on the JSON we write.
	var raw []any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("encoding/json rejects %s: %v", b, err)
	}
	if back, err = FromList(raw); err != nil || !back.Equal(d) {
		t.Fatalf("FromList(%s) = %v, %v", b, back, err)
	}
}
