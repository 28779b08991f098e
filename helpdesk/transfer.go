package helpdesk

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/domain"
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
// per ticket. The error is a *ValidationError for bad arguments, the cause
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

// transferRun holds what every ticket of a Transfer shares: both flavors
// and the destination's catalogs, read once.
type transferRun struct {
	src, dst *Service
	cfg      TransferConfig
	opts     TransferOptions
	sf, df   *Flavor

	teams, stagesByName, types, tags, subtypes nameIndex
	stages                                     []Stage // destination
	srcTags                                    map[int64]string
	srcStages                                  []Stage // source candidates for CloseOriginal
	descRequired                               bool
	dstFields                                  map[string]odoo.FieldInfo // destination ticket fields
	trackFields                                []string                  // source mail.tracking.value fields to render logs with
	srcBot, dstBot                             int64                     // OdooBot's partner (base.partner_root) on each side
}

// nameIndex finds ids by name, exactly or case-insensitively.
type nameIndex struct {
	exact map[string]int64
	fold  map[string]int64
}

func newNameIndex() nameIndex {
	return nameIndex{exact: map[string]int64{}, fold: map[string]int64{}}
}

// add keeps the first id of a name (the catalogs are read in the model's
// order, so the first is the preferred one).
func (n nameIndex) add(name string, id int64) {
	if _, ok := n.exact[name]; !ok {
		n.exact[name] = id
	}
	k := strings.ToLower(strings.TrimSpace(name))
	if _, ok := n.fold[k]; !ok {
		n.fold[k] = id
	}
}

func (n nameIndex) find(name string, fold bool) int64 {
	if id, ok := n.exact[name]; ok {
		return id
	}
	if fold {
		return n.fold[strings.ToLower(strings.TrimSpace(name))]
	}
	return 0
}

// prepare reads both flavors and the catalogs, through the services'
// own calls.
func (r *transferRun) prepare(ctx context.Context) error {
	var err error
	if r.sf, err = r.src.flavorPtr(ctx); err != nil {
		return fmt.Errorf("helpdesk: transfer: source: %w", err)
	}
	if r.df, err = r.dst.flavorPtr(ctx); err != nil {
		return fmt.Errorf("helpdesk: transfer: destination: %w", err)
	}
	df := r.df
	fields, err := r.dst.client.FieldsGet(ctx, df.Ticket.Model, &odoo.FieldsGetOptions{Attributes: []string{"type", "required", "readonly"}})
	if err != nil {
		return fmt.Errorf("helpdesk: transfer: destination: %w", err)
	}
	if _, ok := fields[r.cfg.SourceRefField]; !ok && r.cfg.CreateSourceField && !r.opts.DryRun {
		if err := EnsureSourceField(ctx, r.dst, r.cfg.SourceRefField); err != nil {
			return fmt.Errorf("helpdesk: transfer: %w", err)
		}
		fields[r.cfg.SourceRefField] = odoo.FieldInfo{Type: "char"}
	}
	if fi, ok := fields[r.cfg.SourceRefField]; !ok {
		return &UnsupportedError{Flavor: df.Name, Operation: "Transfer",
			Missing: "field " + df.Ticket.Model + "." + r.cfg.SourceRefField + " (a char field recording the source ticket; create it with EnsureSourceField or TransferConfig.CreateSourceField)"}
	} else if fi.Type != "" && fi.Type != "char" && fi.Type != "text" {
		return invalid("TransferConfig.SourceRefField", "%s.%s is a %s field, want char", df.Ticket.Model, r.cfg.SourceRefField, fi.Type)
	}
	r.dstFields = fields
	r.descRequired = fields[df.Ticket.Description].Required

	teams, err := r.dst.Teams.List(ctx)
	if err != nil {
		return fmt.Errorf("helpdesk: transfer: destination teams: %w", err)
	}
	r.teams = newNameIndex()
	for _, t := range teams {
		r.teams.add(t.Name, t.ID)
	}
	if r.cfg.DefaultTeam != "" && r.teams.find(r.cfg.DefaultTeam, true) == 0 {
		return invalid("TransferConfig.DefaultTeam", "no team %q on the destination", r.cfg.DefaultTeam)
	}
	if r.stages, err = r.dst.Stages.List(ctx, 0); err != nil {
		return fmt.Errorf("helpdesk: transfer: destination stages: %w", err)
	}
	r.stagesByName = newNameIndex()
	for _, s := range r.stages {
		r.stagesByName.add(s.Name, s.ID)
	}
	r.types = newNameIndex()
	if df.HasTypes() {
		types, err := r.dst.Types.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination types: %w", err)
		}
		for _, t := range types {
			r.types.add(t.Name, t.ID)
		}
	}
	r.tags = newNameIndex()
	if df.HasTags() {
		tags, err := r.dst.Tags.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination tags: %w", err)
		}
		for _, t := range tags {
			r.tags.add(t.Name, t.ID)
		}
	}
	r.srcTags = map[int64]string{}
	if r.sf.HasTags() {
		tags, err := r.src.Tags.List(ctx)
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: source tags: %w", err)
		}
		for _, t := range tags {
			r.srcTags[t.ID] = t.Name
		}
	}
	r.subtypes = newNameIndex()
	if r.opts.Messages {
		subtypes, err := searchReadTyped[idName](ctx, r.dst, "mail.message.subtype", domain.Domain{}, []string{"id", "name"}, 0, 0, "")
		if err != nil {
			return fmt.Errorf("helpdesk: transfer: destination message subtypes: %w", err)
		}
		for _, st := range subtypes {
			r.subtypes.add(st.Name, int64(st.ID))
		}
		// Logs (tracking messages) have no body: their changes are
		// rendered from the source's tracking values, whose field names
		// differ between versions.
		tf, err := r.src.client.FieldsGet(ctx, "mail.tracking.value", &odoo.FieldsGetOptions{Attributes: []string{"type"}})
		if err == nil {
			for _, f := range []string{"mail_message_id", "field_desc", "field_id", "old_value_char", "new_value_char",
				"old_value_integer", "new_value_integer", "old_value_float", "new_value_float", "old_value_datetime", "new_value_datetime"} {
				if _, ok := tf[f]; ok {
					r.trackFields = append(r.trackFields, f)
				}
			}
		}
		// OdooBot authors many logs; its partner is archived and its
		// e-mail may differ between databases: match it by XML id.
		r.srcBot, r.dstBot = partnerRoot(ctx, r.src), partnerRoot(ctx, r.dst)
	}
	if r.opts.CloseOriginal {
		if r.srcStages, err = closingStages(ctx, r.src, r.sf, r.opts.CloseStage); err != nil {
			return fmt.Errorf("helpdesk: transfer: source stages: %w", err)
		}
		if !r.opts.CloseStage.IsZero() && len(r.srcStages) == 0 {
			return invalid("TransferOptions.CloseStage", "no stage %s on the source", r.opts.CloseStage)
		}
	}
	return nil
}

