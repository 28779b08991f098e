package deskbridge

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
)

// masked is what every printing of a set Secret shows.
const masked = "[REDACTED]"

// ErrMaskedSecret is returned when a Secret is read (UnmarshalJSON,
// UnmarshalText) from "[REDACTED]", the text a Secret prints as: a
// configuration written out by json.Marshal holds no secret to read back,
// and taking the mask for the password would only fail later at login.
var ErrMaskedSecret = errors.New(`deskbridge: a secret reads "[REDACTED]": the mask, not a value`)

// Secret holds a credential (a password, an API key, an OAuth2 client
// secret, a token, a session id) so that nothing can print it. String,
// GoString, Format (every fmt verb and flag), LogValue, MarshalJSON and
// MarshalText give "[REDACTED]", or "" for the zero Secret, and the value
// itself lives in a closure: a struct holding a Secret in an exported or
// unexported field, printed with any verb, walked with reflection
// (reflect.Value.String, Interface, go-spew, testify's diffs) or copied,
// reaches a func value, never the bytes. Only Reveal gives the value, for
// the request that sends it.
//
// The zero Secret means "unset" (IsZero); NewSecret("") gives it too. A
// Secret decodes from a JSON string (UnmarshalJSON) or text
// (UnmarshalText), so configuration files keep plain "password": "..."
// entries. Because the value is a closure, reflect.DeepEqual (and so
// testify's Equal) never finds two set Secrets equal, not even a copy:
// compare with Equal, which go-cmp uses too.
type Secret struct {
	reveal func() string // nil for the zero Secret
}

// NewSecret returns a Secret holding s; "" gives the zero Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{reveal: func() string { return s }}
}

// Reveal returns the secret's value, "" for the zero Secret. Call it only
// to put the value on the wire (or hand it to a library that will).
func (s Secret) Reveal() string {
	if s.reveal == nil {
		return ""
	}
	return s.reveal()
}

// IsZero reports whether s is unset (the zero Secret). encoding/json's
// omitzero option leaves an unset Secret out.
func (s Secret) IsZero() bool { return s.reveal == nil }

// Equal reports whether s and o hold the same value, in time that does not
// depend on where they differ.
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(o.Reveal())) == 1
}

// mask is what every printing method shows.
func (s Secret) mask() string {
	if s.reveal == nil {
		return ""
	}
	return masked
}

// String returns "[REDACTED]", or "" for the zero Secret.
func (s Secret) String() string { return s.mask() }

// GoString returns "[REDACTED]", so %#v shows no secret either.
func (s Secret) GoString() string { return s.mask() }

// Format writes "[REDACTED]" for every verb and flag (%x, %d and %q too).
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.mask())) }

// LogValue logs "[REDACTED]".
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.mask()) }

// MarshalJSON encodes "[REDACTED]" (a JSON string), "" for the zero
// Secret.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.mask() + `"`), nil }

// MarshalText encodes "[REDACTED]", nothing for the zero Secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }

// UnmarshalJSON reads a JSON string (null and "" give the zero Secret).
// The mask "[REDACTED]" is refused with ErrMaskedSecret.
func (s *Secret) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = Secret{}
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return errors.New("deskbridge: a secret must be a JSON string") // never the value: it may be the secret
	}
	return s.set(v)
}

// UnmarshalText reads the text as the value ("" gives the zero Secret).
// The mask "[REDACTED]" is refused with ErrMaskedSecret.
func (s *Secret) UnmarshalText(b []byte) error { return s.set(string(b)) }

func (s *Secret) set(v string) error {
	if v == masked {
		return ErrMaskedSecret
	}
	*s = NewSecret(v)
	return nil
}
