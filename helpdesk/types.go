package helpdesk

import (
	"encoding/json"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// Ticket is a helpdesk ticket in either flavor. A field the server's
// schema lacks stays at its zero value.
type Ticket struct {
	ID           int64
	Name         string        // the subject
	Description  string        // HTML
	Number       string        // the server's reference (OCA "number", Enterprise "ticket_ref")
	Team         odoo.Many2One // helpdesk team
	Stage        odoo.Many2One
	User         odoo.Many2One // the assignee (res.users)
	Partner      odoo.Many2One // the customer (res.partner)
	PartnerName  string
	PartnerEmail string
	Priority     Priority
	Type         odoo.Many2One // ticket type
	TagIDs       []int64
	CreatedAt    time.Time // UTC
	UpdatedAt    time.Time // UTC
	ClosedAt     time.Time // UTC; zero while open
	// Extra holds the fields named with WithTicketFields (custom x_
	// fields, ...), each as the server's raw JSON (false when empty);
	// read one with TicketField. Nil without WithTicketFields.
	Extra map[string]json.RawMessage
}

// Team is a helpdesk team.
type Team struct {
	ID          int64
	Name        string
	Description string  // HTML; always empty on OCA, which has no description
	MemberIDs   []int64 // res.users ids
	// UseSLA reports whether the team applies SLA policies (Enterprise;
	// OCA with helpdesk_mgmt_sla; false elsewhere).
	UseSLA bool
}

// Stage is a ticket stage.
type Stage struct {
	ID       int64
	Name     string
	Sequence int64
	Fold     bool // folded in the kanban view
	// Closed reports whether tickets in this stage are closed: the fold
	// flag on Enterprise, the closed flag on OCA.
	Closed  bool
	TeamIDs []int64 // the teams using it (OCA: empty means every team)
}

// TicketType is a ticket type.
type TicketType struct {
	ID   int64
	Name string
}

// Tag is a ticket tag.
type Tag struct {
	ID    int64
	Name  string
	Color int64 // Odoo's color index, 0 to 11
}

// Message is a chatter message of a ticket (mail.message).
type Message struct {
	ID            int64
	Body          string        // HTML
	Author        odoo.Many2One // res.partner
	EmailFrom     string
	Date          time.Time // UTC
	Type          string    // message_type: "comment", "notification", "email", ...
	Subtype       odoo.Many2One
	AttachmentIDs []int64
}

// Follower is a partner following a ticket (mail.followers).
type Follower struct {
	ID      int64
	Partner odoo.Many2One
	Name    string
	Email   string
}

// Attachment is a file attached to a ticket (ir.attachment). Its content is
// read with Attachments.Download.
type Attachment struct {
	ID        int64
	Name      string
	MimeType  string
	Size      int64  // bytes
	Checksum  string // SHA-1 of the content, hex, as the server computes it
	ResModel  string
	ResID     int64
	CreatedAt time.Time // UTC
}

// fields and decode functions, per flavor.

var messageFields = fieldList("body", "author_id", "email_from", "date", "message_type", "subtype_id", "attachment_ids")

var followerFields = fieldList("partner_id", "name", "email")

func decodeFollower(model string, r row) (Follower, error) {
	d := decoder{r: r, model: model}
	v := Follower{ID: d.int("id"), Partner: d.m2o("partner_id"), Name: d.str("name"), Email: d.str("email")}
	return v, d.err
}

var attachmentFields = fieldList("name", "mimetype", "file_size", "checksum", "res_model", "res_id", "create_date")

func decodeAttachment(model string, r row) (Attachment, error) {
	d := decoder{r: r, model: model}
	v := Attachment{
		ID: d.int("id"), Name: d.str("name"), MimeType: d.str("mimetype"), Size: d.int("file_size"),
		Checksum: d.str("checksum"), ResModel: d.str("res_model"), ResID: d.int("res_id"), CreatedAt: d.time("create_date"),
	}
	return v, d.err
}
