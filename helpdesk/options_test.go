package helpdesk

import (
	"errors"

	"testing"
	"time"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
)

func TestTicketDomain(t *testing.T) {
	since := time.Date(2025, 5, 6, 14, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	full := TicketListOptions{
		TeamID: 1, StageID: 2, UserID: 3, PartnerID: 4, TagIDs: []int64{5, 6}, TypeID: 7,
		Priority: PriorityHigh, State: StateOpen, Search: " printer ",
		CreatedSince: since, UpdatedSince: since.Add(time.Hour),
	}
	tests := []struct {
		name   string
		flavor Flavor
		opts   TicketListOptions
		want   string
	}{
		{"empty", Enterprise, TicketListOptions{}, `[]`},
		// seed 000, "Get Tickets": domain [['team_id', '=', 5]]
		{"seed team filter", Enterprise, TicketListOptions{TeamID: 5}, `[["team_id","=",5]]`},
		{"seed team filter oca", OCA, TicketListOptions{TeamID: 5}, `[["team_id","=",5]]`},
		{"closed enterprise", Enterprise, TicketListOptions{State: StateClosed}, `[["stage_id.fold","=",true]]`},
		{"closed oca", OCA, TicketListOptions{State: StateClosed}, `[["stage_id.closed","=",true]]`},
		{"open oca", OCA, TicketListOptions{State: StateOpen}, `[["stage_id.closed","=",false]]`},
		{"priority low", OCA, TicketListOptions{Priority: PriorityLow}, `[["priority","=","0"]]`},
		{"search", OCA, TicketListOptions{Search: "disk"}, `["|",["name","ilike","disk"],["description","ilike","disk"]]`},
		{"blank search ignored", OCA, TicketListOptions{Search: "  "}, `[]`},
		{"where", OCA, TicketListOptions{TeamID: 2, Where: domain.Or(domain.Eq("number", "HT00001"), domain.Eq("number", "HT00002"))},
			`[["team_id","=",2],"|",["number","=","HT00001"],["number","=","HT00002"]]`},
		{"full enterprise", Enterprise, full, `[["team_id","=",1],["stage_id","=",2],["user_id","=",3],["partner_id","=",4],` +
			`["tag_ids","in",[5,6]],["ticket_type_id","=",7],["priority","=","2"],["stage_id.fold","=",false],` +
			`"|",["name","ilike","printer"],["description","ilike","printer"],` +
			`["create_date",">=","2025-05-06 12:30:00"],["write_date",">=","2025-05-06 13:30:00"]]`},
		{"full oca", OCA, full, `[["team_id","=",1],["stage_id","=",2],["user_id","=",3],["partner_id","=",4],` +
			`["tag_ids","in",[5,6]],["type_id","=",7],["priority","=","2"],["stage_id.closed","=",false],` +
			`"|",["name","ilike","printer"],["description","ilike","printer"],` +
			`["create_date",">=","2025-05-06 12:30:00"],["write_date",">=","2025-05-06 13:30:00"]]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.opts.validate(); err != nil {
				t.Fatal(err)
			}
			d, err := tt.flavor.ticketDomain("test", &tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("domain\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestTicketDomainUnsupported(t *testing.T) {
	noTypes := OCA
	noTypes.Type = TypeSchema{}
	noTypes.Ticket.Type = ""
	_, err := noTypes.ticketDomain("Tickets.List", &TicketListOptions{TypeID: 3})
	var ue *UnsupportedError
	if !errors.As(err, &ue) || !errors.Is(err, deskbridge.ErrUnsupported) || ue.Op != "Tickets.List" {
		t.Fatalf("err = %v, want *UnsupportedError for Tickets.List", err)
	}
}

func TestTicketListOptionsValidate(t *testing.T) {
	tests := []struct {
		name  string
		opts  TicketListOptions
		field string
	}{
		{"negative team", TicketListOptions{TeamID: -1}, "TicketListOptions.TeamID"},
		{"negative stage", TicketListOptions{StageID: -2}, "TicketListOptions.StageID"},
		{"negative user", TicketListOptions{UserID: -1}, "TicketListOptions.UserID"},
		{"negative partner", TicketListOptions{PartnerID: -1}, "TicketListOptions.PartnerID"},
		{"negative type", TicketListOptions{TypeID: -1}, "TicketListOptions.TypeID"},
		{"zero tag", TicketListOptions{TagIDs: []int64{1, 0}}, "TicketListOptions.TagIDs[1]"},
		{"bad priority", TicketListOptions{Priority: "9"}, "TicketListOptions.Priority"},
		{"bad state", TicketListOptions{State: 7}, "TicketListOptions.State"},
		{"bad sort", TicketListOptions{Sort: "color"}, "TicketListOptions.Sort"},
		{"negative limit", TicketListOptions{Limit: -1}, "TicketListOptions.Limit"},
		{"negative offset", TicketListOptions{Offset: -5}, "TicketListOptions.Offset"},
		{"huge page", TicketListOptions{PageSize: MaxPageSize + 1}, "TicketListOptions.PageSize"},
		{"bad where", TicketListOptions{Where: domain.Eq("", 1)}, "TicketListOptions.Where"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.opts.validate()
			var ve *deskbridge.ArgumentError
			if !errors.As(err, &ve) || ve.Arg != tt.field || !errors.Is(err, deskbridge.ErrInvalidArgument) {
				t.Fatalf("validate() = %v, want *deskbridge.ArgumentError on %s", err, tt.field)
			}
		})
	}
}

func TestTicketOrder(t *testing.T) {
	tests := []struct {
		flavor Flavor
		opts   TicketListOptions
		want   string
	}{
		{Enterprise, TicketListOptions{}, "id asc"},
		{Enterprise, TicketListOptions{Desc: true}, "id desc"},
		{Enterprise, TicketListOptions{Sort: SortPriority, Desc: true}, "priority desc, id desc"},
		{OCA, TicketListOptions{Sort: SortCreated}, "create_date asc, id asc"},
		{OCA, TicketListOptions{Sort: SortUpdated}, "write_date asc, id asc"},
		{OCA, TicketListOptions{Sort: SortStage}, "stage_id asc, id asc"},
		{OCA, TicketListOptions{Sort: SortName}, "name asc, id asc"},
	}
	for _, tt := range tests {
		if got := tt.flavor.ticketOrder(&tt.opts); got != tt.want {
			t.Errorf("%s %+v: order %q, want %q", tt.flavor.Name, tt.opts, got, tt.want)
		}
	}
}

func TestTicketStateString(t *testing.T) {
	for s, want := range map[TicketState]string{StateAny: "any", StateOpen: "open", StateClosed: "closed", 9: "TicketState(9)"} {
		if got := s.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(s), got, want)
		}
	}
}
