package shapediff

import (
	"encoding/json"
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestDiff(t *testing.T) {
	for _, tt := range []struct {
		name      string
		want, got string
		diffs     int
	}{
		{"same", `{"a": 1, "b": [1, "x"], "c": null}`, `{"a": 2, "b": [5, "y"], "c": null}`, 0},
		{"missing key", `{"a": 1, "b": 2}`, `{"a": 1}`, 1},
		{"extra key", `{"a": 1}`, `{"a": 1, "c": 2}`, 1},
		{"type", `{"a": 1}`, `{"a": "1"}`, 1},
		{"null is a type", `{"a": null}`, `{"a": 0}`, 1},
		{"nested", `{"a": {"b": [{"c": true}]}}`, `{"a": {"b": [{"c": "x"}]}}`, 1},
		{"array emptied", `{"result": [{"a": 1}]}`, `{"result": []}`, 1},
		{"array filled", `[]`, `[1]`, 1},
		{"false is not an empty string by default", `{"a": "x"}`, `{"a": false}`, 1},
		{"every element by default", `[{"a": 1}, {"a": 1}]`, `[{"a": 1}, {"b": 1}]`, 2},
		{"lengths may differ", `[1, 2, 3]`, `[4]`, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if d := Diff(decode(t, tt.want), decode(t, tt.got), Options{}); len(d) != tt.diffs {
				t.Errorf("Diff = %q, want %d differences", d, tt.diffs)
			}
		})
	}
}

// TestOptions shows that each option matters: the pair matches with the
// option and differs without it.
func TestOptions(t *testing.T) {
	for _, tt := range []struct {
		name      string
		o         Options
		want, got string
	}{
		{"FalseForEmpty string", Options{FalseForEmpty: true}, `{"a": "x"}`, `{"a": false}`},
		{"FalseForEmpty many2one", Options{FalseForEmpty: true}, `{"a": false}`, `{"a": [1, "x"]}`},
		{"FirstElementOnly", Options{FirstElementOnly: true}, `[{"a": 1}, {"a": 1}]`, `[{"a": 1}, {"b": 1}]`},
		{"AnyLengthSuffixes", Options{AnyLengthSuffixes: []string{"_ids"}}, `{"tag_ids": [1]}`, `{"tag_ids": []}`},
		{"SkipKeys", Options{SkipKeys: []string{"debug"}}, `{"error": {"debug": "Traceback"}}`, `{"error": {"debug": {"frames": []}}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w, g := decode(t, tt.want), decode(t, tt.got)
			if d := Diff(w, g, tt.o); len(d) != 0 {
				t.Errorf("with the option: %q", d)
			}
			if d := Diff(w, g, Options{}); len(d) == 0 {
				t.Error("without the option: no difference, so the case does not show the option")
			}
		})
	}
}

// TestOptionsScope checks that the options reach no further than they say.
func TestOptionsScope(t *testing.T) {
	for _, tt := range []struct {
		name      string
		o         Options
		want, got string
		diffs     int
	}{
		{"false is not a number", Options{FalseForEmpty: true}, `{"a": 1}`, `{"a": false}`, 1},
		{"false is not an object", Options{FalseForEmpty: true}, `{"a": {}}`, `{"a": false}`, 1},
		{"first element still compared", Options{FirstElementOnly: true}, `[{"a": 1}, 2]`, `[{"b": 1}, 2]`, 2},
		{"other arrays keep their length", Options{AnyLengthSuffixes: []string{"_ids"}}, `{"ids_x": [1]}`, `{"ids_x": []}`, 1},
		{"a skipped key must be there", Options{SkipKeys: []string{"debug"}}, `{"debug": 1}`, `{}`, 1},
		{"only the named key is skipped", Options{SkipKeys: []string{"debug"}}, `{"debugx": 1}`, `{"debugx": "1"}`, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if d := Diff(decode(t, tt.want), decode(t, tt.got), tt.o); len(d) != tt.diffs {
				t.Errorf("Diff = %q, want %d differences", d, tt.diffs)
			}
		})
	}
}

func TestPathsAndOrder(t *testing.T) {
	d := Diff(decode(t, `{"b": [{"x": 1}], "a": 1}`), decode(t, `{"b": [{"x": "1"}], "a": "1", "c": 0}`), Options{})
	want := []string{`$.a: type string, want number (got 1)`, `$.b[0].x: type string, want number (got 1)`, `$: extra key "c"`}
	if len(d) != len(want) {
		t.Fatalf("Diff = %q", d)
	}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("Diff[%d] = %q, want %q", i, d[i], want[i])
		}
	}
	if Type(int(1)) != "int" || Type(map[string]any{}) != "object" {
		t.Error("Type")
	}
}
