package helpdesk

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/deskbridge/deskbridge/odoo"
)

// Service is the entry point: typed services for one Odoo server, reached
// from one value, go-github style:
//
//	hd, err := helpdesk.New(client)
//	tickets, err := hd.Tickets.List(ctx, &helpdesk.TicketListOptions{TeamID: 5})
//
// A Service is safe for concurrent use.
type Service struct {
	client *odoo.Client

	mu     sync.Mutex
	flavor *Flavor // nil until detected (or set by WithFlavor)
	fixed  bool    // flavor came from WithFlavor

	cache *catalogCache // nil without WithCatalogCache
	now   func() time.Time
	log   *slog.Logger
	extra []string // WithTicketFields: custom fields read into Ticket.Extra

	// The typed services, one per resource.
	Tickets     *TicketsService
	Teams       *TeamsService
	Stages      *StagesService
	Types       *TypesService
	Tags        *TagsService
	SLAs        *SLAsService
	SLAStatus   *SLAStatusService
	Messages    *MessagesService
	Followers   *FollowersService
	Attachments *AttachmentsService
}

// service is embedded by every typed service.
type service struct{ s *Service }

// Option configures New.
type Option func(*config)

type config struct {
	flavor   *Flavor
	cacheTTL time.Duration
	stale    time.Duration
	staleSet bool
	logger   *slog.Logger
	now      func() time.Time
	extra    []string // WithTicketFields (extra.go)
}

// WithFlavor fixes the server's schema and skips detection. New validates
// the flavor.
func WithFlavor(f Flavor) Option {
	return func(c *config) { c.flavor = &f }
}

// WithCatalogCache keeps teams, stages (all and per team), ticket types,
// tags, SLA policies and the detected flavor in memory for ttl (opt-in; a
// ttl of 0 or less means no cache). Within the ttl they cost no request;
// after it, the first call checks the server with one small request per
// catalog (the ids and write dates of its records) and fetches it again
// only when something changed; concurrent callers share that check. Writes
// through the same Service (Tags.Create, for example) drop what they touch
// at once, and Service.Invalidate drops everything, for changes made by
// other clients that must show before the ttl ends.
//
// A failed check or fetch keeps serving the last good data for up to the
// stale limit past the ttl (default 10 × ttl, see WithCatalogStaleLimit),
// logged at warning level (WithLogger) and retried at most every ttl/10
// (at least a second); past the limit calls return the error. Every slice
// returned is a copy.
func WithCatalogCache(ttl time.Duration) Option {
	return func(c *config) { c.cacheTTL = ttl }
}

// WithCatalogStaleLimit sets how long past its ttl a cached catalog is
// still served while refreshing it fails (default 10 × the cache ttl; 0:
// never, a failed refresh returns its error).
func WithCatalogStaleLimit(d time.Duration) Option {
	return func(c *config) { c.stale, c.staleSet = d, true }
}

// WithLogger sets the logger of the Service's own events: a failed catalog
// refresh (default: discard). Requests are logged by the odoo client's
// logger.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// withClock sets the clock of the cache and of the OCA 17 SLA status (for
// tests; default time.Now).
func withClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// New returns a Service that works through client.
//
// Without WithFlavor the flavor is detected lazily: the first call that
// needs it (or Service.Flavor) asks the server's ir.model once, with that
// call's context, and the answer is kept. A failed detection is not kept,
// so the next call tries again. New itself sends no request.
func New(client *odoo.Client, opts ...Option) (*Service, error) {
	if client == nil {
		return nil, invalid("client", "must not be nil")
	}
	var c config
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.flavor != nil {
		if err := c.flavor.Validate(); err != nil {
			return nil, err
		}
	}
	if c.stale < 0 {
		return nil, invalid("WithCatalogStaleLimit", "must not be negative, got %v", c.stale)
	}
	if err := checkExtraFields(c.extra); err != nil {
		return nil, err
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.logger == nil {
		c.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Service{client: client, flavor: c.flavor, fixed: c.flavor != nil, now: c.now, log: c.logger, extra: c.extra}
	if c.cacheTTL > 0 {
		if !c.staleSet {
			c.stale = 10 * c.cacheTTL
		}
		s.cache = newCatalogCache(c.cacheTTL, c.stale, c.now, c.logger)
	}
	base := service{s}
	s.Tickets = &TicketsService{base}
	s.Teams = &TeamsService{base}
	s.Stages = &StagesService{base}
	s.Types = &TypesService{base}
	s.Tags = &TagsService{base}
	s.SLAs = &SLAsService{base}
	s.SLAStatus = &SLAStatusService{base}
	s.Messages = &MessagesService{base}
	s.Followers = &FollowersService{base}
	s.Attachments = &AttachmentsService{base}
	return s, nil
}

// Client returns the odoo client the Service works through, for calls the
// typed services do not cover.
func (s *Service) Client() *odoo.Client { return s.client }

// Flavor returns the server's schema: the one given to WithFlavor, or the
// one detected from ir.model (detecting it now if no call has yet).
func (s *Service) Flavor(ctx context.Context) (Flavor, error) {
	f, err := s.flavorPtr(ctx)
	if err != nil {
		return Flavor{}, err
	}
	return *f, nil
}

// flavorPtr returns the kept flavor, detecting it when needed. Concurrent
// first calls may each detect; they agree, and the first answer is kept.
// With the catalog cache the detection is an entry like the catalogs,
// asked again after its ttl; a changed answer drops the catalogs.
func (s *Service) flavorPtr(ctx context.Context) (*Flavor, error) {
	s.mu.Lock()
	f := s.flavor
	s.mu.Unlock()
	if s.cache != nil && !s.fixed {
		v, err := s.cache.get(ctx, cacheFlavor, nil, func(ctx context.Context) (loaded, error) {
			d, err := Detect(ctx, s.client)
			return loaded{val: &d}, err
		})
		if err != nil {
			return nil, err
		}
		d := v.(*Flavor)
		if f != nil && *f != *d {
			s.cache.invalidate(cacheTeams, cacheStages, cacheTypes, cacheTags, cacheSLAs)
		}
		s.mu.Lock()
		s.flavor = d
		s.mu.Unlock()
		return d, nil
	}
	if f != nil {
		return f, nil
	}
	d, err := Detect(ctx, s.client)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flavor == nil {
		s.flavor = &d
	}
	return s.flavor, nil
}

// Invalidate drops everything the catalog cache holds (WithCatalogCache),
// so that the next call of each catalog fetches it again. Without the
// cache it does nothing.
func (s *Service) Invalidate() {
	if s.cache != nil {
		s.cache.invalidate()
	}
}

// touched drops the cached catalog of model after a write through this
// Service (whatever its outcome: a write that may have happened counts).
func (s *Service) touched(model string) {
	if s.cache == nil {
		return
	}
	s.mu.Lock()
	f := s.flavor
	s.mu.Unlock()
	if f == nil {
		return
	}
	switch model {
	case f.Team.Model:
		s.cache.invalidate(cacheTeams)
	case f.Stage.Model:
		s.cache.invalidate(cacheStages)
	case f.Type.Model:
		s.cache.invalidate(cacheTypes)
	case f.Tag.Model:
		s.cache.invalidate(cacheTags)
	case f.SLA.Model:
		s.cache.invalidate(cacheSLAs)
	case "ir.model":
		s.cache.invalidate()
	}
}
