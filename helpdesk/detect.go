package helpdesk

// detectModels are the models Detect asks ir.model about.
var detectModels = []string{
	"helpdesk.ticket",
	"helpdesk.team", "helpdesk.stage", "helpdesk.tag", "helpdesk.sla", "helpdesk.sla.status",
	"helpdesk.ticket.team", "helpdesk.ticket.stage", "helpdesk.ticket.tag",
	"helpdesk.ticket.type",
}

// flavorFromModels picks the flavor for the set of installed models and
// blanks out what the server lacks (ticket types without helpdesk_type,
// SLAs without their models).
func flavorFromModels(has map[string]bool) (Flavor, error) {
	if !has["helpdesk.ticket"] {
		return Flavor{}, &UnsupportedError{Flavor: "none", Operation: "Detect", Missing: "model helpdesk.ticket (neither Helpdesk nor helpdesk_mgmt is installed)"}
	}
	var f Flavor
	switch {
	case has["helpdesk.team"] && has["helpdesk.stage"]:
		f = Enterprise
	case has["helpdesk.ticket.team"] && has["helpdesk.ticket.stage"]:
		f = OCA
	default:
		return Flavor{}, &UnsupportedError{Flavor: "unknown", Operation: "Detect", Missing: "team and stage models (helpdesk.team/helpdesk.stage or helpdesk.ticket.team/helpdesk.ticket.stage)"}
	}
	if !has[f.Type.Model] {
		f.Type = TypeSchema{}
		f.Ticket.Type = ""
	}
	if !has[f.Tag.Model] {
		f.Tag = TagSchema{}
		f.Ticket.Tags = ""
	}
	if f.SLA.Model != "" && (!has[f.SLA.Model] || !has[f.SLAStatus.Model]) {
		f.SLA = SLASchema{}
		f.SLAStatus = SLAStatusSchema{}
	}
	return f, nil
}
