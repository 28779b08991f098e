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

// printJSON writes v to w as indented JSON (the -json output).
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oneLine is err's message on a single line.
func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
