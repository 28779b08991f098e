package ekiclik

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/internal/leaktest"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestSecretsNeverShown runs logins on both routes, creates, updates,
// reads, session expiry, Odoo errors and broken replies with debug logging
// of bodies into a buffer, and checks that neither the password nor any
// session id the server issued shows in a log line, an error or the
// client's formatting.
func TestSecretsNeverShown(t *testing.T) {
	const password = "Zq9-secret-Pass-4471"
	for _, route := range loginRoutes {
		t.Run(route.name, func(t *testing.T) {
			srv := newFake(t, ekiclitest.WithCredentials("prod", "bot@example.com", password))
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c := mustNew(t, newOdoo(t, srv, odoo.WithDatabase("prod"), odoo.WithPassword("bot@example.com", password),
				odoo.WithWebLoginRoute(route.path), odoo.WithLogger(logger), odoo.WithLogBodies(true), odoo.WithRetry(1, 0, 0)))
			ctx := ctxT(t)
			var errs []error
			keep := func(err error) {
				if err != nil {
					errs = append(errs, err)
				}
			}
			_, err := c.CreateProduct(ctx, validProduct())
			keep(err)
			_, err = c.CreateOpportunity(ctx, validOpportunity())
			keep(err)
			keep(errOnly(c.UpdateOrderStatus(ctx, 1416, OrderStatusUpdate{State: OrderInPreparation})))
			_, err = c.List(ctx, ModelSaleOrder, domain.Domain{}, nil)
			keep(err)
			srv.ExpireSessions()
			_, err = c.List(ctx, ModelSaleOrder, domain.Domain{}, nil)
			keep(err)
			srv.ExpireSessions()
			_, err = c.CreateCustomer(ctx, newCustomer()) // session expired: an error
			keep(err)
			srv.InjectFault(ekiclitest.Fault{Method: "create", Kind: fault.OdooError, ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "no access"})
			_, err = c.CreateCustomer(ctx, newCustomer())
			keep(err)
			srv.InjectFault(ekiclitest.Fault{Method: "read", Kind: fault.HTML, Status: 502, Times: 5})
			_, err = c.List(ctx, ModelUser, domain.Domain{}, nil)
			keep(err)
			srv.ClearFaults() // the HTML faults the reads left (the update counts its matches with a read first)
			srv.InjectFault(ekiclitest.Fault{Method: "write", Kind: fault.Truncate})
			keep(errOnly(c.UpdateUser(ctx, "bot@example.com", UserUpdate{Name: "Bot"})))
			// A bad login, whose body carried another password.
			bad := mustNew(t, newOdoo(t, srv, odoo.WithDatabase("prod"), odoo.WithPassword("bot@example.com", "Wrong-Pass-0042"),
				odoo.WithWebLoginRoute(route.path), odoo.WithLogger(logger), odoo.WithLogBodies(true)))
			keep(bad.Authenticate(ctx))

			if len(errs) < 5 {
				t.Fatalf("only %d errors; the scenario should produce at least 5: %v", len(errs), errs)
			}
			sids := srv.IssuedSessions()
			if len(sids) < 3 {
				t.Fatalf("%d sessions issued, want ≥ 3", len(sids))
			}
			secrets := append([]string{password, "Wrong-Pass-0042"}, sids...)
			texts := strings.Split(logs.String(), "\n")
			for _, e := range errs {
				texts = append(texts, e.Error(), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e))
			}
			for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				texts = append(texts, fmt.Sprintf(f, c))
			}
			var lv bytes.Buffer
			slog.New(slog.NewTextHandler(&lv, nil)).Info("client", "c", c)
			texts = append(texts, lv.String())
			for _, s := range secrets {
				for _, txt := range texts {
					if strings.Contains(txt, s) {
						t.Errorf("secret %.6s… in %q", s, txt)
					}
				}
			}
			if !strings.Contains(logs.String(), "/api/sale.order/") || strings.Count(logs.String(), "\n") < 10 {
				t.Errorf("debug log too thin to prove anything:\n%s", logs.String())
			}
			if !strings.Contains(fmt.Sprintf("%+v", c), `login="bot@example.com"`) || !strings.Contains(fmt.Sprint(c), "auth=password") {
				t.Errorf("%%+v of Client = %+v", c)
			}
			var ue *outcomeUnknownError
			found := false
			for _, e := range errs {
				found = found || errors.As(e, &ue)
			}
			if !found {
				t.Error("the truncated write did not give an outcomeUnknownError")
			}
		})
	}
}

// A logged-in Client, a copy of it (*c) and its options, printed with every
// verb, logged, encoded and walked with reflection, show neither the
// password nor the session id.
func TestPrintingClientAndCopyShowsNoSecret(t *testing.T) {
	const password = "Zq9-secret-Pass-4471"
	srv := newFake(t, ekiclitest.WithCredentials("prod", "bot@example.com", password))
	opts := []odoo.Option{odoo.WithDatabase("prod"), odoo.WithPassword("bot@example.com", password)}
	c := mustNew(t, newOdoo(t, srv, opts...))
	if err := c.Authenticate(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	sids := srv.IssuedSessions()
	if len(sids) != 1 {
		t.Fatal("no session after Authenticate")
	}
	sid := sids[0]
	if sid == "" {
		t.Fatal("no session after Authenticate")
	}
	cp := reflect.ValueOf(c).Elem().Interface() // *c, without vet's copylocks
	leaktest.Check(t, []string{password, sid}, c, cp, opts, opts[1])
}

// A login answered by a page echoing the password at every offset from 150
// to 250 (across the snippet's cut), or as JSON-RPC debug text: the error
// shows no piece of it (the snippet is cut from the whole body redacted).
func TestHostileLoginEchoNeverLeaks(t *testing.T) {
	const pw = "pw-Ekiclik-Hostile-7c2e9d41"
	for off := 150; off <= 251; off++ {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if off == 251 {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"jsonrpc":"2.0","id":1,"error":{"code":200,"message":"Odoo Server Error","data":{"name":"builtins.ValueError","message":"bad %s","debug":"Traceback %s","arguments":[{"k":["%s"]}]}}}`, pw, pw, pw)
				return
			}
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = io.WriteString(w, strings.Repeat("Bad gateway. ", off/13+1)[:off-1]+" "+pw+" was sent")
		}))
		oc, err := odoo.New(ts.URL, odoo.WithDatabase("prod"), odoo.WithPassword("bot@example.com", pw), odoo.WithRetry(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		err = mustNew(t, oc).Authenticate(ctxT(t))
		ts.Close()
		if err == nil {
			t.Fatalf("offset %d: no error", off)
		}
		leaktest.Check(t, []string{pw}, err)
	}
}
