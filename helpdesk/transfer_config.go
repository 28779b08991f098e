package helpdesk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/odoo"
)

// Destinations is a transfer configuration file: the source, the named
// destinations and the history file, as the Odoo 17 transfer module keeps
// them. LoadDestinations reads it:
//
//	{
//	  "source": {"url": "https://old.example.com", "database": "old", "login": "bot", "api_key_env": "OLD_KEY"},
//	  "history": "transfers.jsonl",
//	  "destinations": {
//	    "eu": {
//	      "url": "https://eu.example.com", "database": "eu", "login": "bot", "password_env": "EU_PASSWORD",
//	      "child_partner_id": 12, "stage_mapping": {"In Progress": "Work in progress"},
//	      "close_stage": "Solved", "create_source_field": true
//	    }
//	  }
//	}
//
// Secrets may be given in the file (password, api_key, client_secret) or,
// better, named by environment variable (password_env, api_key_env,
// client_secret_env). Inline secrets are read into [deskbridge.Secret]
// values, so nothing that prints a Destinations or a Destination (any fmt
// verb, slog, encoding/json, reflection, a struct, slice or map holding
// one) shows them; a file written back by json.Marshal has them masked and
// does not load again (ErrMaskedSecret).
type Destinations struct {
	Source       *Destination            `json:"source,omitempty"`
	History      string                  `json:"history,omitempty"` // the history file (JSON lines), relative to the config file
	Destinations map[string]*Destination `json:"destinations"`

	dir string
}

// Destination is one Odoo of a transfer configuration: how to log in and,
// for a destination, how tickets are mapped onto it.
type Destination struct {
	Name     string `json:"-"` // its key in Destinations
	URL      string `json:"url"`
	Database string `json:"database,omitempty"`
	Login    string `json:"login,omitempty"`
	// Password, APIKey and ClientSecret are secrets, read from JSON
	// strings: prefer the *Env fields, which name environment variables
	// holding them (an inline secret wins over its *Env variable).
	Password        deskbridge.Secret `json:"password,omitzero"`
	PasswordEnv     string            `json:"password_env,omitempty"`
	APIKey          deskbridge.Secret `json:"api_key,omitzero"`
	APIKeyEnv       string            `json:"api_key_env,omitempty"`
	ClientID        string            `json:"client_id,omitempty"`
	ClientSecret    deskbridge.Secret `json:"client_secret,omitzero"`
	ClientSecretEnv string            `json:"client_secret_env,omitempty"`
	// Protocol is jsonrpc, web, json2 or restv2 (default: the odoo
	// package's choice for the credentials).
	Protocol string `json:"protocol,omitempty"`

	// The mapping (see TransferConfig): stage names are matched exactly
	// (case-sensitive) unless stage_mapping_fold is true.
	ChildPartnerID    int64             `json:"child_partner_id,omitempty"`
	ParentPartnerID   int64             `json:"parent_partner_id,omitempty"`
	StageMapping      map[string]string `json:"stage_mapping,omitempty"`
	StageMappingFold  bool              `json:"stage_mapping_fold,omitempty"`
	DefaultTeam       string            `json:"default_team,omitempty"`
	SourceRefField    string            `json:"source_ref_field,omitempty"`
	Assignees         map[int64]int64   `json:"assignees,omitempty"`
	CreatePartners    bool              `json:"create_partners,omitempty"`
	CreateSourceField bool              `json:"create_source_field,omitempty"`
	// CloseStage is the source stage CloseOriginal moves tickets to (a
	// name or an id; default: see Tickets.Close).
	CloseStage StageRef `json:"close_stage,omitempty"`
}

// LoadDestinations reads a configuration file. Unknown keys are errors
// (a typo must not silently drop a mapping), and every destination must
// have a URL.
func LoadDestinations(path string) (*Destinations, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: destinations: %w", err)
	}
	d, err := ParseDestinations(b)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: destinations %s: %w", path, err)
	}
	d.dir = filepath.Dir(path)
	return d, nil
}

