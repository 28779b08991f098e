package domain

import (
	"encoding/json"
	"errors"
	"os"
	"testing"
)

func TestParsePython(t *testing.T) {
	tests := []struct {
		in   string
		want Domain
	}{
		{`[('a', '=', True), ('b', 'in', (1, 2)), ('c', '!=', None)]`, And(Eq("a", true), In("b", 1, 2), Ne("c", false))},
		{`[("a", "=", 'x'), ]`, Eq("a", "x")},
		{"[\n  '|',\n  ('a', '=', 1),   # first\n  ('b', '=', -2.5e3),\n]", Or(Eq("a", 1), Eq("b", -2500.0))},
		{`[('a', '=', +7), ('b', '=', - 3), ('c', '=', .5), ('d', '=', 5.), ('e', '=', 1_000)]`, And(Eq("a", 7), Eq("b", -3), Eq("c", 0.5), Eq("d", 5.0), Eq("e", 1000))},
		{`[('a', '=', '\n\t\\\'\"\x41\u00e9\U0001F600\101\a\b\f\v\r\q')]`, Eq("a", "\n\t\\'\"Aé😀A\a\b\f\v\r\\q")},
		{`[('a', '=', u'x'), ('b', '=', r'\d'), ('c', '=', 'a' "b" u'c')]`, And(Eq("a", "x"), Eq("b", `\d`), Eq("c", "abc"))},
		{`[('a', '=', '''x'y''')]`, Eq("a", "x'y")},
		{"[('a', '=', 'line\\\ncontinued')]", Eq("a", "linecontinued")},
		{`(('a', '=', 1),)`, Eq("a", 1)},
		{`[('a', 'in', [1, (2, 3), []])]`, In[any]("a", 1, []any{2, 3}, []any{})},
		{`[('a', 'in', (1,))]`, In("a", 1)},
		{`[('a', 'in', ())]`, In[int]("a")},
		{`[('a', '=', (1))]`, Eq("a", 1)},
		{`[('a', 'in', 5)]`, In("a", 5)},
		{`[('a', 'child_of', 5)]`, ChildOf("a", 5)},
		{`[('a', '<>', 1), ('b', '==', 2), ('c', 'ILIKE', 'x'), ('d', 'Not In', [1])]`, And(Ne("a", 1), Eq("b", 2), ILike("c", "x"), NotIn("d", 1))},
		{`[('tag_ids', 'any', [('name', '=', 'x')])]`, Any("tag_ids", Eq("name", "x"))},
		{`[('tag_ids', 'not any', (('name', '=', 'x'), ('id', '>', 1)))]`, NotAny("tag_ids", And(Eq("name", "x"), Gt("id", 1)))},
		{`['!', '|', (1, '=', 1), (0, '=', 1)]`, Not(Or(True, False))},
		{`[('a', '=', 99999999999999999999)]`, Eq("a", 99999999999999999999.0)},
		{`[('a', '=', 'é')]`, Eq("a", "é")},
		{`[('a', '=', '\ud800')]`, Eq("a", "\uFFFD")},
		{`[('a', '=', 1), ('a', '=', 1)]`, And(Eq("a", 1), Eq("a", 1))},
		{`['&', '&', ('a', '=', 1), ('b', '=', 2), ('c', '=', 3)]`, And(Eq("a", 1), Eq("b", 2), Eq("c", 3))},
		{`['|', ('a', '=', 1), '|', ('b', '=', 2), ('c', '=', 3)]`, Or(Eq("a", 1), Eq("b", 2), Eq("c", 3))},
		{`[]`, Domain{}},
		{`  [ ]  `, Domain{}},
	}
	for _, tt := range tests {
		got, err := ParsePython(tt.in)
		if err != nil {
			t.Errorf("ParsePython(%s): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParsePython(%s)\n got %v\nwant %v", tt.in, got, tt.want)
		}
		if got2, err := Parse(tt.in); err != nil || !got2.Equal(tt.want) {
			t.Errorf("Parse(%s) = %v, %v", tt.in, got2, err)
		}
	}
}

