package odoo

import (
	"testing"
	"time"
)

// fixedDateTime (the one-pass decoder's datetime reader and the first step
// of ParseDateTime) agrees with time.Parse on DateTimeLayout.
func TestFixedDateTimeAgrees(t *testing.T) {
	for _, s := range []string{
		"2026-11-24 15:42:08", "2024-02-29 00:00:00", "2026-02-29 10:00:00", "2026-02-30 10:00:00",
		"2026-13-01 00:00:00", "2026-00-10 00:00:00", "2026-01-00 00:00:00", "2026-01-01 24:00:00",
		"2026-01-01 23:60:00", "2026-01-01 23:59:60", "0001-01-01 00:00:00", "2026-1-01 00:00:00",
		"2026-01-01T00:00:00", "2026-01-01 00:00:0x", "2026-01-01 00:00:00.5",
	} {
		got, ok := fixedDateTime([]byte(s))
		want, err := time.Parse(DateTimeLayout, s)
		if ok && (err != nil || !got.Equal(want)) {
			t.Errorf("fixedDateTime(%q) = %v, time.Parse = %v, %v", s, got, want, err)
		}
		if !ok && err == nil && s != "2026-01-01 00:00:00.5" {
			// Only forms time.Parse refuses, or that parseOdooTime's
			// layouts read, may be left to them.
			if p, perr := ParseDateTime(s); perr != nil || !p.Equal(want) {
				t.Errorf("ParseDateTime(%q) = %v, %v; want %v", s, p, perr, want)
			}
		}
	}
}

func TestParseDateTime(t *testing.T) {
	for s, want := range map[string]time.Time{
		"2026-11-24 15:42:08":       time.Date(2026, 11, 24, 15, 42, 8, 0, time.UTC),
		"2026-11-24 15:42:08.25":    time.Date(2026, 11, 24, 15, 42, 8, 25e7, time.UTC),
		"2026-11-24T15:42:08":       time.Date(2026, 11, 24, 15, 42, 8, 0, time.UTC),
		"2026-11-24T16:42:08+01:00": time.Date(2026, 11, 24, 15, 42, 8, 0, time.UTC),
		"2026-11-24":                time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
	} {
		got, err := ParseDateTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"", "soon", "2026-02-30 10:00:00", "24/11/2026"} {
		if _, err := ParseDateTime(bad); err == nil {
			t.Errorf("ParseDateTime(%q) accepted", bad)
		}
	}
}
