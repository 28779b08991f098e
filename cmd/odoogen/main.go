package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odoogen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// errUsage is a bad command line (exit status 2).
var errUsage = errors.New("usage")

// run is the program: its arguments, environment and output in, its exit
// status out.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	err := generate(ctx, args, getenv, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "odoogen:", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	}
	fmt.Fprintln(stderr, "odoogen:", err)
	return 1
}

func usage(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
}

func generate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("odoogen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "saved fields_get JSON `file` (default: ask the server ODOO_* names)")
	models := fs.String("model", "", "Odoo `models`, comma-separated (required)")
	types := fs.String("type", "", "Go type `names`, comma-separated, in the order of -model")
	pkg := fs.String("pkg", getenv("GOPACKAGE"), "Go `package` of the file (default $GOPACKAGE)")
	out := fs.String("o", "", "output `file` (default: standard output)")
	only := fs.String("fields", "", "only these `fields`, comma-separated (one model)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: odoogen [-from fields.json] -model helpdesk.ticket [-type Ticket] [-pkg name] [-o file.go] [-fields a,b]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	names, tnames := split(*models), split(*types)
	switch {
	case len(names) == 0:
		return usage("-model is required")
	case len(tnames) > len(names):
		return usage("-type names %d types for %d models", len(tnames), len(names))
	case *pkg == "":
		return usage("-pkg is required outside go generate")
	case *from != "" && len(names) > 1:
		return usage("-from holds one model's fields; name one -model")
	case *only != "" && len(names) > 1:
		return usage("-fields applies to one model")
	}
	ms := make([]odoogen.Model, len(names))
	for i, n := range names {
		ms[i] = odoogen.Model{Name: n, Only: split(*only)}
		if i < len(tnames) {
			ms[i].Type = tnames[i]
		}
	}
	opts := odoogen.Options{Package: *pkg}
	if *from != "" {
		data, err := os.ReadFile(*from)
		if err != nil {
			return err
		}
		if ms[0].Fields, err = odoogen.ParseFieldsGet(data); err != nil {
			return fmt.Errorf("%s: %w", *from, err)
		}
		opts.Source = filepath.Base(*from)
	} else {
		cfg, err := odoo.ReadEnv(getenv)
		if err != nil {
			return err
		}
		if cfg.URL == "" {
			return usage("name a server (ODOO_URL, ODOO_DB, ODOO_LOGIN, ODOO_PASSWORD or ODOO_API_KEY) or a file (-from)")
		}
		c, err := cfg.Connect(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		for i := range ms {
			if ms[i].Fields, err = odoogen.FromServer(ctx, c, ms[i].Name); err != nil {
				return err
			}
		}
		opts.Source = "fields_get of " + strings.Join(names, ", ")
	}
	src, err := odoogen.Generate(opts, ms...)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(src)
		return err
	}
	return os.WriteFile(*out, src, 0o644)
}

// split reads a comma-separated list, blanks dropped.
func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
