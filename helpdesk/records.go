package helpdesk

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// Every record helpdesk reads decodes through the odoo package's codec
// (odoo/codec*.go): odoo.Client.SearchReadInto and ReadInto fill structs
// with odoo tags in one pass, with odoo's many2one, id list and datetime
// readers, and a reply of the wrong shape is an *odoo.ResponseError naming
// the call and the value ("search_read", "[3].name"). There is no map of
// a record.
//
//   - Tickets: ticketRow under the built-in flavors' names, a run-time
//     plan otherwise (ticket_plan.go).
//   - Records whose field names the Flavor gives (teams, stages, types,
//     tags, SLA policies and statuses, a ticket's OCA 17 SLA fields) and
//     the transfer's lookup by its configured source field: a record type
//     built at run time from the names (recordPlan: reflect.StructOf with
//     odoo tags, one type per set of columns, cached), whose values are
//     read back by field name (record).
//   - Records of fixed names (messages, followers, attachments, partners,
//     ir.model): static structs (messageRow, followerRow, attachmentRow,
//     ...).
//
// Integers are read into int64 fields by odoo's integer rule (1, 1.0 and
// 1e2 read as 1, 1 and 100; a fraction or a value out of range is the
// codec's *odoo.ResponseError): helpdesk has no integer rule of its own.

// colKind is the Go type a column decodes into.
type colKind uint8

const (
	colInt      colKind = iota // int64
	colFloat                   // float64
	colBool                    // bool
	colString                  // string
	colMany2One                // odoo.Many2One
	colIDs                     // odoo.IDs
	colTime                    // time.Time, through odoo.DateTime (UTC)
)

var colTypes = [...]reflect.Type{
	colInt:      reflect.TypeFor[int64](),
	colFloat:    reflect.TypeFor[float64](),
	colBool:     reflect.TypeFor[bool](),
	colString:   reflect.TypeFor[string](),
	colMany2One: reflect.TypeFor[odoo.Many2One](),
	colIDs:      reflect.TypeFor[odoo.IDs](),
	colTime:     reflect.TypeFor[time.Time](),
}

// col is one field of a run-time record: its Odoo name (empty: the
// schema has no such field, it is neither read nor set) and its kind.
type col struct {
	name string
	kind colKind
}

// recordPlan is the run-time record type of a set of columns: one struct
// field per distinct name, "id" first. A name given twice is read once
// and serves both when the kinds agree; a second kind of the same name
// reads as its zero value.
type recordPlan struct {
	cols   []col
	typ    reflect.Type
	fields []string       // the names to read, "id" first
	index  map[string]int // name -> struct field
	kinds  []colKind      // per struct field
}

var recordPlans sync.Map // key of the columns -> *recordPlan

// planOf returns the record type of cols (plus "id").
func planOf(cols ...col) *recordPlan {
	var b strings.Builder
	for _, c := range cols {
		b.WriteString(c.name)
		b.WriteByte(byte('0' + c.kind))
		b.WriteByte(0)
	}
	key := b.String()
	if p, ok := recordPlans.Load(key); ok {
		return p.(*recordPlan)
	}
	p := &recordPlan{cols: cols, index: map[string]int{}}
	var sfs []reflect.StructField
	for _, c := range append([]col{{"id", colInt}}, cols...) {
		if _, dup := p.index[c.name]; dup || c.name == "" {
			continue
		}
		p.index[c.name] = len(sfs)
		p.kinds = append(p.kinds, c.kind)
		p.fields = append(p.fields, c.name)
		sfs = append(sfs, reflect.StructField{
			Name: "F" + strconv.Itoa(len(sfs)),
			Type: colTypes[c.kind],
			Tag:  reflect.StructTag(`odoo:` + strconv.Quote(c.name)),
		})
	}
	p.typ = reflect.StructOf(sfs)
	actual, _ := recordPlans.LoadOrStore(key, p)
	return actual.(*recordPlan)
}

