package deskbridge_test

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestSharedSentinelsAreOneValue pins the vocabulary: each shared meaning
// has one name, deskbridge.ErrX. No client package declares a sentinel of
// its own whose value is a shared one (an alias would be a second name for
// the same idea), and distinct meanings stay distinct.
func TestSharedSentinelsAreOneValue(t *testing.T) {
	shared := map[string]bool{}
	for _, n := range sharedNames {
		shared[n] = true
	}
	fset := token.NewFileSet()
	for _, dir := range []string{"odoo", "helpdesk", "jutda", "ekiclik", "domain", "fault"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", dir, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range file.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.VAR {
					continue
				}
				for _, spec := range g.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, v := range vs.Values {
						sel, ok := v.(*ast.SelectorExpr)
						if !ok || !shared[sel.Sel.Name] {
							continue
						}
						if x, ok := sel.X.(*ast.Ident); ok && (x.Name == "deskbridge" || x.Name == "transport") {
							t.Errorf("%s: %s = %s.%s: a second name for a shared meaning; write deskbridge.%s",
								fset.Position(vs.Pos()), vs.Names[i].Name, x.Name, sel.Sel.Name, sel.Sel.Name)
						}
					}
				}
			}
		}
	}
	all := []error{deskbridge.ErrInvalidArgument, deskbridge.ErrOutcomeUnknown, deskbridge.ErrNotApplied,
		deskbridge.ErrNotFound, deskbridge.ErrRateLimited, deskbridge.ErrUnsupported,
		deskbridge.ErrBodyTooLarge, deskbridge.ErrRedirectRefused}
	if len(all) != len(sharedNames) {
		t.Fatalf("%d sentinels, %d names", len(all), len(sharedNames))
	}
	for i, a := range all {
		if !strings.HasPrefix(a.Error(), "deskbridge: ") {
			t.Errorf("%q does not name the root package", a)
		}
		for j, b := range all {
			if i != j && errors.Is(a, b) {
				t.Errorf("%q matches %q", a, b)
			}
		}
	}
}

// sharedNames are the root's sentinels, one name per shared meaning.
var sharedNames = []string{"ErrInvalidArgument", "ErrOutcomeUnknown", "ErrNotApplied", "ErrNotFound",
	"ErrRateLimited", "ErrUnsupported", "ErrBodyTooLarge", "ErrRedirectRefused"}

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
	_, jutdaErr := jutda.New("http://127.0.0.1:1/helpdesk", jutda.WithPassword("", ""))
	_, domainErr := domain.Parse(`[("name", "=")]`)
	domainBuildErr := domain.Condition("stage_id", "nope", 1).Validate()
	errs := map[string]error{"odoo": odooErr, "helpdesk": helpdeskErr, "ekiclik": ekiclikErr, "jutda": jutdaErr,
		"domain": domainErr, "domain ": domainBuildErr}
	for pkg, err := range errs {
		if err == nil {
			t.Errorf("%s: no error for an invalid argument", pkg)
			continue
		}
		if !strings.HasPrefix(err.Error(), strings.TrimSpace(pkg)+":") {
			t.Errorf("%s: error %q does not name its package", pkg, err)
		}
		if !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("%s error %q does not match deskbridge.ErrInvalidArgument", pkg, err)
		}
		// One type across the client packages (domain keeps its parser
		// error, with the position).
		var ae *deskbridge.ArgumentError
		if !strings.HasPrefix(pkg, "domain") && (!errors.As(err, &ae) || !strings.HasPrefix(ae.Op, pkg)) {
			t.Errorf("%s error %q (%T) is not a *deskbridge.ArgumentError with Op %s.*", pkg, err, err, pkg)
		}
		if errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrNotFound) {
			t.Errorf("%s error %q matches another meaning", pkg, err)
		}
	}
}

// TestSameFaultSameMeaning runs each fault on a create of odoo, jutda,
// ekiclik and helpdesk (each on its fake) and wants the same shared
// meanings from all four: the rule of deskbridge.ErrOutcomeUnknown, once.
func TestSameFaultSameMeaning(t *testing.T) {
	creates, stop := fourCreates()
	defer stop()
	faults := []struct {
		name        string
		kind        fault.Kind
		status      int
		unknown     bool
		rateLimited bool
	}{
		{"reply lost after the create ran", fault.DropAfter, 0, true, false},
		{"HTML page 200", fault.HTML, 200, true, false},
		{"proxy 502 page", fault.HTML, 502, true, false},
		{"garbage 200", fault.Garbage, 200, true, false},
		{"403 page", fault.Status, 403, false, false},
		{"501 page", fault.Status, 501, false, false},
		{"429", fault.TooManyRequests, 0, false, true},
	}
	for _, f := range faults {
		for _, c := range creates {
			c.inject(f.kind, f.status, "")
			err := c.create()
			unknown, notApplied := errors.Is(err, deskbridge.ErrOutcomeUnknown), errors.Is(err, deskbridge.ErrNotApplied)
			if err == nil || unknown != f.unknown || notApplied == f.unknown || errors.Is(err, deskbridge.ErrRateLimited) != f.rateLimited {
				t.Errorf("%s, %s: err = %v: outcome unknown %v, not applied %v, rate limited %v; want %v, %v, %v",
					c.name, f.name, err, unknown, notApplied, errors.Is(err, deskbridge.ErrRateLimited), f.unknown, !f.unknown, f.rateLimited)
			}
		}
	}
}

