package ekiclik

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// Query selects the fields a GET returns, in the module's syntax:
// "{id, name, partner_id{name}}". The empty Query asks for every field
// ("{*}"), which is slow on wide models.
type Query string

// Select returns the query selecting the named top-level fields:
// Select("id", "name") is "{id, name}". (It builds a query string; it is
// not odoo.Fields, which lists a Go type's fields.)
func Select(names ...string) Query {
	return Query("{" + strings.Join(names, ", ") + "}")
}

// validate checks the query's shape: balanced braces, names of
// [A-Za-z0-9_*] and the separators of the syntax.
func (q Query) validate(op string) error {
	if q == "" {
		return nil
	}
	s := strings.TrimSpace(string(q))
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return &deskbridge.ArgumentError{Op: "ekiclik." + op, Arg: "query", Reason: "must be enclosed in {}"}
	}
	depth := 0
	for _, r := range s {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
			if depth < 0 {
				return &deskbridge.ArgumentError{Op: "ekiclik." + op, Arg: "query", Reason: "unbalanced braces"}
			}
		case r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '*' || r == '-' || r == '_' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
		default:
			return &deskbridge.ArgumentError{Op: "ekiclik." + op, Arg: "query", Reason: "unexpected character " + strconv.QuoteRune(r)}
		}
	}
	if depth != 0 {
		return &deskbridge.ArgumentError{Op: "ekiclik." + op, Arg: "query", Reason: "unbalanced braces"}
	}
	return nil
}

// onlyID reports whether q selects the id and nothing else.
func (q Query) onlyID() bool {
	return strings.Join(strings.Fields(strings.Trim(strings.TrimSpace(string(q)), "{}")), "") == "id"
}

// missingRecord reports whether a GET reply is the module's answer to a
// record that does not exist: HTTP 400 with Odoo's MissingError page.
func missingRecord(status int, contentType string, body []byte) bool {
	return status == http.StatusBadRequest && strings.HasPrefix(contentType, "text/html") &&
		bytes.Contains(body, []byte("does not exist or has been deleted"))
}

// ListOptions are the field selection, paging and order of List. A nil
// *ListOptions (or the zero value) asks for every field of every matching
// record, in the model's order.
type ListOptions struct {
	// Query selects the fields ("" is every field, "{*}": slow on wide
	// models); see Select.
	Query Query
	// PageSize is the page size (page_size; 0: no paging) and Page the
	// page wanted, from 1 (0 is 1; it needs a PageSize).
	PageSize, Page int
	// Limit caps the records returned (applied after paging by the
	// module).
	Limit int
	// Order is the sort order, e.g. "id asc".
	Order string
}

// List reads the records of model that filter matches (a domain; empty
// means all records) through GET /api/<model>/, one page of them when
// opts.PageSize is set, with the fields opts.Query selects. Reads are
// retried on transport errors, 429 and 5xx, and log in again once when the
// session expired.
func (c *Client) List(ctx context.Context, model string, filter domain.Domain, opts *ListOptions) (*Records, error) {
	if opts == nil {
		opts = &ListOptions{}
	}
	if !validModel(model) {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.List", Arg: "model", Reason: "not an Odoo model name: " + strconv.Quote(model)}
	}
	if err := opts.Query.validate("List"); err != nil {
		return nil, err
	}
	if err := filter.Validate(); err != nil {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.List", Arg: "filter", Reason: err.Error()}
	}
	if opts.PageSize < 0 || opts.Page < 0 || opts.Limit < 0 || (opts.Page > 0 && opts.PageSize == 0) {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.List", Arg: "page", Reason: "sizes must not be negative and a page number needs a page size"}
	}
	q := url.Values{}
	if opts.Query != "" {
		q.Set("query", string(opts.Query))
	}
	if !filter.IsZero() {
		b, err := json.Marshal(filter)
		if err != nil {
			return nil, &deskbridge.ArgumentError{Op: "ekiclik.List", Arg: "filter", Reason: err.Error()}
		}
		q.Set("filter", string(b))
	}
	if opts.PageSize > 0 {
		q.Set("page_size", strconv.Itoa(opts.PageSize))
		q.Set("page", strconv.Itoa(max(opts.Page, 1)))
	}
	if opts.Limit > 0 {
		q.Set("limit", strconv.Itoa(opts.Limit))
	}
	if opts.Order != "" {
		// The module reads order as JSON (json.loads), and only with a
		// filter: without one it sorts by the model's order.
		b, _ := json.Marshal(opts.Order)
		q.Set("order", string(b))
		if !q.Has("filter") {
			q.Set("filter", "[]")
		}
	}
	u := apiPath(model, "")
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var recs *Records
	err := c.read(ctx, model, u, func(r *odoo.RouteResponse) error {
		var err error
		recs, err = decodePage(r)
		return err
	})
	return recs, err
}

// Get reads the record id of model through GET /api/<model>/<id>/ with
// the fields query selects ("" is every field) and decodes it into v (a
// pointer), or returns it raw when v is nil. A record that does not exist
// is a *deskbridge.NotFoundError (deskbridge.ErrNotFound), whatever the query: the module
// answers the query {id} without reading the record, so Get asks for
// write_date too and leaves it out of the result.
func (c *Client) Get(ctx context.Context, model string, id int64, query Query, v any) (json.RawMessage, error) {
	if !validModel(model) {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.Get", Arg: "model", Reason: "not an Odoo model name: " + strconv.Quote(model)}
	}
	if id <= 0 {
		return nil, &deskbridge.ArgumentError{Op: "ekiclik.Get", Arg: "id", Reason: "must be positive, got " + strconv.FormatInt(id, 10)}
	}
	if err := query.validate("Get"); err != nil {
		return nil, err
	}
	// The module answers the query {id} without reading the record, so a
	// missing id comes back as {"id": <id>}: ask for write_date too (every
	// record has it), which makes the module read the record, and drop it.
	sent, onlyID := query, query.onlyID()
	if onlyID {
		sent = "{id, write_date}"
	}
	u := apiPath(model, strconv.FormatInt(id, 10)+"/")
	if sent != "" {
		u += "?" + url.Values{"query": {string(sent)}}.Encode()
	}
	var raw json.RawMessage
	err := c.read(ctx, model, u, func(r *odoo.RouteResponse) error {
		if missingRecord(r.StatusCode, r.Header.Get("Content-Type"), r.Body) {
			return &deskbridge.NotFoundError{Op: "ekiclik.Get", Model: model, ID: id}
		}
		var err error
		raw, err = decodeRecord(r)
		return err
	})
	if err != nil {
		return nil, err
	}
	if onlyID {
		raw, _ = json.Marshal(map[string]int64{"id": id})
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			return raw, fmt.Errorf("ekiclik: read %s: decode record %d: %w", model, id, err)
		}
	}
	return raw, nil
}
