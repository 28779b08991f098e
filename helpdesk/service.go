package helpdesk

import (
	"context"
	"sync"

	"github.com/deskbridge/deskbridge/odoo"
)

// Service is the entry point: typed services for one Odoo server, reached
// from one value, go-github style:
//
//	hd, err := helpdesk.New(client)
//	tickets, err := hd.Tickets.List(ctx, helpdesk.TicketListOptions{TeamID: 5})
//
// A Service is safe for concurrent use.
type Service struct {
	client *odoo.Client

	mu     sync.Mutex
	flavor *Flavor // nil until detected (or set by WithFlavor)

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
	flavor *Flavor
}

// WithFlavor fixes the server's schema and skips detection. New validates
// the flavor.
func WithFlavor(f Flavor) Option {
	return func(c *config) { c.flavor = &f }
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
	s := &Service{client: client, flavor: c.flavor}
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
func (s *Service) flavorPtr(ctx context.Context) (*Flavor, error) {
	s.mu.Lock()
	f := s.flavor
	s.mu.Unlock()
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
