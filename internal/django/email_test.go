package django

import "testing"

// TestValidEmail pins the e-mail check to Django 3.2's EmailValidator; the
// expected answers are those of its code (regular expressions, the
// localhost allowlist, the IDNA retry) run on the same inputs.
func TestValidEmail(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"root@localhost", true}, {"x@bücher.example", true}, {"bob@x", false}, {"a.b+c@sub.example.org", true},
		{"not an address", false}, {"Bob <bob@x.example>", false}, {"a@b.c", false}, {"a@b.cc", true},
		{"a@[127.0.0.1]", true}, {"a@[::1]", true}, {"a@[1.2.3]", false}, {`"quoted user"@example.com`, false},
		{`"quoted"@example.com`, true}, {"a..b@example.com", false}, {".a@example.com", false},
		{"a@-x.example", false}, {"a@x-.example", false}, {"a@x.example-", false}, {"a@x.example.", false},
		{"a@LOCALHOST", false}, {"ü@example.com", false}, {"a@例え.テスト", true}, {"a@bü cher.example", false},
		{"a@x.123", true}, {"a@x.1", false}, {"user@münchen.de", true}, {"a@b_c.example", false},
		{"a@xn--bcher-kva.example", true}, {"x@bücher.exämple", true}, {"a@", false}, {"@b.example", false},
		{"a@b@c.example", false}, {"a@[IPv6:::1]", false}, {"a@xn--.example", false}, {"", false},
	}
	for _, c := range cases {
		if got := ValidEmail(c.in); got != c.ok {
			t.Errorf("ValidEmail(%q) = %v, Django says %v", c.in, got, c.ok)
		}
	}
}

func TestPunycode(t *testing.T) {
	for in, want := range map[string]string{"bücher": "bcher-kva", "münchen": "mnchen-3ya", "例え": "r8jz45g", "テスト": "zckzah", "ü": "tda"} {
		if got := punycode(in); got != want {
			t.Errorf("punycode(%q) = %q, want %q", in, got, want)
		}
	}
}
