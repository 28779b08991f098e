package odoo

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/deskbridge/deskbridge/domain"
)

// SearchOptions are the paging, ordering and field options of a search.
// A nil *SearchOptions means no limit, all fields (SearchRead) and the
// model's default order.
type SearchOptions struct {
	// Fields to read; empty means every field (slow on big models: name
	// them, or use a Model whose struct tags name them).
	Fields []string
	// Offset skips that many records; Limit caps the result (0: no limit).
	Offset int
	Limit  int
	// Order is an SQL-like order, e.g. "create_date desc, id".
	Order string
	// Context is merged over the client's context for this call.
	Context map[string]any
}

// ReadOptions are the options of a read.
type ReadOptions struct {
	// Fields to read; empty means every field.
	Fields []string
	// Context is merged over the client's context for this call.
	Context map[string]any
}

// CallOptions are the options of a call that has no others.
type CallOptions struct {
	// Context is merged over the client's context for this call.
	Context map[string]any
}

func (o *SearchOptions) context() map[string]any {
	if o == nil {
		return nil
	}
	return o.Context
}

func (o *ReadOptions) fields() []string {
	if o == nil {
		return nil
	}
	return o.Fields
}

func (o *ReadOptions) context() map[string]any {
	if o == nil {
		return nil
	}
	return o.Context
}

func (o *CallOptions) context() map[string]any {
	if o == nil {
		return nil
	}
	return o.Context
}

// searchKwargs returns the keyword arguments of a search.
func searchKwargs(o *SearchOptions, withFields bool) map[string]any {
	kw := map[string]any{}
	if o == nil {
		return kw
	}
	if withFields && len(o.Fields) > 0 {
		kw["fields"] = o.Fields
	}
	if o.Offset > 0 {
		kw["offset"] = o.Offset
	}
	if o.Limit > 0 {
		kw["limit"] = o.Limit
	}
	if o.Order != "" {
		kw["order"] = o.Order
	}
	return kw
}

