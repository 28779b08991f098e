package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// helpdesk reads integers by odoo's integer rule wherever it reads them
// (issue 18 item 4): a custom field through TicketField and the id a
// create answers, besides the records (TestRecordsFloatForms).
func TestIntegerRuleInHelpdesk(t *testing.T) {
	tk := Ticket{ID: 1, Extra: map[string]json.RawMessage{"x_n": json.RawMessage(`3.0`), "x_f": json.RawMessage(`3.5`), "x_l": json.RawMessage(`[1e1, 2]`)}}
	if n, err := TicketField[int64](tk, "x_n"); err != nil || n != 3 {
		t.Errorf("TicketField[int64] of 3.0: %d, %v", n, err)
	}
	if l, err := TicketField[[]int](tk, "x_l"); err != nil || len(l) != 2 || l[0] != 10 {
		t.Errorf("TicketField[[]int] of [1e1, 2]: %v, %v", l, err)
	}
	var re *odoo.ResponseError
	if n, err := TicketField[int64](tk, "x_f"); !errors.As(err, &re) {
		t.Errorf("TicketField[int64] of 3.5: %d, %v; want an *odoo.ResponseError", n, err)
	}

	for _, c := range []struct {
		reply string
		id    int64
	}{{"7", 7}, {"7.0", 7}, {"[7.0]", 7}, {"7.5", 0}, {"[7.5]", 0}, {"0", 0}, {"false", 0}} {
		id, err := decodeID("helpdesk.ticket", json.RawMessage(c.reply))
		if id != c.id || (c.id == 0) != errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			t.Errorf("create answered %s: %d, %v", c.reply, id, err)
		}
	}

	// Through Tickets.Create against the fake, the reply rewritten to 7.0.
	e := newEnv(t, odootest.Enterprise, odoo.JSONRPC)
	e.srv.HandleMethod("helpdesk.ticket", "create", func(context.Context, odootest.MethodCall) (any, error) {
		return json.Number("7.0"), nil
	})
	if id, err := e.hd.Tickets.Create(context.Background(), TicketCreate{Name: "float id"}); err != nil || id != 7 {
		t.Errorf("Tickets.Create answered 7.0: %d, %v", id, err)
	}
}
