package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/deskbridge/deskbridge"
)

// EnvConfig is a connection described by the ODOO_* environment variables
// (ReadEnv), the plumbing every program and example needs. Its secrets are
// [deskbridge.Secret] values: printed with any verb, logged (slog),
// marshalled to JSON or walked with reflection, alone or inside a struct,
// slice or map, an EnvConfig shows none of them (Reveal gives the value).
//
//	ODOO_URL            base URL, e.g. https://odoo.example.com
//	ODOO_DB             database name
//	ODOO_LOGIN          user login
//	ODOO_PASSWORD       password (jsonrpc, web, restv2)
//	ODOO_API_KEY        API key (jsonrpc instead of the password; json2)
//	ODOO_PROTOCOL       jsonrpc, web, json2 or restv2 (unset: New's choice)
//	ODOO_CLIENT_ID      REST v2 OAuth2 client id (setting it makes restv2 the default)
//	ODOO_CLIENT_SECRET  REST v2 OAuth2 client secret
type EnvConfig struct {
	URL          string
	Database     string
	Login        string
	Password     deskbridge.Secret
	APIKey       deskbridge.Secret
	ClientID     string
	ClientSecret deskbridge.Secret
	// Protocol is the protocol ODOO_PROTOCOL named; ProtocolSet reports
	// whether it (or ODOO_CLIENT_ID, which implies RESTv2) did.
	Protocol    Protocol
	ProtocolSet bool
}

// ReadEnv reads the ODOO_* variables through getenv (nil means os.Getenv).
// With ODOO_URL unset it answers a config with an empty URL and no error,
// so that a program can fall back to something else (the examples start an
// odootest server); with ODOO_URL set, the variables its protocol needs
// must be set too. A bad value is a *deskbridge.ArgumentError naming the variable.
func ReadEnv(getenv func(string) string) (EnvConfig, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := EnvConfig{
		URL:          strings.TrimRight(get("ODOO_URL"), "/"),
		Database:     get("ODOO_DB"),
		Login:        get("ODOO_LOGIN"),
		Password:     deskbridge.NewSecret(getenv("ODOO_PASSWORD")), // a password may have spaces
		APIKey:       deskbridge.NewSecret(get("ODOO_API_KEY")),
		ClientID:     get("ODOO_CLIENT_ID"),
		ClientSecret: deskbridge.NewSecret(getenv("ODOO_CLIENT_SECRET")),
	}
	bad := func(arg, reason string) error {
		return invalidArg("ReadEnv", arg, "%s", reason)
	}
	switch p := get("ODOO_PROTOCOL"); {
	case p != "":
		proto, err := ParseProtocol(p)
		if err != nil {
			return c, bad(fmt.Sprintf("ODOO_PROTOCOL=%q", p), "want jsonrpc, web, json2 or restv2")
		}
		c.Protocol, c.ProtocolSet = proto, true
	case c.ClientID != "":
		c.Protocol, c.ProtocolSet = RESTv2, true
	}
	if c.URL == "" {
		return c, nil
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, bad("ODOO_URL", "must be an http(s) URL such as https://odoo.example.com")
	}
	if u.User != nil {
		c.URL = c.safeURL()
		return c, bad("ODOO_URL", "must not hold credentials: set ODOO_LOGIN and ODOO_PASSWORD")
	}
	if missing := c.missing(); len(missing) > 0 {
		return c, bad("environment", fmt.Sprintf("ODOO_URL is set, so %s must be set too (protocol %s)", strings.Join(missing, ", "), c.Protocol))
	}
	return c, nil
}

// missing names the variables c's protocol needs and lacks.
func (c EnvConfig) missing() []string {
	var missing []string
	need := func(set bool, name string) {
		if !set {
			missing = append(missing, name)
		}
	}
	switch c.Protocol {
	case JSON2:
		need(!c.APIKey.IsZero(), "ODOO_API_KEY")
	case WebSession:
		need(c.Database != "", "ODOO_DB")
		need(c.Login != "", "ODOO_LOGIN")
		need(!c.Password.IsZero(), "ODOO_PASSWORD")
	case RESTv2:
		need(c.Login != "", "ODOO_LOGIN")
		need(!c.Password.IsZero(), "ODOO_PASSWORD")
		need(c.ClientID != "", "ODOO_CLIENT_ID")
		need(!c.ClientSecret.IsZero(), "ODOO_CLIENT_SECRET")
	default:
		need(c.Database != "", "ODOO_DB")
		need(c.Login != "", "ODOO_LOGIN")
		if c.Password.IsZero() && c.APIKey.IsZero() {
			missing = append(missing, "ODOO_PASSWORD or ODOO_API_KEY")
		}
	}
	return missing
}

