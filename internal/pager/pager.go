// Package pager fetches a list of record ids in chunks with several
// workers and yields the records in the ids' order, holding at most as many
// chunks as there are workers. odoo.Model.All and helpdesk's Tickets.All
// use it when asked for more than one worker.
package pager

import (
	"context"
	"iter"
	"sync"
)

// Fetch answers the records of ids (a chunk), in the order of ids; a
// record that no longer exists is simply absent.
type Fetch[T any] func(ctx context.Context, ids []int64) ([]T, error)

type result[T any] struct {
	recs []T
	err  error
}

// Chunks yields the records fetch answers for the consecutive chunks of
// size ids, in order. workers goroutines fetch ahead; a chunk is fetched
// only while fewer than workers chunks are fetched and not yet yielded, so
// memory holds at most workers chunks. Breaking out of the loop cancels
// the fetches and waits for the workers, so none outlives the loop. The
// first error, in chunk order, is yielded once (with the zero T) and ends
// the iteration; chunks after it are not yielded.
func Chunks[T any](ctx context.Context, ids []int64, size, workers int, fetch Fetch[T]) iter.Seq2[T, error] {
	if size < 1 {
		size = 1
	}
	if workers < 1 {
		workers = 1
	}
	return func(yield func(T, error) bool) {
		n := (len(ids) + size - 1) / size
		if n == 0 {
			return
		}
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer wg.Wait() // after cancel (deferred later, so run first)
		defer cancel()

		results := make([]chan result[T], n)
		for i := range results {
			results[i] = make(chan result[T], 1)
		}
		tokens := make(chan struct{}, workers) // a token per chunk held
		work := make(chan int)
		wg.Add(1)
		go func() { // dispatcher: hands out chunks in order, within the window
			defer wg.Done()
			defer close(work)
			for i := range n {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				select {
				case work <- i:
				case <-ctx.Done():
					return
				}
			}
		}()
		for range min(workers, n) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					chunk := ids[i*size : min((i+1)*size, len(ids))]
					recs, err := fetch(ctx, chunk)
					results[i] <- result[T]{recs, err}
				}
			}()
		}
		var zero T
		for i := range n {
			var r result[T]
			select {
			case r = <-results[i]:
			case <-ctx.Done():
				if err := ctx.Err(); err != nil {
					yield(zero, err)
				}
				return
			}
			if r.err != nil {
				yield(zero, r.err)
				return
			}
			for j := range r.recs {
				if !yield(r.recs[j], nil) {
					return
				}
				r.recs[j] = zero // let the chunk go as it is consumed
			}
			<-tokens
		}
	}
}
