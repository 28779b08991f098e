package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/helpdesk"
)

func runHistory(_ context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("history", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var c common
	c.register(fs, "only transfers to this destination")
	ticket := fs.Int64("ticket", 0, "only this source ticket")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	path := c.history
	if path == "" {
		w, err := c.load(e)
		if err != nil {
			return err
		}
		w.close()
		path = w.history
	}
	if path == "" {
		return fmt.Errorf("%w: no history file: set \"history\" in the configuration or give -history", deskbridge.ErrInvalidArgument)
	}
	h, err := helpdesk.OpenHistory(path)
	if err != nil {
		return err
	}
	all, err := h.Records()
	if err != nil {
		return err
	}
	var recs []helpdesk.HistoryRecord
	type key struct {
		dest string
		id   int64
	}
	count := map[key]int{}
	for _, r := range all {
		if (c.dest != "" && r.Destination != c.dest) || (*ticket != 0 && r.SourceID != *ticket) {
			continue
		}
		recs = append(recs, r)
		if r.Status == helpdesk.StatusDone || r.Status == helpdesk.StatusPartial {
			count[key{r.Destination, r.SourceID}]++
		}
	}
	if c.jsonOut {
		if recs == nil {
			recs = []helpdesk.HistoryRecord{}
		}
		return printJSON(e.stdout, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintf(e.stdout, "No transfers recorded in %s.\n", path)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tDESTINATION\tSOURCE\tDEST\tSTATUS\tMESSAGES\tFOLLOWERS\tFILES\tTRANSFERS\tNOTES")
	for _, r := range recs {
		dest := ""
		if r.DestID != 0 {
			dest = "#" + strconv.FormatInt(r.DestID, 10)
		}
		fmt.Fprintf(tw, "%s\t%s\t#%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", r.Time.Local().Format(time.DateTime), r.Destination,
			r.SourceID, dest, r.Status, counts(r.Messages), counts(r.Followers), counts(r.Attachments), count[key{r.Destination, r.SourceID}], notes(&r.TicketTransfer))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	runs := map[string]bool{}
	for _, r := range recs {
		runs[r.Run] = true
	}
	_, err = fmt.Fprintf(e.stdout, "\n%d records of %d runs in %s.\n", len(recs), len(runs), path)
	return err
}

// notes is a record's errors, else its skips and warnings, shortened.
func notes(t *helpdesk.TicketTransfer) string {
	var parts []string
	for _, e := range t.Errors {
		parts = append(parts, oneLine(e))
	}
	if len(parts) == 0 {
		for _, s := range t.Skips {
			parts = append(parts, fmt.Sprintf("skipped %s %s: %s", s.Kind, s.Name, s.Reason))
		}
		parts = append(parts, t.Warnings...)
	}
	return cut(strings.Join(parts, "; "), 70)
}
