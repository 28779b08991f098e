package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"
)

type stage string

type m2o struct{ ID int64 }

func (m m2o) MarshalJSON() ([]byte, error) {
	if m.ID == 0 {
		return []byte("false"), nil
	}
	return json.Marshal(m.ID)
}

func TestEncode(t *testing.T) {
	ts := time.Date(2026, 11, 24, 16, 42, 8, 0, time.FixedZone("CET", 3600))
	var nilPtr *int
	tests := []struct {
		name string
		d    Domain
		json string
		py   string
	}{
		{"empty", Domain{}, `[]`, `[]`},
		{"true", True, `[[1,"=",1]]`, `[(1, '=', 1)]`},
		{"false", False, `[[0,"=",1]]`, `[(0, '=', 1)]`},
		{"eq", Eq("name", "x"), `[["name","=","x"]]`, `[('name', '=', 'x')]`},
		{"ne", Ne("a", 1), `[["a","!=",1]]`, `[('a', '!=', 1)]`},
		{"gt", Gt("a", 1.5), `[["a",">",1.5]]`, `[('a', '>', 1.5)]`},
		{"ge float integral", Ge("a", 2.0), `[["a",">=",2.0]]`, `[('a', '>=', 2.0)]`},
		{"lt", Lt("a", int8(-3)), `[["a","<",-3]]`, `[('a', '<', -3)]`},
		{"le", Le("a", uint(7)), `[["a","<=",7]]`, `[('a', '<=', 7)]`},
		{"in", In("id", 1, 2, 3), `[["id","in",[1,2,3]]]`, `[('id', 'in', [1, 2, 3])]`},
		{"in slice arg", In("id", []int64{4, 5}), `[["id","in",[4,5]]]`, `[('id', 'in', [4, 5])]`},
		{"in empty", In[int64]("id"), `[["id","in",[]]]`, `[('id', 'in', [])]`},
		{"in nil slice", In("id", []int64(nil)), `[["id","in",[]]]`, `[('id', 'in', [])]`},
		{"not in", NotIn("state", "done", "cancel"), `[["state","not in",["done","cancel"]]]`, `[('state', 'not in', ['done', 'cancel'])]`},
		{"like", Like("name", "a%b"), `[["name","like","a%b"]]`, `[('name', 'like', 'a%b')]`},
		{"ilike", ILike("name", "X"), `[["name","ilike","X"]]`, `[('name', 'ilike', 'X')]`},
		{"not like", NotLike("name", "x"), `[["name","not like","x"]]`, `[('name', 'not like', 'x')]`},
		{"not ilike", NotILike("name", "x"), `[["name","not ilike","x"]]`, `[('name', 'not ilike', 'x')]`},
		{"=like", EqLike("code", "A_%"), `[["code","=like","A_%"]]`, `[('code', '=like', 'A_%')]`},
		{"=ilike", EqILike("code", "a%"), `[["code","=ilike","a%"]]`, `[('code', '=ilike', 'a%')]`},
		{"not =like", NotEqLike("code", "A%"), `[["code","not =like","A%"]]`, `[('code', 'not =like', 'A%')]`},
		{"not =ilike", NotEqILike("code", "a%"), `[["code","not =ilike","a%"]]`, `[('code', 'not =ilike', 'a%')]`},
		{"=?", EqOrUnset("team_id", 3), `[["team_id","=?",3]]`, `[('team_id', '=?', 3)]`},
		{"child_of", ChildOf("partner_id", 7), `[["partner_id","child_of",[7]]]`, `[('partner_id', 'child_of', [7])]`},
		{"parent_of", ParentOf("id", 7, 8), `[["id","parent_of",[7,8]]]`, `[('id', 'parent_of', [7, 8])]`},
		{"any", Any("tag_ids", Eq("name", "bug")), `[["tag_ids","any",[["name","=","bug"]]]]`, `[('tag_ids', 'any', [('name', '=', 'bug')])]`},
		{"any empty", Any("tag_ids", Domain{}), `[["tag_ids","any",[]]]`, `[('tag_ids', 'any', [])]`},
		{"not any and", NotAny("tag_ids", And(Eq("a", 1), Eq("b", 2))), `[["tag_ids","not any",[["a","=",1],["b","=",2]]]]`, `[('tag_ids', 'not any', [('a', '=', 1), ('b', '=', 2)])]`},
		{"dotted", Eq("partner_id.country_id.code", "BE"), `[["partner_id.country_id.code","=","BE"]]`, `[('partner_id.country_id.code', '=', 'BE')]`},
		{"nil", Eq("a", nil), `[["a","=",false]]`, `[('a', '=', False)]`},
		{"nil pointer", Eq("a", nilPtr), `[["a","=",false]]`, `[('a', '=', False)]`},
		{"zero time", Eq("date", time.Time{}), `[["date","=",false]]`, `[('date', '=', False)]`},
		{"time", Ge("create_date", ts), `[["create_date",">=","2026-11-24 15:42:08"]]`, `[('create_date', '>=', '2026-11-24 15:42:08')]`},
		{"marshaler", Eq("partner_id", m2o{ID: 9}), `[["partner_id","=",9]]`, `[('partner_id', '=', 9)]`},
		{"zero marshaler", Eq("partner_id", m2o{}), `[["partner_id","=",false]]`, `[('partner_id', '=', False)]`},
		{"named string", Eq("stage", stage("new")), `[["stage","=","new"]]`, `[('stage', '=', 'new')]`},
		{"bools", Eq("active", true), `[["active","=",true]]`, `[('active', '=', True)]`},
		{"escapes", Eq("name", "it's \"q\"\n\t\\\x01é"), `[["name","=","it's \"q\"\n\t\\\u0001é"]]`, `[('name', '=', 'it\'s "q"\n\t\\\x01é')]`},
		{"single quote only", Eq("name", "it's"), `[["name","=","it's"]]`, `[('name', '=', "it's")]`},
		{"big float", Eq("a", 1e21), `[["a","=",1e+21]]`, `[('a', '=', 1e+21)]`},
		{"small float", Eq("a", 0.00001), `[["a","=",1e-05]]`, `[('a', '=', 1e-05)]`},
		{"and", And(Eq("a", 1), Eq("b", 2), Eq("c", 3)), `[["a","=",1],["b","=",2],["c","=",3]]`, `[('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"and nested flattened", And(Eq("a", 1), And(Eq("b", 2), And(Eq("c", 3)))), `[["a","=",1],["b","=",2],["c","=",3]]`, `[('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"and of one", And(Eq("a", 1)), `[["a","=",1]]`, `[('a', '=', 1)]`},
		{"and of none", And(), `[]`, `[]`},
		{"and ignores empty", And(Domain{}, Eq("a", 1), Domain{}), `[["a","=",1]]`, `[('a', '=', 1)]`},
		{"or", Or(Eq("a", 1), Eq("b", 2), Eq("c", 3)), `["|","|",["a","=",1],["b","=",2],["c","=",3]]`, `['|', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"or nested flattened", Or(Or(Eq("a", 1), Eq("b", 2)), Eq("c", 3)), `["|","|",["a","=",1],["b","=",2],["c","=",3]]`, `['|', '|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"or of none", Or(), `[]`, `[]`},
		{"or with empty is true", Or(Eq("a", 1), Domain{}), `[[1,"=",1]]`, `[(1, '=', 1)]`},
		{"and inside or", Or(And(Eq("a", 1), Eq("b", 2)), Eq("c", 3)), `["|","&",["a","=",1],["b","=",2],["c","=",3]]`, `['|', '&', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"or inside and", And(Or(Eq("a", 1), Eq("b", 2)), Eq("c", 3)), `["|",["a","=",1],["b","=",2],["c","=",3]]`, `['|', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`},
		{"not", Not(Eq("a", 1)), `["!",["a","=",1]]`, `['!', ('a', '=', 1)]`},
		{"not and", Not(And(Eq("a", 1), Eq("b", 2))), `["!","&",["a","=",1],["b","=",2]]`, `['!', '&', ('a', '=', 1), ('b', '=', 2)]`},
		{"not empty", Not(Domain{}), `[[0,"=",1]]`, `[(0, '=', 1)]`},
		{"condition alias", Condition("a", "<>", 1), `[["a","!=",1]]`, `[('a', '!=', 1)]`},
		{"condition any list", Condition("tag_ids", OpAny, []any{"!", []any{"a", "=", 1}}), `[["tag_ids","any",["!",["a","=",1]]]]`, `[('tag_ids', 'any', ['!', ('a', '=', 1)])]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.d.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			b, err := tt.d.MarshalJSON()
			if err != nil {
				t.Fatalf("MarshalJSON: %v", err)
			}
			if string(b) != tt.json {
				t.Errorf("MarshalJSON\n got %s\nwant %s", b, tt.json)
			}
			if !json.Valid(b) {
				t.Errorf("MarshalJSON gave invalid JSON %s", b)
			}
			if got := tt.d.String(); got != tt.py {
				t.Errorf("String\n got %s\nwant %s", got, tt.py)
			}
			for _, in := range []string{tt.json, tt.py} {
				p, err := Parse(in)
				if err != nil {
					t.Fatalf("Parse(%s): %v", in, err)
				}
				if !p.Equal(tt.d) {
					t.Errorf("Parse(%s) = %v, want %v", in, p, tt.d)
				}
			}
		})
	}
}

// json.Marshal goes through MarshalJSON (and escapes HTML characters, as it
// does for every Marshaler).
func TestJSONMarshalUsesPrefixList(t *testing.T) {
	b, err := json.Marshal(map[string]any{"domain": Or(Eq("a", 1), Eq("b", 2)), "empty": In[int]("id")})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"domain":["|",["a","=",1],["b","=",2]],"empty":[["id","in",[]]]}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var back struct{ Domain Domain }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Domain.Equal(Or(Eq("a", 1), Eq("b", 2))) {
		t.Errorf("UnmarshalJSON gave %v", back.Domain)
	}
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name string
		d    Domain
		msg  string
	}{
		{"empty field", Eq("", 1), "empty field name"},
		{"upper case", Eq("Name", 1), "invalid character in field name 'Name'"},
		{"space", Eq("na me", 1), "invalid character"},
		{"dash", In("x-y", 1), "invalid character"},
		{"leading dot", Eq(".a", 1), "empty name in field path"},
		{"double dot", Eq("a..b", 1), "empty name in field path"},
		{"trailing dot", Eq("a.", 1), "empty name in field path"},
		{"NaN", Eq("a", nan()), "unsupported number"},
		{"func value", Eq("a", func() {}), "unsupported value"},
		{"map value", Eq("a", map[string]int{"x": 1}), "unsupported value"},
		{"unknown operator", Condition("a", "~", 1), "unknown operator '~'"},
		{"any! refused", Condition("a", "any!", []any{}), "unknown operator 'any!'"},
		{"any without domain", Condition("a", OpAny, 3), "needs a sub-domain list"},
		{"domain value for =", Condition("a", OpEq, Eq("b", 1)), "needs 'any' or 'not any'"},
		{"bad sub-domain", Any("tag_ids", Eq("B", 1)), "invalid character"},
		{"and keeps error", And(Eq("a", 1), Eq("B", 2)), "invalid character in field name 'B'"},
		{"or keeps error", Or(Eq("a", 1), Domain{}, Eq("B", 2)), "invalid character in field name 'B'"},
		{"not keeps error", Not(Eq("B", 2)), "invalid character in field name 'B'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Validate()
			if err == nil {
				t.Fatal("Validate: no error")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not match ErrInvalid", err)
			}
			if !contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if _, err := tt.d.MarshalJSON(); err == nil {
				t.Error("MarshalJSON: no error")
			}
			if _, err := json.Marshal(tt.d); err == nil {
				t.Error("json.Marshal: no error")
			}
			if _, err := Match(tt.d, map[string]any{}, nil); err == nil {
				t.Error("Match: no error")
			}
			if s := tt.d.String(); !contains(s, "invalid domain") {
				t.Errorf("String = %s", s)
			}
		})
	}
}

type textID string

func (t textID) MarshalText() ([]byte, error) { return []byte("id-" + string(t)), nil }

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, errors.New("nope") }

type objMarshaler struct{}

func (objMarshaler) MarshalJSON() ([]byte, error) { return []byte(`{"a":1}`), nil }

func TestBuilderValues(t *testing.T) {
	cyclic := []any{nil}
	cyclic[0] = cyclic
	type ids []int64
	n := 5
	tests := []struct {
		name string
		d    Domain
		want string // JSON, or "error: ..." for a builder error
	}{
		{"text marshaler", Eq("a", textID("x")), `[["a","=","id-x"]]`},
		{"named slice", In("a", ids{1, 2}), `[["a","in",[1,2]]]`},
		{"pointer", Eq("a", &n), `[["a","=",5]]`},
		{"time slice", In("d", []time.Time{{}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}), `[["d","in",[false,"2026-01-02 03:04:05"]]]`},
		{"float32", Eq("a", float32(0.1)), `[["a","=",0.1]]`},
		{"big uint", Eq("a", uint64(1<<63)), `[["a","=",9.223372036854776e+18]]`},
		{"json.Number", Eq("a", json.Number("12")), `[["a","=",12]]`},
		{"invalid utf8", Eq("a", "x\xffy"), "[[\"a\",\"=\",\"x\uFFFDy\"]]"},
		{"array", In("a", [2]string{"x", "y"}), `[["a","in",["x","y"]]]`},
		{"in of any", In[any]("a", nil, 1, "x"), `[["a","in",[false,1,"x"]]]`},
		{"failing marshaler", Eq("a", failing{}), "error: nope"},
		{"object marshaler", Eq("a", objMarshaler{}), "error: dict values"},
		{"cyclic", Eq("a", cyclic), "error: nested too deeply"},
		{"channel", Eq("a", make(chan int)), "error: unsupported value of type chan int"},
		{"struct", Eq("a", struct{ X int }{1}), "error: unsupported value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.d.MarshalJSON()
			if len(tt.want) > 7 && tt.want[:7] == "error: " {
				if err == nil || !contains(err.Error(), tt.want[7:]) || !errors.Is(err, ErrInvalid) {
					t.Fatalf("MarshalJSON = %s, %v; want error %q", b, err, tt.want[7:])
				}
				return
			}
			if err != nil || string(b) != tt.want {
				t.Fatalf("MarshalJSON = %s, %v; want %s", b, err, tt.want)
			}
			checkRoundTrip(t, tt.d)
		})
	}
}

// testdata/python_repr.golden.json pairs random domains in JSON with
// CPython's repr of the same domain (leaves as tuples): String must write
// exactly what Python writes.
func TestStringMatchesCPythonRepr(t *testing.T) {
	b, err := os.ReadFile("testdata/python_repr.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases [][2]string
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 100 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		d, err := ParseJSON([]byte(c[0]))
		if err != nil {
			t.Fatalf("ParseJSON(%s): %v", c[0], err)
		}
		if got := d.String(); got != c[1] {
			t.Errorf("String of %s\n got %s\nwant %s", c[0], got, c[1])
		}
		if got, _ := d.MarshalJSON(); !bytes.Equal(got, []byte(c[0])) {
			t.Errorf("MarshalJSON\n got %s\nwant %s", got, c[0])
		}
	}
}
