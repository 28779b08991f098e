// Restv2 runs a partner round trip over the REST v2 add-on's API: an OAuth2
// password grant, a search_read with a domain, then a create, a write and an
// unlink of a res.partner, showing each HTTP request it makes; last, the
// helpdesk catalog cache (helpdesk.WithCatalogCache) reading the ticket tags
// twice, the second time without a request.
//
//	go run ./examples/restv2      # embedded server, nothing to set up
//	go run ./examples/restv2 -v   # also log every HTTP attempt (secrets redacted)
//
// Without ODOO_URL it starts an embedded in-memory Odoo (odoo/odootest) that
// answers only the REST v2 routes, with demo data and an OAuth2 client, and
// says so on its first line. To run against a server with the add-on set:
//
//	ODOO_URL            e.g. https://odoo.example.com
//	ODOO_DB             the database (sent as the DATABASE header; optional
//	                    when the server serves one database)
//	ODOO_LOGIN          the user's login
//	ODOO_PASSWORD       the user's password
//	ODOO_CLIENT_ID      the OAuth2 client id registered in the add-on
//	ODOO_CLIENT_SECRET  the OAuth2 client secret
//
// ODOO_PROTOCOL, when set, must be restv2. The partner it creates is named
// "Deskbridge REST v2 example" and is deleted again at the end of the flow.
// Errors end the program with exit status 1 and one line on stderr.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/helpdesk"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// PartnerName is the name of the partner the flow creates.
const PartnerName = "Deskbridge REST v2 example"

