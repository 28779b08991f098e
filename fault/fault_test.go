package fault

import "testing"

func TestKindNames(t *testing.T) {
	if len(names) != int(WriteFalse)+1 {
		t.Fatalf("%d names for %d kinds", len(names), WriteFalse+1)
	}
	seen := map[string]bool{}
	for k := Status; k <= WriteFalse; k++ {
		if s := k.String(); s == "" || seen[s] {
			t.Errorf("kind %d: name %q empty or twice", int(k), s)
		} else {
			seen[s] = true
		}
	}
	if Kind(-1).String() != "Kind(-1)" || WriteFalse.String() != "write-false" {
		t.Error("names")
	}
}
