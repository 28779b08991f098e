package odoo

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

// Cursor is an opaque, resumable position in a change feed (Changes):
// store it and pass it back to resume after the last change seen. The
// zero Cursor starts from the beginning.
type Cursor string

// parseCursor reads c: "v1 <write_date> <id>".
func parseCursor(fn string, c Cursor) (wd string, id int64, err error) {
	if c == "" {
		return "", 0, nil
	}
	f := strings.SplitN(string(c), " ", 4)
	if len(f) == 4 && f[0] == "v1" {
		wd = f[1] + " " + f[2]
		if _, perr := time.Parse(DateTimeLayout, wd); perr == nil {
			if id, perr = strconv.ParseInt(f[3], 10, 64); perr == nil && id > 0 {
				return wd, id, nil
			}
		}
	}
	return "", 0, invalidArg(fn, "cursor", "%q is not a cursor this SDK made", string(c))
}

// makeCursor is the cursor after the record (wd, id).
func makeCursor(wd string, id int64) Cursor {
	return Cursor("v1 " + wd + " " + strconv.FormatInt(id, 10))
}

// ChangesOptions tune a change feed.
type ChangesOptions struct {
	// Where is ANDed with the feed's own condition, e.g. one team.
	Where domain.Domain
	// Settle is how old a write must be before the feed yields it
	// (default DefaultSettle). Odoo stamps write_date with the start of
	// the writing transaction, to the second, and commits later: a write
	// younger than Settle may still have a same-second or earlier
	// neighbour about to commit, so the feed stops before it and yields
	// it on a later call. It must cover the server's longest write
	// transaction and the clock difference between client and server.
	Settle time.Duration
	// Now is the clock the settle horizon is counted from (default
	// time.Now); tests pass their fake server's clock.
	Now func() time.Time
	// Context is the Odoo context of the reads (e.g. active_test false to
	// see archived records change).
	Context map[string]any
	// Fields overrides the fields read (default: T's tags; id and
	// write_date are always read).
	Fields []string
}

// DefaultSettle is ChangesOptions.Settle's default.
const DefaultSettle = 10 * time.Second

// Change is one record of a change feed and the cursor just after it.
type Change[T any] struct {
	Record T
	// ID and WriteDate ("2006-01-02 15:04:05" UTC) are the record's.
	ID        int64
	WriteDate string
	// Cursor resumes the feed after this record.
	Cursor Cursor
}

