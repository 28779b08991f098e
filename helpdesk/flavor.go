package helpdesk

// Flavor maps the typed API onto one server schema: the model and field
// names of Odoo Enterprise Helpdesk or of the OCA helpdesk_mgmt module. An
// empty model or field name means the schema has no such thing; an
// operation that needs it returns an *UnsupportedError.
//
// Enterprise and OCA are the two built-in flavors; Detect picks one from
// the server's ir.model. A Flavor holds only strings, so copying it and
// adjusting a copy (for a customised server) is safe.
type Flavor struct {
	// Name identifies the flavor in errors: "enterprise" or "oca".
	Name string

	// The helpdesk models and their fields. An empty Model means the
	// server has no such model.
	Ticket    TicketSchema
	Team      TeamSchema
	Stage     StageSchema
	Type      TypeSchema
	Tag       TagSchema
	SLA       SLASchema
	SLAStatus SLAStatusSchema

	// Chatter models, the same in both flavors (Odoo's mail and base
	// modules).
	Message    string // "mail.message"
	Follower   string // "mail.followers"
	Attachment string // "ir.attachment"
}

// TicketSchema names the ticket model and its fields.
type TicketSchema struct {
	Model        string // "helpdesk.ticket"
	Name         string // char, required
	Description  string // html
	Number       string // char, the ticket reference ("number" on OCA, "ticket_ref" on Enterprise)
	Team         string // many2one to the team model
	Stage        string // many2one to the stage model
	User         string // many2one res.users, the assignee
	Partner      string // many2one res.partner, the customer
	PartnerName  string // char
	PartnerEmail string // char
	Priority     string // selection '0'-'3'
	Type         string // many2one to the type model
	Tags         string // many2many to the tag model
	CreateDate   string // datetime
	WriteDate    string // datetime
	CloseDate    string // datetime ("close_date" on Enterprise, "closed_date" on OCA)
	// SLAFailed is a searchable boolean: an SLA of the ticket failed
	// ("sla_fail" on Enterprise, "sla_expired" on OCA with
	// helpdesk_mgmt_sla).
	SLAFailed string
}

// TeamSchema names the team model and its fields.
type TeamSchema struct {
	Model       string // "helpdesk.team" (Enterprise) or "helpdesk.ticket.team" (OCA)
	Name        string
	Description string
	Members     string // many2many res.users ("member_ids" or "user_ids")
	UseSLA      string // boolean: the team uses SLA policies ("use_sla"; OCA only with helpdesk_mgmt_sla)
}

// StageSchema names the stage model and its fields.
type StageSchema struct {
	Model    string // "helpdesk.stage" or "helpdesk.ticket.stage"
	Name     string
	Sequence string
	Fold     string // boolean: folded in the kanban view
	// Closed is the boolean that marks a closing stage: "fold" on
	// Enterprise (a folded stage closes tickets), "closed" on OCA.
	Closed string
	Teams  string // many2many to the team model

	// SharedWhenNoTeam: a stage linked to no team serves every team (OCA).
	// On Enterprise a stage serves only the teams it is linked to.
	SharedWhenNoTeam bool
}

// TypeSchema names the ticket type model (OCA: the helpdesk_type module).
type TypeSchema struct {
	Model string // "helpdesk.ticket.type"
	Name  string
}

// TagSchema names the tag model.
type TagSchema struct {
	Model string // "helpdesk.tag" or "helpdesk.ticket.tag"
	Name  string
	Color string // integer
}

// SLASchema names the SLA policy model: Enterprise Helpdesk's helpdesk.sla,
// or the OCA helpdesk_mgmt_sla module's helpdesk.sla (see OCASLA17 and
// OCASLA18). An empty field name means the schema has no such field; the
// SLA value then leaves the matching field at its zero value.
type SLASchema struct {
	Model string // "helpdesk.sla"
	Name  string // char
	Team  string // many2one to the team model (Enterprise "team_id")
	Teams string // many2many to the team model (OCA "team_ids"; none: every team)
	// Stage is the stage a ticket must reach (Enterprise and OCA 18
	// "stage_id").
	Stage string
	// Stages are the stages in which the policy applies (OCA 17
	// "stage_ids"; none: every stage).
	Stages string
	// ExcludeStages stop the clock (Enterprise "exclude_stage_ids", OCA 18
	// "ignore_stage_ids").
	ExcludeStages string
	Time          string // float, working hours to reach Stage (Enterprise "time")
	Days          string // integer, working days (OCA "days")
	Hours         string // integer, working hours (OCA "hours")
	Priority      string // selection, the minimum priority (Enterprise)
	Tags          string // many2many to the tag model ("tag_ids")
	Categories    string // many2many helpdesk.ticket.category (OCA "category_ids")
	Domain        string // char, a Python-literal domain on the ticket (OCA "domain")
	Note          string // html (Enterprise "description", OCA "note")
}

// SLAStatusSchema names where a ticket's SLA status lives: a model with one
// record per ticket and policy (Enterprise helpdesk.sla.status, OCA 18
// helpdesk.ticket.sla), or, on OCA 17, two fields of the ticket itself.
type SLAStatusSchema struct {
	Model    string // "helpdesk.sla.status" or "helpdesk.ticket.sla"; empty on OCA 17
	SLA      string // many2one helpdesk.sla
	Ticket   string // many2one helpdesk.ticket
	Deadline string // datetime
	Reached  string // datetime (Enterprise "reached_datetime")
	// Status is the selection of the state: Enterprise "status"
	// (ongoing, reached, failed), OCA 18 "state" (in_progress,
	// accomplished, expired, on_hold); see SLAState for the mapping.
	Status string
	// Expired is OCA 18's boolean "expired": expired, or in progress past
	// the deadline.
	Expired string

	// The OCA 17 module keeps one status on the ticket, written by its
	// cron (every 5 minutes): TicketDeadline ("sla_deadline", datetime)
	// and TicketExpired ("sla_expired", boolean), with the ticket's stage
	// closing flag TicketClosed ("closed").
	TicketDeadline string
	TicketExpired  string
	TicketClosed   string
}

// Enterprise is the schema of Odoo Enterprise Helpdesk (the helpdesk
// module, Odoo 16 to 19).
var Enterprise = Flavor{
	Name: "enterprise",
	Ticket: TicketSchema{
		Model:        "helpdesk.ticket",
		Name:         "name",
		Description:  "description",
		Number:       "ticket_ref",
		Team:         "team_id",
		Stage:        "stage_id",
		User:         "user_id",
		Partner:      "partner_id",
		PartnerName:  "partner_name",
		PartnerEmail: "partner_email",
		Priority:     "priority",
		Type:         "ticket_type_id",
		Tags:         "tag_ids",
		CreateDate:   "create_date",
		WriteDate:    "write_date",
		CloseDate:    "close_date",
		SLAFailed:    "sla_fail",
	},
	Team: TeamSchema{Model: "helpdesk.team", Name: "name", Description: "description", Members: "member_ids", UseSLA: "use_sla"},
	Stage: StageSchema{
		Model: "helpdesk.stage", Name: "name", Sequence: "sequence", Fold: "fold", Closed: "fold", Teams: "team_ids",
	},
	Type: TypeSchema{Model: "helpdesk.ticket.type", Name: "name"},
	Tag:  TagSchema{Model: "helpdesk.tag", Name: "name", Color: "color"},
	SLA: SLASchema{
		Model: "helpdesk.sla", Name: "name", Team: "team_id", Stage: "stage_id", ExcludeStages: "exclude_stage_ids",
		Time: "time", Priority: "priority", Tags: "tag_ids", Note: "description",
	},
	SLAStatus: SLAStatusSchema{
		Model: "helpdesk.sla.status", SLA: "sla_id", Ticket: "ticket_id",
		Deadline: "deadline", Reached: "reached_datetime", Status: "status",
	},
	Message:    "mail.message",
	Follower:   "mail.followers",
	Attachment: "ir.attachment",
}

// OCA is the schema of the OCA helpdesk_mgmt module with helpdesk_type
// (Odoo Community). It has no SLA models: SLAs and SLAStatus return
// deskbridge.ErrUnsupported. With the helpdesk_mgmt_sla module installed, Detect
// answers OCASLA17 or OCASLA18 instead.
var OCA = Flavor{
	Name: "oca",
	Ticket: TicketSchema{
		Model:        "helpdesk.ticket",
		Name:         "name",
		Description:  "description",
		Number:       "number",
		Team:         "team_id",
		Stage:        "stage_id",
		User:         "user_id",
		Partner:      "partner_id",
		PartnerName:  "partner_name",
		PartnerEmail: "partner_email",
		Priority:     "priority",
		Type:         "type_id",
		Tags:         "tag_ids",
		CreateDate:   "create_date",
		WriteDate:    "write_date",
		CloseDate:    "closed_date",
	},
	Team: TeamSchema{Model: "helpdesk.ticket.team", Name: "name", Members: "user_ids"},
	Stage: StageSchema{
		Model: "helpdesk.ticket.stage", Name: "name", Sequence: "sequence", Fold: "fold", Closed: "closed", Teams: "team_ids",
		SharedWhenNoTeam: true,
	},
	Type:       TypeSchema{Model: "helpdesk.ticket.type", Name: "name"},
	Tag:        TagSchema{Model: "helpdesk.ticket.tag", Name: "name", Color: "color"},
	Message:    "mail.message",
	Follower:   "mail.followers",
	Attachment: "ir.attachment",
}

// OCASLA17 is OCA with the helpdesk_mgmt_sla module of the 16.0 and 17.0
// branches: policies in helpdesk.sla (teams, stages in which they apply,
// categories, tags, a domain, working days and hours) and one SLA status
// per ticket in its sla_deadline and sla_expired fields, written by the
// module's cron every 5 minutes.
var OCASLA17 = ocaSLA(false)

// OCASLA18 is OCA with the helpdesk_mgmt_sla module of the 18.0 branch:
// policies with a stage to reach and stages that stop the clock, and one
// helpdesk.ticket.sla line per ticket and policy with its state.
var OCASLA18 = ocaSLA(true)

func ocaSLA(lines bool) Flavor {
	f := OCA
	f.Team.UseSLA = "use_sla"
	// stored on 17 (as of the cron's last run), a search method on 18
	f.Ticket.SLAFailed = "sla_expired"
	f.SLA = SLASchema{
		Model: "helpdesk.sla", Name: "name", Teams: "team_ids", Days: "days", Hours: "hours",
		Tags: "tag_ids", Categories: "category_ids", Domain: "domain", Note: "note",
	}
	if lines {
		f.SLA.Stage, f.SLA.ExcludeStages = "stage_id", "ignore_stage_ids"
		f.SLAStatus = SLAStatusSchema{Model: "helpdesk.ticket.sla", SLA: "sla_id", Ticket: "ticket_id",
			Deadline: "deadline", Status: "state", Expired: "expired"}
	} else {
		f.SLA.Stages = "stage_ids"
		f.SLAStatus = SLAStatusSchema{TicketDeadline: "sla_deadline", TicketExpired: "sla_expired", TicketClosed: "closed"}
	}
	return f
}
