// Package pyrepr writes values as Python's repr does, for the fakes'
// messages and answers that quote Odoo's Python objects.
package pyrepr

import (
	"strconv"
	"strings"
)

// Recordset is the repr of an Odoo recordset: "res.partner(1,)",
// "res.partner(1, 2)", "res.partner()" (its ids as a Python tuple).
func Recordset(model string, ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	inner := strings.Join(parts, ", ")
	if len(ids) == 1 {
		inner += ","
	}
	return model + "(" + inner + ")"
}
