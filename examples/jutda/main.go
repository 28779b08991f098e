// Command jutda shows the common flows of the Jutda / django-helpdesk
// legacy API client: open a ticket, hold and unhold it, add a follow-up,
// resolve it.
//
//	go run ./examples/jutda      # embedded jutdatest server, nothing to set up
//	go run ./examples/jutda -h   # usage; runs nothing
//
// Without JUTDA_URL it starts an embedded jutdatest server. With JUTDA_URL
// (the helpdesk's base URL, e.g. https://support.example.com/helpdesk),
// JUTDA_USER and JUTDA_PASSWORD it works on that server — and creates a
// real ticket there, whose submitter the helpdesk e-mails. -queue (or
// JUTDA_QUEUE) picks the queue by id or title (default: the first queue);
// -submitter (or JUTDA_SUBMITTER) sets the submitter's e-mail address.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "jutda:", strings.Join(strings.Fields(err.Error()), " "))
		os.Exit(1)
	}
}

// errUsage marks a bad command line, which the flag package has explained.
var errUsage = errors.New("usage")

// run is the program: args are the flags, env reads the environment.
func run(ctx context.Context, args []string, env func(string) string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("jutda", flag.ContinueOnError)
	fs.SetOutput(stderr)
	queueName := fs.String("queue", env("JUTDA_QUEUE"), "queue to open the ticket in, by id or title (default: the first queue)")
	submitter := fs.String("submitter", env("JUTDA_SUBMITTER"), "submitter's e-mail address (the helpdesk e-mails it)")
	timeout := fs.Duration("timeout", 2*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: jutda [-queue id|title] [-submitter email] [-timeout d]")
		fmt.Fprintln(fs.Output(), "Runs against an embedded jutdatest server, or the helpdesk named by JUTDA_URL,")
		fmt.Fprintln(fs.Output(), "JUTDA_USER and JUTDA_PASSWORD (where it creates a real ticket).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()

	url, user, password := env("JUTDA_URL"), env("JUTDA_USER"), env("JUTDA_PASSWORD")
	var srv *jutdatest.Server
	if url == "" {
		srv = jutdatest.NewServer()
		defer srv.Close()
		url, user, password = srv.URL, jutdatest.DefaultLogin, jutdatest.DefaultPassword
		fmt.Fprintf(out, "No JUTDA_URL set: using an embedded jutdatest server at %s (set JUTDA_URL, JUTDA_USER and JUTDA_PASSWORD for a real helpdesk)\n", url)
	} else {
		if user == "" || password == "" {
			return errors.New("JUTDA_URL is set but JUTDA_USER or JUTDA_PASSWORD is empty")
		}
	}

	// New refuses a URL with credentials in it, so URL() is safe to print.
	c, err := jutda.New(url, jutda.WithPassword(user, password), jutda.WithUserAgent("deskbridge-example/1"))
	if err != nil {
		return err
	}
	defer c.Close()
	if srv == nil {
		fmt.Fprintf(out, "Using the helpdesk at %s as %q (this creates a real ticket)\n", c.URL(), user)
	}

	queues, err := c.ListQueues(ctx)
	if err != nil {
		return fmt.Errorf("listing queues: %w", err)
	}
	fmt.Fprintf(out, "Queues: %d\n", len(queues))
	for _, q := range queues {
		fmt.Fprintf(out, "  %d  %s\n", q.ID, q.Title)
	}
	queue, err := pickQueue(queues, *queueName)
	if err != nil {
		return err
	}

	if *submitter == "" && srv != nil {
		*submitter = "ap@customer.example"
	}
	// 1. Open a ticket, as an invoicing system would for an overdue invoice.
	id, err := c.CreateTicket(ctx, jutda.TicketCreate{
		Queue:          queue.ID,
		Title:          "Invoice INV-2024-117 overdue (30 days)",
		Body:           "Acme Corp has not paid invoice INV-2024-117 (1,250.00 EUR), due 30 days ago.",
		SubmitterEmail: *submitter,
		Priority:       jutda.PriorityHigh,
	})
	if err != nil {
		if errors.Is(err, deskbridge.ErrOutcomeUnknown) {
			return fmt.Errorf("creating the ticket: %w (look for it in the helpdesk before running again)", err)
		}
		return fmt.Errorf("creating the ticket: %w", err)
	}
	fmt.Fprintf(out, "1. Created ticket %d in queue %q (priority high)\n", id, queue.Title)

	// 2. Hold it while waiting for the customer, then take it off hold.
	if err := c.HoldTicket(ctx, id); err != nil {
		return fmt.Errorf("holding ticket %d: %w", id, err)
	}
	fmt.Fprintf(out, "2. Put ticket %d on hold (no escalation while it waits)\n", id)
	if err := c.UnholdTicket(ctx, id); err != nil {
		return fmt.Errorf("unholding ticket %d: %w", id, err)
	}
	fmt.Fprintf(out, "   Took ticket %d off hold\n", id)

	// 3. Add a follow-up. The legacy server makes every API follow-up
	// public, whatever the flag says: write nothing internal here.
	if err := c.AddFollowup(ctx, id, "Reminder sent to the customer; payment promised for Friday.", true); err != nil {
		return fmt.Errorf("adding a follow-up to ticket %d: %w", id, err)
	}
	fmt.Fprintf(out, "3. Added a public follow-up to ticket %d\n", id)

	// 4. Resolve it once paid.
	if err := c.Resolve(ctx, id, "Payment received; invoice INV-2024-117 is settled."); err != nil {
		return fmt.Errorf("resolving ticket %d: %w", id, err)
	}
	fmt.Fprintf(out, "4. Resolved ticket %d\n", id)

	if srv != nil {
		t, _ := srv.Ticket(id)
		fmt.Fprintf(out, "Server state: ticket %d is %s with %d follow-ups; %d e-mails to %s\n",
			id, t.Status, len(t.Followups), len(srv.Emails()), *submitter)
	}
	return nil
}

// pickQueue finds the queue named by want (an id or a title), or the first
// one.
// pickQueue finds the queue named by want (an id or a title), or the first
// one.
func pickQueue(queues []jutda.Queue, want string) (jutda.Queue, error) {
	if len(queues) == 0 {
		return jutda.Queue{}, errors.New("the helpdesk has no queue")
	}
	if want == "" {
		return queues[0], nil
	}
	id, _ := strconv.ParseInt(want, 10, 64)
	for _, q := range queues {
		if q.ID == id || q.Title == want {
			return q, nil
		}
	}
	return jutda.Queue{}, fmt.Errorf("queue %q matches no queue", want)
}