// TestMissingRecordIsNotFoundEverywhere: a record that does not exist is
// deskbridge.ErrNotFound from every client, a read or a write, and a write
// of it is deskbridge.ErrNotApplied where the server refused it.
func TestMissingRecordIsNotFoundEverywhere(t *testing.T) {
	ctx := context.Background()
	const missing = 999999
	osrv := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	defer osrv.Close()
	oc, err := osrv.NewClient(odoo.JSONRPC)
	if err != nil {
		t.Fatal(err)
	}
	hd, err := helpdesk.New(oc)
	if err != nil {
		t.Fatal(err)
	}
	jsrv := jutdatest.NewServer()
	defer jsrv.Close()
	jc, err := jutda.New(jsrv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	esrv := ekiclitest.NewServer()
	defer esrv.Close()
	eoc, err := odoo.New(esrv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	ec, err := ekiclik.New(eoc)
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name  string
		write bool
		err   error
		// nf is the *deskbridge.NotFoundError the call returns (nil: the
		// server's own error, an *odoo.Error or a *jutda.Error, says it).
		nf *deskbridge.NotFoundError
	}{
		{"odoo Client.Write", true, oc.Write(ctx, "res.partner", []int64{missing}, odoo.Values{"name": "x"}, nil), nil},
		{"odoo Client.Unlink", true, oc.Unlink(ctx, "res.partner", []int64{missing}, nil), nil},
		{"helpdesk Tickets.Update", true, hd.Tickets.Update(ctx, missing, helpdesk.TicketUpdate{Name: deskbridge.Ptr("x")}), nil},
		{"helpdesk Tickets.Get", false, func() error { _, err := hd.Tickets.Get(ctx, missing); return err }(),
			&deskbridge.NotFoundError{Op: "helpdesk.Tickets.Get", Model: "helpdesk.ticket", ID: missing}},
		{"jutda DeleteTicket", true, jc.DeleteTicket(ctx, missing), nil},
		{"ekiclik Get", false, func() error { _, err := ec.Get(ctx, "res.partner", missing, "", nil); return err }(),
			&deskbridge.NotFoundError{Op: "ekiclik.Get", Model: "res.partner", ID: missing}},
		{"ekiclik UpdatePartner", true, func() error {
			_, err := ec.UpdatePartner(ctx, "nobody@example.com", ekiclik.PartnerUpdate{Name: "x"})
			return err
		}(), &deskbridge.NotFoundError{Op: "ekiclik.update", Model: "res.partner",
			Filter: `[["email","=","nobody@example.com"]]`, NotApplied: true}},
	}
	for _, c := range calls {
		if !errors.Is(c.err, deskbridge.ErrNotFound) {
			t.Errorf("%s of a missing record: err = %v; want deskbridge.ErrNotFound", c.name, c.err)
		}
		if c.write && (!errors.Is(c.err, deskbridge.ErrNotApplied) || errors.Is(c.err, deskbridge.ErrOutcomeUnknown)) {
			t.Errorf("%s of a missing record: err = %v; want deskbridge.ErrNotApplied", c.name, c.err)
		}
		if c.nf == nil {
			continue
		}
		var nf *deskbridge.NotFoundError
		if !errors.As(c.err, &nf) {
			t.Errorf("%s of a missing record: err = %v (%T); want a *deskbridge.NotFoundError", c.name, c.err, c.err)
		} else if *nf != *c.nf {
			t.Errorf("%s of a missing record: %+v; want %+v", c.name, *nf, *c.nf)
		}
	}
}

// TestNotFoundErrorText: the text of the one not-found type, in the shape
// of ArgumentError's: "<package>: <call>: ...".
func TestNotFoundErrorText(t *testing.T) {
	tests := []struct {
		err        deskbridge.NotFoundError
		want       string
		notApplied bool
	}{
		{deskbridge.NotFoundError{Op: "helpdesk.Tickets.Get", Model: "helpdesk.ticket", ID: 42},
			"helpdesk: Tickets.Get: helpdesk.ticket 42 not found", false},
		{deskbridge.NotFoundError{Op: "ekiclik.Get", Model: "res.partner", ID: 7},
			"ekiclik: Get: res.partner 7 not found", false},
		{deskbridge.NotFoundError{Op: "ekiclik.update", Model: "res.partner", Filter: `[["email","=","x@example.com"]]`, NotApplied: true},
			`ekiclik: update: no res.partner record matches [["email","=","x@example.com"]]: nothing sent`, true},
		{deskbridge.NotFoundError{Op: "helpdesk", Model: "ir.model"}, "helpdesk: ir.model not found", false},
	}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", &tt.err)
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
		if !errors.Is(err, deskbridge.ErrNotFound) || errors.Is(err, deskbridge.ErrNotApplied) != tt.notApplied ||
			errors.Is(err, deskbridge.ErrOutcomeUnknown) || errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("%q: matches the wrong meanings", tt.want)
		}
	}
}
