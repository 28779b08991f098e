package odoo_test

import (
	"context"
	"testing"
)

// Authenticate learns the user id on every protocol: from the login call on
// JSON-RPC and web session, from res.users.context_get on JSON-2 and REST v2
// (which have no login call), in one request and with no failed call.
func TestAuthenticateLearnsUID(t *testing.T) {
	for _, p := range protocols {
		t.Run(p.String(), func(t *testing.T) {
			s := newServer(t)
			c := newClient(t, s, p)
			if err := c.Authenticate(context.Background()); err != nil {
				t.Fatal(err)
			}
			if c.UID() != 2 {
				t.Errorf("UID = %d, want 2 (the admin)", c.UID())
			}
			for _, call := range s.Calls() {
				if call.Err != "" {
					t.Errorf("authenticating made a failed call: %+v", call)
				}
			}
			if n := s.CallCount("res.users", "context_get"); (p.String() == "json2" || p.String() == "restv2") != (n == 1) {
				t.Errorf("%d context_get calls on %v", n, p)
			}
		})
	}
}
