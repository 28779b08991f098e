package odoo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
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

// A read that Odoo answers with its own exception (JSON-2 and REST v2 send
// an AttributeError, a KeyError, ... as a 500 with a JSON body) is not
// retried: the retry would repeat it. A database error (psycopg2) is.
func TestApplicationErrorNotRetried(t *testing.T) {
	tests := []struct {
		name      string
		exception string
		want      map[string]int // requests per protocol; absent: 1
	}{
		{"application", "builtins.AttributeError", nil},
		{"database", "psycopg2.errors.SerializationFailure", map[string]int{"json2": 3, "restv2": 3}},
	}
	for _, tt := range tests {
		for _, p := range protocols {
			t.Run(tt.name+"/"+p.String(), func(t *testing.T) {
				s := newServer(t)
				c := newClient(t, s, p, odoo.WithRetry(2, time.Millisecond, time.Millisecond))
				if err := c.Authenticate(context.Background()); err != nil {
					t.Fatal(err)
				}
				s.InjectFault(odootest.Fault{Model: "res.partner", Method: "search_read", Times: 5,
					Kind: fault.OdooError, ErrorName: tt.exception, ErrorMessage: "boom"})
				_, err := c.SearchRead(context.Background(), "res.partner", domain.Domain{}, nil)
				var oe *odoo.Error
				if !errors.As(err, &oe) || oe.Name != tt.exception {
					t.Fatalf("err = %v, want Odoo's %s", err, tt.exception)
				}
				n := attempts(s, "res.partner", "search_read")
				want := 1
				if w, ok := tt.want[p.String()]; ok {
					want = w
				}
				if n != want {
					t.Errorf("search_read reached the server %d times, want %d", n, want)
				}
			})
		}
	}
}
