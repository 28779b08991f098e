package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
)

// transferFlags are transfer's own flags.
type transferFlags struct {
	common
	ids         []int64
	where       domain.Domain
	limit       int
	concurrency int
	dryRun      bool
	close       bool
	closeStage  string
	note        string
	noMessages  bool
	noFollowers bool
	noAttach    bool
	timeout     time.Duration
}

func parseTransferFlags(args []string, e env) (*transferFlags, error) {
	fs := flag.NewFlagSet("transfer", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	f := &transferFlags{}
	f.register(fs, "the destination to transfer to (required)")
	ids := fs.String("ids", "", "source ticket ids, comma-separated")
	where := fs.String("domain", "", `source tickets matching a search domain, e.g. "[('stage_id.name', '=', 'New')]" or JSON`)
	fs.IntVar(&f.limit, "limit", 0, "with -domain: at most this many tickets (0: all)")
	fs.IntVar(&f.concurrency, "c", 4, "tickets transferred at the same time")
	fs.BoolVar(&f.dryRun, "dry-run", false, "read everything, write nothing, report what would be copied")
	fs.BoolVar(&f.close, "close", false, "close the original tickets once copied")
	fs.StringVar(&f.closeStage, "close-stage", "", "the source stage -close moves tickets to, by name or id (default: the destination's close_stage, else the first closing stage that is not a cancel stage)")
	fs.StringVar(&f.note, "note", "", "post a note on both tickets linking them, with this text (\"-\": no text)")
	fs.BoolVar(&f.noMessages, "no-messages", false, "do not copy messages and logs")
	fs.BoolVar(&f.noFollowers, "no-followers", false, "do not copy followers")
	fs.BoolVar(&f.noAttach, "no-attachments", false, "do not copy attachments")
	fs.DurationVar(&f.timeout, "timeout", time.Hour, "give up after this long")
	if err := parseArgs(fs, args); err != nil {
		return nil, err
	}
	bad := func(format string, args ...any) error {
		fmt.Fprintf(e.stderr, "deskbridge transfer: "+format+"\n", args...)
		return errUsage
	}
	if f.dest == "" {
		return nil, bad("-dest NAME is required")
	}
	if (*ids == "") == (*where == "") {
		return nil, bad("give -ids or -domain (one of them)")
	}
	if *ids != "" {
		for _, s := range strings.Split(*ids, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				return nil, bad("-ids: %q is not a ticket id", s)
			}
			f.ids = append(f.ids, id)
		}
	}
	if *where != "" {
		d, err := domain.Parse(*where)
		if err != nil {
			return nil, bad("-domain: %v", err)
		}
		f.where = d
	}
	if f.concurrency < 1 || f.limit < 0 {
		return nil, bad("-c must be at least 1 and -limit not negative")
	}
	return f, nil
}

func runTransfer(ctx context.Context, args []string, e env) error {
	f, err := parseTransferFlags(args, e)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	w, err := f.load(e)
	if err != nil {
		return err
	}
	defer w.close()
	d, err := w.cfg.Get(f.dest)
	if err != nil {
		return err
	}
	src, err := w.source(ctx)
	if err != nil {
		return err
	}
	dst, err := d.Connect(ctx, w.getenv)
	if err != nil {
		return err
	}
	cfg := d.TransferConfig(dst)
	cfg.SourceName = w.cfg.Source.Name
	if u := w.cfg.Source.URL; u != "" {
		cfg.SourceName = "source " + u
	}
	opts := cfg.Options
	opts.Messages, opts.Followers, opts.Attachments = !f.noMessages, !f.noFollowers, !f.noAttach
	opts.CloseOriginal, opts.DryRun, opts.Concurrency = f.close, f.dryRun, f.concurrency
	opts.Note, opts.NoteText = f.note != "", strings.TrimPrefix(f.note, "-")
	if f.closeStage != "" {
		if id, err := strconv.ParseInt(f.closeStage, 10, 64); err == nil {
			opts.CloseStage = helpdesk.StageByID(id)
		} else {
			opts.CloseStage = helpdesk.StageByName(f.closeStage)
		}
	}
	if w.history != "" {
		if opts.History, err = helpdesk.OpenHistory(w.history); err != nil {
			return err
		}
	}
	chk, err := helpdesk.CheckDestination(ctx, cfg)
	if err != nil {
		if chk != nil && !chk.OK() {
			return fmt.Errorf("destination %s lacks what the transfer needs: %s", d.Name, strings.Join(chk.Missing, "; "))
		}
		return fmt.Errorf("checking destination %s: %w", d.Name, err)
	}

	ids := f.ids
	if ids == nil {
		fl, err := src.Flavor(ctx)
		if err != nil {
			return fmt.Errorf("source: %w", err)
		}
		ids, err = src.Client().Search(ctx, fl.Ticket.Model, f.where, &odoo.SearchOptions{Limit: f.limit, Order: "id asc"})
		if err != nil {
			return fmt.Errorf("source: searching tickets: %w", err)
		}
		if len(ids) == 0 {
			fmt.Fprintln(e.stdout, "No source ticket matches the domain: nothing to transfer.")
			return nil
		}
	}
	if !f.jsonOut {
		what := "Transferring"
		if f.dryRun {
			what = "Dry run: planning"
		}
		fmt.Fprintf(e.stdout, "%s %d tickets to %s, %d at a time.\n", what, len(ids), d.Name, f.concurrency)
	}
	p := &progress{out: e.stdout, tty: e.tty && !f.jsonOut, quiet: f.jsonOut, total: len(ids)}
	opts.Progress = p.update
	rep, terr := helpdesk.Transfer(ctx, src, cfg, ids, &opts)
	p.finish()
	if rep == nil {
		return terr
	}
	if f.jsonOut {
		if err := printJSON(e.stdout, rep); err != nil {
			return err
		}
	} else {
		if err := printReport(e.stdout, rep); err != nil {
			return err
		}
		if opts.History != nil {
			fmt.Fprintf(e.stdout, "History: %s\n", opts.History.Path())
		}
	}
	if errors.Is(terr, helpdesk.ErrTransferIncomplete) {
		if !f.jsonOut {
			fmt.Fprintln(e.stderr, "deskbridge: some tickets were not transferred completely; run the same command again to complete them")
		}
		return errFailed
	}
	return terr
}
