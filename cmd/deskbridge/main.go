// Command deskbridge transfers helpdesk tickets between Odoo databases, as
// the Odoo 17 ticket transfer module does, from Odoo 16, 17, 18 or 19 to
// any of them:
//
//	deskbridge check    -config destinations.json [-dest NAME] [-json]
//	deskbridge transfer -config destinations.json -dest NAME -ids 1,2,3 [-c 4] [-close] [-note text] [-dry-run] [-json]
//	deskbridge transfer -config destinations.json -dest NAME -domain "[('stage_id.name', '=', 'New')]"
//	deskbridge history  -config destinations.json [-dest NAME] [-ticket ID] [-json]
//
// With -demo instead of -config every command runs on embedded in-memory
// Odoo servers (odootest): an Enterprise 17 source and two destinations,
// "eu" (Enterprise 18) and "oca" (OCA helpdesk_mgmt on 16), with demo
// data; the history goes to deskbridge-demo-history.jsonl in the system's
// temporary directory unless -history names another file. Nothing to set
// up:
//
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge check -demo
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge transfer -demo -dest eu -ids 1,2,3 -close -note "Moved to the EU desk"
//	go run github.com/deskbridge/deskbridge/cmd/deskbridge history -demo
//
// The configuration file (helpdesk.LoadDestinations) names the source and
// the destinations: URL, database, login, password or API key (in the file
// or, better, by environment variable: password_env, api_key_env), the
// child or parent partner every ticket gets as customer, the stage
// mapping (exact, case-sensitive names), the closing stage and the history
// file:
//
//	{
//	  "source": {"url": "https://old.example.com", "database": "old", "login": "bot", "api_key_env": "OLD_KEY"},
//	  "history": "transfers.jsonl",
//	  "destinations": {
//	    "eu": {"url": "https://eu.example.com", "database": "eu", "login": "bot", "password_env": "EU_PASSWORD",
//	           "stage_mapping": {"In Progress": "Work in progress"}, "close_stage": "Solved", "create_source_field": true}
//	  }
//	}
//
// check tests each destination and lists everything missing at once (the
// login, the helpdesk, the source field, the mapped stages, the partners).
// transfer copies the tickets with their messages, followers and
// attachments; it is safe to run again: a re-run completes what an
// interrupted one left and never duplicates. Each ticket's record is
// appended to the history as it finishes; history shows them, with the
// number of transfers of each ticket.
//
// On a terminal transfer draws a progress bar; -json prints the report
// (check: the checks, history: the records) as JSON. The exit status is 0
// when everything is done, 1 when a ticket failed or was only partly
// transferred, a check found something missing or a server refused, and 2
// for a bad command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr, tty: isTerminal(os.Stdout)})
	stop()
	os.Exit(exitCode(os.Stderr, err))
}

// env is what the program reads and writes besides its arguments.
type env struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	tty            bool // stdout is a terminal
	tempDir        string
}

// isTerminal reports whether f is a character device (a terminal), where
// a progress bar redrawn with \r makes sense.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

const usage = `usage: deskbridge <command> [flags]

commands:
  check     check the destinations (-config FILE | -demo) [-dest NAME] [-json]
  transfer  transfer tickets (-config FILE | -demo) -dest NAME (-ids 1,2,3 | -domain D) [-c 4] [-close] [-note T] [-dry-run] [-json]
  history   show past transfers (-config FILE | -demo | -history FILE) [-dest NAME] [-ticket ID] [-json]

Run "deskbridge <command> -h" for a command's flags.`

// run is the program.
func run(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, usage)
		return errUsage
	}
	switch args[0] {
	case "check":
		return runCheck(ctx, args[1:], e)
	case "transfer":
		return runTransfer(ctx, args[1:], e)
	case "history":
		return runHistory(ctx, args[1:], e)
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(e.stdout, usage)
		return nil
	}
	fmt.Fprintf(e.stderr, "deskbridge: unknown command %q\n%s\n", args[0], usage)
	return errUsage
}

// errUsage marks a bad command line, which has been explained on stderr.
var errUsage = errors.New("usage")

// errFailed marks a run whose outcome was printed (a failed ticket, a
// check that found something missing): exit status 1, no further message.
var errFailed = errors.New("failed")

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

// exitCode reports err on stderr as "deskbridge: message" and answers the
// exit status: 0 for nil and -h, 2 for a bad command line, 1 otherwise.
func exitCode(stderr io.Writer, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, errFailed):
		return 1
	}
	fmt.Fprintf(stderr, "deskbridge: %s\n", oneLine(err))
	return 1
}

// oneLine is err's message on a single line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