// SearchRead returns the records of model that match d (search_read).
// Empty values are Odoo's false; use SearchReadInto or a Model to decode
// into structs.
func (c *Client) SearchRead(ctx context.Context, model string, d domain.Domain, opts *SearchOptions) ([]map[string]any, error) {
	var out []map[string]any
	if err := c.searchReadInto("Client.SearchRead", ctx, model, d, opts, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// SearchReadInto runs search_read and decodes the records into out, a
// pointer to a slice: of structs with odoo tags (Odoo's false reads as the
// zero value), of maps, or anything encoding/json can fill.
func (c *Client) SearchReadInto(ctx context.Context, model string, d domain.Domain, opts *SearchOptions, out any) error {
	return c.searchReadInto("Client.SearchReadInto", ctx, model, d, opts, out)
}

func (c *Client) searchReadInto(fn string, ctx context.Context, model string, d domain.Domain, opts *SearchOptions, out any) error {
	if err := checkSearch(fn, ctx, model, d, opts); err != nil {
		return err
	}
	if err := checkOut(fn, out); err != nil {
		return err
	}
	return c.executeInto(ctx, Call{Model: model, Method: "search_read", Args: []any{d},
		Kwargs: searchKwargs(opts, true), Context: opts.context()}, out)
}

// decode decodes raw into out, naming the call on failure.
func (c *Client) decode(model, method string, raw json.RawMessage, out any) error {
	if out == nil {
		return nil
	}
	if err := decodeInto(raw, out); err != nil {
		return resultError(model, method, err)
	}
	return nil
}

// Read returns the records ids of model (read). Ids that do not exist are
// left out (Odoo answers no error for them).
func (c *Client) Read(ctx context.Context, model string, ids []int64, opts *ReadOptions) ([]map[string]any, error) {
	var out []map[string]any
	if err := c.readInto("Client.Read", ctx, model, ids, opts, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadInto runs read and decodes the records into out, like SearchReadInto.
func (c *Client) ReadInto(ctx context.Context, model string, ids []int64, opts *ReadOptions, out any) error {
	return c.readInto("Client.ReadInto", ctx, model, ids, opts, out)
}

func (c *Client) readInto(fn string, ctx context.Context, model string, ids []int64, opts *ReadOptions, out any) error {
	if err := checkBase(fn, ctx, model); err != nil {
		return err
	}
	if err := checkIDs(fn, ids); err != nil {
		return err
	}
	if err := checkOut(fn, out); err != nil {
		return err
	}
	kw := map[string]any{}
	if f := opts.fields(); len(f) > 0 {
		kw["fields"] = f
	}
	return c.executeInto(ctx, Call{Model: model, Method: "read", Args: []any{idList(ids)}, Kwargs: kw, Context: opts.context()}, out)
}

// idList never encodes as null.
func idList(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// Search returns the ids of the records of model that match d (search).
// opts.Fields is not used.
func (c *Client) Search(ctx context.Context, model string, d domain.Domain, opts *SearchOptions) ([]int64, error) {
	if err := checkSearch("Client.Search", ctx, model, d, opts); err != nil {
		return nil, err
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "search", Args: []any{d},
		Kwargs: searchKwargs(opts, false), Context: opts.context()})
	if err != nil {
		return nil, err
	}
	var ids IDs
	if err := c.decode(model, "search", raw, &ids); err != nil {
		return nil, err
	}
	return []int64(idList(ids)), nil
}

// SearchCount returns how many records of model match d (search_count).
func (c *Client) SearchCount(ctx context.Context, model string, d domain.Domain, opts *CallOptions) (int64, error) {
	if err := checkSearch("Client.SearchCount", ctx, model, d, nil); err != nil {
		return 0, err
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "search_count", Args: []any{d}, Context: opts.context()})
	if err != nil {
		return 0, err
	}
	var n int64
	if err := c.decode(model, "search_count", raw, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// Create creates one record of model and returns its id. vals is its
// values: Values, a map, or a struct with odoo tags (CreateMany takes a
// slice of them).
//
// When the error matches deskbridge.ErrOutcomeUnknown the record may have been
// created: the client does not send a create twice.
func (c *Client) Create(ctx context.Context, model string, vals any, opts *CallOptions) (int64, error) {
	const fn = "Client.Create"
	if isValuesSlice(vals) {
		return 0, invalidArg(fn, "vals", "one record's values, got a slice (use CreateMany)")
	}
	return c.createOne(fn, ctx, model, vals, opts)
}

// createOne creates one record (Client.Create, Model.Create): a reply
// without exactly one id may still have created it.
func (c *Client) createOne(fn string, ctx context.Context, model string, vals any, opts *CallOptions) (int64, error) {
	ids, err := c.create(fn, ctx, model, vals, opts)
	if err != nil {
		return 0, err
	}
	if len(ids) != 1 {
		return 0, &outcomeUnknownError{err: fmt.Errorf("odoo: %s.create: want one id, got %d", model, len(ids))}
	}
	return ids[0], nil
}

// CreateMany creates records of model in one request and returns their
// ids in order. vals is a slice of records' values (Values, maps or
// structs with odoo tags); an empty slice creates nothing.
//
// When the error matches deskbridge.ErrOutcomeUnknown the records may have been
// created: the client does not send a create twice.
func (c *Client) CreateMany(ctx context.Context, model string, vals any, opts *CallOptions) ([]int64, error) {
	const fn = "Client.CreateMany"
	if vals != nil && !isValuesSlice(vals) {
		return nil, invalidArg(fn, "vals", "a slice of records' values, got %T (use Create for one)", vals)
	}
	return c.create(fn, ctx, model, vals, opts)
}

// isValuesSlice reports a slice of records' values (not []byte).
func isValuesSlice(vals any) bool {
	rv := reflect.ValueOf(vals)
	return rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8
}

func (c *Client) create(fn string, ctx context.Context, model string, vals any, opts *CallOptions) ([]int64, error) {
	if err := checkBase(fn, ctx, model); err != nil {
		return nil, err
	}
	if err := checkValues(fn, vals, true); err != nil {
		return nil, err
	}
	list, err := valuesList(vals)
	if err != nil {
		return nil, invalidArg(fn, "vals", "%s", strings.TrimPrefix(err.Error(), "odoo: "))
	}
	if len(list) == 0 {
		return []int64{}, nil
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "create", Args: []any{list}, Context: opts.context()})
	if err != nil {
		return nil, err
	}
	ids, err := decodeIDs(raw)
	if err == nil && len(ids) != len(list) {
		err = fmt.Errorf("created %d records, the server answered %d ids", len(list), len(ids))
	}
	for i := 0; err == nil && i < len(ids); i++ {
		if ids[i] <= 0 {
			// 0, -1, [0]: a broken reply, like null or false.
			err = fmt.Errorf("the server answered %d, not a record id, for record %d", ids[i], i)
		}
	}
	if err != nil {
		// The server created the records but its answer does not say
		// which ids they got.
		return nil, &outcomeUnknownError{err: fmt.Errorf("odoo: %s.create: %w", model, err)}
	}
	return ids, nil
}

// decodeIDs reads an id or a list of ids.
func decodeIDs(raw json.RawMessage) ([]int64, error) {
	var ids IDs
	if err := ids.UnmarshalJSON(raw); err == nil {
		return []int64(idList(ids)), nil
	}
	id, err := decodeID(raw)
	if err != nil {
		return nil, err
	}
	return []int64{id}, nil
}

// valuesList encodes vals, one record's values or a slice of them.
func valuesList(vals any) ([]map[string]any, error) {
	if isValuesSlice(vals) {
		rv := reflect.ValueOf(vals)
		out := make([]map[string]any, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			m, err := encodeValues(rv.Index(i).Interface())
			if err != nil {
				return nil, fmt.Errorf("values %d: %w", i, err)
			}
			if m == nil {
				m = map[string]any{}
			}
			out = append(out, m)
		}
		return out, nil
	}
	m, err := encodeValues(vals)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return []map[string]any{m}, nil
}

// Write writes vals to the records ids of model (write). vals is Values or
// a map (only those fields are written) or a struct with odoo tags (its
// tagged fields, zero omitempty fields left out).
func (c *Client) Write(ctx context.Context, model string, ids []int64, vals any, opts *CallOptions) error {
	const fn = "Client.Write"
	if err := checkBase(fn, ctx, model); err != nil {
		return err
	}
	if err := checkIDs(fn, ids); err != nil {
		return err
	}
	if err := checkValues(fn, vals, false); err != nil {
		return err
	}
	m, err := encodeValues(vals)
	if err != nil {
		return invalidArg(fn, "vals", "%s", strings.TrimPrefix(err.Error(), "odoo: "))
	}
	if m == nil {
		m = map[string]any{}
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "write", Args: []any{idList(ids), m}, Context: opts.context()})
	if err != nil {
		return err
	}
	return checkTrue(model, "write", raw)
}

// checkTrue accepts a write/unlink result: true (or anything but false).
func checkTrue(model, method string, raw json.RawMessage) error {
	if string(raw) == "false" {
		return fmt.Errorf("odoo: %s.%s: the server answered false", model, method)
	}
	return nil
}

// Unlink deletes the records ids of model (unlink). A record that does not
// exist gives an error matching ErrMissing.
func (c *Client) Unlink(ctx context.Context, model string, ids []int64, opts *CallOptions) error {
	if err := checkBase("Client.Unlink", ctx, model); err != nil {
		return err
	}
	if err := checkIDs("Client.Unlink", ids); err != nil {
		return err
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "unlink", Args: []any{idList(ids)}, Context: opts.context()})
	if err != nil {
		return err
	}
	return checkTrue(model, "unlink", raw)
}

// FieldInfo describes one field of a model, as fields_get answers.
type FieldInfo struct {
	Name     string `json:"name,omitempty"`
	Type     string `json:"type"`
	String   string `json:"string"`
	Help     string `json:"help,omitempty"`
	Relation string `json:"relation,omitempty"`
	Required bool   `json:"required"`
	ReadOnly bool   `json:"readonly"`
	Store    bool   `json:"store,omitempty"`
	// Selection lists a selection field's (value, label) pairs; values are
	// strings even when the server uses numbers.
	Selection []SelectionOption `json:"-"`
	// Raw holds every attribute the server sent.
	Raw map[string]any `json:"-"`
}

// SelectionOption is one value of a selection field.
type SelectionOption struct {
	Value string
	Label string
}

// FieldsGetOptions are the options of FieldsGet.
type FieldsGetOptions struct {
	// Fields limits the answer to these fields (empty: all).
	Fields []string
	// Attributes to fetch; empty means string, type, help, relation,
	// required, readonly, store and selection.
	Attributes []string
	// Context is merged over the client's context (lang sets the labels'
	// language).
	Context map[string]any
}

var defaultFieldAttributes = []string{"string", "type", "help", "relation", "required", "readonly", "store", "selection"}

// FieldsGet describes the fields of model (fields_get), by field name.
func (c *Client) FieldsGet(ctx context.Context, model string, opts *FieldsGetOptions) (map[string]FieldInfo, error) {
	if err := checkBase("Client.FieldsGet", ctx, model); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &FieldsGetOptions{}
	}
	kw := map[string]any{}
	attrs := opts.Attributes
	if len(attrs) == 0 {
		attrs = defaultFieldAttributes
	}
	kw["attributes"] = attrs
	if len(opts.Fields) > 0 {
		kw["allfields"] = opts.Fields
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "fields_get", Kwargs: kw, Context: opts.Context})
	if err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := c.decode(model, "fields_get", raw, &all); err != nil {
		return nil, err
	}
	out := make(map[string]FieldInfo, len(all))
	for name, fraw := range all {
		fi, err := parseFieldInfo(name, fraw)
		if err != nil {
			return nil, resultError(model, "fields_get", under(name, err))
		}
		out[name] = fi
	}
	return out, nil
}