// Options answers the options for c: database, the protocol when one was
// named, and the credentials that protocol uses.
func (c EnvConfig) Options() []Option {
	var opts []Option
	if c.ProtocolSet {
		opts = append(opts, WithProtocol(c.Protocol))
	}
	if c.Database != "" {
		opts = append(opts, WithDatabase(c.Database))
	}
	switch {
	case c.ProtocolSet && c.Protocol == RESTv2:
		opts = append(opts, WithPassword(c.Login, c.Password.Reveal()), WithOAuth2Client(c.ClientID, c.ClientSecret.Reveal()))
	case c.APIKey.IsZero() || (c.ProtocolSet && c.Protocol == WebSession):
		opts = append(opts, WithPassword(c.Login, c.Password.Reveal()))
	default:
		opts = append(opts, WithAPIKey(c.Login, c.APIKey.Reveal()))
	}
	return opts
}

// String describes c without secrets: URL (user info removed), protocol,
// database and login.
func (c EnvConfig) String() string {
	s := c.safeURL()
	if c.ProtocolSet {
		s += " over " + c.Protocol.String()
	}
	if c.Database != "" {
		s += ", database " + c.Database
	}
	if c.Login != "" {
		s += ", login " + c.Login
	}
	return s
}

// safeURL is c.URL without user info.
func (c EnvConfig) safeURL() string {
	if pu, err := url.Parse(c.URL); err == nil {
		pu.User = nil
		return pu.String()
	}
	return "(invalid URL)" // it may hold a password: show none of it
}

// GoString is String, so %#v shows no secret either.
func (c EnvConfig) GoString() string { return "odoo.EnvConfig(" + c.String() + ")" }

// Format prints String under every verb (%d and %x too, which would
// otherwise print the fields, secrets included), GoString under %#v.
func (c EnvConfig) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, c.GoString())
	case verb == 'q':
		fmt.Fprintf(f, "%q", c.String())
	default:
		io.WriteString(f, c.String())
	}
}

// LogValue logs c as String does, without secrets.
func (c EnvConfig) LogValue() slog.Value { return slog.StringValue(c.String()) }

// MarshalJSON writes c with the URL's user info removed, the protocol by
// name and its secrets masked, so a config dumped as JSON shows which are
// set but not their values.
func (c EnvConfig) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		URL, Database, Login string
		Password, APIKey     deskbridge.Secret
		ClientID             string
		ClientSecret         deskbridge.Secret
		Protocol             string
	}{c.safeURL(), c.Database, c.Login, c.Password, c.APIKey, c.ClientID, c.ClientSecret, c.Protocol.String()})
}

// Connect builds a client for c (extra options come last and win) and
// proves the credentials with one call, so that an unreachable server or
// refused credentials fail here with an error that says which variable to
// check. The error still matches ErrAccessDenied, deskbridge.ErrNotFound, context
// errors and the rest.
func (c EnvConfig) Connect(ctx context.Context, extra ...Option) (*Client, error) {
	if c.URL == "" {
		return nil, invalidArg("EnvConfig.Connect", "ODOO_URL", "not set")
	}
	client, err := New(c.URL, append(c.Options(), extra...)...)
	if err != nil {
		return nil, err
	}
	if err := client.Authenticate(ctx); err != nil {
		return nil, c.explain(client.Protocol(), err)
	}
	return client, nil
}

// FromEnv is ReadEnv(os.Getenv) then Connect: a logged-in client for the
// server the ODOO_* variables name. ODOO_URL must be set.
func FromEnv(ctx context.Context, extra ...Option) (*Client, error) {
	c, err := ReadEnv(nil)
	if err != nil {
		return nil, err
	}
	return c.Connect(ctx, extra...)
}

// explain adds what to check to a login error.
func (c EnvConfig) explain(p Protocol, err error) error {
	var oe *Error
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("connecting to %s: %w", c, err)
	case errors.Is(err, ErrAccessDenied):
		hint := "check ODOO_LOGIN and ODOO_PASSWORD"
		switch {
		case p == JSON2 || (p == JSONRPC && !c.APIKey.IsZero()):
			hint = "check ODOO_LOGIN and ODOO_API_KEY"
		case p == RESTv2:
			hint = "check ODOO_LOGIN, ODOO_PASSWORD, ODOO_CLIENT_ID and ODOO_CLIENT_SECRET"
		}
		return fmt.Errorf("login refused by %s: %s: %w", c, hint, err)
	case errors.Is(err, ErrDatabaseNotFound):
		return fmt.Errorf("%s has no database %q (check ODOO_DB): %w", c, c.Database, err)
	case errors.Is(err, deskbridge.ErrUnsupported):
		return fmt.Errorf("connecting to %s: %w", c, err)
	case errors.Is(err, deskbridge.ErrNotFound):
		return fmt.Errorf("%s does not answer the %s protocol (wrong URL, or set ODOO_PROTOCOL): %w", c, p, err)
	case errors.As(err, &oe):
		return fmt.Errorf("login at %s failed (is ODOO_DB right?): %w", c, err)
	}
	return fmt.Errorf("cannot reach %s (is ODOO_URL right and the server up?): %w", c, err)
}