func TestParseJSON(t *testing.T) {
	tests := []struct {
		in   string
		want Domain
	}{
		{`[["a","=",true],["b","in",[1,2]],["c","!=",null]]`, And(Eq("a", true), In("b", 1, 2), Ne("c", false))},
		{`null`, Domain{}},
		{` [ ] `, Domain{}},
		{`[["a","=","\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\"]]`, Eq("a", "é😀/\b\f\n\r\t\"\\")},
		{`[["a","=","\ud800x"]]`, Eq("a", "\uFFFDx")},
		{`[["a","=",-0.5E+2],["b","=",0],["c","=",1e2]]`, And(Eq("a", -50.0), Eq("b", 0), Eq("c", 100.0))},
		{`["|",["a","=",1],["a","=",2]]`, Or(Eq("a", 1), Eq("a", 2))},
		{`[["tag_ids","any",["|",["a","=",1],["b","=",2]]]]`, Any("tag_ids", Or(Eq("a", 1), Eq("b", 2)))},
		{`[[1,"=",1]]`, True},
		{`[[1.0,"=",1.0]]`, True},
		{`[[0,"=",1]]`, False},
		{`[["a","<>",1]]`, Ne("a", 1)},
	}
	for _, tt := range tests {
		got, err := ParseJSON([]byte(tt.in))
		if err != nil {
			t.Errorf("ParseJSON(%s): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseJSON(%s)\n got %v\nwant %v", tt.in, got, tt.want)
		}
		var u Domain
		if err := json.Unmarshal([]byte(tt.in), &u); err != nil || !u.Equal(tt.want) {
			t.Errorf("json.Unmarshal(%s) = %v, %v", tt.in, u, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		py    bool // ParsePython, else ParseJSON
		is    error
		pos   int
		msg   string
		parse bool // Parse gives the same error
	}{
		{"unknown operator", `[["a","~",1]]`, false, ErrInvalid, 6, "unknown operator '~'", true},
		{"unknown operator py", `[('a', 'between', 1)]`, true, ErrInvalid, 7, "unknown operator 'between'", true},
		{"any! refused", `[('a', 'any!', [])]`, true, ErrInvalid, 7, "unknown operator 'any!'", true},
		{"and arity", `["&",["a","=",1]]`, false, ErrInvalid, 1, "'&' needs 2 operands, found 1", true},
		{"or arity", `['|']`, true, ErrInvalid, 1, "'|' needs 2 operands, found 0", true},
		{"not arity", `[('a','=',1), '!']`, true, ErrInvalid, 14, "'!' needs 1 operand", true},
		{"unknown domain op", `["^",["a","=",1]]`, false, ErrInvalid, 1, "unknown domain operator '^'", true},
		{"two elements", `[["a","="]]`, false, ErrInvalid, 1, "3 elements", true},
		{"four elements", `[('a','=',1,2)]`, true, ErrInvalid, 1, "3 elements", true},
		{"scalar item", `[1]`, false, ErrInvalid, 1, "3-element", true},
		{"empty field", `[["","=",1]]`, false, ErrInvalid, 1, "empty field name", true},
		{"upper field", `[('Name','=',1)]`, true, ErrInvalid, 1, "invalid character in field name 'Name'", true},
		{"numeric field", `[[1,"=",2]]`, false, ErrInvalid, 1, "numeric field", true},
		{"field not string", `[[true,"=",1]]`, false, ErrInvalid, 1, "field name must be a string", true},
		{"operator not string", `[["a",1,1]]`, false, ErrInvalid, 6, "operator must be a string", true},
		{"any not list", `[["a","any",1]]`, false, ErrInvalid, 1, "needs a sub-domain list", true},
		{"bad sub-domain", `[["a","any",[["B","=",1]]]]`, false, ErrInvalid, 13, "invalid character", true},
		{"object", `[["a","=",{}]]`, false, ErrInvalid, 10, "dict values", true},
		{"not a list", `{"a":1}`, false, ErrSyntax, 0, "a domain is a list", false},
		{"empty text", ``, true, ErrSyntax, 0, "a domain is a list", true},
		{"unterminated", `[('a','=','x`, true, ErrSyntax, 10, "unterminated string", true},
		{"newline in string", "[('a','=','x\ny')]", true, ErrSyntax, 12, "newline in string", true},
		{"expression", `[('user_id','=',uid)]`, true, ErrSyntax, 16, "unsupported expression 'uid'", true},
		{"call", `[('date','<',context_today())]`, true, ErrSyntax, 13, "unsupported expression 'context_today()'", true},
		{"trailing comma json", `[["a","=",1],]`, false, ErrSyntax, 13, "trailing comma", false},
		{"trailing garbage", `[] x`, true, ErrSyntax, 3, "after the domain", true},
		{"missing comma", `[('a' '=' 1)]`, true, ErrSyntax, 10, "want ','", true},
		{"bad number", `[('a','=',1x)]`, true, ErrSyntax, 11, "invalid number", true},
		{"leading zero json", `[["a","=",01]]`, false, ErrSyntax, 10, "invalid number", false},
		{"number out of range", `[('a','=',1e999)]`, true, ErrInvalid, 10, "out of range", true},
		{"bytes", `[('a','=',b'x')]`, true, ErrInvalid, 10, "bytes literals", true},
		{"bad hex escape", `[('a','=','\xZZ')]`, true, ErrSyntax, 11, "invalid \\x escape", true},
		{"bad json escape", `[["a","=","\q"]]`, false, ErrSyntax, 11, "invalid escape", false},
		{"control char json", "[[\"a\",\"=\",\"\x01\"]]", false, ErrSyntax, 11, "control character", false},
		{"too deep", "[('a','in'," + repeat("[", 300) + "]])", true, ErrInvalid, -2, "nested too deeply", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.py {
				_, err = ParsePython(tt.in)
			} else {
				_, err = ParseJSON([]byte(tt.in))
			}
			var de *Error
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %v does not match %v", err, tt.is)
			}
			if tt.pos != -2 && de.Pos != tt.pos {
				t.Errorf("Pos = %d, want %d (%v)", de.Pos, tt.pos, err)
			}
			if !contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if tt.parse {
				if _, err2 := Parse(tt.in); err2 == nil || err2.Error() != err.Error() {
					t.Errorf("Parse error %v, want %v", err2, err)
				}
			}
		})
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func TestFromList(t *testing.T) {
	var raw []any
	if err := json.Unmarshal([]byte(`["|",["id","in",[1,2.5]],["tag_ids","any",[["name","=","x"]]]]`), &raw); err != nil {
		t.Fatal(err)
	}
	got, err := FromList(raw)
	if err != nil {
		t.Fatal(err)
	}
	want := Or(In[any]("id", 1, 2.5), Any("tag_ids", Eq("name", "x")))
	if !got.Equal(want) {
		t.Errorf("FromList = %v, want %v", got, want)
	}
	_, err = FromList([]any{[]any{"a", "=", 1}, "x"})
	var de *Error
	if !errors.As(err, &de) || de.Pos != 1 || !errors.Is(err, ErrInvalid) {
		t.Errorf("FromList error = %v, want *Error at element 1", err)
	}
	_, err = FromList([]any{[]any{"a", "any", []any{[]any{"B", "=", 1}}}})
	if !errors.As(err, &de) || de.Pos != 0 || !contains(err.Error(), "invalid character") {
		t.Errorf("FromList sub-domain error = %v", err)
	}
}

func TestLeavesAndFields(t *testing.T) {
	d := And(
		Eq("name", "x"),
		Or(True, In("partner_id.country_id.code", "BE"), Eq("name", "y")),
		Not(Any("tag_ids", And(Eq("name", "bug"), Any("category_id", Eq("code", "c"))))),
	)
	wantLeaves := []Leaf{
		{"name", OpEq, "x"},
		{"partner_id.country_id.code", OpIn, []any{"BE"}},
		{"name", OpEq, "y"},
		{"tag_ids", OpAny, And(Eq("name", "bug"), Any("category_id", Eq("code", "c")))},
	}
	leaves := d.Leaves()
	if len(leaves) != len(wantLeaves) {
		t.Fatalf("Leaves = %v", leaves)
	}
	for i := range leaves {
		if leaves[i].Field != wantLeaves[i].Field || leaves[i].Op != wantLeaves[i].Op || !valueEqual(leaves[i].Value, wantLeaves[i].Value) {
			t.Errorf("leaf %d = %v, want %v", i, leaves[i], wantLeaves[i])
		}
	}
	wantFields := []string{"name", "partner_id.country_id.code", "tag_ids", "tag_ids.name", "tag_ids.category_id", "tag_ids.category_id.code"}
	fields := d.Fields()
	if len(fields) != len(wantFields) {
		t.Fatalf("Fields = %q, want %q", fields, wantFields)
	}
	for i := range fields {
		if fields[i] != wantFields[i] {
			t.Errorf("Fields = %q, want %q", fields, wantFields)
			break
		}
	}
	if (Domain{}).Fields() != nil || (Domain{}).Leaves() != nil || Eq("B", 1).Fields() != nil {
		t.Error("empty and invalid domains should have no fields or leaves")
	}
}

func TestOperatorValid(t *testing.T) {
	for _, op := range genOps {
		if !op.Valid() {
			t.Errorf("%q not valid", op)
		}
	}
	for _, op := range []Operator{"", "<>", "==", "IN", "any!", "not any!", "not  =like", "between"} {
		if op.Valid() {
			t.Errorf("%q valid", op)
		}
	}
	for in, want := range map[string]Operator{"<>": OpNe, "==": OpEq, "IN": OpIn, "Not ILike": OpNotILike, "=": OpEq} {
		if got, ok := normOperator(in); !ok || got != want {
			t.Errorf("normOperator(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestEqual(t *testing.T) {
	pairs := []struct {
		a, b Domain
		want bool
	}{
		{Domain{}, Domain{}, true},
		{Domain{}, True, false},
		{True, True, true},
		{True, False, false},
		{Eq("a", 1), Eq("a", 1), true},
		{Eq("a", 1), Eq("a", 1.0), false},
		{Eq("a", 1), Ne("a", 1), false},
		{Eq("a", 1), Eq("b", 1), false},
		{In("a", 1, 2), In("a", 1, 2), true},
		{In("a", 1, 2), In("a", 2, 1), false},
		{In("a", 1), In("a", 1, 2), false},
		{And(Eq("a", 1), Eq("b", 2)), And(Eq("a", 1), Eq("b", 2)), true},
		{And(Eq("a", 1), Eq("b", 2)), Or(Eq("a", 1), Eq("b", 2)), false},
		{And(Eq("a", 1), Eq("b", 2)), And(Eq("b", 2), Eq("a", 1)), false},
		{Any("t", Eq("a", 1)), Any("t", Eq("a", 1)), true},
		{Any("t", Eq("a", 1)), Any("t", Eq("a", 2)), false},
		{Not(Eq("a", 1)), Not(Eq("a", 1)), true},
		{Eq("B", 1), Eq("B", 1), true},
		{Eq("B", 1), Eq("C", 1), false},
	}
	for i, p := range pairs {
		if got := p.a.Equal(p.b); got != p.want {
			t.Errorf("%d: %v.Equal(%v) = %v", i, p.a, p.b, got)
		}
		if got := p.b.Equal(p.a); got != p.want {
			t.Errorf("%d: symmetric Equal = %v", i, got)
		}
	}
}

// Long chains of '|' (left- or right-nested) and '!' parse in linear time
// and flatten as the builders do.
func TestParseLongChains(t *testing.T) {
	const n = 100000
	leaf := `["a","=",1],`
	left := "[" + repeat(`"|",`, n-1) + repeat(leaf, n)
	left = left[:len(left)-1] + "]"
	right := "[" + repeat(`"|",["a","=",1],`, n-1) + `["a","=",1]]`
	for name, in := range map[string]string{"left": left, "right": right} {
		d, err := ParseJSON([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.n.kind != kOr || len(d.n.kids) != n {
			t.Fatalf("%s: got kind %d with %d kids", name, d.n.kind, len(d.n.kids))
		}
		b, _ := d.MarshalJSON()
		if string(b) != left {
			t.Errorf("%s: re-encoding differs", name)
		}
	}
	nots := "[" + repeat(`"!",`, n) + leaf[:len(leaf)-1] + "]"
	d, err := ParseJSON([]byte(nots))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := Match(d, map[string]any{"a": 1}, nil); err != nil || !ok {
		t.Errorf("Match = %v, %v", ok, err)
	}
}

func TestFromListDomains(t *testing.T) {
	a, b, c := Eq("a", 1), Eq("b", 2), Eq("c", 3)
	got, err := FromList([]any{"|", And(a, b), Or(b, c), Domain{}, Not(c)})
	if err != nil {
		t.Fatal(err)
	}
	want := And(Or(And(a, b), b, c), True, Not(c))
	if !got.Equal(want) {
		t.Errorf("FromList = %v, want %v", got, want)
	}
	checkRoundTrip(t, got)
	// The Domains given are not changed.
	if !And(a, b).Equal(And(Eq("a", 1), Eq("b", 2))) || a.String() != "[('a', '=', 1)]" {
		t.Error("FromList changed its input")
	}
	if _, err := FromList([]any{Eq("B", 1)}); !errors.Is(err, ErrInvalid) {
		t.Errorf("FromList of an invalid Domain: %v", err)
	}
	if d := In[any]("a", 1, Eq("b", 1)); !errors.Is(d.Validate(), ErrInvalid) {
		t.Errorf("a Domain inside a list value: %v", d.Validate())
	}
}

// Domains are immutable: sharing them between goroutines that combine,
// parse around, encode and match them is safe (run with -race).
func TestConcurrentUse(t *testing.T) {
	shared := And(Not(Eq("a", 1)), Or(Eq("b", 2), Eq("c", 3)))
	done := make(chan error)
	for range 4 {
		go func() {
			var err error
			for range 200 {
				var d Domain
				d, err = FromList([]any{"!", "|", shared, Not(shared), shared})
				if err != nil {
					break
				}
				if _, err = Match(d, map[string]any{"a": 1}, nil); err != nil {
					break
				}
				_ = Or(shared, d).String()
				if _, err = json.Marshal(And(shared, d)); err != nil {
					break
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// testdata/python_literal_eval.golden.json holds random Python-literal
// domains (escapes, prefixes, triple quotes, concatenation, comments,
// tuples, number forms) with the JSON of what CPython's ast.literal_eval
// reads from them (None as false, lone surrogates as U+FFFD, a scalar 'in'
// value as a list).
func TestParsePythonAgainstCPython(t *testing.T) {
	b, err := os.ReadFile("testdata/python_literal_eval.golden.json")
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
		got, err := ParsePython(c[0])
		if err != nil {
			t.Errorf("ParsePython(%s): %v", c[0], err)
			continue
		}
		want, err := ParseJSON([]byte(c[1]))
		if err != nil {
			t.Fatalf("ParseJSON(%s): %v", c[1], err)
		}
		if !got.Equal(want) {
			t.Errorf("ParsePython(%s)\n got %v\nwant %v", c[0], got, want)
		}
	}
}

func TestUnmarshalStoredDomain(t *testing.T) {
	var rec struct {
		Domain  Domain `json:"domain"`
		Empty   Domain `json:"empty"`
		Listed  Domain `json:"listed"`
		Missing Domain `json:"missing"`
	}
	in := `{"domain": "[('user_id', '=', 2), '|', ('a', '!=', False), ('b', 'in', (1, 2))]", "empty": false, "listed": [["a","=",1]], "missing": null}`
	if err := json.Unmarshal([]byte(in), &rec); err != nil {
		t.Fatal(err)
	}
	if want := And(Eq("user_id", 2), Or(Ne("a", false), In("b", 1, 2))); !rec.Domain.Equal(want) {
		t.Errorf("domain = %v, want %v", rec.Domain, want)
	}
	if !rec.Empty.IsZero() || !rec.Missing.IsZero() || !rec.Listed.Equal(Eq("a", 1)) {
		t.Errorf("empty %v, missing %v, listed %v", rec.Empty, rec.Missing, rec.Listed)
	}
	var d Domain
	err := json.Unmarshal([]byte(`{"d": "[('user_id', '=', uid)]"}`), &struct{ D *Domain }{&d})
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("expression in a stored domain: %v", err)
	}
	if err := json.Unmarshal([]byte(`{"d": true}`), &struct{ D *Domain }{&d}); !errors.Is(err, ErrSyntax) {
		t.Errorf("true: %v", err)
	}
}
