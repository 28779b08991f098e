package helpdesk

import (
	"cmp"
	"context"
	"hash/fnv"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// The catalog cache (WithCatalogCache): teams, stages, ticket types, tags,
// SLA policies and the detected flavor, kept in memory for a TTL. After the
// TTL the first caller checks the server with one small request (the ids
// and write dates of the model's records: an addition, an edit, an archive
// or a deletion all change it) and fetches again only when something
// changed. Concurrent callers at expiry share one check (a singleflight per
// entry). A failed check or fetch keeps serving the last good data, for at
// most the stale limit past its expiry, and is logged; it is retried at most
// once per retry interval meanwhile.
//
// What it cannot see: a change that writes no record of the cached model,
// such as a team's stages edited from the team's side of the many2many
// (the stage records keep their write date). Writes made through the same
// Service drop what they touch at once; Invalidate drops everything.

// Cache keys, one entry per catalog.
const (
	cacheFlavor = "flavor"
	cacheTeams  = "teams"
	cacheStages = "stages"
	cacheTypes  = "types"
	cacheTags   = "tags"
	cacheSLAs   = "slas"
)

// catalogCache holds the entries of one Service.
type catalogCache struct {
	ttl, stale, retry time.Duration
	now               func() time.Time
	log               *slog.Logger

	mu      sync.Mutex
	entries map[string]*cacheEntry
	gen     uint64 // bumped by every invalidation: a refresh started before it is not kept
}

type cacheEntry struct {
	ok      bool   // val holds good data
	val     any    // the decoded catalog (never handed out: callers get copies)
	sig     string // signature of the records val was built from
	expires time.Time
	retryAt time.Time // after a failed refresh: no new try before
	flight  *flight
}

// flight is one refresh in progress; waiters block on done.
type flight struct {
	done chan struct{}
	val  any
	err  error
}

// loaded is what a fetch answers: the value and the signature of the rows.
type loaded struct {
	val any
	sig string
}

func newCatalogCache(ttl, stale time.Duration, now func() time.Time, log *slog.Logger) *catalogCache {
	retry := ttl / 10
	if retry < time.Second {
		retry = time.Second
	}
	return &catalogCache{ttl: ttl, stale: stale, retry: retry, now: now, log: log, entries: map[string]*cacheEntry{}}
}

// get answers the entry key: from memory within the TTL, else after a
// check (probe, when the entry has data) or a fetch (load). probe may be
// nil: the entry is then fetched again at each expiry.
func (c *catalogCache) get(ctx context.Context, key string, probe func(context.Context) (string, error), load func(context.Context) (loaded, error)) (any, error) {
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &cacheEntry{}
		c.entries[key] = e
	}
	now := c.now()
	if e.ok && (now.Before(e.expires) || (now.Before(e.retryAt) && now.Before(e.expires.Add(c.stale)))) {
		v := e.val
		c.mu.Unlock()
		return v, nil
	}
	fl := e.flight
	if fl == nil {
		fl = &flight{done: make(chan struct{})}
		e.flight = fl
		old := snapshot{gen: c.gen, ok: e.ok, val: e.val, sig: e.sig}
		c.mu.Unlock()
		// The refresh is the entry's, not this caller's: one caller giving
		// up must not fail the others waiting on it.
		go c.refresh(context.WithoutCancel(ctx), key, e, fl, old, probe, load)
	} else {
		c.mu.Unlock()
	}
	select {
	case <-fl.done:
		return fl.val, fl.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// snapshot is an entry as a refresh found it.
type snapshot struct {
	gen uint64
	ok  bool
	val any
	sig string
}

func (c *catalogCache) refresh(ctx context.Context, key string, e *cacheEntry, fl *flight, old snapshot,
	probe func(context.Context) (string, error), load func(context.Context) (loaded, error)) {
	var (
		res   loaded
		err   error
		fresh bool // unchanged on the server
	)
	if old.ok && probe != nil {
		var s string
		if s, err = probe(ctx); err == nil && s == old.sig {
			fresh = true
		}
	}
	if err == nil && !fresh {
		res, err = load(ctx)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	e.flight = nil
	switch {
	case err == nil && fresh:
		fl.val = old.val
		if old.gen == c.gen { // not invalidated meanwhile
			e.expires, e.retryAt = now.Add(c.ttl), time.Time{}
		}
	case err == nil:
		fl.val = res.val
		if old.gen == c.gen { // not invalidated meanwhile
			e.ok, e.val, e.sig = true, res.val, res.sig
			e.expires, e.retryAt = now.Add(c.ttl), time.Time{}
		}
	case old.ok && e.ok && now.Before(e.expires.Add(c.stale)):
		c.log.WarnContext(ctx, "helpdesk: catalog refresh failed, serving the last good data",
			"catalog", key, "stale_since", e.expires, "error", err)
		e.retryAt = now.Add(c.retry)
		fl.val = e.val
	default:
		if e.ok {
			c.log.ErrorContext(ctx, "helpdesk: catalog refresh failed past the stale limit", "catalog", key, "error", err)
		}
		e.ok, e.val, e.sig = false, nil, ""
		fl.err = err
	}
	close(fl.done)
}

// invalidate drops the entries named (all when none).
func (c *catalogCache) invalidate(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if len(keys) == 0 {
		for _, e := range c.entries {
			e.ok, e.val, e.sig = false, nil, ""
		}
		return
	}
	for _, k := range keys {
		if e := c.entries[k]; e != nil {
			e.ok, e.val, e.sig = false, nil, ""
		}
	}
}

// stampCol is the column the cache's signatures read beside the id.
var stampCol = col{"write_date", colTime}

// signature digests the (id, write_date) pairs of rs, whatever their
// order.
func signature(rs records) string {
	type pair struct {
		id int64
		wd time.Time
	}
	ps := make([]pair, 0, rs.v.Len())
	rs.each(func(r *record) bool {
		ps = append(ps, pair{r.id(), r.time(stampCol.name)})
		return true
	})
	slices.SortFunc(ps, func(a, b pair) int { return cmp.Compare(a.id, b.id) })
	h := fnv.New64a()
	var buf []byte
	for _, p := range ps {
		buf = strconv.AppendInt(buf[:0], p.id, 10)
		buf = append(buf, 0)
		buf = p.wd.AppendFormat(buf, time.RFC3339Nano)
		buf = append(buf, 0)
		h.Write(buf)
	}
	return strconv.Itoa(len(ps)) + ":" + strconv.FormatUint(h.Sum64(), 16)
}

// probeModel is the check of a catalog model: one search_read of every
// record's id and write date.
func (s *Service) probeModel(model string) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		rs, err := s.searchRecords(ctx, model, planOf(stampCol), domain.Domain{}, odoo.SearchOptions{Order: "id asc"})
		if err != nil {
			return "", err
		}
		return signature(rs), nil
	}
}
