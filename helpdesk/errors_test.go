package helpdesk

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge"
)

func TestErrorsMatchSentinels(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		target error
		text   []string
	}{
		{"validation", invalid("TicketCreate.Name", "must not be empty"), deskbridge.ErrInvalidArgument, []string{"TicketCreate.Name", "must not be empty"}},
		{"unsupported", OCA.unsupported("SLAs.List", "model helpdesk.sla"), deskbridge.ErrUnsupported, []string{"SLAs.List", "oca", "helpdesk.sla"}},
		{"not found", &deskbridge.NotFoundError{Op: "helpdesk.Tickets.Get", Model: "helpdesk.ticket", ID: 42}, deskbridge.ErrNotFound, []string{"helpdesk: Tickets.Get: helpdesk.ticket 42 not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrapped := fmt.Errorf("context: %w", tt.err)
			if !errors.Is(wrapped, tt.target) {
				t.Fatalf("errors.Is(%v, %v) = false", wrapped, tt.target)
			}
			for _, other := range []error{deskbridge.ErrInvalidArgument, deskbridge.ErrUnsupported, deskbridge.ErrNotFound, ErrChecksum} {
				if other != tt.target && errors.Is(tt.err, other) {
					t.Errorf("%v also matches %v", tt.err, other)
				}
			}
			for _, s := range tt.text {
				if !strings.Contains(tt.err.Error(), s) {
					t.Errorf("%q does not mention %q", tt.err.Error(), s)
				}
			}
		})
	}
}

func TestCheckIDs(t *testing.T) {
	tests := []struct {
		ids   []int64
		field string // "" = valid
	}{
		{[]int64{1, 2}, ""},
		{nil, "ids"},
		{[]int64{1, 0}, "ids[1]"},
		{[]int64{-3}, "ids[0]"},
	}
	for _, tt := range tests {
		err := checkIDs("ids", tt.ids)
		if tt.field == "" {
			if err != nil {
				t.Errorf("checkIDs(%v) = %v", tt.ids, err)
			}
			continue
		}
		var ve *deskbridge.ArgumentError
		if !errors.As(err, &ve) || ve.Arg != tt.field {
			t.Errorf("checkIDs(%v) = %v, want a *deskbridge.ArgumentError on %s", tt.ids, err, tt.field)
		}
	}
}
