package odoo

import (
	"testing"
)

func TestNullFalse(t *testing.T) {
	keep := map[string]bool{"b": true}
	tests := []struct{ in, want string }{
		{`{"a": false, "b": false}`, `{"a": null , "b": false}`},
		{`{"a":false}`, `{"a":null }`},
		{`["false", false, {"x": [false]}]`, `["false", false, {"x": [false]}]`},
		{`{"s": "a\"b", "t":false}`, `{"s": "a\"b", "t":null }`},
		{`{"s": "a\\", "t":false}`, `{"s": "a\\", "t":null }`},
		{`{"unterminated": "false`, `{"unterminated": "false`},
		{`{"a": fals`, `{"a": fals`},
	}
	for _, tc := range tests {
		if got := string(nullFalse([]byte(tc.in), keep)); got != tc.want {
			t.Errorf("nullFalse(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestNullFalseEscapedKey(t *testing.T) {
	got := string(nullFalse([]byte(`{"\u0061ctive":false,"x\"y":false}`), map[string]bool{"active": true}))
	if got != `{"\u0061ctive":false,"x\"y":null }` {
		t.Errorf("nullFalse = %s", got)
	}
}
