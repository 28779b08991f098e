package odoo_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestSharedMeanings pins which shared meanings (package deskbridge) the
// errors of odoo match, on the fake, over every protocol: a data-changing
// call the server surely did not apply matches ErrNotApplied and not
// ErrOutcomeUnknown; a missing record (Odoo's MissingError) matches
// ErrNotFound as well as ErrMissing; a read is marked with neither outcome.
func TestSharedMeanings(t *testing.T) {
	for _, p := range []odoo.Protocol{odoo.JSONRPC, odoo.WebSession, odoo.JSON2, odoo.RESTv2} {
		t.Run(p.String(), func(t *testing.T) {
			ctx := context.Background()
			srv := odootest.NewServer()
			defer srv.Close()
			c, err := srv.NewClient(p)
			if err != nil {
				t.Fatal(err)
			}
			notApplied := func(what string, err error) {
				t.Helper()
				if !errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
					t.Errorf("%s: err = %v; want deskbridge.ErrNotApplied (and not ErrOutcomeUnknown)", what, err)
				}
			}
			// Odoo raised and rolled back.
			_, err = c.Create(ctx, "res.partner", odoo.Values{"no_such_field": 1}, nil)
			notApplied("create with an unknown field", err)
			// A missing record: ErrMissing and ErrNotFound, and not applied.
			err = c.Write(ctx, "res.partner", []int64{999999}, odoo.Values{"name": "x"}, nil)
			if !errors.Is(err, odoo.ErrMissing) || !errors.Is(err, deskbridge.ErrNotFound) {
				t.Errorf("write of a missing id: err = %v; want odoo.ErrMissing and deskbridge.ErrNotFound", err)
			}
			notApplied("write of a missing id", err)
			// A 4xx page (a proxy's 429) refused the call.
			srv.InjectFault(odootest.Fault{Method: "create", Kind: fault.Status, Status: 403})
			_, err = c.Create(ctx, "res.partner", odoo.Values{"name": "x"}, nil)
			notApplied("create answered 403", err)
			// A read carries neither outcome.
			srv.InjectFault(odootest.Fault{Method: "search_read", Kind: fault.Status, Status: 403})
			_, err = c.SearchRead(ctx, "res.partner", domain.Domain{}, nil)
			if err == nil || errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
				t.Errorf("read answered 403: err = %v; want an error with no outcome", err)
			}
		})
	}
	t.Run("Model.Get", func(t *testing.T) {
		srv := odootest.NewServer()
		defer srv.Close()
		c, err := srv.NewClient(odoo.JSONRPC)
		if err != nil {
			t.Fatal(err)
		}
		type partner struct {
			ID   int64  `odoo:"id"`
			Name string `odoo:"name"`
		}
		_, err = odoo.NewModel[partner](c, "res.partner").Get(context.Background(), 999999, nil)
		if !errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("Get of a missing id: err = %v; want deskbridge.ErrNotFound", err)
		}
	})
	t.Run("connection refused", func(t *testing.T) {
		c, err := odoo.New("http://127.0.0.1:1", odoo.WithDatabase("db"), odoo.WithPassword("u", "p"), odoo.WithRetry(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Create(context.Background(), "res.partner", odoo.Values{"name": "x"}, nil)
		if !errors.Is(err, deskbridge.ErrNotApplied) || errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			t.Errorf("create to a refused port: err = %v; want deskbridge.ErrNotApplied", err)
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		c, err := odoo.New("http://127.0.0.1:1", odoo.WithDatabase("db"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Create(context.Background(), "res.partner", odoo.Values{"name": "x"}, nil)
		if !errors.Is(err, odoo.ErrNoCredentials) || !errors.Is(err, deskbridge.ErrInvalidArgument) || !errors.Is(err, deskbridge.ErrNotApplied) {
			t.Errorf("create without credentials: err = %v; want odoo.ErrNoCredentials, deskbridge.ErrInvalidArgument and ErrNotApplied", err)
		}
	})
}

// TestRedirectOnWriteIsOutcomeUnknown backs the rule's line on redirects:
// a data-changing call answered with a redirect (not followed: a 303 after
// a POST may mean it was processed) matches deskbridge.ErrOutcomeUnknown
// and deskbridge.ErrRedirectRefused. (JSON-2 with an API key sends the
// call itself; a redirect answering a login is a failed login: not
// applied.)
func TestRedirectOnWriteIsOutcomeUnknown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/done", http.StatusSeeOther)
	}))
	defer srv.Close()
	c, err := odoo.New(srv.URL, odoo.WithDatabase("db"), odoo.WithAPIKey("", "key"), odoo.WithProtocol(odoo.JSON2),
		odoo.WithRetry(-1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(context.Background(), "res.partner", odoo.Values{"name": "x"}, nil)
	if !errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrNotApplied) || !errors.Is(err, deskbridge.ErrRedirectRefused) {
		t.Errorf("create answered 303: err = %v; want deskbridge.ErrOutcomeUnknown and ErrRedirectRefused", err)
	}
}
