package helpdesk

import (
	"context"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestCreateBrokenIDIsOutcomeUnknown: a create answered 0, -1, [0], null,
// false or a name is a broken reply. The record may exist, so the error is
// outcome unknown (the same family as odoo.Client.Create's), never a
// success with that id.
func TestCreateBrokenIDIsOutcomeUnknown(t *testing.T) {
	for _, reply := range []any{0, -1, []int{0}, []int{-3}, nil, false, "HT0001", []int{1, 2}} {
		srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA))
		t.Cleanup(srv.Close)
		srv.HandleMethod("helpdesk.ticket.tag", "create", func(context.Context, odootest.MethodCall) (any, error) {
			return reply, nil
		})
		hd, err := New(newClient(t, srv, odoo.JSONRPC))
		if err != nil {
			t.Fatal(err)
		}
		id, err := hd.Tags.Create(context.Background(), "Printer", 3)
		if !errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			t.Errorf("create answered %v: id %d, err %v; want an error matching deskbridge.ErrOutcomeUnknown", reply, id, err)
		}
		if id != 0 {
			t.Errorf("create answered %v: id %d returned with the error", reply, id)
		}
	}
}
