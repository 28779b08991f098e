package domain

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// A small in-memory world for the resolver: partners in a hierarchy and
// tags.
var (
	partners = map[int64]map[string]any{
		1: {"id": int64(1), "name": "Acme", "display_name": "Acme", "parent_id": false, "country_id": []any{float64(21), "Belgium"}},
		2: {"id": int64(2), "name": "Acme Sales", "display_name": "Acme, Sales", "parent_id": []any{int64(1), "Acme"}, "country_id": false},
		3: {"id": int64(3), "name": "Bob", "display_name": "Acme, Sales, Bob", "parent_id": int64(2), "country_id": false},
		4: {"id": int64(4), "name": "Other", "display_name": "Other", "parent_id": false, "country_id": false},
	}
	countries = map[int64]map[string]any{21: {"id": int64(21), "code": "BE", "name": "Belgium"}}
	tags      = map[int64]map[string]any{
		5: {"id": int64(5), "name": "Bug", "display_name": "Bug"},
		6: {"id": int64(6), "name": "Ünïcode", "display_name": "Ünïcode"},
	}
)

func idOf(v any) (int64, bool) {
	c, err := classify(v)
	if err != nil || (c.k != vNum && c.k != vM2O) || !c.isI {
		if c.k == vNum && !c.isI {
			return int64(c.f), true
		}
		return 0, false
	}
	return c.i, true
}