// Changes yields the records of m created or written after cursor, in
// (write_date, id) order, each with the cursor to resume after it; the
// iteration ends at the settle horizon (see ChangesOptions.Settle), and a
// later call with the last cursor seen continues from there. Every write
// is seen at least once: a record written again after it was yielded is
// yielded again with its new write_date; a record written several times
// between two calls is yielded once, in its latest state. Records written
// in the same second are ordered by id and paged by the (write_date, id)
// pair, so none is repeated or skipped within a call.
//
// Deletions are not seen: a deleted record has no row to yield. Archive
// instead of deleting where the model has active (an archived record is a
// write, seen with active false when opts.Context sets active_test false),
// or compare the ids you hold with Missing now and then.
//
// An error is yielded once and ends the iteration; the cursors yielded
// before it stay valid.
func (m *Model[T]) Changes(ctx context.Context, cursor Cursor, opts *ChangesOptions) iter.Seq2[Change[T], error] {
	const fn = "Model.Changes"
	var o ChangesOptions
	if opts != nil {
		o = *opts
	}
	if o.Settle <= 0 {
		o.Settle = DefaultSettle
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	fields := m.fields
	if len(o.Fields) > 0 {
		fields = o.Fields
	}
	if len(fields) > 0 {
		fields = slices.Clone(fields)
		for _, f := range []string{"id", "write_date"} {
			if !slices.Contains(fields, f) {
				fields = append(fields, f)
			}
		}
	}
	return func(yield func(Change[T], error) bool) {
		var zero Change[T]
		if err := m.check(fn, ctx); err != nil {
			yield(zero, err)
			return
		}
		if err := checkDomain(fn, o.Where); err != nil {
			yield(zero, err)
			return
		}
		wd, id, err := parseCursor(fn, cursor)
		if err != nil {
			yield(zero, err)
			return
		}
		horizon := o.Now().UTC().Add(-o.Settle).Format(DateTimeLayout)
		f := &feed[T]{m: m, fields: fields, o: &o, horizon: horizon}
		// (second, id): every record of an earlier second was yielded, and
		// those of this second up to id. Odoo stores write_date to the
		// microsecond but reads it to the second, so a second is a range.
		second, after := wd, id
		for {
			next := ""
			if second != "" {
				next = addSecond(second)
				// The rest of one second, by id.
				for {
					recs, keys, err := f.page(ctx, domain.And(domain.Ge("write_date", second), domain.Lt("write_date", next), domain.Gt("id", after)), "id asc")
					if err != nil {
						yield(zero, err)
						return
					}
					for i := range recs {
						after = keys[i].id
						if !yield(Change[T]{Record: recs[i], ID: after, WriteDate: second, Cursor: makeCursor(second, after)}, nil) {
							return
						}
					}
					if f.short(len(recs)) {
						break
					}
				}
			}
			// The next page in time: every second but its last is complete
			// in it (the order groups a second's records), and is yielded
			// by id; the last second is read again by id above.
			var d domain.Domain
			if next != "" {
				d = domain.Ge("write_date", next)
			}
			recs, keys, err := f.page(ctx, d, "write_date asc, id asc")
			if err != nil {
				yield(zero, err)
				return
			}
			if len(recs) == 0 {
				return
			}
			full := !f.short(len(recs))
			last := keys[len(keys)-1].wd
			idx := make([]int, 0, len(recs))
			for i := range recs {
				if !full || keys[i].wd != last {
					idx = append(idx, i)
				}
			}
			slices.SortStableFunc(idx, func(a, b int) int {
				if c := strings.Compare(keys[a].wd, keys[b].wd); c != 0 {
					return c
				}
				return int(keys[a].id - keys[b].id)
			})
			for _, i := range idx {
				if !yield(Change[T]{Record: recs[i], ID: keys[i].id, WriteDate: keys[i].wd, Cursor: makeCursor(keys[i].wd, keys[i].id)}, nil) {
					return
				}
			}
			if !full {
				return
			}
			second, after = last, 0
		}
	}
}

// feed reads the pages of one Changes call.
type feed[T any] struct {
	m       *Model[T]
	fields  []string
	o       *ChangesOptions
	horizon string
}

type changeKey struct {
	id int64
	wd string // to the second
}

// page reads up to a page of records matching d (and the options' Where,
// before the horizon) in order, with their ids and write dates.
func (f *feed[T]) page(ctx context.Context, d domain.Domain, order string) ([]T, []changeKey, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	m := f.m
	kw := map[string]any{"limit": m.pageSize, "order": order}
	if len(f.fields) > 0 {
		kw["fields"] = f.fields
	}
	q := domain.And(f.o.Where, d, domain.Lt("write_date", f.horizon))
	raw, err := m.c.execute(ctx, Call{Model: m.name, Method: "search_read", Args: []any{q}, Kwargs: kw, Context: f.o.Context})
	if err != nil {
		return nil, nil, err
	}
	recs, ids, err := decodeRecords[T](raw)
	if err != nil {
		return nil, nil, resultError(m.name, "search_read", err)
	}
	// The ids as the codec read them (its integer rule), the write dates
	// as sent.
	var rows []struct {
		WriteDate json.RawMessage `json:"write_date"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil || len(rows) != len(recs) || len(ids) != len(recs) {
		return nil, nil, resultError(m.name, "search_read", fmt.Errorf("reading id and write_date: %v", err))
	}
	keys := make([]changeKey, len(rows))
	for i, r := range rows {
		var w string
		if json.Unmarshal(r.WriteDate, &w) != nil || len(w) < len(DateTimeLayout) || ids[i] <= 0 {
			return nil, nil, resultError(m.name, "search_read", fmt.Errorf("record %d has no write_date", ids[i]))
		}
		keys[i] = changeKey{id: ids[i], wd: w[:len(DateTimeLayout)]}
	}
	return recs, keys, nil
}

// short reports a page that ends what it reads: fewer records than the
// page size, or none where the server may cap pages below it (REST v2).
func (f *feed[T]) short(n int) bool {
	return n == 0 || (n < f.m.pageSize && !f.m.c.capsPages())
}

// addSecond is the second after wd.
func addSecond(wd string) string {
	t, err := time.Parse(DateTimeLayout, wd)
	if err != nil {
		return wd
	}
	return t.Add(time.Second).Format(DateTimeLayout)
}

// Missing answers which of ids no longer exist (archived records exist):
// the periodic id diff that finds deletions, which a change feed cannot
// see. It reads the ids in pages of the page size.
func (m *Model[T]) Missing(ctx context.Context, ids []int64) ([]int64, error) {
	const fn = "Model.Missing"
	if err := m.check(fn, ctx); err != nil {
		return nil, err
	}
	if err := checkIDs(fn, ids); err != nil {
		return nil, err
	}
	var missing []int64
	for chunk := range slices.Chunk(ids, m.pageSize) {
		found, err := m.c.Search(ctx, m.name, domain.In("id", chunk), &SearchOptions{Context: map[string]any{"active_test": false}})
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			if !slices.Contains(found, id) {
				missing = append(missing, id)
			}
		}
	}
	return missing, nil
}
