package odoo

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"slices"

	"github.com/deskbridge/deskbridge/domain"
)

// DefaultPageSize is the number of records Model.All fetches per request.
const DefaultPageSize = 200

// Model is typed access to one Odoo model: records decode into T, a struct
// whose fields carry `odoo:"field_name"` tags (see Fields). Reads fetch
// only the tagged fields. A Model is safe for concurrent use.
type Model[T any] struct {
	c        *Client
	name     string
	fields   []string
	pageSize int
	workers  int // WithWorkers (parallel.go); 0 and 1: sequential
	tagErr   error
}

// NewModel returns typed access to model (e.g. "helpdesk.ticket") through
// c, decoding records into T. T's tags take the options omitempty and
// omitzero (a zero value is not written), readonly (read, never written);
// an unknown option (a typo such as "readonyl") makes every call of the
// Model fail with a *deskbridge.ArgumentError naming the field, before any request:
// Err reports it at once.
func NewModel[T any](c *Client, model string) *Model[T] {
	m := &Model[T]{c: c, name: model, fields: Fields[T](), pageSize: DefaultPageSize}
	if p := planFor(reflect.TypeFor[T]()); p != nil && p.tagErr != "" {
		m.tagErr = invalidArg("NewModel", "tag of "+reflect.TypeFor[T]().String(), "%s", p.tagErr)
	}
	return m
}

// Err reports a problem with T's tags (an unknown option), which every
// call of m also answers; nil when the tags are fine.
func (m *Model[T]) Err() error { return m.tagErr }

// WithPageSize returns a copy of m whose All fetches n records per request
// (n <= 0 means DefaultPageSize).
func (m *Model[T]) WithPageSize(n int) *Model[T] {
	cp := *m
	if n <= 0 {
		n = DefaultPageSize
	}
	cp.pageSize = n
	return &cp
}

// Name returns the Odoo model name.
func (m *Model[T]) Name() string { return m.name }

// Client returns the client m calls through.
func (m *Model[T]) Client() *Client { return m.c }

// Fields returns the fields m reads (T's odoo tags).
func (m *Model[T]) Fields() []string { return slices.Clone(m.fields) }

// check checks m itself (a client and a valid model name) and ctx.
func (m *Model[T]) check(fn string, ctx context.Context) error {
	if m == nil || m.c == nil {
		return invalidArg(fn, "model", "nil Model or Model without a Client (use NewModel)")
	}
	if m.tagErr != nil {
		return m.tagErr
	}
	return checkBase(fn, ctx, m.name)
}

func (m *Model[T]) searchOpts(opts *SearchOptions) *SearchOptions {
	o := SearchOptions{}
	if opts != nil {
		o = *opts
	}
	if len(o.Fields) == 0 {
		o.Fields = m.fields
	}
	return &o
}

