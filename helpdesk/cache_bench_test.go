package helpdesk

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// latency delays every request by d, like a network between client and
// server.
type latency struct {
	base http.RoundTripper
	d    time.Duration
}

func (l latency) RoundTrip(r *http.Request) (*http.Response, error) {
	time.Sleep(l.d)
	return l.base.RoundTrip(r)
}

// BenchmarkTicketForm reads what a ticket form shows (teams, the stages of
// a team, ticket types, tags) with 1 ms of latency per request, without
// the catalog cache (baseline: four requests), with it (memory, the ttl
// never ends within the run) and with it when every form finds the ttl
// over (one check per catalog, nothing changed).
func BenchmarkTicketForm(b *testing.B) {
	srv := odootest.NewServer(odootest.WithVersion("17.0"), odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer srv.Close()
	team := srv.Search("helpdesk.ticket.team", domain.Domain{})[0]
	client, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithProtocol(odoo.JSONRPC),
		odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword),
		odoo.WithHTTPClient(&http.Client{Transport: latency{base: srv.Client().Transport, d: time.Millisecond}}))
	if err != nil {
		b.Fatal(err)
	}
	clk := newClock(slaT0)
	for _, bc := range []struct {
		name    string
		opts    []Option
		expired bool // the ttl ends before every form: each catalog is checked
	}{
		{"uncached", nil, false},
		{"cached", []Option{WithCatalogCache(time.Hour)}, false},
		{"cached-checked", []Option{WithCatalogCache(time.Minute), withClock(clk.Now)}, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			hd, err := New(client, append([]Option{WithFlavor(OCA)}, bc.opts...)...)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			form := func() {
				if _, err := hd.Teams.List(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := hd.Stages.List(ctx, team); err != nil {
					b.Fatal(err)
				}
				if _, err := hd.Types.List(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := hd.Tags.List(ctx); err != nil {
					b.Fatal(err)
				}
			}
			form() // log in, and fill the cache
			srv.ResetCalls()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if bc.expired {
					clk.Add(2 * time.Minute)
				}
				form()
			}
			b.StopTimer()
			b.ReportMetric(float64(len(srv.Calls()))/float64(b.N), "requests/op")
		})
	}
}
