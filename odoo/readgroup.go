package odoo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
)

// ReadGroupOptions are the options of ReadGroup.
type ReadGroupOptions struct {
	// Aggregates to compute per group, as "field:function" (e.g.
	// "hours:sum", "priority:max"). The count is always there (Group.Count).
	Aggregates []string
	Offset     int
	Limit      int
	// OrderBy orders the groups, e.g. "stage_id" or "hours:sum desc".
	OrderBy string
	// Eager groups by every groupBy field at once; by default (lazy, as
	// Odoo's read_group) only by the first.
	Eager bool
	// Context is merged over the client's context.
	Context map[string]any
}

// Group is one group of a ReadGroup, the same on every Odoo version.
type Group struct {
	// Values holds the group's value of each groupBy spec it was grouped
	// by, as the server answered it: a many2one's [id, "name"] ([]any) or
	// false, a selection key, a date label for "create_date:month", ...
	Values map[string]any
	// Count is the number of records in the group.
	Count int64
	// Aggregates holds the value of each ReadGroupOptions.Aggregates spec,
	// by spec ("hours:sum").
	Aggregates map[string]any
	// Domain selects the group's records: the search domain and the
	// group's own condition.
	Domain domain.Domain
}

// ReadGroup groups the records of model that match d by the groupBy specs
// ("stage_id", "create_date:month") and aggregates them. Odoo 19 has
// formatted_read_group (read_group is deprecated from 18.2 and removed in
// 19.1) and answers other keys (__count, __extra_domain instead of
// <field>_count, __domain); ReadGroup picks the method by the server's
// version (Client.Version, read once) and gives the same Groups on 16 to 19.
func (c *Client) ReadGroup(ctx context.Context, model string, d domain.Domain, groupBy []string, opts *ReadGroupOptions) ([]Group, error) {
	const fn = "Client.ReadGroup"
	if err := checkSearch(fn, ctx, model, d, nil); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &ReadGroupOptions{}
	}
	if err := checkPaging(fn, "ReadGroupOptions.", opts.Offset, opts.Limit); err != nil {
		return nil, err
	}
	if len(groupBy) == 0 {
		return nil, invalidArg(fn, "groupBy", "must name at least one field")
	}
	for i, g := range groupBy {
		if strings.TrimSpace(g) == "" {
			return nil, invalidArg(fn, fmt.Sprintf("groupBy[%d]", i), "empty")
		}
	}
	by := groupBy
	if !opts.Eager {
		by = groupBy[:1]
	}
	if v, err := c.Version(ctx); err == nil && v.Major >= 19 {
		groups, err := c.formattedReadGroup(ctx, model, d, by, opts)
		var oe *Error
		if err == nil || !errors.As(err, &oe) || !oe.unknownMethod(shortName(oe.Name)) && shortName(oe.Name) != "NotFound" {
			return groups, err
		}
		// A 19 build without formatted_read_group: read_group still is.
	}
	return c.readGroup(ctx, model, d, by, opts)
}

// readGroup calls read_group (Odoo 16 to 19.0).
func (c *Client) readGroup(ctx context.Context, model string, d domain.Domain, by []string, opts *ReadGroupOptions) ([]Group, error) {
	fields := make([]string, 0, len(opts.Aggregates))
	for _, a := range opts.Aggregates {
		if a != "__count" {
			fields = append(fields, a)
		}
	}
	kw := map[string]any{"lazy": !opts.Eager}
	if opts.Offset > 0 {
		kw["offset"] = opts.Offset
	}
	if opts.Limit > 0 {
		kw["limit"] = opts.Limit
	}
	if opts.OrderBy != "" {
		kw["orderby"] = opts.OrderBy
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "read_group", Args: []any{d, fields, by}, Kwargs: kw, Context: opts.Context})
	if err != nil {
		return nil, err
	}
	// Lazy: "<first groupby field>_count"; eager: "__count".
	countKey := "__count"
	if !opts.Eager {
		countKey = fieldOf(by[0]) + "_count"
	}
	return decodeGroups(model, "read_group", raw, d, by, opts.Aggregates, countKey, "__domain")
}

// formattedReadGroup calls formatted_read_group (Odoo 19), all arguments
// by name so that every protocol sends the same call.
func (c *Client) formattedReadGroup(ctx context.Context, model string, d domain.Domain, by []string, opts *ReadGroupOptions) ([]Group, error) {
	aggs := []string{"__count"}
	for _, a := range opts.Aggregates {
		if a != "__count" {
			aggs = append(aggs, a)
		}
	}
	kw := map[string]any{"domain": d, "groupby": by, "aggregates": aggs}
	if opts.Offset > 0 {
		kw["offset"] = opts.Offset
	}
	if opts.Limit > 0 {
		kw["limit"] = opts.Limit
	}
	if opts.OrderBy != "" {
		kw["order"] = opts.OrderBy
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "formatted_read_group", Kwargs: kw, Context: opts.Context})
	if err != nil {
		return nil, err
	}
	return decodeGroups(model, "formatted_read_group", raw, d, by, opts.Aggregates, "__count", "__extra_domain")
}

// fieldOf is the field of a groupby or aggregate spec ("create_date:month"
// → "create_date").
func fieldOf(spec string) string {
	if i := strings.IndexByte(spec, ':'); i >= 0 {
		return spec[:i]
	}
	return spec
}

// decodeGroups reads either method's rows into Groups. domKey is
// "__domain" (the whole domain) or "__extra_domain" (the group's own
// condition, to be joined with d).
func decodeGroups(model, method string, raw json.RawMessage, d domain.Domain, by, aggs []string, countKey, domKey string) ([]Group, error) {
	var rows []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("odoo: %s.%s: %w", model, method, err)
	}
	out := make([]Group, 0, len(rows))
	for i, row := range rows {
		g := Group{Values: make(map[string]any, len(by)), Aggregates: make(map[string]any, len(aggs))}
		bad := func(what string, err error) error {
			return fmt.Errorf("odoo: %s.%s: group %d: %s: %w", model, method, i, what, err)
		}
		for _, spec := range by {
			var v any
			if b, ok := row[spec]; ok {
				if err := json.Unmarshal(b, &v); err != nil {
					return nil, bad(spec, err)
				}
			}
			g.Values[spec] = v
		}
		if b, ok := row[countKey]; ok {
			if err := unmarshalRule(b, reflect.ValueOf(&g.Count)); err != nil { // the codec's integer rule
				return nil, bad(countKey, err)
			}
		}
		for _, spec := range aggs {
			b, ok := row[spec] // formatted_read_group: by spec
			if !ok {
				b, ok = row[fieldOf(spec)] // read_group: by field
			}
			var v any
			if ok {
				if err := json.Unmarshal(b, &v); err != nil {
					return nil, bad(spec, err)
				}
			}
			g.Aggregates[spec] = v
		}
		if b, ok := row[domKey]; ok {
			var gd domain.Domain
			if err := gd.UnmarshalJSON(b); err != nil {
				return nil, bad(domKey, err)
			}
			if domKey == "__extra_domain" {
				gd = domain.And(d, gd)
			}
			g.Domain = gd
		}
		out = append(out, g)
	}
	return out, nil
}
