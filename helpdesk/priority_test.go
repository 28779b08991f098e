package helpdesk

import (
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
)

func TestPriorityString(t *testing.T) {
	tests := []struct {
		p    Priority
		want string
		ok   bool
	}{
		{PriorityLow, "low", true},
		{PriorityMedium, "medium", true},
		{PriorityHigh, "high", true},
		{PriorityUrgent, "urgent", true},
		{"", "", false},
		{"4", `Priority("4")`, false},
		{"01", `Priority("01")`, false},
		{"high", `Priority("high")`, false},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("Priority(%q).String() = %q, want %q", string(tt.p), got, tt.want)
		}
		if got := tt.p.Valid(); got != tt.ok {
			t.Errorf("Priority(%q).Valid() = %v, want %v", string(tt.p), got, tt.ok)
		}
	}
}

func TestParsePriority(t *testing.T) {
	tests := []struct {
		in   string
		want Priority
		err  bool
	}{
		{"low", PriorityLow, false},
		{"Medium", PriorityMedium, false},
		{" HIGH ", PriorityHigh, false},
		{"urgent", PriorityUrgent, false},
		{"Very High", PriorityUrgent, false},
		{"0", PriorityLow, false},
		{"3", PriorityUrgent, false},
		{"4", "", true},
		{"", "", true},
		{"critical", "", true},
	}
	for _, tt := range tests {
		got, err := ParsePriority(tt.in)
		if (err != nil) != tt.err {
			t.Fatalf("ParsePriority(%q) error = %v, want error %v", tt.in, err, tt.err)
		}
		if err != nil {
			var ve *deskbridge.ArgumentError
			if !errors.Is(err, deskbridge.ErrInvalidArgument) || !errors.As(err, &ve) || ve.Arg != "Priority" {
				t.Errorf("ParsePriority(%q) error = %#v, want *deskbridge.ArgumentError on Priority", tt.in, err)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("ParsePriority(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPrioritiesRoundTrip(t *testing.T) {
	ps := Priorities()
	if len(ps) != 4 {
		t.Fatalf("Priorities() has %d entries, want 4", len(ps))
	}
	for i, p := range ps {
		if string(p) != string(rune('0'+i)) {
			t.Errorf("Priorities()[%d] = %q, want Odoo key %q", i, string(p), string(rune('0'+i)))
		}
		back, err := ParsePriority(p.String())
		if err != nil || back != p {
			t.Errorf("ParsePriority(%q) = %q, %v; want %q", p.String(), back, err, p)
		}
	}
}

func FuzzParsePriority(f *testing.F) {
	for _, s := range []string{"low", "0", "3", "Very High", "", "urgent", "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePriority(s)
		if err != nil {
			if !errors.Is(err, deskbridge.ErrInvalidArgument) {
				t.Fatalf("ParsePriority(%q) error %v does not match deskbridge.ErrInvalidArgument", s, err)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePriority(%q) = %q, not valid", s, string(p))
		}
		if again, err := ParsePriority(p.String()); err != nil || again != p {
			t.Fatalf("round trip of %q: %q, %v", p, again, err)
		}
	})
}