// with returns the plan of p's columns and more.
func (p *recordPlan) with(more ...col) *recordPlan {
	return planOf(append(append([]col(nil), p.cols...), more...)...)
}

// records is the answer of one search_read or read in a plan's records.
type records struct {
	p             *recordPlan
	v             reflect.Value // a slice of p.typ
	model, method string
}

// searchRecords runs search_read of p's fields on model, every match in
// order (o's Fields are p's).
func (s *Service) searchRecords(ctx context.Context, model string, p *recordPlan, d domain.Domain, o odoo.SearchOptions) (records, error) {
	out := reflect.New(reflect.SliceOf(p.typ))
	o.Fields = p.fields
	err := s.client.SearchReadInto(ctx, model, d, &o, out.Interface())
	return records{p: p, v: out.Elem(), model: model, method: "search_read"}, err
}

// readRecords runs read of p's fields on model; ids that do not exist are
// missing from the answer.
func (s *Service) readRecords(ctx context.Context, model string, p *recordPlan, ids []int64) (records, error) {
	out := reflect.New(reflect.SliceOf(p.typ))
	err := s.client.ReadInto(ctx, model, ids, &odoo.ReadOptions{Fields: p.fields}, out.Interface())
	return records{p: p, v: out.Elem(), model: model, method: "read"}, err
}

// each calls fn with every record, until fn answers false.
func (rs records) each(fn func(r *record) bool) {
	r := record{p: rs.p}
	for i := range rs.v.Len() {
		r.v = rs.v.Index(i)
		if !fn(&r) {
			break
		}
	}
}

// convert converts every record with conv.
func convert[T any](rs records, conv func(*record) T) []T {
	out := make([]T, 0, rs.v.Len())
	rs.each(func(r *record) bool {
		out = append(out, conv(r))
		return true
	})
	return out
}

// record is one record of a plan, its values read by Odoo name: a name
// the plan lacks (an unmapped field, "") reads as the zero value.
type record struct {
	p *recordPlan
	v reflect.Value // addressable
}

func (r *record) field(name string, k colKind) (reflect.Value, bool) {
	i, ok := r.p.index[name]
	if !ok || r.p.kinds[i] != k {
		return reflect.Value{}, false
	}
	return r.v.Field(i), true
}

func (r *record) id() int64 { return r.int("id") }

func (r *record) int(name string) int64 {
	v, ok := r.field(name, colInt)
	if !ok {
		return 0
	}
	return v.Int()
}

func (r *record) float(name string) float64 {
	v, ok := r.field(name, colFloat)
	if !ok {
		return 0
	}
	return v.Float()
}

func (r *record) bool(name string) bool {
	v, ok := r.field(name, colBool)
	return ok && v.Bool()
}

func (r *record) str(name string) string {
	v, ok := r.field(name, colString)
	if !ok {
		return ""
	}
	return v.String()
}

func (r *record) m2o(name string) odoo.Many2One {
	v, ok := r.field(name, colMany2One)
	if !ok {
		return odoo.Many2One{}
	}
	return *v.Addr().Interface().(*odoo.Many2One)
}

func (r *record) ids(name string) []int64 {
	v, ok := r.field(name, colIDs)
	if !ok {
		return nil
	}
	return []int64(*v.Addr().Interface().(*odoo.IDs))
}

func (r *record) time(name string) time.Time {
	v, ok := r.field(name, colTime)
	if !ok {
		return time.Time{}
	}
	t := *v.Addr().Interface().(*time.Time)
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// convertRows converts rows of a static record type with conv.
func convertRows[R, T any](rows []R, conv func(*R) T) []T {
	out := make([]T, 0, len(rows))
	for i := range rows {
		out = append(out, conv(&rows[i]))
	}
	return out
}

// fieldList returns the non-empty names, "id" first, without repeats.
func fieldList(names ...string) []string {
	out := make([]string, 0, len(names)+1)
	seen := map[string]bool{"id": true}
	out = append(out, "id")
	for _, n := range names {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
