package ekiclik

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// Envelope is the body of the odoo-rest-api module's POST and PUT routes:
// {"params": {"filter": [...], "data": {...}}}. Odoo's JSON routes read
// "params"; the module reads the record's values from "data" and, for a
// PUT on /api/<model>/, the records to change from "filter".
type Envelope struct {
	Params Params `json:"params"`
}

// Params is the "params" member of an Envelope.
type Params struct {
	// Filter is the domain of the records a bulk PUT changes; it is left
	// out when empty (a POST).
	Filter domain.Domain `json:"filter,omitzero"`
	// Data is the record's values (a payload type of this package, a
	// map, or any value that encodes to a JSON object).
	Data any `json:"data"`
	// Context is sent as the call's context when set (the module runs
	// the call with_context(**context)).
	Context map[string]any `json:"context,omitempty"`
}

// CreateEnvelope returns the POST body for data: {"params": {"data": data}}.
func CreateEnvelope(data any) Envelope { return Envelope{Params: Params{Data: data}} }

// UpdateEnvelope returns the bulk PUT body: {"params": {"filter": filter,
// "data": data}}.
func UpdateEnvelope(filter domain.Domain, data any) Envelope {
	return Envelope{Params: Params{Filter: filter, Data: data}}
}

// decodeCreate decodes a POST reply: {"jsonrpc": "2.0", "id": null,
// "result": <new id>}. Server errors are *odoo.Error; anything else that
// is not such an envelope is an *odoo.ResponseError.
func decodeCreate(r *odoo.RouteResponse) (int64, error) {
	raw, err := r.Result()
	if err != nil {
		return 0, err
	}
	var id int64 // odoo's integer rule: 7 and 7.0 are the id 7
	if err := odoo.DecodeResult(raw, &id); err != nil || id <= 0 {
		return 0, r.Unexpected("result is not a record id")
	}
	return id, nil
}

// errWriteFalse marks a PUT answered result false: the module catches the
// write's exception and answers False instead of an error.
var errWriteFalse = errors.New("the server answered false: the module caught an error and did not write")

// decodeWrite decodes a PUT reply: "result": true, or false for a write
// the module refused (errWriteFalse).
func decodeWrite(r *odoo.RouteResponse) error {
	raw, err := r.Result()
	if err != nil {
		return err
	}
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return nil
	case "false":
		return errWriteFalse
	}
	return r.Unexpected("result is not a boolean")
}

// Records is one page of a GET /api/<model>/ reply:
// {"count", "prev", "current", "next", "total_pages", "result": [...]}.
type Records struct {
	// Count is the number of records on this page.
	Count int64 `json:"count"`
	// Prev and Next are the neighbouring page numbers, 0 when there is
	// none (the module's null).
	Prev    int `json:"prev"`
	Current int `json:"current"`
	Next    int `json:"next"`
	// TotalPages is the number of pages (1 without paging).
	TotalPages int `json:"total_pages"`
	// Items are the records, each a JSON object with the fields the query
	// selected.
	Items []json.RawMessage `json:"result"`
}

// Decode decodes the records into v, a pointer to a slice.
func (r *Records) Decode(v any) error {
	b, err := json.Marshal(r.Items)
	if err != nil {
		return fmt.Errorf("ekiclik: decode records: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("ekiclik: decode records: %w", err)
	}
	return nil
}

// pageWire is Records as sent, with nullable numbers.
type pageWire struct {
	Count      *int64          `json:"count"`
	Prev       *int            `json:"prev"`
	Current    *int            `json:"current"`
	Next       *int            `json:"next"`
	TotalPages *int            `json:"total_pages"`
	Result     json.RawMessage `json:"result"`
	Error      json.RawMessage `json:"error"`
}

// decodePage decodes a GET /api/<model>/ reply. The module answers errors
// (unknown model, bad query) as a JSON-RPC error envelope with HTTP 200.
func decodePage(r *odoo.RouteResponse) (*Records, error) {
	status, body := r.StatusCode, r.Body
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		// Let the shared parser name what came back (HTML, empty, ...).
		_, err := r.Result()
		if err == nil {
			err = r.Unexpected("not JSON")
		}
		return nil, err
	}
	var w pageWire
	if err := json.Unmarshal(trimmed, &w); err != nil {
		_, perr := r.Result()
		var re *odoo.ResponseError
		if errors.As(perr, &re) {
			return nil, perr
		}
		return nil, r.Unexpected("invalid JSON")
	}
	if len(w.Error) > 0 && string(w.Error) != "null" {
		_, err := r.Result()
		if err == nil {
			err = r.Unexpected("error member not understood")
		}
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, r.Unexpected("HTTP error status")
	}
	if w.Result == nil || w.Count == nil {
		return nil, r.Unexpected("not a page of records (no count or result)")
	}
	var items []json.RawMessage
	if err := json.Unmarshal(w.Result, &items); err != nil {
		return nil, r.Unexpected("result is not a list of records")
	}
	for _, it := range items {
		it = bytes.TrimSpace(it)
		if len(it) == 0 || it[0] != '{' {
			return nil, r.Unexpected("a record is not a JSON object")
		}
	}
	recs := &Records{Count: *w.Count, Items: items}
	for _, p := range []struct {
		dst *int
		src *int
	}{{&recs.Prev, w.Prev}, {&recs.Current, w.Current}, {&recs.Next, w.Next}, {&recs.TotalPages, w.TotalPages}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	if recs.Count < 0 || recs.TotalPages < 0 {
		return nil, r.Unexpected("negative count")
	}
	return recs, nil
}

// decodeRecord decodes a GET /api/<model>/<id>/ reply: the bare record.
func decodeRecord(r *odoo.RouteResponse) (json.RawMessage, error) {
	status, body := r.StatusCode, r.Body
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		_, err := r.Result()
		if err == nil {
			err = r.Unexpected("not a JSON object")
		}
		return nil, err
	}
	var probe struct {
		JSONRPC string          `json:"jsonrpc"`
		Error   json.RawMessage `json:"error"`
	}
	_ = json.Unmarshal(trimmed, &probe)
	if probe.JSONRPC != "" && len(probe.Error) > 0 && string(probe.Error) != "null" {
		_, err := r.Result()
		if err == nil {
			err = r.Unexpected("error member not understood")
		}
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, r.Unexpected("HTTP error status")
	}
	return json.RawMessage(trimmed), nil
}
