// Package exenv is the small shared plumbing of the deskbridge examples:
// reading the ODOO_* environment, starting an embedded odootest server when
// ODOO_URL is not set, logging in with a readable error, printing aligned
// tables and one-line errors. It is internal: copy what you need.
//
// The environment:
//
//	ODOO_URL            base URL, e.g. https://odoo.example.com (unset: embedded server)
//	ODOO_DB             database name
//	ODOO_LOGIN          user login
//	ODOO_PASSWORD       password (jsonrpc, web, restv2)
//	ODOO_API_KEY        API key (jsonrpc instead of the password; json2)
//	ODOO_PROTOCOL       jsonrpc (default), web, json2 or restv2
//	ODOO_CLIENT_ID      REST v2 OAuth2 client id (restv2; setting it makes restv2 the default)
//	ODOO_CLIENT_SECRET  REST v2 OAuth2 client secret
package exenv

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// ErrConfig is matched by errors about the ODOO_* environment itself.
var ErrConfig = errors.New("bad configuration")

// Config is where and how an example connects. Its String shows no secret.
type Config struct {
	URL          string
	Database     string
	Login        string
	Password     string
	APIKey       string
	Protocol     odoo.Protocol
	ClientID     string
	ClientSecret string
	// Embedded reports that URL is an odootest server the example started.
	Embedded bool
}

