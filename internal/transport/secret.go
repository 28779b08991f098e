package transport

import (
	"fmt"
	"log/slog"
)

// Secret holds a credential (a password, an API key, a token, a session
// id) so that nothing can print it: String, GoString, Format (every fmt
// verb), LogValue, MarshalJSON and MarshalText all give "[REDACTED]" (or ""
// for the zero Secret), and the value itself lives in a closure. A struct
// holding a Secret in an unexported field prints the closure's address
// under any verb, even where fmt skips the Secret's methods (unexported
// fields, the "%!s(*T=...)" of a bad verb, which dereferences one
// pointer), and reflection on a copy of that struct reaches a func value,
// never the bytes. Only Reveal gives the value, for the request that sends
// it.
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
// to put the value on the wire.
func (s Secret) Reveal() string {
	if s.reveal == nil {
		return ""
	}
	return s.reveal()
}

// IsSet reports whether s holds a non-empty value.
func (s Secret) IsSet() bool { return s.reveal != nil }

// mask is what every printing method shows.
func (s Secret) mask() string {
	if s.reveal == nil {
		return ""
	}
	return redacted
}

// String returns "[REDACTED]", or "" for the zero Secret.
func (s Secret) String() string { return s.mask() }

// GoString returns "[REDACTED]", so %#v shows no secret either.
func (s Secret) GoString() string { return s.mask() }

// Format writes "[REDACTED]" for every verb and flag (%x and %q too).
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.mask())) }

// LogValue logs "[REDACTED]".
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.mask()) }

// MarshalJSON encodes "[REDACTED]" (a JSON string).
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.mask() + `"`), nil }

// MarshalText encodes "[REDACTED]".
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }
