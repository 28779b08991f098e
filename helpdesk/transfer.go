package helpdesk

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// DefaultSourceRefField is the destination ticket field that records where
// a transferred ticket came from, when TransferConfig.SourceRefField is
// empty. It is a custom field (char): create it once on the destination
// (Settings > Technical > Fields, model helpdesk.ticket, type Char);
// CheckDestination reports it missing.
const DefaultSourceRefField = "x_deskbridge_source"

// TransferConfig describes the destination of a transfer.
type TransferConfig struct {
	// Service is the destination helpdesk (required).
	Service *Service
	// Name names the destination in notes and the report (default: its
	// database and host).
	Name string

	// StageMapping maps a source stage name to a destination stage name,
	// matched exactly (case-sensitive). A source stage absent from the map
	// goes to the destination stage of the same name. With
	// StageMappingFold, a name that has no exact match is matched
	// case-insensitively (the map's keys and the destination's stages).
	// A stage with no match is left to the destination's default (the
	// team's first stage) and noted in the ticket's Warnings.
	StageMapping     map[string]string
	StageMappingFold bool

	// DefaultTeam is the destination team name used when the source
	// ticket's team has no team of the same name on the destination.
	DefaultTeam string

	// ChildPartnerID and ParentPartnerID are destination res.partner ids
	// to set as the customer of every transferred ticket: the child (a
	// contact) when set, else the parent (its company). With neither, the
	// customer is the destination partner with the source ticket's
	// customer e-mail, if there is one. The source ticket's customer name
	// and e-mail are copied in every case.
	ChildPartnerID  int64
	ParentPartnerID int64

	// Assignees maps source res.users ids to destination res.users ids.
	// A ticket whose assignee is not in the map gets no assignee on the
	// destination (user_id is written empty, so that the destination's
	// auto-assignment does not give it to the transferring user).
	Assignees map[int64]int64

	// CreatePartners creates, on the destination, a partner (name and
	// e-mail) for each source follower whose e-mail has none, so that it
	// can follow; without it such a follower is a named skip.
	CreatePartners bool

	// CreateSourceField creates SourceRefField on the destination (see
	// EnsureSourceField) when it is missing, instead of failing.
	CreateSourceField bool

	// SourceRefField is the destination ticket field (char) that records
	// the source of a transferred ticket, "<source ref>:<ticket id>", and
	// makes Transfer idempotent (default DefaultSourceRefField).
	SourceRefField string
	// SourceRef identifies the source instance in SourceRefField and in
	// copied messages' markers (default "<database>@<host>" of the source
	// client). Keep it stable: a ticket transferred under another ref is
	// not recognised.
	SourceRef string
	// SourceName names the source in notes and the report (default:
	// SourceRef).
	SourceName string

	// Options are the options Transfer uses when given nil.
	Options TransferOptions
}

// TransferOptions choose what a Transfer copies and does.
type TransferOptions struct {
	// Messages copies the chatter: messages, e-mails, notes and logs, with
	// their original dates, types, subtypes (by name) and authors (the
	// destination partner with the author's e-mail; otherwise no author
	// and the body prefixed with the author's name).
	Messages bool
	// Followers subscribes the destination partners whose e-mail is a
	// source follower's; followers without one are counted as skipped.
	Followers bool
	// Attachments copies the ticket's files (content, name, MIME type),
	// linked to the copied message they were posted with.
	Attachments bool
	// CloseOriginal moves the source ticket to a closing stage once the
	// copy is complete: CloseStage (by id or exact name), or by default
	// the stage Tickets.Close picks (the team's first closing stage that
	// is not a cancel or reject stage).
	CloseOriginal bool
	CloseStage    StageRef
	// Note posts an internal note on both tickets naming (and linking)
	// the other, followed by NoteText when set.
	Note     bool
	NoteText string
	// RecordHistory posts the ticket's transfer record (its line of the
	// report) as an internal note on the source ticket.
	RecordHistory bool
	// DryRun reads everything and writes nothing: the report says what a
	// real run would copy (status planned).
	DryRun bool

	// MaxMessageBytes and MaxAttachmentBytes skip, as named and counted
	// skips, a message whose body is larger and an attachment whose
	// content is larger (0: no limit). The destination may refuse larger
	// records (a proxy's body limit, ir.attachment size limits); the rest
	// of the ticket is transferred.
	MaxMessageBytes    int
	MaxAttachmentBytes int64

	// History, when set, gets each ticket's record as soon as the ticket
	// is done (see OpenHistory), so an interrupted run keeps the records
	// of the tickets it finished.
	History *History

	// Concurrency is how many tickets are transferred at the same time
	// (default 1: one after the other).
	Concurrency int
	// Progress is called after each ticket, from one goroutine at a time.
	Progress func(TransferProgress)
}

// TransferProgress is reported after each ticket.
type TransferProgress struct {
	Done, Total int
	Ticket      TicketTransfer // the ticket just finished
}

// Batch sizes: chatter goes in requests of at most this many records (or
// bytes of attachment content), so the number of round trips per ticket
// does not grow with its chatter until these are reached.
const (
	transferReadChunk     = 200      // tickets per read
	transferBatchRecords  = 500      // messages per create
	transferBatchAttIDs   = 200      // attachments per read/create
	transferBatchAttBytes = 32 << 20 // attachment bytes per read/create
)

// transferContext keeps Odoo's side effects off records the transfer
// creates: no "Ticket created" message, no follower added for the API
// user, no tracking message for the initial stage.
var transferContext = map[string]any{"mail_create_nolog": true, "mail_create_nosubscribe": true, "tracking_disable": true}

