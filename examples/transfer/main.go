// Transfer copies helpdesk tickets from one Odoo to another with
// helpdesk.Transfer: each ticket with its fields, messages and logs (dates
// and authors kept), followers and attachments, then (optionally) a note
// on both tickets and the closing of the original. It is safe to run
// again: tickets already transferred are skipped or completed, never
// duplicated.
//
//	go run ./examples/transfer                    # two embedded demo servers, nothing to set up
//	go run ./examples/transfer -n 50 -c 8         # 50 tickets, 8 at a time
//	go run ./examples/transfer -dry-run           # say what would be copied, write nothing
//	go run ./examples/transfer -close -note "Moved to the EU desk"
//	go run ./examples/transfer -json              # the report as JSON
//
// Without SRC_ODOO_URL and DST_ODOO_URL it starts two embedded in-memory
// Odoo servers (odoo/odootest) with demo data, an Enterprise helpdesk as
// the source and an OCA helpdesk_mgmt one as the destination, and says so
// on its first line. To use real servers set both sets of variables:
//
//	SRC_ODOO_URL            the source, e.g. https://old.example.com
//	SRC_ODOO_DB             its database
//	SRC_ODOO_LOGIN          the user's login
//	SRC_ODOO_PASSWORD       the password, or
//	SRC_ODOO_API_KEY        an API key (used instead of the password by jsonrpc; needed by json2)
//	SRC_ODOO_PROTOCOL       jsonrpc, web, json2 (Odoo 19) or restv2 (REST v2 add-on); unset: web for a password
//	SRC_ODOO_CLIENT_ID      restv2 only: the OAuth2 client id
//	SRC_ODOO_CLIENT_SECRET  restv2 only: the OAuth2 client secret
//	DST_ODOO_URL ... DST_ODOO_CLIENT_SECRET  the same for the destination
//
// The destination needs a char field on helpdesk.ticket that records where
// a ticket came from (default x_deskbridge_source; -ref-field names
// another): create it once in Settings > Technical > Fields. The program
// checks the destination first (helpdesk.CheckDestination) and stops, saying
// what is missing, before it writes anything.
//
// Tickets: -ids 12,15,40 transfers those; otherwise the -n most recent
// open tickets of the source. -map "Solved=Done,On Hold=Awaiting" maps
// source stage names to destination ones (-fold: in any letter case).
//
// On a terminal it draws a progress bar; otherwise it prints a line per
// ticket. The report follows. The exit status is 1, with one line on
// stderr, when the configuration is wrong, a server refuses the login or a
// ticket could not be transferred completely (run again to complete it).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, isTerminal(os.Stdout))
	stop()
	os.Exit(exitCode(os.Stderr, "transfer", err))
}

// isTerminal reports whether f is a character device (a terminal), where
// a progress bar redrawn with \r makes sense.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// flags are the program's options.
type flags struct {
	ids         []int64
	n           int
	concurrency int
	dryRun      bool
	close       bool
	note        string
	noMessages  bool
	noFollowers bool
	noAttach    bool
	stageMap    map[string]string
	fold        bool
	refField    string
	jsonOut     bool
	timeout     time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	fs := flag.NewFlagSet("transfer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &flags{}
	ids := fs.String("ids", "", "source ticket ids to transfer, comma-separated (default: the -n most recent open tickets)")
	fs.IntVar(&f.n, "n", 20, "how many open tickets to transfer when -ids is not given")
	fs.IntVar(&f.concurrency, "c", 4, "tickets transferred at the same time")
	fs.BoolVar(&f.dryRun, "dry-run", false, "read everything, write nothing, report what would be copied")
	fs.BoolVar(&f.close, "close", false, "close the original tickets once copied")
	fs.StringVar(&f.note, "note", "", "post a note on both tickets linking them, with this text (\"-\": no text)")
	fs.BoolVar(&f.noMessages, "no-messages", false, "do not copy messages and logs")
	fs.BoolVar(&f.noFollowers, "no-followers", false, "do not copy followers")
	fs.BoolVar(&f.noAttach, "no-attachments", false, "do not copy attachments")
	stageMap := fs.String("map", "", `stage mapping "Source=Destination,..." (embedded default: "On Hold=Awaiting,Solved=Done")`)
	fs.BoolVar(&f.fold, "fold", false, "match stage names in any letter case when there is no exact match")
	fs.StringVar(&f.refField, "ref-field", helpdesk.DefaultSourceRefField, "destination helpdesk.ticket field recording the source ticket")
	fs.BoolVar(&f.jsonOut, "json", false, "print the report as JSON")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Minute, "give up after this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: transfer [-ids 1,2,3 | -n 20] [-c 4] [-dry-run] [-close] [-note text] [-map A=B,...] [-json]")
		fmt.Fprintln(fs.Output(), "Runs on two embedded demo servers, or on SRC_ODOO_URL -> DST_ODOO_URL (see go doc ./examples/transfer).")
		fs.PrintDefaults()
	}
	if err := parseArgs(fs, args); err != nil {
		return nil, err
	}
	if *ids != "" {
		for _, s := range strings.Split(*ids, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || id <= 0 {
				return nil, fmt.Errorf("%w: -ids: %q is not a ticket id", odoo.ErrInvalidArgument, s)
			}
			f.ids = append(f.ids, id)
		}
	}
	if f.n < 1 || f.concurrency < 1 {
		return nil, fmt.Errorf("%w: -n and -c must be at least 1", odoo.ErrInvalidArgument)
	}
	if *stageMap != "" {
		f.stageMap = map[string]string{}
		for _, pair := range strings.Split(*stageMap, ",") {
			from, to, ok := strings.Cut(pair, "=")
			if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
				return nil, fmt.Errorf("%w: -map: %q is not Source=Destination", odoo.ErrInvalidArgument, pair)
			}
			f.stageMap[strings.TrimSpace(from)] = strings.TrimSpace(to)
		}
	}
	return f, nil
}