func testResolver(rec map[string]any, field string) ([]map[string]any, error) {
	var table map[int64]map[string]any
	switch field {
	case "parent_id", "partner_id", "user_id", "follower_ids":
		table = partners
	case "country_id":
		table = countries
	case "tag_ids":
		table = tags
	case "child_ids":
		id, _ := idOf(rec["id"])
		var out []map[string]any
		for i := int64(1); i <= 4; i++ {
			if pid, ok := idOf(partners[i]["parent_id"]); ok && pid == id {
				out = append(out, partners[i])
			}
		}
		return out, nil
	default:
		return nil, fmt.Errorf("no relation %s", field)
	}
	c, err := classify(rec[field])
	if err != nil {
		return nil, err
	}
	var ids []val
	switch c.k {
	case vNum, vM2O:
		ids = []val{c}
	case vList:
		ids = c.list
	}
	var out []map[string]any
	for _, id := range ids {
		n := id.i
		if !id.isI {
			n = int64(id.f)
		}
		if r, ok := table[n]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

var ticket = map[string]any{
	"id":           int64(10),
	"name":         "Printer on fire",
	"description":  false,
	"priority":     "2",
	"sequence":     float64(3), // JSON numbers arrive as float64
	"amount":       12.5,
	"count":        int32(7),
	"active":       true,
	"archived":     false,
	"partner_id":   []any{float64(3), "Acme, Sales, Bob"},
	"user_id":      false,
	"team_id":      int64(1),
	"tag_ids":      []any{float64(5), float64(6)},
	"follower_ids": []int64{},
	"stage_ids":    []int64{1, 2},
	"create_date":  "2026-11-24 15:42:08",
	"date_only":    "2026-11-24",
	"deadline":     time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
	"empty_str":    "",
	"nil_value":    nil,
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		d    Domain
		want bool
	}{
		{"empty", Domain{}, true},
		{"true", True, true},
		{"false", False, false},
		// =
		{"eq string", Eq("name", "Printer on fire"), true},
		{"eq string other", Eq("name", "x"), false},
		{"eq float64 vs int", Eq("sequence", 3), true},
		{"eq int32 vs float", Eq("count", 7.0), true},
		{"eq id", Eq("id", 10), true},
		{"eq m2o pair id", Eq("partner_id", 3), true},
		{"eq m2o pair name", Eq("partner_id", "Acme, Sales, Bob"), true},
		{"eq m2o bare id", Eq("team_id", 1), true},
		{"eq m2o false unset", Eq("user_id", false), true},
		{"eq m2o false set", Eq("partner_id", false), false},
		{"eq x2many member", Eq("tag_ids", 6), true},
		{"eq x2many not member", Eq("tag_ids", 7), false},
		{"eq x2many empty false", Eq("follower_ids", false), true},
		{"eq x2many false", Eq("tag_ids", nil), false},
		{"eq bool true", Eq("active", true), true},
		{"eq bool false on false", Eq("archived", false), true},
		{"eq bool false on true", Eq("active", false), false},
		{"eq missing key is unset", Eq("nothing", false), true},
		{"eq nil value", Eq("nil_value", nil), true},
		{"eq empty string is unset", Eq("empty_str", false), true},
		{"eq time value", Eq("deadline", time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))), true},
		{"eq list is in", Eq("id", []int{9, 10}), true},
		{"eq empty list is unset", Eq("user_id", []int{}), true},
		// !=
		{"ne", Ne("name", "x"), true},
		{"ne same", Ne("name", "Printer on fire"), false},
		{"ne false on set", Ne("partner_id", false), true},
		{"ne false on unset", Ne("user_id", false), false},
		{"ne value on unset", Ne("user_id", 4), true},
		{"ne x2many", Ne("tag_ids", 5), false},
		// comparisons
		{"gt", Gt("amount", 12), true},
		{"gt equal", Gt("amount", 12.5), false},
		{"ge", Ge("amount", 12.5), true},
		{"lt", Lt("sequence", 4), true},
		{"le", Le("sequence", 3), true},
		{"lt false", Lt("sequence", false), false},
		{"gt unset", Gt("user_id", 0), false},
		{"gt string", Gt("priority", "1"), true},
		{"gt datetime", Gt("create_date", "2026-11-24 15:00:00"), true},
		{"lt datetime", Lt("create_date", "2026-11-24 15:00:00"), false},
		{"gt datetime vs day", Gt("create_date", "2026-11-24"), false},
		{"ge datetime vs day", Ge("create_date", "2026-11-24"), true},
		{"le datetime vs day", Le("create_date", "2026-11-24"), true},
		{"lt datetime vs day", Lt("create_date", "2026-11-24"), false},
		{"gt date", Gt("date_only", "2026-11-23"), true},
		{"ge time.Time", Ge("deadline", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)), true},
		{"gt m2o", Gt("partner_id", 2), true},
		{"gt x2many any", Gt("tag_ids", 5), true},
		{"gt mixed types", Gt("name", 1), false},
		// in / not in
		{"in", In("priority", "1", "2"), true},
		{"in miss", In("priority", "0"), false},
		{"in empty", In[int]("id"), false},
		{"in false matches unset", In[any]("user_id", false, 4), true},
		{"in m2o", In("partner_id", 1, 3), true},
		{"in x2many overlap", In("tag_ids", 6, 99), true},
		{"in x2many no overlap", In("tag_ids", 98, 99), false},
		{"in []int64 x2many", In("stage_ids", 2), true},
		{"not in", NotIn("priority", "0", "1"), true},
		{"not in hit", NotIn("priority", "2"), false},
		{"not in empty", NotIn[int]("id"), true},
		{"not in unset", NotIn("user_id", 4), true},
		{"not in x2many", NotIn("tag_ids", 5), false},
		// =?
		{"=? false", EqOrUnset("team_id", false), true},
		{"=? nil", EqOrUnset("team_id", nil), true},
		{"=? zero", EqOrUnset("team_id", 0), true},
		{"=? match", EqOrUnset("team_id", 1), true},
		{"=? miss", EqOrUnset("team_id", 2), false},
		// like family
		{"like substring", Like("name", "on f"), true},
		{"like case", Like("name", "printer"), false},
		{"like wildcard", Like("name", "P%fire"), true},
		{"like underscore", Like("name", "on_fire"), true},
		{"like escaped percent", Like("name", `on\%`), false},
		{"ilike", ILike("name", "PRINTER"), true},
		{"ilike unicode", ILike("tag_ids", "ünï"), true},
		{"ilike m2o name", ILike("partner_id", "bob"), true},
		{"like unset", Like("description", "x"), false},
		{"not like unset", NotLike("description", "x"), true},
		{"not like", NotLike("name", "fire"), false},
		{"not ilike", NotILike("name", "FIRE"), false},
		{"not ilike miss", NotILike("name", "water"), true},
		{"=like whole", EqLike("name", "Printer%"), true},
		{"=like not whole", EqLike("name", "rinter%"), false},
		{"=ilike", EqILike("name", "printer ON FIRE"), true},
		{"like empty pattern", Like("description", ""), true},
		{"not like empty pattern", NotLike("name", ""), false},
		{"=like empty pattern unset", EqLike("description", ""), true},
		{"=like empty pattern set", EqLike("name", ""), false},
		{"like number", Like("count", "7"), true},
		{"not =like", NotEqLike("name", "Printer%"), false},
		{"not =like miss", NotEqLike("name", "rinter%"), true},
		{"not =like unset", NotEqLike("description", "x"), true},
		{"not =ilike", NotEqILike("name", "PRINTER%"), false},
		{"not =like empty pattern set", NotEqLike("name", ""), true},
		{"not =like empty pattern unset", NotEqLike("description", ""), false},
		// hierarchy
		{"child_of self", ChildOf("id", 10), true},
		{"child_of m2o ancestor", ChildOf("partner_id", 1), true},
		{"child_of m2o parent", ChildOf("partner_id", 2), true},
		{"child_of m2o self", ChildOf("partner_id", 3), true},
		{"child_of other", ChildOf("partner_id", 4), false},
		{"child_of none", ChildOf("partner_id"), false},
		{"parent_of self", ParentOf("partner_id", 3), true},
		{"parent_of child", ParentOf("partner_id", 3, 4), true},
		{"parent_of above", ParentOf("partner_id", 1), false},
		// paths and any
		{"dotted", Eq("partner_id.parent_id.parent_id.country_id.code", "BE"), true},
		{"dotted miss", Eq("partner_id.country_id.code", "BE"), false},
		{"dotted x2many", Eq("tag_ids.name", "Bug"), true},
		{"dotted unset m2o", Eq("user_id.name", "x"), false},
		{"any", Any("tag_ids", ILike("name", "bug")), true},
		{"any miss", Any("tag_ids", Eq("name", "Nope")), false},
		{"any empty sub", Any("tag_ids", Domain{}), true},
		{"any empty x2many", Any("follower_ids", Domain{}), false},
		{"not any", NotAny("tag_ids", Eq("name", "Nope")), true},
		{"not any hit", NotAny("tag_ids", Eq("name", "Bug")), false},
		{"any id", Any("id", Eq("name", "Printer on fire")), true},
		// combinations
		{"and", And(Eq("id", 10), Eq("active", true)), true},
		{"and one false", And(Eq("id", 10), Eq("active", false)), false},
		{"or", Or(Eq("id", 11), Eq("active", true)), true},
		{"or none", Or(Eq("id", 11), Eq("active", false)), false},
		{"not", Not(Eq("id", 11)), true},
		{"not not", Not(Not(Eq("id", 11))), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Match(tt.d, ticket, testResolver)
			if err != nil {
				t.Fatalf("Match(%v): %v", tt.d, err)
			}
			if got != tt.want {
				t.Errorf("Match(%v) = %v, want %v", tt.d, got, tt.want)
			}
			// The parsed form evaluates the same.
			p, err := Parse(tt.d.String())
			if err != nil {
				t.Fatal(err)
			}
			if got2, err := Match(p, ticket, testResolver); err != nil || got2 != got {
				t.Errorf("Match(parsed) = %v, %v", got2, err)
			}
		})
	}
}