// Transfer copies tickets from src to dst.Service: each ticket with its
// name, description, priority, customer, team, type and tags (by name)
// and stage (through the stage mapping), then its chatter as opts say;
// then it posts the transfer notes and closes the original when asked.
// With opts nil it uses dst.Options.
//
// It is idempotent: the destination ticket records its source in
// dst.SourceRefField, copied messages keep their Message-Id (or get one
// naming their source), and attachments are matched by name and checksum,
// so a second Transfer of a ticket creates no duplicate: it skips the
// ticket, or completes what an interrupted run left out.
//
// The chatter of a ticket goes in a fixed number of round trips whatever
// its size (batched creates, reads by ids in chunks of up to 200 records
// or 32 MiB). Tickets run opts.Concurrency at a time.
//
// The report is returned whenever the arguments are valid, with a record
// per ticket. The error is a *deskbridge.ArgumentError for bad arguments, the cause
// when the run could not start (flavors, catalogs), and otherwise matches
// ErrTransferIncomplete when a ticket failed or is partial.
func Transfer(ctx context.Context, src *Service, dst TransferConfig, ticketIDs []int64, opts *TransferOptions) (*TransferReport, error) {
	if src == nil {
		return nil, invalid("src", "must not be nil")
	}
	if dst.Service == nil {
		return nil, invalid("TransferConfig.Service", "must not be nil")
	}
	if err := checkIDs("ticketIDs", ticketIDs); err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(ticketIDs))
	for _, id := range ticketIDs {
		if seen[id] {
			return nil, invalid("ticketIDs", "ticket %d is listed twice", id)
		}
		seen[id] = true
	}
	o := dst.Options
	if opts != nil {
		o = *opts
	}
	if o.Concurrency < 0 {
		return nil, invalid("TransferOptions.Concurrency", "must not be negative, got %d", o.Concurrency)
	}
	if o.Concurrency == 0 {
		o.Concurrency = 1
	}
	if err := o.CloseStage.check("TransferOptions.CloseStage"); err != nil {
		return nil, err
	}
	if o.MaxMessageBytes < 0 || o.MaxAttachmentBytes < 0 {
		return nil, invalid("TransferOptions.MaxMessageBytes", "limits must not be negative")
	}
	for from, to := range dst.Assignees {
		if from <= 0 || to <= 0 {
			return nil, invalid("TransferConfig.Assignees", "ids must be positive, got %d: %d", from, to)
		}
	}
	if err := checkOptionalID("TransferConfig.ChildPartnerID", dst.ChildPartnerID); err != nil {
		return nil, err
	}
	if err := checkOptionalID("TransferConfig.ParentPartnerID", dst.ParentPartnerID); err != nil {
		return nil, err
	}
	if dst.SourceRefField == "" {
		dst.SourceRefField = DefaultSourceRefField
	}
	if dst.SourceRef == "" {
		dst.SourceRef = instanceRef(src.client)
	}
	if dst.SourceName == "" {
		dst.SourceName = dst.SourceRef
	}
	if dst.Name == "" {
		dst.Name = instanceRef(dst.Service.client)
	}

	start := time.Now()
	rep := &TransferReport{Source: dst.SourceName, Destination: dst.Name, DryRun: o.DryRun, Started: start.UTC()}
	run := &transferRun{src: src, dst: dst.Service, cfg: dst, opts: o}
	if err := run.prepare(ctx); err != nil {
		return nil, err
	}

	rep.Tickets = make([]TicketTransfer, len(ticketIDs))
	var (
		mu   sync.Mutex
		done int
	)
	finish := func(i int, t TicketTransfer) {
		mu.Lock()
		defer mu.Unlock()
		rep.Tickets[i] = t
		done++
		if o.History != nil && !o.DryRun {
			if err := o.History.append(rep, &t); err != nil && t.Status != StatusFailed {
				rep.Tickets[i].Warnings = append(rep.Tickets[i].Warnings, "history not written: "+err.Error())
			}
		}
		if o.Progress != nil {
			o.Progress(TransferProgress{Done: done, Total: len(ticketIDs), Ticket: t})
		}
	}

	// Tickets are read, and looked up on the destination, a chunk at a
	// time; the chunk's tickets then run o.Concurrency at a time.
	sem := make(chan struct{}, o.Concurrency)
	var wg sync.WaitGroup
	for lo := 0; lo < len(ticketIDs); lo += transferReadChunk {
		hi := min(lo+transferReadChunk, len(ticketIDs))
		chunk := ticketIDs[lo:hi]
		rows, existing, err := run.loadChunk(ctx, chunk)
		for j, id := range chunk {
			if err != nil {
				finish(lo+j, TicketTransfer{SourceID: id, Status: StatusFailed,
					Errors: []*TransferStepError{{Step: "read source", Err: err}}})
				continue
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				finish(lo+j, TicketTransfer{SourceID: id, Status: StatusFailed,
					Errors: []*TransferStepError{{Step: "read source", Err: ctx.Err()}}})
				continue
			}
			wg.Add(1)
			go func(i int, id int64) {
				defer wg.Done()
				defer func() { <-sem }()
				t, ok := rows[id]
				finish(i, run.ticket(ctx, id, t, ok, existing[id]))
			}(lo+j, id)
		}
		wg.Wait() // the next chunk's lookups see this chunk's creates
	}
	rep.Duration = time.Since(start)
	rep.total()
	return rep, rep.err()
}

// instanceRef names an instance "<database>@<host>".
func instanceRef(c *odoo.Client) string {
	host := c.URL()
	if u, err := url.Parse(host); err == nil && u.Host != "" {
		host = u.Host
	}
	return c.Database() + "@" + host
}