// prefixed reads the variables of one side: ODOO_URL is read as
// SRC_ODOO_URL or DST_ODOO_URL.
func prefixed(env func(string) string, prefix string) func(string) string {
	return func(k string) string { return env(prefix + k) }
}

// sideError names the variables of one side in an error about the
// environment (odoo.ReadEnv says ODOO_URL where SRC_ODOO_URL is meant).
func sideError(side, prefix string, err error) error {
	if !errors.Is(err, odoo.ErrInvalidArgument) {
		return fmt.Errorf("%s: %w", side, err)
	}
	return fmt.Errorf("%w: %s: %s", odoo.ErrInvalidArgument, side, strings.ReplaceAll(err.Error(), "ODOO_", prefix+"ODOO_"))
}

// run is the program: args are the flags, env reads the environment, tty
// says whether stdout is a terminal.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer, tty bool) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()

	srcCfg, err := odoo.ReadEnv(prefixed(env, "SRC_"))
	if err != nil {
		return sideError("source", "SRC_", err)
	}
	dstCfg, err := odoo.ReadEnv(prefixed(env, "DST_"))
	if err != nil {
		return sideError("destination", "DST_", err)
	}
	if (srcCfg.URL == "") != (dstCfg.URL == "") {
		return fmt.Errorf("%w: set both SRC_ODOO_URL and DST_ODOO_URL, or neither (two embedded demo servers)", odoo.ErrInvalidArgument)
	}
	embedded := srcCfg.URL == ""
	if embedded {
		src := startEmbedded(&srcCfg, odootest.WithFlavor(odootest.Enterprise), odootest.WithDemoData())
		defer src.Close()
		dst := startEmbedded(&dstCfg, odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
		defer dst.Close()
		fmt.Fprintf(stdout, "No SRC_ODOO_URL/DST_ODOO_URL set: started two embedded Odoo test servers (odootest, demo data): enterprise helpdesk %s -> oca helpdesk %s.\n", src.URL, dst.URL)
		// The source reference field a real destination gets once, by hand.
		if err := dst.AddFields("helpdesk.ticket", odootest.Field{Name: f.refField, Type: odootest.TypeChar, String: "Transferred from"}); err != nil {
			return err
		}
		if f.stageMap == nil {
			f.stageMap = map[string]string{"On Hold": "Awaiting", "Solved": "Done"}
		}
	} else {
		fmt.Fprintf(stdout, "Transferring from %s to %s.\n", srcCfg, dstCfg)
	}

	srcClient, err := srcCfg.Connect(ctx)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	dstClient, err := dstCfg.Connect(ctx)
	if err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	src, err := helpdesk.New(srcClient)
	if err != nil {
		return err
	}
	dst, err := helpdesk.New(dstClient)
	if err != nil {
		return err
	}

	note := f.note
	opts := helpdesk.TransferOptions{
		Messages: !f.noMessages, Followers: !f.noFollowers, Attachments: !f.noAttach,
		CloseOriginal: f.close, Note: note != "", NoteText: strings.TrimPrefix(note, "-"),
		RecordHistory: true, DryRun: f.dryRun, Concurrency: f.concurrency,
	}
	cfg := helpdesk.TransferConfig{
		Service: dst, StageMapping: f.stageMap, StageMappingFold: f.fold, SourceRefField: f.refField, Options: opts,
	}
	chk, err := helpdesk.CheckDestination(ctx, cfg)
	if err != nil {
		if chk != nil && !chk.OK() {
			return fmt.Errorf("the destination (%s helpdesk) lacks what the transfer needs: %s", chk.Flavor, strings.Join(chk.Missing, "; "))
		}
		return fmt.Errorf("checking the destination: %w", err)
	}
	srcFlavor, err := src.Flavor(ctx)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	fmt.Fprintf(stdout, "Source: %s helpdesk. Destination: %s helpdesk, ready.\n", srcFlavor.Name, chk.Flavor)

	ids := f.ids
	if len(ids) == 0 {
		open, err := src.Tickets.List(ctx, helpdesk.TicketListOptions{State: helpdesk.StateOpen, Sort: helpdesk.SortCreated, Desc: true, Limit: f.n})
		if err != nil {
			return fmt.Errorf("listing the source's open tickets: %w", err)
		}
		for _, t := range open {
			ids = append(ids, t.ID)
		}
		if len(ids) == 0 {
			fmt.Fprintln(stdout, "The source has no open ticket: nothing to transfer.")
			return nil
		}
	}
	what := "Transferring"
	if f.dryRun {
		what = "Dry run: planning"
	}
	fmt.Fprintf(stdout, "%s %d tickets, %d at a time.\n", what, len(ids), f.concurrency)

	p := &progress{out: stdout, tty: tty, total: len(ids)}
	opts.Progress = p.update
	rep, terr := helpdesk.Transfer(ctx, src, cfg, ids, &opts)
	p.finish()
	if rep == nil {
		return terr
	}
	if f.jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := printReport(stdout, rep); err != nil {
		return err
	}
	if terr != nil {
		if errors.Is(terr, helpdesk.ErrTransferIncomplete) {
			return fmt.Errorf("%w (run again to complete it)", terr)
		}
		return terr
	}
	if embedded && !f.dryRun {
		fmt.Fprintln(stdout, "Running it again would skip every ticket: the destination tickets record their source.")
	}
	return nil
}