func TestMatchErrors(t *testing.T) {
	failing := func(map[string]any, string) ([]map[string]any, error) { return nil, errors.New("boom") }
	tests := []struct {
		name    string
		d       Domain
		resolve Resolver
		is      error
	}{
		{"dotted no resolver", Eq("partner_id.name", "x"), nil, ErrNoResolver},
		{"any no resolver", Any("tag_ids", Domain{}), nil, ErrNoResolver},
		{"child_of no resolver", ChildOf("id", 1), nil, ErrNoResolver},
		{"ilike x2many no resolver", ILike("tag_ids", "x"), nil, ErrNoResolver},
		{"resolver error", Any("tag_ids", Domain{}), failing, nil},
		{"invalid domain", Eq("Bad", 1), nil, ErrInvalid},
		{"unsupported record value", Eq("weird", 1), nil, nil},
		{"child_of names", Condition("partner_id", OpChildOf, "Acme"), testResolver, nil},
	}
	rec := map[string]any{"id": 1, "partner_id": 3, "tag_ids": []any{5}, "weird": map[string]any{}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Match(tt.d, rec, tt.resolve)
			if err == nil {
				t.Fatalf("Match = %v, want an error", got)
			}
			if got {
				t.Error("Match reported true with an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not match %v", err, tt.is)
			}
		})
	}
}

func TestLikeMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"", "", false, true},
		{"", "a", false, false},
		{"%", "", false, true},
		{"%", "abc", false, true},
		{"a%c", "abbbc", false, true},
		{"a%c", "abbbd", false, false},
		{"a_c", "abc", false, true},
		{"a_c", "ac", false, false},
		{"_", "é", false, true},
		{`a\%`, "a%", false, true},
		{`a\%`, "ab", false, false},
		{`a\_`, "a_", false, true},
		{`a\`, `a\`, false, true},
		{"%b%b%", "abcabc", false, true},
		{"%ÉTÉ%", "un été chaud", true, true},
		{"%ÉTÉ%", "un été chaud", false, false},
		{"a%%%b", "ab", false, true},
	}
	for _, tt := range tests {
		if got := likeMatch(tt.pattern, tt.s, tt.fold); got != tt.want {
			t.Errorf("likeMatch(%q, %q, %v) = %v, want %v", tt.pattern, tt.s, tt.fold, got, tt.want)
		}
	}
}

func TestMatchCyclicRecordValue(t *testing.T) {
	cyclic := []any{nil, nil, nil}
	cyclic[0] = cyclic
	if _, err := Match(Eq("a", 1), map[string]any{"a": cyclic}, nil); err == nil {
		t.Error("no error for a cyclic record value")
	}
}
