package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/deskbridge/deskbridge/helpdesk"
)

// progress draws a bar on a terminal, or prints a line per ticket.
type progress struct {
	out   io.Writer
	tty   bool
	quiet bool
	total int
	drawn bool
}

const barWidth = 30

func (p *progress) update(u helpdesk.TransferProgress) {
	switch {
	case p.quiet:
	case !p.tty:
		fmt.Fprintf(p.out, "[%d/%d] ticket %d %s\n", u.Done, u.Total, u.Ticket.SourceID, outcome(&u.Ticket))
	default:
		filled := barWidth * u.Done / max(u.Total, 1)
		fmt.Fprintf(p.out, "\r[%s%s] %d/%d tickets", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), u.Done, u.Total)
		p.drawn = true
	}
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.out)
	}
}

// outcome is one ticket's status in a few words.
func outcome(t *helpdesk.TicketTransfer) string {
	s := string(t.Status)
	if t.DestID != 0 {
		s += fmt.Sprintf(" -> #%d", t.DestID)
	}
	if len(t.Errors) > 0 {
		s += ": " + oneLine(t.Errors[0])
	}
	return s
}

// counts is "3 (+2 there) (1 skipped)".
func counts(c helpdesk.TransferCounts) string {
	s := strconv.Itoa(c.Transferred)
	if c.Existing > 0 {
		s += fmt.Sprintf(" (+%d there)", c.Existing)
	}
	if c.Skipped > 0 {
		s += fmt.Sprintf(" (%d skipped)", c.Skipped)
	}
	return s
}

// printReport prints a table of the tickets, what was mapped how, and
// the totals.
func printReport(w io.Writer, rep *helpdesk.TransferReport) error {
	fmt.Fprintf(w, "\nTransfer %s -> %s:\n", rep.Source, rep.Destination)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tNAME\tDEST\tSTATUS\tMESSAGES\tFOLLOWERS\tFILES\tCUSTOMER\tASSIGNEE\tNOTES")
	for i := range rep.Tickets {
		t := &rep.Tickets[i]
		dest := ""
		if t.DestID != 0 {
			dest = "#" + strconv.FormatInt(t.DestID, 10)
		}
		fmt.Fprintf(tw, "#%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.SourceID, cut(t.Name, 28), dest, t.Status,
			counts(t.Messages), counts(t.Followers), counts(t.Attachments),
			cut(t.Mapped["customer"], 36), cut(t.Mapped["assignee"], 28), notes(t))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s.\n", rep.Summary())
	return err
}

// cut shortens s to at most n runes, ending with "…" when cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n && n > 0 {
		return string(r[:n-1]) + "…"
	}
	return s
}
