package deskbridge_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/ekiclik"
	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// One errors.Is answers the same question whichever client failed: here a
// create answered by a proxy's HTML page (it may have been applied) and a
// create answered 429 (refused, with the wait the server asked for), on
// odoo, jutda and ekiclik alike, and helpdesk, which passes odoo's errors
// through.
// creator is one client's create on its fake, with the fault hook.
type creator struct {
	name   string
	inject func(k fault.Kind, status int, retryAfter string)
	create func() error
}

// fourCreates starts the fakes and returns a create of each client on
// them (odoo, jutda, ekiclik, and helpdesk over odoo), and the function
// that stops them.
func fourCreates() ([]creator, func()) {
	ctx := context.Background()

	osrv := odootest.NewServer()
	oc, err := osrv.NewClient(odoo.JSONRPC, odoo.WithRetry(-1, 0, 0))
	if err != nil {
		log.Fatal(err)
	}
	jsrv := jutdatest.NewServer()
	jc, err := jutda.New(jsrv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword), jutda.WithRetry(-1, 0, 0))
	if err != nil {
		log.Fatal(err)
	}
	esrv := ekiclitest.NewServer()
	eoc, err := odoo.New(esrv.URL, odoo.WithDatabase(ekiclitest.DefaultDatabase),
		odoo.WithPassword(ekiclitest.DefaultLogin, ekiclitest.DefaultPassword), odoo.WithRetry(-1, 0, 0))
	if err != nil {
		log.Fatal(err)
	}
	ec, err := ekiclik.New(eoc)
	if err != nil {
		log.Fatal(err)
	}
	hsrv := odootest.NewServer(odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
	hoc, err := hsrv.NewClient(odoo.JSONRPC, odoo.WithRetry(-1, 0, 0))
	if err != nil {
		log.Fatal(err)
	}
	hd, err := helpdesk.New(hoc)
	if err != nil {
		log.Fatal(err)
	}
	stop := func() { osrv.Close(); jsrv.Close(); esrv.Close(); hsrv.Close() }
	return []creator{
		{"odoo", func(k fault.Kind, st int, ra string) {
			osrv.InjectFault(odootest.Fault{Method: "create", Kind: k, Status: st, RetryAfter: ra})
		}, func() error {
			_, err := oc.Create(ctx, "res.partner", odoo.Values{"name": "Amina"}, nil)
			return err
		}},
		{"jutda", func(k fault.Kind, st int, ra string) {
			jsrv.InjectFault(jutdatest.Fault{Method: "create_ticket", Kind: k, Status: st, RetryAfter: ra})
		}, func() error {
			_, err := jc.CreateTicket(ctx, jutda.TicketCreate{Queue: 1, Title: "Printer", Body: "Jammed"})
			return err
		}},
		{"ekiclik", func(k fault.Kind, st int, ra string) {
			esrv.InjectFault(ekiclitest.Fault{Method: "create", Kind: k, Status: st, RetryAfter: ra})
		}, func() error {
			_, err := ec.CreateCustomer(ctx, ekiclik.Customer{Name: "Amina", Email: "amina@example.dz"})
			return err
		}},
		{"helpdesk", func(k fault.Kind, st int, ra string) {
			hsrv.InjectFault(odootest.Fault{Model: "helpdesk.ticket", Method: "create", Kind: k, Status: st, RetryAfter: ra})
		}, func() error {
			_, err := hd.Tickets.Create(ctx, helpdesk.TicketCreate{Name: "Printer jammed"})
			return err
		}},
	}, stop
}

func Example() {
	creates, stop := fourCreates()
	defer stop()
	for _, c := range creates {
		c.inject(fault.HTML, 200, "")
		err := c.create()
		fmt.Printf("%s, HTML page: outcome unknown %v, not applied %v\n", c.name,
			errors.Is(err, deskbridge.ErrOutcomeUnknown), errors.Is(err, deskbridge.ErrNotApplied))

		c.inject(fault.TooManyRequests, 0, "120")
		err = c.create()
		var rl *deskbridge.RateLimitError
		if errors.As(err, &rl) {
			fmt.Printf("%s, 429: rate limited %v, not applied %v, retry after %v\n", c.name,
				errors.Is(err, deskbridge.ErrRateLimited), errors.Is(err, deskbridge.ErrNotApplied), rl.RetryAfter)
		}
	}
	// Output:
	// odoo, HTML page: outcome unknown true, not applied false
	// odoo, 429: rate limited true, not applied true, retry after 2m0s
	// jutda, HTML page: outcome unknown true, not applied false
	// jutda, 429: rate limited true, not applied true, retry after 2m0s
	// ekiclik, HTML page: outcome unknown true, not applied false
	// ekiclik, 429: rate limited true, not applied true, retry after 2m0s
	// helpdesk, HTML page: outcome unknown true, not applied false
	// helpdesk, 429: rate limited true, not applied true, retry after 2m0s
}
