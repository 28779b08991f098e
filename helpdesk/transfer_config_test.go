package helpdesk

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/internal/leaktest"
)

// destSecrets are the inline secrets of destFile.
var destSecrets = []string{"pw-inline-5f1e9c2a", "key-inline-7b3d0e4f", "cs-inline-2a6c8e0b"}

// destFile has one destination with inline secrets and one naming
// environment variables.
const destFile = `{
  "source": {"url": "https://old.example.com", "database": "old", "login": "bot", "api_key_env": "OLD_KEY"},
  "destinations": {
    "inline": {"url": "https://eu.example.com", "database": "eu", "login": "bot", "password": "pw-inline-5f1e9c2a",
      "api_key": "key-inline-7b3d0e4f", "client_id": "app", "client_secret": "cs-inline-2a6c8e0b", "protocol": "restv2"},
    "env": {"url": "https://us.example.com", "database": "us", "login": "bot", "password_env": "US_PASSWORD",
      "client_id": "app", "client_secret_env": "US_CS", "protocol": "restv2"}
  }
}`

// TestDestinationsNeverPrintSecrets: a loaded configuration shows no piece
// of its inline secrets however it is printed (every fmt verb, slog, JSON,
// every string reflection reaches, fmt of reflect.Values) and wherever it
// is kept (a slice or map of Destinations, a struct with an unexported
// field, which fmt prints field by field, a panic). It failed while the
// secrets were plain strings.
func TestDestinationsNeverPrintSecrets(t *testing.T) {
	d, err := ParseDestinations([]byte(destFile))
	if err != nil {
		t.Fatal(err)
	}
	in, err := d.Get("inline")
	if err != nil {
		t.Fatal(err)
	}
	leaktest.Check(t, destSecrets, leaktest.Containers(*in)...)
	leaktest.Check(t, destSecrets, leaktest.Containers(*d)...)
	leaktest.Check(t, destSecrets, []Destination{*in, *d.Source}, map[string]Destination{"inline": *in}, d.Destinations)
	leaktest.CheckReflect(t, destSecrets, d)
	leaktest.CheckReflect(t, destSecrets, []Destination{*in})
	if got := leaktest.Recovered(func() { panic(struct{ d Destination }{*in}) }); leaktest.Leak(got, destSecrets...) != "" {
		t.Errorf("panic prints %q", got)
	}
}

// TestDestinationSecretsLoad: inline and *_env secrets reach the odoo
// configuration; a file written back by json.Marshal has them masked,
// and loading it again says so instead of taking the mask as a password.
func TestDestinationSecretsLoad(t *testing.T) {
	d, err := ParseDestinations([]byte(destFile))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OLD_KEY": "old-key-value", "US_PASSWORD": "us-pw-value", "US_CS": "us-cs-value"}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		name           string
		dst            *Destination
		pw, key, csecr string
	}{
		{"inline", d.Destinations["inline"], destSecrets[0], destSecrets[1], destSecrets[2]},
		{"env", d.Destinations["env"], "us-pw-value", "", "us-cs-value"},
		{"source", d.Source, "", "old-key-value", ""},
	} {
		c, err := tc.dst.EnvConfig(getenv)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if c.Password.Reveal() != tc.pw || c.APIKey.Reveal() != tc.key || c.ClientSecret.Reveal() != tc.csecr {
			t.Errorf("%s: secrets %q %q %q, want %q %q %q", tc.name,
				c.Password.Reveal(), c.APIKey.Reveal(), c.ClientSecret.Reveal(), tc.pw, tc.key, tc.csecr)
		}
	}
	in := d.Destinations["inline"]
	if !in.Password.Equal(deskbridge.NewSecret(destSecrets[0])) || !d.Destinations["env"].Password.IsZero() {
		t.Errorf("inline password %v, env password set: %v", in.Password, !d.Destinations["env"].Password.IsZero())
	}

	js, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if leaktest.Leak(string(js), destSecrets...) != "" {
		t.Fatalf("json shows a secret: %s", js)
	}
	if _, err := ParseDestinations(js); !errors.Is(err, deskbridge.ErrInvalidArgument) || !errors.Is(err, deskbridge.ErrMaskedSecret) {
		t.Errorf("reloading a masked file: %v, want deskbridge.ErrInvalidArgument and ErrMaskedSecret", err)
	}
	for _, bad := range []string{`{"destinations": {"x": {"url": "http://x", "password": 12}}}`, `{"destinations": {"x": {"url": "http://x", "api_key": ["k"]}}}`} {
		if _, err := ParseDestinations([]byte(bad)); !errors.Is(err, deskbridge.ErrInvalidArgument) {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
	if d, err := ParseDestinations([]byte(`{"destinations": {"x": {"url": "http://x", "password": null, "api_key": ""}}}`)); err != nil ||
		!d.Destinations["x"].Password.IsZero() || !d.Destinations["x"].APIKey.IsZero() {
		t.Errorf("null and empty secrets: %v", err)
	}
}