// ParseDestinations reads a configuration from JSON, as LoadDestinations.
func ParseDestinations(b []byte) (*Destinations, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	d := &Destinations{}
	if err := dec.Decode(d); err != nil {
		if errors.Is(err, deskbridge.ErrMaskedSecret) {
			// A file written back by json.Marshal: say what to do.
			return nil, fmt.Errorf("%w: %w", invalid("destinations", "give each secret's value or name its variable (password_env, api_key_env, client_secret_env)"), err)
		}
		return nil, invalid("destinations", "%v", err)
	}
	if d.Source != nil {
		d.Source.Name = "source"
		if err := d.Source.check(); err != nil {
			return nil, err
		}
	}
	for name, dst := range d.Destinations {
		if dst == nil {
			return nil, invalid("destinations."+name, "is empty")
		}
		dst.Name = name
		if err := dst.check(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Names returns the destinations' names, sorted.
func (d *Destinations) Names() []string {
	out := make([]string, 0, len(d.Destinations))
	for n := range d.Destinations {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Get returns the named destination, or an error listing the names.
func (d *Destinations) Get(name string) (*Destination, error) {
	if dst, ok := d.Destinations[name]; ok {
		return dst, nil
	}
	return nil, invalid("destination", "no destination %q (have: %s)", name, strings.Join(d.Names(), ", "))
}

// HistoryPath is the history file's path (relative to the configuration
// file's directory), or "" when none is configured.
func (d *Destinations) HistoryPath() string {
	if d.History == "" || filepath.IsAbs(d.History) {
		return d.History
	}
	return filepath.Join(d.dir, d.History)
}

func (d *Destination) check() error {
	field := "destinations." + d.Name
	if d.Name == "source" {
		field = "source"
	}
	if strings.TrimSpace(d.URL) == "" {
		return invalid(field+".url", "must not be empty")
	}
	if err := checkOptionalID(field+".child_partner_id", d.ChildPartnerID); err != nil {
		return err
	}
	if err := checkOptionalID(field+".parent_partner_id", d.ParentPartnerID); err != nil {
		return err
	}
	return d.CloseStage.check(field + ".close_stage")
}

// secret is v's value, or the environment variable env names.
func secret(v deskbridge.Secret, env string, getenv func(string) string) string {
	if v.IsZero() && env != "" {
		return getenv(env)
	}
	return v.Reveal()
}

// EnvConfig is the odoo client configuration of d, its secrets read from
// the environment through getenv (nil: os.Getenv) where the file names a
// variable.
func (d *Destination) EnvConfig(getenv func(string) string) (odoo.EnvConfig, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	vars := map[string]string{
		"ODOO_URL": d.URL, "ODOO_DB": d.Database, "ODOO_LOGIN": d.Login,
		"ODOO_PASSWORD": secret(d.Password, d.PasswordEnv, getenv), "ODOO_API_KEY": secret(d.APIKey, d.APIKeyEnv, getenv),
		"ODOO_CLIENT_ID": d.ClientID, "ODOO_CLIENT_SECRET": secret(d.ClientSecret, d.ClientSecretEnv, getenv),
		"ODOO_PROTOCOL": d.Protocol,
	}
	c, err := odoo.ReadEnv(func(k string) string { return vars[k] })
	if err != nil {
		return c, fmt.Errorf("helpdesk: destination %q: %w", d.Name, err)
	}
	return c, nil
}

// Connect logs in to d (see EnvConfig) and returns its helpdesk service.
func (d *Destination) Connect(ctx context.Context, getenv func(string) string, opts ...odoo.Option) (*Service, error) {
	c, err := d.EnvConfig(getenv)
	if err != nil {
		return nil, err
	}
	client, err := c.Connect(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: destination %q: %w", d.Name, err)
	}
	return New(client)
}

// TransferConfig is the TransferConfig of destination d served by svc.
func (d *Destination) TransferConfig(svc *Service) TransferConfig {
	return TransferConfig{
		Service: svc, Name: d.Name,
		StageMapping: d.StageMapping, StageMappingFold: d.StageMappingFold, DefaultTeam: d.DefaultTeam,
		ChildPartnerID: d.ChildPartnerID, ParentPartnerID: d.ParentPartnerID, Assignees: d.Assignees,
		CreatePartners: d.CreatePartners, CreateSourceField: d.CreateSourceField, SourceRefField: d.SourceRefField,
		Options: TransferOptions{CloseStage: d.CloseStage},
	}
}

// String names d and where it is, without secrets.
func (d Destination) String() string {
	return fmt.Sprintf("%s (%s, database %s, login %s)", d.Name, d.URL, d.Database, d.Login)
}

// GoString is String: %#v must not print the secrets either.
func (d Destination) GoString() string { return "helpdesk.Destination(" + d.String() + ")" }

// Format prints String under every verb.
func (d Destination) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, d.GoString())
		return
	}
	fmt.Fprint(f, d.String())
}