func parseFieldInfo(name string, raw json.RawMessage) (FieldInfo, error) {
	var fi FieldInfo
	if err := decodeInto(raw, &fi.Raw); err != nil {
		return fi, err
	}
	str := func(k string) string { s, _ := fi.Raw[k].(string); return s }
	boolean := func(k string) bool { b, _ := fi.Raw[k].(bool); return b }
	fi.Name = name
	fi.Type, fi.String, fi.Help, fi.Relation = str("type"), str("string"), str("help"), str("relation")
	fi.Required, fi.ReadOnly, fi.Store = boolean("required"), boolean("readonly"), boolean("store")
	if sel, ok := fi.Raw["selection"].([]any); ok {
		for _, o := range sel {
			pair, ok := o.([]any)
			if !ok || len(pair) != 2 {
				continue
			}
			opt := SelectionOption{Value: scalarString(pair[0])}
			opt.Label, _ = pair[1].(string)
			fi.Selection = append(fi.Selection, opt)
		}
	}
	return fi, nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// NameSearchOptions are the options of NameSearch.
type NameSearchOptions struct {
	// Domain restricts the records searched.
	Domain domain.Domain
	// Operator compares name (default "ilike").
	Operator string
	// Limit caps the result (0: the server's default, 100).
	Limit int
	// Context is merged over the client's context.
	Context map[string]any
}

// NameSearch finds records of model by display name (name_search) and
// returns their ids and names.
func (c *Client) NameSearch(ctx context.Context, model, name string, opts *NameSearchOptions) ([]Many2One, error) {
	const fn = "Client.NameSearch"
	if err := checkBase(fn, ctx, model); err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &NameSearchOptions{}
	}
	if err := checkDomain(fn, opts.Domain); err != nil {
		return nil, err
	}
	if err := checkPaging(fn, "NameSearchOptions.", 0, opts.Limit); err != nil {
		return nil, err
	}
	kw := map[string]any{}
	args := []any{name}
	if !opts.Domain.IsZero() {
		// Positional: the parameter is "args" up to Odoo 17, "domain" after.
		args = append(args, opts.Domain)
	}
	if opts.Operator != "" {
		kw["operator"] = opts.Operator
	}
	if opts.Limit > 0 {
		kw["limit"] = opts.Limit
	}
	raw, err := c.execute(ctx, Call{Model: model, Method: "name_search", Args: args, Kwargs: kw, Context: opts.Context})
	if err != nil {
		return nil, err
	}
	var out []Many2One
	if err := c.decode(model, "name_search", raw, &out); err != nil {
		return nil, err
	}
	if out == nil {
		out = []Many2One{}
	}
	return out, nil
}