// SearchRead returns the records that match d.
func (m *Model[T]) SearchRead(ctx context.Context, d domain.Domain, opts *SearchOptions) ([]T, error) {
	const fn = "Model.SearchRead"
	if err := m.check(fn, ctx); err != nil {
		return nil, err
	}
	if err := checkDomain(fn, d); err != nil {
		return nil, err
	}
	if err := opts.check(fn); err != nil {
		return nil, err
	}
	o := m.searchOpts(opts)
	if m.workers > 1 && o.Limit == 0 {
		return m.searchReadParallel(ctx, d, o)
	}
	out, _, err := executeRecords[T](ctx, m.c, Call{Model: m.name, Method: "search_read", Args: []any{d},
		Kwargs: searchKwargs(o, true), Context: o.Context})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Read returns the records ids; ids that do not exist are left out.
func (m *Model[T]) Read(ctx context.Context, ids []int64, opts *ReadOptions) ([]T, error) {
	return m.read("Model.Read", ctx, ids, opts)
}

func (m *Model[T]) read(fn string, ctx context.Context, ids []int64, opts *ReadOptions) ([]T, error) {
	if err := m.check(fn, ctx); err != nil {
		return nil, err
	}
	if err := checkIDs(fn, ids); err != nil {
		return nil, err
	}
	o := ReadOptions{}
	if opts != nil {
		o = *opts
	}
	if len(o.Fields) == 0 {
		o.Fields = m.fields
	}
	kw := map[string]any{}
	if len(o.Fields) > 0 {
		kw["fields"] = o.Fields
	}
	out, _, err := executeRecords[T](ctx, m.c, Call{Model: m.name, Method: "read", Args: []any{idList(ids)}, Kwargs: kw, Context: o.Context})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get returns the record id. A record that does not exist gives an *Error
// matching deskbridge.ErrNotFound (and ErrMissing).
func (m *Model[T]) Get(ctx context.Context, id int64, opts *ReadOptions) (T, error) {
	var zero T
	if id <= 0 {
		return zero, invalidArg("Model.Get", "id", "must be a positive id, got %d", id)
	}
	recs, err := m.read("Model.Get", ctx, []int64{id}, opts)
	if err != nil {
		return zero, err
	}
	if len(recs) == 0 {
		return zero, &Error{
			Name:    "odoo.exceptions.MissingError",
			Message: fmt.Sprintf("Record does not exist or has been deleted. (Record: %s(%d,))", m.name, id),
			Model:   m.name, Method: "read",
		}
	}
	return recs[0], nil
}

// Search returns the ids of the records that match d.
func (m *Model[T]) Search(ctx context.Context, d domain.Domain, opts *SearchOptions) ([]int64, error) {
	if err := m.check("Model.Search", ctx); err != nil {
		return nil, err
	}
	return m.c.Search(ctx, m.name, d, opts)
}

// SearchCount returns how many records match d (search_count), as
// Client.SearchCount. opts may be nil.
func (m *Model[T]) SearchCount(ctx context.Context, d domain.Domain, opts *CallOptions) (int64, error) {
	if err := m.check("Model.SearchCount", ctx); err != nil {
		return 0, err
	}
	return m.c.SearchCount(ctx, m.name, d, opts)
}

// Create creates a record from v's tagged fields (zero omitempty fields
// and readonly fields left out) and returns its id. opts may be nil; its
// Context is sent with the create (for example tracking_disable).
//
// When the error matches deskbridge.ErrOutcomeUnknown the record may have
// been created: the client does not send a create twice.
func (m *Model[T]) Create(ctx context.Context, v T, opts *CallOptions) (int64, error) {
	if err := m.check("Model.Create", ctx); err != nil {
		return 0, err
	}
	return m.c.createOne("Model.Create", ctx, m.name, v, opts)
}

// CreateMany creates records in one request and returns their ids in
// order. opts may be nil.
func (m *Model[T]) CreateMany(ctx context.Context, vs []T, opts *CallOptions) ([]int64, error) {
	if err := m.check("Model.CreateMany", ctx); err != nil {
		return nil, err
	}
	if vs == nil {
		return []int64{}, nil
	}
	return m.c.create("Model.CreateMany", ctx, m.name, vs, opts)
}

// Write writes vals to the records ids: a T (its tagged fields, zero
// omitempty fields left out) or Values / a map to write only some fields.
// opts may be nil.
func (m *Model[T]) Write(ctx context.Context, ids []int64, vals any, opts *CallOptions) error {
	if err := m.check("Model.Write", ctx); err != nil {
		return err
	}
	return m.c.Write(ctx, m.name, ids, vals, opts)
}

// Unlink deletes the records ids. opts may be nil.
func (m *Model[T]) Unlink(ctx context.Context, ids []int64, opts *CallOptions) error {
	if err := m.check("Model.Unlink", ctx); err != nil {
		return err
	}
	return m.c.Unlink(ctx, m.name, ids, opts)
}

// All iterates over every record that matches d in id order, fetching one
// page at a time (see WithPageSize) with the keyset condition id > last,
// so records created or deleted meanwhile are neither repeated nor
// skipped. opts.Limit caps the number of records (0: all), opts.Fields and
// opts.Context apply; opts.Offset and opts.Order are not used. Breaking out
// of the loop stops fetching; a cancelled ctx ends the iteration with its
// error. An error is yielded once, with the zero T, and ends the iteration.
func (m *Model[T]) All(ctx context.Context, d domain.Domain, opts *SearchOptions) iter.Seq2[T, error] {
	o := m.searchOpts(opts)
	fields := o.Fields
	if len(fields) > 0 && !slices.Contains(fields, "id") {
		fields = append(slices.Clone(fields), "id")
	}
	limit, pageSize := o.Limit, m.pageSize
	return func(yield func(T, error) bool) {
		var zero T
		const fn = "Model.All"
		if err := m.check(fn, ctx); err != nil {
			yield(zero, err)
			return
		}
		if err := checkDomain(fn, d); err != nil {
			yield(zero, err)
			return
		}
		if err := opts.check(fn); err != nil {
			yield(zero, err)
			return
		}
		if m.workers > 1 {
			for r, err := range m.allParallel(ctx, d, o, fields) {
				if !yield(r, err) || err != nil {
					return
				}
			}
			return
		}
		var last int64
		seen := 0
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			n := pageSize
			if limit > 0 && limit-seen < n {
				n = limit - seen
			}
			page := d
			if last > 0 {
				page = domain.And(d, domain.Gt("id", last))
			}
			kw := map[string]any{"limit": n, "order": "id asc"}
			if len(fields) > 0 {
				kw["fields"] = fields
			}
			recs, ids, err := executeRecords[T](ctx, m.c, Call{Model: m.name, Method: "search_read", Args: []any{page}, Kwargs: kw, Context: o.Context})
			if err != nil {
				yield(zero, err)
				return
			}
			for i, r := range recs {
				if !yield(r, nil) {
					return
				}
				seen++
				if i < len(ids) && ids[i] > last {
					last = ids[i]
				}
			}
			if len(recs) == 0 || (len(recs) < n && !m.c.capsPages()) || (limit > 0 && seen >= limit) {
				return
			}
			if len(ids) == 0 || last == 0 {
				yield(zero, fmt.Errorf("odoo: %s: cannot page: the records have no id", m.name))
				return
			}
		}
	}
}
