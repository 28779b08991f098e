package pyrepr

import "testing"

func TestRecordset(t *testing.T) {
	for _, c := range []struct {
		ids  []int64
		want string
	}{{nil, "res.partner()"}, {[]int64{7}, "res.partner(7,)"}, {[]int64{1, 2}, "res.partner(1, 2)"}} {
		if got := Recordset("res.partner", c.ids); got != c.want {
			t.Errorf("Recordset(%v) = %q, want %q", c.ids, got, c.want)
		}
	}
}
