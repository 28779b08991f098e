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

// The records of fixed field names, for the odoo package's typed decoder
// (integers by its integer rule, see records.go).

var messageFields = fieldList("body", "author_id", "email_from", "date", "message_type", "subtype_id", "attachment_ids")

// followerRow is a mail.followers record.
type followerRow struct {
	ID      int64         `odoo:"id"`
	Partner odoo.Many2One `odoo:"partner_id"`
	Name    string        `odoo:"name"`
	Email   string        `odoo:"email"`
}

var followerFields = odoo.Fields[followerRow]()

func (r *followerRow) follower() Follower {
	return Follower{ID: r.ID, Partner: r.Partner, Name: r.Name, Email: r.Email}
}

// attachmentRow is an ir.attachment: its metadata, and the description and
// content when asked for.
type attachmentRow struct {
	ID          int64     `odoo:"id"`
	Name        string    `odoo:"name"`
	MimeType    string    `odoo:"mimetype"`
	Size        int64     `odoo:"file_size"`
	Checksum    string    `odoo:"checksum"`
	ResModel    string    `odoo:"res_model"`
	ResID       int64     `odoo:"res_id"`
	CreatedAt   time.Time `odoo:"create_date"`
	Description string    `odoo:"description"`
	Datas       string    `odoo:"datas"`
}

var attachmentFields = fieldList("name", "mimetype", "file_size", "checksum", "res_model", "res_id", "create_date")

func (a *attachmentRow) attachment() Attachment {
	return Attachment{
		ID: a.ID, Name: a.Name, MimeType: a.MimeType, Size: a.Size,
		Checksum: a.Checksum, ResModel: a.ResModel, ResID: a.ResID, CreatedAt: a.CreatedAt,
	}
}