// CallMethod runs any method of model with positional args and keyword
// kwargs (message_post, action_*, ...) and returns its raw JSON result. A
// "context" entry in kwargs is merged over the client's context. Methods
// the SDK does not know as read-only are never retried once sent.
// ExecuteCall does the same from a Call value.
func (c *Client) CallMethod(ctx context.Context, model, method string, args []any, kwargs map[string]any) (json.RawMessage, error) {
	return c.call("Client.CallMethod", ctx, model, method, args, kwargs)
}

func (c *Client) call(fn string, ctx context.Context, model, method string, args []any, kwargs map[string]any) (json.RawMessage, error) {
	call := Call{Model: model, Method: method, Args: args, Kwargs: kwargs}
	if cx, ok := asContextMap(kwargs["context"]); ok {
		call.Kwargs = make(map[string]any, len(kwargs))
		for k, v := range kwargs {
			if k != "context" {
				call.Kwargs[k] = v
			}
		}
		call.Context = cx
	}
	if err := checkCall(fn, ctx, &call); err != nil {
		return nil, err
	}
	return c.execute(ctx, call)
}

// CallMethodInto runs CallMethod and decodes the result into out (see
// SearchReadInto).
func (c *Client) CallMethodInto(ctx context.Context, model, method string, args []any, kwargs map[string]any, out any) error {
	if err := checkOut("Client.CallMethodInto", out); err != nil {
		return err
	}
	raw, err := c.call("Client.CallMethodInto", ctx, model, method, args, kwargs)
	if err != nil {
		return err
	}
	return c.decode(model, method, raw, out)
}

// checkSearch checks the arguments of a search: context, model, domain and
// paging options.
func checkSearch(fn string, ctx context.Context, model string, d domain.Domain, opts *SearchOptions) error {
	if err := checkBase(fn, ctx, model); err != nil {
		return err
	}
	if err := checkDomain(fn, d); err != nil {
		return err
	}
	return opts.check(fn)
}
