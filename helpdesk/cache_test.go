package helpdesk

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/fault"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

const testTTL = time.Minute

// cacheEnv is a demo server, a Service with the catalog cache on a fake
// clock, and the log it writes.
type cacheEnv struct {
	srv *odootest.Server
	hd  *Service
	clk *clock
	log *bytes.Buffer
	raw rawNames
}

func newCacheEnv(t *testing.T, flavor odootest.Flavor, proto odoo.Protocol, opts ...Option) *cacheEnv {
	t.Helper()
	srv := odootest.NewServer(odootest.WithFlavor(flavor), odootest.WithDemoData())
	t.Cleanup(srv.Close)
	e := &cacheEnv{srv: srv, clk: newClock(slaT0), log: &bytes.Buffer{}, raw: rawFor(flavor)}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: e.log}, nil))
	hd, err := New(newClient(t, srv, proto), append([]Option{WithCatalogCache(testTTL), withClock(e.clk.Now), WithLogger(logger)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	e.hd = hd
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// counts answers the applied calls per model since the last reset
// (authentication calls left out).
func (e *cacheEnv) counts() map[string]int {
	out := map[string]int{}
	for _, c := range e.srv.Calls() {
		if c.Applied && c.Model != "" {
			out[c.Model]++
		}
	}
	return out
}

// form reads what a ticket form shows: teams, the stages of a team, tags.
func (e *cacheEnv) form(t testing.TB, team int64) ([]Team, []Stage, []Tag) {
	t.Helper()
	ctx := context.Background()
	teams, err := e.hd.Teams.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stages, err := e.hd.Stages.List(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	tags, err := e.hd.Tags.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return teams, stages, tags
}

func wantCounts(t *testing.T, got, want map[string]int) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%d calls to %s, want %d (all: %v)", got[k], k, v, got)
		}
	}
	n, w := 0, 0
	for _, v := range got {
		n += v
	}
	for _, v := range want {
		w += v
	}
	if n != w {
		t.Errorf("%d calls in all, want %d: %v", n, w, got)
	}
}

func TestCatalogCache(t *testing.T) {
	for _, f := range testFlavors {
		for _, p := range testProtocols {
			t.Run(string(f)+"/"+p.String(), func(t *testing.T) {
				e := newCacheEnv(t, f, p)
				r := e.raw
				team := e.srv.Search(r.team, domain.Domain{})[1]
				teams0, stages0, tags0 := e.form(t, team)
				for range 999 {
					teams, stages, tags := e.form(t, team)
					if len(teams) != len(teams0) || len(stages) != len(stages0) || len(tags) != len(tags0) {
						t.Fatal("cached answers differ")
					}
				}
				// 1 000 forms within the ttl: the first fetches only
				wantCounts(t, e.counts(), map[string]int{"ir.model": 1, r.team: 1, r.stage: 1, r.tag: 1})

				// after the ttl, nothing changed: one check per catalog
				e.srv.ResetCalls()
				e.clk.Add(testTTL + time.Second)
				e.form(t, team)
				e.form(t, team)
				wantCounts(t, e.counts(), map[string]int{"ir.model": 1, r.team: 1, r.stage: 1, r.tag: 1})

				// a tag added by another client shows at the next refresh
				e.srv.ResetCalls()
				newTag, err := e.srv.Create(r.tag, map[string]any{"name": "Added elsewhere", "color": 4})
				if err != nil {
					t.Fatal(err)
				}
				if _, _, tags := e.form(t, team); hasTag(tags, newTag) {
					t.Error("tag seen before the ttl ended")
				}
				e.clk.Add(testTTL + time.Second)
				if _, _, tags := e.form(t, team); !hasTag(tags, newTag) {
					t.Errorf("tag %d missing after the refresh: %+v", newTag, tags)
				}
				// check, then fetch, for tags; a check for the others
				wantCounts(t, e.counts(), map[string]int{"ir.model": 1, r.team: 1, r.stage: 1, r.tag: 2})

				// deleted elsewhere: gone at the next refresh
				if err := e.srv.Unlink(r.tag, []int64{newTag}); err != nil {
					t.Fatal(err)
				}
				e.clk.Add(testTTL + time.Second)
				if _, _, tags := e.form(t, team); hasTag(tags, newTag) {
					t.Error("deleted tag still listed after the refresh")
				}

				// a tag created through the Service shows at once
				mine, err := e.hd.Tags.Create(context.Background(), "Created here", 2)
				if err != nil {
					t.Fatal(err)
				}
				if _, _, tags := e.form(t, team); !hasTag(tags, mine) {
					t.Error("tag created through the Service missing")
				}

				// Invalidate: everything fetched again
				e.hd.Invalidate()
				e.srv.ResetCalls()
				e.form(t, team)
				wantCounts(t, e.counts(), map[string]int{"ir.model": 1, r.team: 1, r.stage: 1, r.tag: 1})
			})
		}
	}
}

func hasTag(tags []Tag, id int64) bool {
	for _, tg := range tags {
		if tg.ID == id {
			return true
		}
	}
	return false
}

// Types and SLA policies are cached the same way.
func TestCatalogCacheTypesAndSLAs(t *testing.T) {
	e := newCacheEnv(t, odootest.Enterprise, odoo.JSONRPC)
	ctx := context.Background()
	for range 100 {
		if _, err := e.hd.Types.List(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.hd.SLAs.List(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := e.hd.SLAs.List(ctx, 1); err != nil {
			t.Fatal(err)
		}
	}
	wantCounts(t, e.counts(), map[string]int{"ir.model": 1, "helpdesk.ticket.type": 1, "helpdesk.sla": 1})
}

// The team's stages picked from the cache are those the server picks.
func TestCatalogCacheStagesOfTeam(t *testing.T) {
	for _, f := range testFlavors {
		e := newCacheEnv(t, f, odoo.JSONRPC)
		plain, err := New(newClient(t, e.srv, odoo.JSONRPC))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for _, team := range append(e.srv.Search(e.raw.team, domain.Domain{}), 0) {
			got, err := e.hd.Stages.List(ctx, team)
			if err != nil {
				t.Fatal(err)
			}
			want, err := plain.Stages.List(ctx, team)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s team %d: cached %d stages, server %d", f, team, len(got), len(want))
			}
			for i := range got {
				if got[i].ID != want[i].ID {
					t.Errorf("%s team %d: stage %d is %d, want %d", f, team, i, got[i].ID, want[i].ID)
				}
			}
		}
	}
}

// 64 callers at expiry share one refresh.
func TestCatalogCacheSingleflight(t *testing.T) {
	e := newCacheEnv(t, odootest.OCA, odoo.JSONRPC)
	ctx := context.Background()
	if _, err := e.hd.Tags.List(ctx); err != nil {
		t.Fatal(err)
	}
	e.clk.Add(testTTL + time.Second)
	e.srv.ResetCalls()
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			tags, err := e.hd.Tags.List(ctx)
			if err == nil && len(tags) == 0 {
				err = errors.New("no tags")
			}
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	wantCounts(t, e.counts(), map[string]int{"ir.model": 1, "helpdesk.ticket.tag": 1})
}

// A failed refresh serves the last good data for the stale limit, logged,
// then fails.
func TestCatalogCacheStale(t *testing.T) {
	e := newCacheEnv(t, odootest.OCA, odoo.JSONRPC, WithCatalogStaleLimit(5*time.Minute))
	ctx := context.Background()
	good, err := e.hd.Tags.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fail := func() {
		e.srv.InjectFault(odootest.Fault{Model: "helpdesk.ticket.tag", Kind: fault.OdooError, Times: 1000,
			ErrorName: "odoo.exceptions.AccessError", ErrorMessage: "database is gone"})
	}
	fail()
	e.clk.Add(testTTL + time.Second)
	e.srv.ResetCalls()
	for range 10 {
		tags, err := e.hd.Tags.List(ctx)
		if err != nil || len(tags) != len(good) {
			t.Fatalf("stale answer = %d tags, %v; want the last good %d", len(tags), err, len(good))
		}
	}
	tries := 0
	for _, c := range e.srv.Calls() {
		if c.Model == "helpdesk.ticket.tag" {
			tries++
		}
	}
	if tries != 1 { // one try, then no new one before the retry interval
		t.Errorf("%d tag requests while failing, want 1", tries)
	}
	if !strings.Contains(e.log.String(), "catalog refresh failed") || !strings.Contains(e.log.String(), "database is gone") {
		t.Errorf("log = %q", e.log.String())
	}
	// past the stale limit: the error
	e.clk.Add(5 * time.Minute)
	if _, err := e.hd.Tags.List(ctx); err == nil || !strings.Contains(err.Error(), "database is gone") {
		t.Errorf("past the stale limit: %v, want the server's error", err)
	}
	// the server is back: fresh data again
	e.srv.ClearFaults()
	if tags, err := e.hd.Tags.List(ctx); err != nil || len(tags) != len(good) {
		t.Errorf("after recovery: %d tags, %v", len(tags), err)
	}
}

// Callers get copies: changing one changes nothing cached.
func TestCatalogCacheCopies(t *testing.T) {
	e := newCacheEnv(t, odootest.Enterprise, odoo.JSONRPC)
	ctx := context.Background()
	teams, stages, tags := e.form(t, 0)
	slas, err := e.hd.SLAs.List(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	teams[0].Name, teams[0].MemberIDs[0] = "changed", -1
	stages[0].TeamIDs[0] = -1
	tags[0].Name = "changed"
	slas[0].TeamIDs[0] = -1
	teams2, stages2, tags2 := e.form(t, 0)
	slas2, _ := e.hd.SLAs.List(ctx, 0)
	if teams2[0].Name == "changed" || teams2[0].MemberIDs[0] == -1 || stages2[0].TeamIDs[0] == -1 || tags2[0].Name == "changed" || slas2[0].TeamIDs[0] == -1 {
		t.Error("a caller's change reached the cache")
	}
}

// Without the option every call asks the server, as before.
func TestCatalogNoCache(t *testing.T) {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	defer srv.Close()
	hd, err := New(newClient(t, srv, odoo.JSONRPC))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := hd.Tags.List(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.CallCount("helpdesk.ticket.tag", "search_read"); n != 3 {
		t.Errorf("%d tag reads, want 3", n)
	}
	hd.Invalidate() // no cache: nothing to do
}

// An Invalidate while a check is on the wire: the waiters get the data
// the check confirmed, and the entry is fetched again next time.
func TestCatalogCacheInvalidateDuringRefresh(t *testing.T) {
	clk := newClock(slaT0)
	c := newCatalogCache(testTTL, time.Hour, clk.Now, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	loads := 0
	load := func(context.Context) (loaded, error) { loads++; return loaded{val: []int{loads}, sig: "s"}, nil }
	inProbe, release := make(chan struct{}), make(chan struct{})
	probe := func(context.Context) (string, error) { close(inProbe); <-release; return "s", nil }
	if _, err := c.get(ctx, "k", probe, load); err != nil {
		t.Fatal(err)
	}
	clk.Add(testTTL + time.Second)
	done := make(chan any)
	go func() {
		v, err := c.get(ctx, "k", probe, load)
		if err != nil {
			t.Error(err)
		}
		done <- v
	}()
	<-inProbe
	c.invalidate()
	close(release)
	if v, _ := (<-done).([]int); len(v) != 1 || v[0] != 1 {
		t.Errorf("waiter got %v, want the checked data [1]", v)
	}
	v, err := c.get(ctx, "k", nil, load)
	if got, _ := v.([]int); err != nil || len(got) != 1 || got[0] != 2 || loads != 2 {
		t.Errorf("after the invalidation: %v, %v, %d loads; want a new fetch", v, err, loads)
	}
}
