package deskbridge_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestSharedSentinelsAreOneValue pins the vocabulary: each package's
// sentinel of a shared meaning is the shared value itself, so errors.Is
// holds between every pair of packages.
func TestSharedSentinelsAreOneValue(t *testing.T) {
	shared := map[error][]struct {
		pkg string
		err error
	}{
		deskbridge.ErrInvalidArgument: {
			{"odoo", odoo.ErrInvalidArgument}, {"helpdesk", helpdesk.ErrInvalidArgument},
			{"jutda", jutda.ErrInvalidArgument}, {"ekiclik", ekiclik.ErrInvalidArgument},
		},
		deskbridge.ErrOutcomeUnknown: {
			{"odoo", odoo.ErrOutcomeUnknown}, {"jutda", jutda.ErrOutcomeUnknown}, {"ekiclik", ekiclik.ErrOutcomeUnknown},
		},
		deskbridge.ErrNotFound: {
			{"odoo", odoo.ErrNotFound}, {"helpdesk", helpdesk.ErrNotFound}, {"jutda", jutda.ErrNotFound},
		},
		deskbridge.ErrNotApplied:  {{"ekiclik", ekiclik.ErrNotApplied}},
		deskbridge.ErrRateLimited: {{"jutda", jutda.ErrRateLimited}},
		deskbridge.ErrUnsupported: {{"helpdesk", helpdesk.ErrUnsupported}},
	}
	for want, pkgs := range shared {
		for _, a := range pkgs {
			if a.err != want {
				t.Errorf("%s's sentinel %q is not deskbridge's %q", a.pkg, a.err, want)
			}
			for _, b := range pkgs {
				if !errors.Is(a.err, b.err) {
					t.Errorf("errors.Is(%s, %s) = false for %q", a.pkg, b.pkg, want)
				}
			}
		}
	}
	// Distinct meanings stay distinct.
	all := []error{deskbridge.ErrInvalidArgument, deskbridge.ErrOutcomeUnknown, deskbridge.ErrNotApplied,
		deskbridge.ErrNotFound, deskbridge.ErrRateLimited, deskbridge.ErrUnsupported}
	for i, a := range all {
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%q matches %q", a, b)
			}
		}
	}
}

// TestArgumentErrorsMatchAcrossPackages checks real argument errors of each
// package, refused before anything is sent, against every package's
// sentinel.
func TestArgumentErrorsMatchAcrossPackages(t *testing.T) {
	ctx := context.Background()
	// Port 1 on loopback: nothing listens, and no call may get that far.
	client, err := odoo.New("http://127.0.0.1:1", odoo.WithDatabase("db"), odoo.WithPassword("u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	_, odooErr := client.Create(ctx, "", odoo.Values{"name": "x"}, nil)
	_, helpdeskErr := helpdesk.New(nil)
	_, ekiclikErr := ekiclik.New(nil)
	_, jutdaErr := jutda.New("http://127.0.0.1:1/helpdesk", "", "")
	_, domainErr := domain.Parse(`[("name", "=")]`)
	domainBuildErr := domain.Condition("stage_id", "nope", 1).Validate()
	errs := map[string]error{"odoo": odooErr, "helpdesk": helpdeskErr, "ekiclik": ekiclikErr, "jutda": jutdaErr,
		"domain": domainErr, "domain ": domainBuildErr}
	sentinels := map[string]error{
		"deskbridge": deskbridge.ErrInvalidArgument, "odoo": odoo.ErrInvalidArgument,
		"helpdesk": helpdesk.ErrInvalidArgument, "ekiclik": ekiclik.ErrInvalidArgument, "jutda": jutda.ErrInvalidArgument,
	}
	for pkg, err := range errs {
		if err == nil {
			t.Errorf("%s: no error for an invalid argument", pkg)
			continue
		}
		if !strings.HasPrefix(err.Error(), strings.TrimSpace(pkg)+":") {
			t.Errorf("%s: error %q does not name its package", pkg, err)
		}
		for name, s := range sentinels {
			if !errors.Is(err, s) {
				t.Errorf("%s error %q does not match %s.ErrInvalidArgument", pkg, err, name)
			}
		}
		if errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("%s error %q matches another meaning", pkg, err)
		}
	}
}
