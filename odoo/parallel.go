package odoo

import (
	"context"
	"iter"
	"slices"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/internal/pager"
)

// WithWorkers returns a copy of m whose All, and SearchRead without a
// Limit, fetch with n requests in flight (n <= 1: one at a time, the
// default). They first search the ids that match (one request), then read
// them in pages of the page size (see WithPageSize), n pages at a time,
// still yielding (All) or answering (SearchRead) in order; at most n pages
// are held in memory. The records are those that matched at the search: a
// record created meanwhile is not seen, one deleted meanwhile is left
// out, none is repeated. Against a server that is slow to answer rather
// than busy (latency, a proxy, a stateless protocol re-checking the key)
// n workers take about 1/n of the time; BENCHMARKS.md has figures.
func (m *Model[T]) WithWorkers(n int) *Model[T] {
	cp := *m
	cp.workers = max(n, 1)
	return &cp
}

// chunkReader reads the records ids (a page), in the order of ids. read
// answers the ids that still exist (a record deleted since the search is
// left out: read of a missing id answers nothing on 16 and 19, captures
// odoo19/06 and odoo16), costs the server only those records, and has no
// default page size on any protocol. A record written since the search so
// that it no longer matches is still read: it matched at the search.
func (m *Model[T]) chunkReader(fields []string, cx map[string]any) pager.Fetch[T] {
	return func(ctx context.Context, ids []int64) ([]T, error) {
		var kw map[string]any
		if len(fields) > 0 {
			kw = map[string]any{"fields": fields}
		}
		recs, got, err := executeRecords[T](ctx, m.c, Call{Model: m.name, Method: "read", Args: []any{ids}, Kwargs: kw, Context: cx})
		if err != nil {
			return nil, err
		}
		if len(got) != len(recs) || subsequence(got, ids) {
			return recs, nil // in the order of ids already (Odoo's read keeps it)
		}
		pos := make(map[int64]int, len(ids))
		for i, id := range ids {
			pos[id] = i
		}
		idx := make([]int, len(recs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return pos[got[a]] - pos[got[b]] })
		out := make([]T, len(recs))
		for i, j := range idx {
			out[i] = recs[j]
		}
		return out, nil
	}
}

// parallelIDs searches the ids of the records All or SearchRead will read.
func (m *Model[T]) parallelIDs(ctx context.Context, d domain.Domain, o *SearchOptions, order string) ([]int64, error) {
	return m.c.Search(ctx, m.name, d, &SearchOptions{Offset: o.Offset, Limit: o.Limit, Order: order, Context: o.Context})
}

// allParallel is All with m.workers workers.
func (m *Model[T]) allParallel(ctx context.Context, d domain.Domain, o *SearchOptions, fields []string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		ids, err := m.parallelIDs(ctx, d, &SearchOptions{Limit: o.Limit, Context: o.Context}, "id asc")
		if err != nil {
			yield(zero, err)
			return
		}
		for r, err := range pager.Chunks(ctx, ids, m.pageSize, m.workers, m.chunkReader(fields, o.Context)) {
			if !yield(r, err) || err != nil {
				return
			}
		}
	}
}

// searchReadParallel is SearchRead without a Limit, with m.workers
// workers; the records come in the search's order.
func (m *Model[T]) searchReadParallel(ctx context.Context, d domain.Domain, o *SearchOptions) ([]T, error) {
	ids, err := m.parallelIDs(ctx, d, o, o.Order)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(ids))
	for r, err := range pager.Chunks(ctx, ids, m.pageSize, m.workers, m.chunkReader(o.Fields, o.Context)) {
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// subsequence reports whether got lists ids of ids in their order.
func subsequence(got, ids []int64) bool {
	j := 0
	for _, id := range got {
		for j < len(ids) && ids[j] != id {
			j++
		}
		if j == len(ids) {
			return false
		}
		j++
	}
	return true
}
