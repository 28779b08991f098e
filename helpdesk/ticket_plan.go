package helpdesk

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// Tickets of a flavor whose field names are not the built-in ones
// (ticketRow), or read with extra fields (WithTicketFields), decode
// through the odoo package's codec too: into a record type built at run
// time with reflect.StructOf, one field per mapped ticket field tagged
// with the flavor's name for it, then one json.RawMessage per extra
// field. The odoo package plans that type as it plans any tagged struct
// (odoo/codec_plan.go), so these tickets go through the same one-pass
// decoder and the same many2one, ids and datetime readers as the
// built-in flavors' ones; there is no map of the row.

// ticketRow is a ticket as search_read and read answer it under the
// built-in flavors' field names, for the odoo package's one-pass typed
// decoder (no map and no copy of each field's bytes per record). The
// fields named differently by Enterprise and OCA are here under both
// names; the flavor says which one is the ticket's (ticketFromRow), so a
// field the flavor does not map stays zero whatever the server sends.
type ticketRow struct {
	ID           int64         `odoo:"id"`
	Name         string        `odoo:"name"`
	Description  string        `odoo:"description"`
	Number       string        `odoo:"number"`     // OCA
	TicketRef    string        `odoo:"ticket_ref"` // Enterprise
	Team         odoo.Many2One `odoo:"team_id"`
	Stage        odoo.Many2One `odoo:"stage_id"`
	User         odoo.Many2One `odoo:"user_id"`
	Partner      odoo.Many2One `odoo:"partner_id"`
	PartnerName  string        `odoo:"partner_name"`
	PartnerEmail string        `odoo:"partner_email"`
	Priority     string        `odoo:"priority"`
	TypeID       odoo.Many2One `odoo:"type_id"`        // OCA
	TicketTypeID odoo.Many2One `odoo:"ticket_type_id"` // Enterprise
	Tags         odoo.IDs      `odoo:"tag_ids"`
	CreateDate   time.Time     `odoo:"create_date"`
	WriteDate    time.Time     `odoo:"write_date"`
	CloseDate    time.Time     `odoo:"close_date"`  // Enterprise
	ClosedDate   time.Time     `odoo:"closed_date"` // OCA
}

// ticketPlan is the run-time record type of one (flavor, extra fields)
// pair. The odoo plan holds one struct field per Odoo name, so a name
// given twice is decoded once and copied.
type ticketPlan struct {
	typ   reflect.Type
	extra []string // the names of the fields from planExtra on
	// dupExtra[j] is the earlier extra field extra[j] repeats, or -1.
	dupExtra []int
	// dupCore lists the core fields whose name an earlier core field
	// already has ([field, earlier field]): they get its value when the
	// types agree.
	dupCore [][2]int
	// fromExtra lists the core fields also named as extra fields
	// ([field, extra index]): decoded from the extra's raw JSON.
	fromExtra [][2]int
}

// The core fields of every run-time ticket record, in this order.
const (
	planID = iota
	planName
	planDescription
	planNumber
	planTeam
	planStage
	planUser
	planPartner
	planPartnerName
	planPartnerEmail
	planPriority
	planType
	planTags
	planCreateDate
	planWriteDate
	planCloseDate
	planExtra // first extra field
)

var (
	ticketPlans sync.Map // plan key -> *ticketPlan
	// the column kinds of records.go, as ticketRow's
	planKinds = [planExtra]colKind{
		planID: colInt, planName: colString, planDescription: colString, planNumber: colString,
		planTeam: colMany2One, planStage: colMany2One, planUser: colMany2One, planPartner: colMany2One,
		planPartnerName: colString, planPartnerEmail: colString, planPriority: colString, planType: colMany2One,
		planTags: colIDs, planCreateDate: colTime, planWriteDate: colTime, planCloseDate: colTime,
	}
)

// planNames returns f's ticket field names in the plan's core order.
func (f *Flavor) planNames() [planExtra]string {
	t := &f.Ticket
	return [planExtra]string{"id", t.Name, t.Description, t.Number, t.Team, t.Stage, t.User, t.Partner,
		t.PartnerName, t.PartnerEmail, t.Priority, t.Type, t.Tags, t.CreateDate, t.WriteDate, t.CloseDate}
}