// Partner is the part of res.partner the example reads and writes.
type Partner struct {
	ID        int64  `odoo:"id,readonly"`
	Name      string `odoo:"name"`
	Email     string `odoo:"email"`
	Phone     string `odoo:"phone"`
	City      string `odoo:"city"`
	IsCompany bool   `odoo:"is_company"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(os.Stderr, "restv2", err))
}

// run is the program: args are the flags, env reads the environment.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags(stderr)
	verbose := fs.Bool("v", false, "log every HTTP attempt on stderr (tokens and passwords redacted)")
	limit := fs.Int("limit", 5, "how many companies search_read returns")
	timeout := fs.Duration("timeout", time.Minute, "give up after this long")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *limit < 1 {
		return errors.New("-limit must be at least 1")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	start := time.Now()

	if p := strings.TrimSpace(env("ODOO_PROTOCOL")); p != "" {
		if proto, err := odoo.ParseProtocol(p); err != nil || proto != odoo.RESTv2 {
			return fmt.Errorf("%w: this example speaks REST v2 only, unset ODOO_PROTOCOL=%q", deskbridge.ErrInvalidArgument, p)
		}
	}
	cfg, err := odoo.ReadEnv(func(k string) string {
		if k == "ODOO_PROTOCOL" {
			return "restv2"
		}
		return env(k)
	})
	if err != nil {
		return err
	}
	if cfg.URL == "" {
		srv := odootest.NewServer(odootest.WithProtocols(odoo.RESTv2), odootest.WithDemoData())
		defer srv.Close()
		cfg.URL, cfg.Database = srv.URL, srv.Database()
		cfg.Login, cfg.Password = odootest.DefaultLogin, deskbridge.NewSecret(odootest.DefaultPassword)
		cfg.ClientID, cfg.ClientSecret = odootest.DefaultClientID, deskbridge.NewSecret(odootest.DefaultClientSecret)
		fmt.Fprintf(stdout, "No ODOO_URL set: started an embedded Odoo test server (odootest, REST v2 routes only, demo data, OAuth2 client %s) at %s.\n", cfg.ClientID, srv.URL)
	} else {
		fmt.Fprintf(stdout, "Connecting to %s.\n", cfg)
	}

	wire := &recorder{base: http.DefaultTransport}
	opts := []odoo.Option{odoo.WithHTTPClient(&http.Client{Transport: wire, Timeout: 30 * time.Second})}
	if *verbose {
		opts = append(opts, odoo.WithLogger(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	f := flow{out: stdout, wire: wire}

	f.step("1. OAuth2 password grant (client %s, user %s)", cfg.ClientID, cfg.Login)
	client, err := cfg.Connect(ctx, opts...)
	if err != nil {
		return err
	}
	f.show("token received and accepted (a search_count of res.users proved it); the client reuses it until it expires, then refreshes it")

	partners := odoo.NewModel[Partner](client, "res.partner")
	companies := domain.Eq("is_company", true)
	dj, err := json.Marshal(companies)
	if err != nil {
		return err
	}
	f.step("2. search_read res.partner, domain %s, fields %v, limit %d", dj, partners.Fields(), *limit)
	found, err := partners.SearchRead(ctx, companies, &odoo.SearchOptions{Limit: *limit, Order: "name, id"})
	if err != nil {
		return fmt.Errorf("search_read: %w", err)
	}
	f.show("%d companies:", len(found))
	if err := table(stdout, found); err != nil {
		return err
	}

	f.step("3. create res.partner")
	id, err := partners.Create(ctx, Partner{Name: PartnerName, Email: "restv2@example.com"}, nil)
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	f.show("created partner %d", id)

	f.step("4. write res.partner %d", id)
	if err := partners.Write(ctx, []int64{id}, odoo.Values{"phone": "+32 2 555 01 99", "city": "Brussels"}, nil); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	p, err := partners.Get(ctx, id, nil)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	f.show("written, read back:")
	if err := table(stdout, []Partner{p}); err != nil {
		return err
	}

	f.step("5. unlink res.partner %d", id)
	if err := partners.Unlink(ctx, []int64{id}, nil); err != nil {
		return fmt.Errorf("unlink: %w", err)
	}
	left, err := partners.Read(ctx, []int64{id}, nil)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if len(left) != 0 {
		return fmt.Errorf("partner %d is still there after unlink", id)
	}
	f.show("deleted; reading it again answers no record")

	f.step("6. helpdesk tags twice, through the catalog cache (helpdesk.WithCatalogCache)")
	hd, err := helpdesk.New(client, helpdesk.WithCatalogCache(time.Minute))
	if err != nil {
		return err
	}
	tags, err := hd.Tags.List(ctx)
	switch {
	case errors.Is(err, deskbridge.ErrUnsupported):
		f.show("this server has no helpdesk: skipped (%v)", err)
	case err != nil:
		return fmt.Errorf("listing tags: %w", err)
	default:
		f.show("%d tags, read once: the flavor detection and the tags", len(tags))
		again, err := hd.Tags.List(ctx)
		if err != nil {
			return fmt.Errorf("listing tags: %w", err)
		}
		f.show("%d tags again, from memory: no request (for a minute, then one small check)", len(again))
	}

	fmt.Fprintf(stdout, "\nDone in %s, %d HTTP requests.\n", time.Since(start).Round(time.Millisecond), wire.total())
	return nil
}

// newFlags makes the flag set, printing to stderr.
func newFlags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("restv2", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: restv2 [-v] [-limit n] [-timeout d]")
		fmt.Fprintln(fs.Output(), "Runs against an embedded demo server, or the server named by ODOO_URL (see go doc ./examples/restv2).")
		fs.PrintDefaults()
	}
	return fs
}

// flow prints the steps and the requests each one made.
type flow struct {
	out  io.Writer
	wire *recorder
}

// step prints a step's title.
func (f flow) step(format string, args ...any) {
	fmt.Fprintf(f.out, "\n"+format+"\n", args...)
}

// show prints the requests made since the last call, then a result line.
func (f flow) show(format string, args ...any) {
	for _, r := range f.wire.drain() {
		fmt.Fprintf(f.out, "   %s\n", r)
	}
	fmt.Fprintf(f.out, "   "+format+"\n", args...)
}

// table prints partners as aligned columns.
func table(w io.Writer, ps []Partner) error {
	rows := make([][]string, 0, len(ps))
	for _, p := range ps {
		rows = append(rows, []string{fmt.Sprintf("     %d", p.ID), p.Name, dash(p.Email), dash(p.Phone), dash(p.City)})
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "     ID\tNAME\tEMAIL\tPHONE\tCITY")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// recorder is an http.RoundTripper that notes each request's method, path
// and status (never its headers or query: they can carry secrets).
type recorder struct {
	base http.RoundTripper

	mu    sync.Mutex
	lines []string
	n     int
}

// RoundTrip sends req through the base transport and notes it.
func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	line := req.Method + " " + req.URL.Path
	if err != nil {
		line += " → failed"
	} else {
		line += " → " + resp.Status
	}
	r.mu.Lock()
	r.lines = append(r.lines, line)
	r.n++
	r.mu.Unlock()
	return resp, err
}

// drain answers the lines noted since the last drain.
func (r *recorder) drain() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.lines
	r.lines = nil
	return out
}

// total answers how many requests went out.
func (r *recorder) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// errUsage marks a bad command line, which the flag package has explained.
var errUsage = errors.New("usage")

// parseFlags parses args with fs (made with flag.ContinueOnError): -h
// answers flag.ErrHelp, a bad flag or a stray argument errUsage.
func parseFlags(fs *flag.FlagSet, args []string) error {
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

// exitCode reports err on stderr as one line "prog: message" and answers
// the exit status: 0 for nil and -h, 2 for a bad command line, 1 otherwise.
func exitCode(stderr io.Writer, prog string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "%s: %s\n", prog, strings.Join(strings.Fields(err.Error()), " "))
	return 1
}