// progress draws a bar on a terminal, or prints a line per ticket.
type progress struct {
	out   io.Writer
	tty   bool
	total int
	drawn bool
}

const barWidth = 30

func (p *progress) update(u helpdesk.TransferProgress) {
	if !p.tty {
		fmt.Fprintf(p.out, "[%d/%d] ticket %d %s\n", u.Done, u.Total, u.Ticket.SourceID, outcome(&u.Ticket))
		return
	}
	filled := barWidth * u.Done / max(u.Total, 1)
	fmt.Fprintf(p.out, "\r[%s%s] %d/%d tickets", strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled), u.Done, u.Total)
	p.drawn = true
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

// printReport prints a table of the tickets and the totals.
func printReport(w io.Writer, rep *helpdesk.TransferReport) error {
	fmt.Fprintf(w, "\nTransfer %s -> %s:\n", rep.Source, rep.Destination)
	rows := make([][]string, 0, len(rep.Tickets))
	counts := func(c helpdesk.TransferCounts) string {
		s := strconv.Itoa(c.Transferred)
		if c.Existing > 0 {
			s += fmt.Sprintf(" (+%d there)", c.Existing)
		}
		if c.Skipped > 0 {
			s += fmt.Sprintf(" (%d skipped)", c.Skipped)
		}
		return s
	}
	for _, t := range rep.Tickets {
		dest := ""
		if t.DestID != 0 {
			dest = "#" + strconv.FormatInt(t.DestID, 10)
		}
		note := ""
		switch {
		case len(t.Errors) > 0:
			note = cut(oneLine(t.Err()), 60)
		case len(t.Warnings) > 0:
			note = cut(strings.Join(t.Warnings, "; "), 60)
		}
		rows = append(rows, []string{"#" + strconv.FormatInt(t.SourceID, 10), cut(t.Name, 32), dest, string(t.Status),
			counts(t.Messages), counts(t.Followers), counts(t.Attachments), note})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tNAME\tDEST\tSTATUS\tMESSAGES\tFOLLOWERS\tFILES\tNOTES")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s.\n", rep.Summary())
	return err
}

// startEmbedded starts an odootest server with opts and points cfg at it
// with the server's default password.
func startEmbedded(cfg *odoo.EnvConfig, opts ...odootest.Option) *odootest.Server {
	srv := odootest.NewServer(opts...)
	cfg.URL, cfg.Database = srv.URL, srv.Database()
	cfg.Login, cfg.Password, cfg.APIKey = odootest.DefaultLogin, odootest.DefaultPassword, ""
	cfg.ProtocolSet = false
	return srv
}

// cut shortens s to at most n runes, ending with "…" when cut.
func cut(s string, n int) string {
	if r := []rune(s); len(r) > n && n > 0 {
		return string(r[:n-1]) + "…"
	}
	return s
}

// oneLine is err's message on a single line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// errUsage marks a bad command line, which the flag package has explained.
var errUsage = errors.New("usage")

// parseArgs parses args with fs (made with flag.ContinueOnError): -h
// answers flag.ErrHelp, a bad flag or a stray argument errUsage.
func parseArgs(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

// exitCode reports err on stderr as "prog: message" and answers the exit
// status: 0 for nil and -h, 2 for a bad command line, 1 otherwise.
func exitCode(stderr io.Writer, prog string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "%s: %s\n", prog, oneLine(err))
	return 1
}
