package odootest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// clientFor connects to srv over p with the server's default credentials.
func clientFor(t testing.TB, srv *odootest.Server, p odoo.Protocol) *odoo.Client {
	t.Helper()
	c, err := srv.NewClient(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHandleMethod(t *testing.T) {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	srv.HandleMethod("helpdesk.ticket", "action_escalate", func(ctx context.Context, call odootest.MethodCall) (any, error) {
		ids, _ := call.Args[0].([]any)
		if len(ids) == 0 {
			return nil, &odootest.MethodError{Exception: "odoo.exceptions.ValidationError", Message: "nothing to escalate"}
		}
		for _, id := range ids {
			n, _ := id.(json.Number).Int64()
			// The handler runs without the server's lock: it can write.
			if err := srv.Write("helpdesk.ticket", []int64{n}, map[string]any{"priority": "3"}); err != nil {
				return nil, err
			}
		}
		return map[string]any{"escalated": len(ids), "by": call.Login, "reason": call.Kwargs["reason"]}, nil
	})
	srv.HandleMethod("x_custom.model", "ping", func(context.Context, odootest.MethodCall) (any, error) {
		return "pong", nil
	})
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			c := clientFor(t, srv, p)
			ctx := context.Background()
			var got struct {
				Escalated int    `json:"escalated"`
				By        string `json:"by"`
				Reason    string `json:"reason"`
			}
			err := c.CallMethodInto(ctx, "helpdesk.ticket", "action_escalate", []any{[]int64{1, 2}}, map[string]any{"reason": "VIP"}, &got)
			if err != nil || got.Escalated != 2 || got.By != odootest.DefaultLogin || got.Reason != "VIP" {
				t.Fatalf("action_escalate = %+v, %v", got, err)
			}
			if r, _ := srv.Record("helpdesk.ticket", 2); r["priority"] != "3" {
				t.Errorf("priority %v, want 3", r["priority"])
			}
			_, err = c.CallMethod(ctx, "helpdesk.ticket", "action_escalate", []any{[]int64{}}, nil)
			var oe *odoo.Error
			if !errors.As(err, &oe) || oe.Name != "odoo.exceptions.ValidationError" || oe.Message != "nothing to escalate" {
				t.Errorf("refused escalation: %v", err)
			}
			var pong string
			if err := c.CallMethodInto(ctx, "x_custom.model", "ping", nil, nil, &pong); err != nil || pong != "pong" {
				t.Errorf("unregistered model: %q, %v", pong, err)
			}
		})
	}
	if n := srv.CallCount("helpdesk.ticket", "action_escalate"); n != 4 {
		t.Errorf("CallCount = %d, want 4 (applied calls are logged like any other)", n)
	}
	srv.HandleMethod("x_custom.model", "ping", nil)
	if _, err := clientFor(t, srv, odoo.JSONRPC).CallMethod(context.Background(), "x_custom.model", "ping", nil, nil); !errors.Is(err, deskbridge.ErrNotFound) {
		t.Errorf("removed handler: %v", err)
	}
}

// A test registers a custom method the fake does not have; the code under
// test calls it like any other.
func ExampleServer_HandleMethod() {
	srv := odootest.NewServer(odootest.WithDemoData())
	defer srv.Close()
	srv.HandleMethod("helpdesk.ticket", "action_escalate", func(ctx context.Context, call odootest.MethodCall) (any, error) {
		return fmt.Sprintf("escalated %v", call.Args[0]), nil
	})

	c, _ := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword("admin", "admin"))
	var msg string
	if err := c.CallMethodInto(context.Background(), "helpdesk.ticket", "action_escalate", []any{[]int64{3}}, nil, &msg); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(msg)
	// Output: escalated [3]
}

func TestNewClient(t *testing.T) {
	srv := odootest.NewServer()
	defer srv.Close()
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		c, err := srv.NewClient(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Authenticate(context.Background()); err != nil || c.Protocol() != p {
			t.Errorf("%s: %v, protocol %s", p, err, c.Protocol())
		}
	}
}