// FromEnv reads the ODOO_* variables through getenv (os.Getenv in main).
// With ODOO_URL unset it answers a Config with Embedded set and no URL yet:
// StartEmbedded fills it in. With ODOO_URL set, the variables the protocol
// needs must be set too.
func FromEnv(getenv func(string) string) (Config, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := Config{
		URL:          strings.TrimRight(get("ODOO_URL"), "/"),
		Database:     get("ODOO_DB"),
		Login:        get("ODOO_LOGIN"),
		Password:     getenv("ODOO_PASSWORD"), // a password may have spaces
		APIKey:       get("ODOO_API_KEY"),
		ClientID:     get("ODOO_CLIENT_ID"),
		ClientSecret: getenv("ODOO_CLIENT_SECRET"),
	}
	switch p := get("ODOO_PROTOCOL"); {
	case p != "":
		proto, err := odoo.ParseProtocol(p)
		if err != nil {
			return c, fmt.Errorf("%w: ODOO_PROTOCOL=%q: want jsonrpc, web, json2 or restv2", ErrConfig, p)
		}
		c.Protocol = proto
	case c.ClientID != "":
		c.Protocol = odoo.RESTv2
	}
	if c.URL == "" {
		c.Embedded = true
		return c, nil
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, fmt.Errorf("%w: ODOO_URL must be an http(s) URL such as https://odoo.example.com", ErrConfig)
	}
	var missing []string
	need := func(v, name string) {
		if v == "" {
			missing = append(missing, name)
		}
	}
	switch c.Protocol {
	case odoo.JSON2:
		need(c.APIKey, "ODOO_API_KEY")
	case odoo.WebSession:
		need(c.Database, "ODOO_DB")
		need(c.Login, "ODOO_LOGIN")
		need(c.Password, "ODOO_PASSWORD")
	case odoo.RESTv2:
		need(c.Login, "ODOO_LOGIN")
		need(c.Password, "ODOO_PASSWORD")
		need(c.ClientID, "ODOO_CLIENT_ID")
		need(c.ClientSecret, "ODOO_CLIENT_SECRET")
	default:
		need(c.Database, "ODOO_DB")
		need(c.Login, "ODOO_LOGIN")
		if c.Password == "" && c.APIKey == "" {
			missing = append(missing, "ODOO_PASSWORD or ODOO_API_KEY")
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("%w: ODOO_URL is set, so %s must be set too (protocol %s)", ErrConfig, strings.Join(missing, ", "), c.Protocol)
	}
	return c, nil
}

// StartEmbedded starts an odootest server (the caller adds its options, such
// as odootest.WithDemoData) and points c at it with the server's default
// credentials. Close the server when done.
func (c *Config) StartEmbedded(opts ...odootest.Option) *odootest.Server {
	srv := odootest.NewServer(opts...)
	c.URL = srv.URL
	c.Database = srv.Database()
	c.Login = odootest.DefaultLogin
	c.Password = odootest.DefaultPassword
	c.APIKey = ""
	if c.Protocol == odoo.JSON2 {
		c.APIKey = odootest.DefaultAPIKey
	}
	c.ClientID = odootest.DefaultClientID
	c.ClientSecret = odootest.DefaultClientSecret
	c.Embedded = true
	return srv
}

// Options answers the odoo options for c: database, protocol and the
// credentials that protocol uses.
func (c Config) Options() []odoo.Option {
	opts := []odoo.Option{odoo.WithProtocol(c.Protocol), odoo.WithUserAgent("deskbridge-example")}
	if c.Database != "" {
		opts = append(opts, odoo.WithDatabase(c.Database))
	}
	switch {
	case c.Protocol == odoo.RESTv2:
		opts = append(opts, odoo.WithPassword(c.Login, c.Password), odoo.WithOAuth2Client(c.ClientID, c.ClientSecret))
	case c.Protocol == odoo.WebSession || c.APIKey == "":
		opts = append(opts, odoo.WithPassword(c.Login, c.Password))
	default:
		opts = append(opts, odoo.WithAPIKey(c.Login, c.APIKey))
	}
	return opts
}

// String describes c without secrets: URL (user info removed), database,
// login and protocol.
func (c Config) String() string {
	u := c.URL
	if pu, err := url.Parse(c.URL); err == nil {
		pu.User = nil
		u = pu.String()
	}
	s := fmt.Sprintf("%s over %s", u, c.Protocol)
	if c.Database != "" {
		s += ", database " + c.Database
	}
	if c.Login != "" {
		s += ", login " + c.Login
	}
	return s
}

// Connect builds a client for c and logs in, so that an unreachable server
// or refused credentials fail here with an error that says which and what
// to check.
func Connect(ctx context.Context, c Config, extra ...odoo.Option) (*odoo.Client, error) {
	client, err := odoo.New(c.URL, append(c.Options(), extra...)...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if err := login(ctx, client, c); err != nil {
		return nil, explain(c, err)
	}
	return client, nil
}

// login proves the credentials with one call. JSON-RPC and the web session
// have a login call: Authenticate. JSON-2 and REST v2 have none; there
// Authenticate gets a token (REST v2) and then asks res.users.context_get
// for the uid, a method odootest does not have (it answers HTTP 500, which
// the client retries). A search_count of the user proves the key or token
// just as well, on real servers and on odootest alike.
func login(ctx context.Context, client *odoo.Client, c Config) error {
	if c.Protocol != odoo.JSON2 && c.Protocol != odoo.RESTv2 {
		return client.Authenticate(ctx)
	}
	d := domain.Domain{}
	if c.Login != "" {
		d = domain.Eq("login", c.Login)
	}
	_, err := client.SearchCount(ctx, "res.users", d, nil)
	return err
}

// explain adds what to check to a login error.
func explain(c Config, err error) error {
	var oe *odoo.Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("connecting to %s: %w", c, err)
	case errors.Is(err, odoo.ErrAccessDenied):
		hint := "check ODOO_LOGIN and ODOO_PASSWORD"
		switch {
		case c.Protocol == odoo.JSON2 || (c.Protocol == odoo.JSONRPC && c.APIKey != ""):
			hint = "check ODOO_LOGIN and ODOO_API_KEY"
		case c.Protocol == odoo.RESTv2:
			hint = "check ODOO_LOGIN, ODOO_PASSWORD, ODOO_CLIENT_ID and ODOO_CLIENT_SECRET"
		}
		return fmt.Errorf("login refused by %s: %s: %w", c, hint, err)
	case errors.Is(err, odoo.ErrNotFound):
		return fmt.Errorf("%s does not answer the %s protocol (wrong URL, or set ODOO_PROTOCOL): %w", c, c.Protocol, err)
	case errors.As(err, &oe):
		return fmt.Errorf("login at %s failed (is ODOO_DB right?): %w", c, err)
	}
	return fmt.Errorf("cannot reach %s (is ODOO_URL right and the server up?): %w", c, err)
}

// Table prints rows under header as aligned columns.
func Table(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// Cut shortens s to at most n runes, ending with "…" when cut, so a long
// value does not stretch a table.
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n || n < 1 {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// OneLine is err's message on a single line (a server message can span
// several).
func OneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Exit reports err, the result of an example's run, on stderr as
// "prog: message" and answers the exit code: 0 for nil and -h, 2 for a bad
// flag (the flag package has already said why), 1 otherwise.
func Exit(stderr io.Writer, prog string, err error) int {
	var fe *FlagError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &fe):
		return 2
	}
	fmt.Fprintf(stderr, "%s: %s\n", prog, OneLine(err))
	return 1
}

// FlagError wraps an error of flag.FlagSet.Parse, which the flag package
// has already printed with the usage.
type FlagError struct{ Err error }

// Error returns the flag package's message.
func (e *FlagError) Error() string { return e.Err.Error() }

// Unwrap returns the flag package's error.
func (e *FlagError) Unwrap() error { return e.Err }

// ParseFlags parses args with fs (made with flag.ContinueOnError), wrapping
// a failure in a *FlagError.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &FlagError{Err: err}
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return &FlagError{Err: fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}
