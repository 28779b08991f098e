package pager

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

func seq(n int) []int64 {
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	return ids
}

func TestChunksOrderAndWindow(t *testing.T) {
	for _, workers := range []int{1, 2, 4, 8} {
		for _, n := range []int{0, 1, 9, 10, 11, 95} {
			t.Run(fmt.Sprintf("w%d/n%d", workers, n), func(t *testing.T) {
				const size = 10
				var yielded atomic.Int64 // chunks fully yielded
				var worst atomic.Int64
				var inFlight atomic.Int64
				fetch := func(ctx context.Context, ids []int64) ([]int64, error) {
					c := (ids[0] - 1) / size
					// A chunk starts only within the window: fewer than
					// workers chunks fetched and not yet yielded.
					if ahead := c - yielded.Load(); ahead >= int64(workers) {
						t.Errorf("chunk %d fetched while only %d yielded (workers %d)", c, yielded.Load(), workers)
					}
					f := inFlight.Add(1)
					for {
						w := worst.Load()
						if f <= w || worst.CompareAndSwap(w, f) {
							break
						}
					}
					runtime.Gosched()
					inFlight.Add(-1)
					return append([]int64(nil), ids...), nil
				}
				var got []int64
				for id, err := range Chunks(context.Background(), seq(n), size, workers, fetch) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, id)
					if id%size == 0 || int(id) == n {
						yielded.Add(1)
					}
				}
				if len(got) != n {
					t.Fatalf("got %d ids, want %d", len(got), n)
				}
				for i, id := range got {
					if id != int64(i+1) {
						t.Fatalf("got[%d] = %d: out of order", i, id)
					}
				}
				if worst.Load() > int64(workers) {
					t.Errorf("%d fetches in flight, workers %d", worst.Load(), workers)
				}
			})
		}
	}
}

func TestChunksBreakStopsWorkers(t *testing.T) {
	before := runtime.NumGoroutine()
	var calls atomic.Int64
	fetch := func(ctx context.Context, ids []int64) ([]int64, error) {
		calls.Add(1)
		return ids, nil
	}
	n := 0
	for range Chunks(context.Background(), seq(10000), 10, 4, fetch) {
		n++
		if n == 25 {
			break
		}
	}
	// Chunks waits for its goroutines before returning.
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines after the loop, %d before", g, before)
	}
	if c := calls.Load(); c > 3+4 {
		t.Errorf("%d chunks fetched for 25 ids of chunks of 10 with 4 workers", c)
	}
}

func TestChunksErrorOnce(t *testing.T) {
	boom := errors.New("boom")
	var mu sync.Mutex
	fetch := func(ctx context.Context, ids []int64) ([]int64, error) {
		mu.Lock()
		defer mu.Unlock()
		if ids[0] > 30 {
			return nil, fmt.Errorf("chunk at %d: %w", ids[0], boom)
		}
		return ids, nil
	}
	var ids []int64
	var errs []error
	for id, err := range Chunks(context.Background(), seq(100), 10, 4, fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id)
	}
	if len(ids) != 30 || len(errs) != 1 || !errors.Is(errs[0], boom) || errs[0].Error() != "chunk at 31: boom" {
		t.Errorf("ids %d, errs %v", len(ids), errs)
	}
}

func TestChunksCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fetch := func(ctx context.Context, ids []int64) ([]int64, error) {
		return ids, ctx.Err()
	}
	n, errs := 0, 0
	for _, err := range Chunks(ctx, seq(100), 10, 2, fetch) {
		if err != nil {
			errs++
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err %v", err)
			}
			continue
		}
		n++
		if n == 15 {
			cancel()
		}
	}
	if errs != 1 || n >= 100 {
		t.Errorf("n %d, errs %d", n, errs)
	}
}