// idName is a record's id and name, for the odoo package's typed decoder
// (ids as floats: some servers answer 1.0).
type idName struct {
	ID   float64 `odoo:"id"`
	Name string  `odoo:"name"`
}

// partnerRoot is the id of OdooBot's partner (XML id base.partner_root),
// or 0 when ir.model.data cannot be read.
func partnerRoot(ctx context.Context, s *Service) int64 {
	ref, err := s.client.Ref(ctx, "base.partner_root")
	if err != nil || ref.Model != "res.partner" {
		return 0
	}
	return ref.ID
}

// loadChunk reads source tickets (through the tickets' own typed read)
// and finds those already on the destination: one request each for the
// whole chunk.
func (r *transferRun) loadChunk(ctx context.Context, ids []int64) (map[int64]Ticket, map[int64]int64, error) {
	sf, df := r.sf, r.df
	page, err := r.src.readTickets(ctx, sf, ids, sf.ticketFields())
	if err != nil {
		return nil, nil, err
	}
	all, err := page.all()
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]Ticket, len(all))
	for _, t := range all {
		byID[t.ID] = t
	}
	refs := make([]string, len(ids))
	for i, id := range ids {
		refs[i] = r.ticketRef(id)
	}
	var rows []map[string]any
	err = r.dst.client.SearchReadInto(ctx, df.Ticket.Model, domain.In(r.cfg.SourceRefField, refs...),
		&odoo.SearchOptions{Fields: []string{"id", r.cfg.SourceRefField}, Order: "id asc", Context: map[string]any{"active_test": false}}, &rows)
	if err != nil {
		return nil, nil, fmt.Errorf("look up destination: %w", err)
	}
	byRef := make(map[string]int64, len(rows))
	for _, row := range rows {
		ref, _ := row[r.cfg.SourceRefField].(string)
		id, ok := row["id"].(float64)
		if _, dup := byRef[ref]; ok && ref != "" && !dup {
			byRef[ref] = int64(id)
		}
	}
	existing := make(map[int64]int64, len(byRef))
	for _, id := range ids {
		if d, ok := byRef[r.ticketRef(id)]; ok {
			existing[id] = d
		}
	}
	return byID, existing, nil
}

// ticketRef is the value of the destination's source field for a source
// ticket.
func (r *transferRun) ticketRef(id int64) string {
	return r.cfg.SourceRef + ":" + itoa(id)
}

// stageFor maps a source stage name to a destination stage id.
func (r *transferRun) stageFor(name string, team int64) (int64, bool) {
	target, mapped := r.cfg.StageMapping[name]
	if !mapped && r.cfg.StageMappingFold {
		for k, v := range r.cfg.StageMapping {
			if strings.EqualFold(k, name) {
				target, mapped = v, true
				break
			}
		}
	}
	if !mapped {
		target = name
	}
	// Prefer a stage of that name serving the team.
	var any int64
	for _, s := range r.stages {
		if s.Name == target || (r.cfg.StageMappingFold && strings.EqualFold(s.Name, target)) {
			if team == 0 || r.df.stageServesTeam(s, team) {
				return s.ID, true
			}
			if any == 0 {
				any = s.ID
			}
		}
	}
	return any, any != 0
}
