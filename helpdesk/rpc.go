package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// The only file that calls the odoo client: every service goes through
// these helpers, so the wire shape is decided in one place.

// search runs search: the ids matching d in order, every one.
func (s *Service) search(ctx context.Context, model string, d domain.Domain, order string) ([]int64, error) {
	return s.client.Search(ctx, model, d, &odoo.SearchOptions{Order: order})
}

// searchCount runs search_count.
func (s *Service) searchCount(ctx context.Context, model string, d domain.Domain) (int64, error) {
	return s.client.SearchCount(ctx, model, d, nil)
}

// searchReadTyped runs search_read and decodes the records into T, a
// struct with odoo tags, through the odoo package's one-pass decoder.
func searchReadTyped[T any](ctx context.Context, s *Service, model string, d domain.Domain, fields []string, offset, limit int, order string) ([]T, error) {
	var rows []T
	err := s.client.SearchReadInto(ctx, model, d, &odoo.SearchOptions{Fields: fields, Offset: offset, Limit: limit, Order: order}, &rows)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// readTyped runs read and decodes the records into T like searchReadTyped.
func readTyped[T any](ctx context.Context, s *Service, model string, ids []int64, fields []string) ([]T, error) {
	var rows []T
	if err := s.client.ReadInto(ctx, model, ids, &odoo.ReadOptions{Fields: fields}, &rows); err != nil {
		return nil, err
	}
	return rows, nil
}

// create creates one record and returns its id. It sends the values as
// one dict (create(vals), which every Odoo accepts) rather than a list of
// one: over REST v2 that is the add-on's documented body {"values": {...}}
// (odoo.Client.Create sends {"values": [{...}]}).
func (s *Service) create(ctx context.Context, model string, vals map[string]any) (int64, error) {
	defer s.touched(model)
	raw, err := s.client.ExecuteCall(ctx, odoo.Call{Model: model, Method: "create", Args: []any{vals}})
	if err != nil {
		return 0, err
	}
	return decodeID(model, raw)
}

// write writes vals on ids.
func (s *Service) write(ctx context.Context, model string, ids []int64, vals map[string]any) error {
	defer s.touched(model)
	return s.client.Write(ctx, model, ids, odoo.Values(vals), nil)
}

// unlink deletes ids.
func (s *Service) unlink(ctx context.Context, model string, ids []int64) error {
	defer s.touched(model)
	return s.client.Unlink(ctx, model, ids, nil)
}

// call runs any method and returns its raw result.
func (s *Service) call(ctx context.Context, model, method string, args []any, kwargs map[string]any) (json.RawMessage, error) {
	return s.client.CallMethod(ctx, model, method, args, kwargs)
}

// decodeID reads the record id a create answered, as n or [n]
// (message_post goes through odoo.Client.MessagePost, which checks the same). Anything else (0, -1, [0], null, false, two ids, a name) is a
// broken reply to a call that may have been applied: the error matches
// deskbridge.ErrOutcomeUnknown (deskbridge's, so odoo's too), never a success with
// that id.
func decodeID(model string, raw json.RawMessage) (int64, error) {
	// By odoo's integer rule (5 and 5.0, not 5.5); id stays 0 for null and
	// for anything but n or [n].
	var id int64
	if odoo.DecodeResult(raw, &id) != nil {
		var ids []int64
		if odoo.DecodeResult(raw, &ids) == nil && len(ids) == 1 {
			id = ids[0]
		}
	}
	if id > 0 {
		return id, nil
	}
	return 0, fmt.Errorf("helpdesk: %s.create: want a record id, got %s: %w", model, snippet(raw), deskbridge.ErrOutcomeUnknown)
}

// snippet is raw as text for an error, its first 60 bytes and "..." when
// longer.
func snippet(raw json.RawMessage) string {
	s := string(raw)
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}