// ticketPlanFor returns the run-time record type of f's tickets with the
// extra fields.
func (f *Flavor) ticketPlanFor(extra []string) *ticketPlan {
	names := f.planNames()
	key := strings.Join(names[:], "\x00") + "\x01" + strings.Join(extra, "\x00")
	if p, ok := ticketPlans.Load(key); ok {
		return p.(*ticketPlan)
	}
	p := &ticketPlan{extra: extra}
	sfs := make([]reflect.StructField, 0, planExtra+len(extra))
	firstExtra := map[string]int{}
	for j, n := range extra {
		d, dup := firstExtra[n]
		if !dup {
			firstExtra[n], d = j, -1
		}
		p.dupExtra = append(p.dupExtra, d)
	}
	first := map[string]int{}
	for i, n := range names {
		tag := "-"
		if j, ok := firstExtra[n]; ok && n != "" {
			p.fromExtra = append(p.fromExtra, [2]int{i, j})
		} else if n != "" {
			if k, dup := first[n]; !dup {
				first[n] = i
				tag = n
			} else if planKinds[i] == planKinds[k] {
				p.dupCore = append(p.dupCore, [2]int{i, k})
			}
		}
		sfs = append(sfs, reflect.StructField{
			Name: "F" + strconv.Itoa(i),
			Type: colTypes[planKinds[i]],
			Tag:  reflect.StructTag(`odoo:` + strconv.Quote(tag)),
		})
	}
	for j, n := range extra {
		tag := n
		if p.dupExtra[j] >= 0 {
			tag = "-"
		}
		sfs = append(sfs, reflect.StructField{
			Name: "X" + strconv.Itoa(j),
			Type: reflect.TypeFor[json.RawMessage](),
			Tag:  reflect.StructTag(`odoo:` + strconv.Quote(tag)),
		})
	}
	p.typ = reflect.StructOf(sfs)
	actual, _ := ticketPlans.LoadOrStore(key, p)
	return actual.(*ticketPlan)
}

// newSlice returns a pointer to a nil slice of the plan's records, for
// odoo.Client.SearchReadInto and ReadInto.
func (p *ticketPlan) newSlice() reflect.Value {
	return reflect.New(reflect.SliceOf(p.typ))
}

// ticket builds the Ticket of r, an addressable record of p, and zeroes r.
func (p *ticketPlan) ticket(model string, r reflect.Value) (Ticket, error) {
	for _, d := range p.fromExtra {
		if err := decodeValue(r.Field(planExtra+d[1]).Bytes(), r.Field(d[0])); err != nil {
			return Ticket{}, fmt.Errorf("helpdesk: decode %s.%s: %w", model, p.extra[d[1]], err)
		}
	}
	for _, d := range p.dupCore {
		r.Field(d[0]).Set(r.Field(d[1]))
	}
	id := r.Field(planID).Int()
	m2o := func(i int) odoo.Many2One { return *r.Field(i).Addr().Interface().(*odoo.Many2One) }
	tm := func(i int) time.Time { return *r.Field(i).Addr().Interface().(*time.Time) }
	t := Ticket{
		ID:           id,
		Name:         r.Field(planName).String(),
		Description:  r.Field(planDescription).String(),
		Number:       r.Field(planNumber).String(),
		Team:         m2o(planTeam),
		Stage:        m2o(planStage),
		User:         m2o(planUser),
		Partner:      m2o(planPartner),
		PartnerName:  r.Field(planPartnerName).String(),
		PartnerEmail: r.Field(planPartnerEmail).String(),
		Priority:     Priority(r.Field(planPriority).String()),
		Type:         m2o(planType),
		TagIDs:       []int64(*r.Field(planTags).Addr().Interface().(*odoo.IDs)),
		CreatedAt:    tm(planCreateDate),
		UpdatedAt:    tm(planWriteDate),
		ClosedAt:     tm(planCloseDate),
	}
	if len(p.extra) > 0 {
		t.Extra = make(map[string]json.RawMessage, len(p.extra))
		for j, n := range p.extra {
			k := j
			if d := p.dupExtra[j]; d >= 0 {
				k = d
			}
			v := r.Field(planExtra + k).Bytes()
			if v == nil {
				// Absent or null: the field was read, TicketField gives
				// the zero value.
				v = []byte("null")
			}
			t.Extra[n] = v
		}
	}
	r.SetZero()
	return t, nil
}

// decodeValue decodes one field's raw JSON into v, a core field of the
// plan, through odoo's decoders (datetimes through odoo.DateTime, UTC).
func decodeValue(raw json.RawMessage, v reflect.Value) error {
	if raw == nil {
		return nil
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		var dt odoo.DateTime
		if err := odoo.DecodeResult(raw, &dt); err != nil {
			return err
		}
		v.Set(reflect.ValueOf(dt.Time.UTC()))
		return nil
	}
	return odoo.DecodeResult(raw, v.Addr().Interface())
}
