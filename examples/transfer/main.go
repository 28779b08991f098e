// Transfer shows helpdesk.Transfer in a few lines: it copies three tickets
// from an embedded Odoo 17 Enterprise helpdesk to an embedded Odoo 18 OCA
// one (odootest, demo data), with their messages, followers and
// attachments, closes the originals and links both tickets with a note,
// then runs again to show that nothing is duplicated.
//
//	go run ./examples/transfer
//
// For real servers, named destinations kept in a file, a check of each
// destination, a transfer history, a progress bar and JSON output, use the
// command this example grew into:
//
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge transfer -config destinations.json -dest NAME -ids 1,2,3
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge check -demo   # the same, on embedded servers
//
// (go doc github.com/deskbridge/deskbridge/cmd/deskbridge says more).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "transfer:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("transfer", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	src, stop, err := embedded(ctx, odootest.Enterprise, "17.0")
	if err != nil {
		return err
	}
	defer stop()
	dst, stop, err := embedded(ctx, odootest.OCA, "18.0")
	if err != nil {
		return err
	}
	defer stop()
	cfg := helpdesk.TransferConfig{
		Service:           dst,
		StageMapping:      map[string]string{"On Hold": "Awaiting", "Solved": "Done"}, // exact, case-sensitive names
		CreateSourceField: true,                                                       // x_deskbridge_source, through ir.model.fields
		Options: helpdesk.TransferOptions{Messages: true, Followers: true, Attachments: true,
			CloseOriginal: true, Note: true, NoteText: "Moved to the OCA desk"},
	}
	for _, run := range []string{"First run", "Second run"} {
		rep, err := helpdesk.Transfer(ctx, src, cfg, []int64{1, 2, 3}, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s: %s\n", run, rep.Summary())
		for _, t := range rep.Tickets {
			if t.Created {
				fmt.Fprintf(out, "  #%d -> #%d %s; customer: %s\n", t.SourceID, t.DestID, t.Status, t.Mapped["customer"])
			}
		}
	}
	return nil
}

// embedded starts an in-memory Odoo with demo data and connects to it.
func embedded(ctx context.Context, flavor odootest.Flavor, version string) (*helpdesk.Service, func(), error) {
	srv := odootest.NewServer(odootest.WithFlavor(flavor), odootest.WithVersion(version), odootest.WithDemoData())
	client, err := odoo.New(srv.URL, odoo.WithDatabase(srv.Database()), odoo.WithPassword(odootest.DefaultLogin, odootest.DefaultPassword))
	if err == nil {
		err = client.Authenticate(ctx)
	}
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	hd, err := helpdesk.New(client)
	return hd, srv.Close, err
}
