package helpdesk

import (
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
)

func TestBuiltinFlavorsValid(t *testing.T) {
	for _, f := range []Flavor{Enterprise, OCA} {
		if err := f.Validate(); err != nil {
			t.Errorf("%s.Validate() = %v", f.Name, err)
		}
	}
	if !Enterprise.HasSLA() || OCA.HasSLA() {
		t.Errorf("HasSLA: enterprise %v, oca %v; want true, false", Enterprise.HasSLA(), OCA.HasSLA())
	}
	if !Enterprise.HasTypes() || !OCA.HasTypes() || !Enterprise.HasTags() || !OCA.HasTags() {
		t.Error("built-in flavors must have types and tags")
	}
}

func TestFlavorValidateMissing(t *testing.T) {
	f := OCA
	f.Stage.Closed = ""
	err := f.Validate()
	var ve *deskbridge.ArgumentError
	if !errors.As(err, &ve) || ve.Arg != "Flavor.Stage.Closed" || !errors.Is(err, deskbridge.ErrInvalidArgument) {
		t.Fatalf("Validate() = %v, want *deskbridge.ArgumentError on Flavor.Stage.Closed", err)
	}
	if OCA.Stage.Closed != "closed" {
		t.Fatal("editing a copy changed the OCA flavor")
	}
}

// The captures' ir.model listing (capture 13) is an OCA server with
// helpdesk_type.
var capture13Models = []string{
	"helpdesk.ticket", "helpdesk.ticket.team", "helpdesk.ticket.category",
	"helpdesk.ticket.channel", "helpdesk.ticket.stage", "helpdesk.ticket.tag", "helpdesk.ticket.type",
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

func TestFlavorFromModels(t *testing.T) {
	enterprise := []string{"helpdesk.ticket", "helpdesk.team", "helpdesk.stage", "helpdesk.tag", "helpdesk.ticket.type", "helpdesk.sla", "helpdesk.sla.status"}
	tests := []struct {
		name      string
		models    []string
		want      string
		types     bool
		sla       bool
		wantError bool
	}{
		{"capture 13 (OCA + helpdesk_type)", capture13Models, "oca", true, false, false},
		{"OCA without helpdesk_type", []string{"helpdesk.ticket", "helpdesk.ticket.team", "helpdesk.ticket.stage", "helpdesk.ticket.tag"}, "oca", false, false, false},
		{"enterprise", enterprise, "enterprise", true, true, false},
		{"enterprise without sla.status", enterprise[:6], "enterprise", true, false, false},
		{"no helpdesk", []string{"res.partner"}, "", false, false, true},
		{"ticket without teams", []string{"helpdesk.ticket"}, "", false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := flavorFromModels(set(tt.models...))
			if tt.wantError {
				if !errors.Is(err, deskbridge.ErrUnsupported) {
					t.Fatalf("err = %v, want deskbridge.ErrUnsupported", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.Name != tt.want || f.HasTypes() != tt.types || f.HasSLA() != tt.sla {
				t.Errorf("got %s types=%v sla=%v, want %s types=%v sla=%v", f.Name, f.HasTypes(), f.HasSLA(), tt.want, tt.types, tt.sla)
			}
			if err := f.Validate(); err != nil {
				t.Errorf("detected flavor invalid: %v", err)
			}
		})
	}
}
