package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/deskbridge/deskbridge/helpdesk"
)

// checkResult is one destination's check, as -json prints it.
type checkResult struct {
	Destination string                     `json:"destination"`
	Check       *helpdesk.DestinationCheck `json:"check,omitempty"`
	Error       string                     `json:"error,omitempty"`
}

func runCheck(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var c common
	c.register(fs, "the destination to check (default: all)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	w, err := c.load(e)
	if err != nil {
		return err
	}
	defer w.close()
	dsts, err := w.destinations(c.dest)
	if err != nil {
		return err
	}
	var results []checkResult
	bad := false
	for _, d := range dsts {
		r := checkResult{Destination: d.Name}
		svc, err := d.Connect(ctx, w.getenv)
		if err == nil {
			r.Check, err = helpdesk.CheckDestination(ctx, d.TransferConfig(svc))
		}
		if err != nil {
			r.Error, bad = oneLine(err), true
		}
		results = append(results, r)
		if c.jsonOut {
			continue
		}
		switch {
		case r.Check != nil && r.Check.OK():
			fmt.Fprintf(e.stdout, "%s: ok (%s helpdesk, Odoo %s, uid %d)\n", d.Name, r.Check.Flavor, r.Check.Version, r.Check.UID)
		case r.Check != nil && len(r.Check.Missing) > 0:
			fmt.Fprintf(e.stdout, "%s: missing:\n", d.Name)
			for _, m := range r.Check.Missing {
				fmt.Fprintf(e.stdout, "  - %s\n", m)
			}
		default:
			fmt.Fprintf(e.stdout, "%s: %s\n", d.Name, r.Error)
		}
		if r.Check != nil {
			for _, n := range r.Check.Notes {
				fmt.Fprintf(e.stdout, "  note: %s\n", n)
			}
		}
	}
	if c.jsonOut {
		if err := printJSON(e.stdout, results); err != nil {
			return err
		}
	}
	if bad {
		return errFailed
	}
	return nil
}
