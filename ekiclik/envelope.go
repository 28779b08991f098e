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

// authBody is the login body. The web session route is sent the specification's
// {"jsonrpc": "2.0", "params": {...}}, the /auth/ route {"params": {...}}.
type authBody struct {
	JSONRPC string     `json:"jsonrpc,omitempty"`
	Params  authParams `json:"params"`
}

type authParams struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	DB       string `json:"db"`
}

// decodeCreate decodes a POST reply: {"jsonrpc": "2.0", "id": null,
// "result": <new id>}. Server errors are *odoo.Error; anything else that
// is not such an envelope is an *odoo.ResponseError.
func decodeCreate(status int, contentType string, body []byte) (int64, error) {
	raw, err := odoo.ParseJSONRPCReply(status, contentType, body)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := json.Unmarshal(raw, &id); err != nil || id <= 0 {
		return 0, odoo.NewResponseError(status, contentType, "result is not a record id", body)
	}
	return id, nil
}

// errWriteFalse marks a PUT answered result false: the module catches the
// write's exception and answers False instead of an error.
var errWriteFalse = errors.New("the server answered false: the module caught an error and did not write")

// decodeWrite decodes a PUT reply: "result": true, or false for a write
// the module refused (errWriteFalse).
func decodeWrite(status int, contentType string, body []byte) error {
	raw, err := odoo.ParseJSONRPCReply(status, contentType, body)
	if err != nil {
		return err
	}
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return nil
	case "false":
		return errWriteFalse
	}
	return odoo.NewResponseError(status, contentType, "result is not a boolean", body)
}

// authResult is what the login routes answer in "result": the web
// session's user info, plus session_id from /auth/.
type authResult struct {
	UID       json.RawMessage `json:"uid"`
	SessionID string          `json:"session_id"`
}

// decodeAuth decodes a login reply. It answers the uid (0 when not a
// number) and the session id of the /auth/ route's result ("" for the
// web session route, whose session is a cookie). /auth/ answers the
// string "Invalid credentials." as its result for a bad login, and Odoo
// before 16 a uid of false: both are an odoo.ErrAccessDenied error.
func decodeAuth(status int, contentType string, body []byte) (uid int64, sid string, err error) {
	raw, err := odoo.ParseJSONRPCReply(status, contentType, body)
	if err != nil {
		return 0, "", err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		return 0, "", &odoo.Error{Name: "odoo.exceptions.AccessDenied", Message: "login refused: wrong login, password or database", Method: "authenticate"}
	}
	var res authResult
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &res) != nil {
		return 0, "", odoo.NewResponseError(status, contentType, "login result is not an object", nil)
	}
	u := bytes.TrimSpace(res.UID)
	if len(u) == 0 || string(u) == "false" || string(u) == "null" {
		return 0, "", &odoo.Error{Name: "odoo.exceptions.AccessDenied", Message: "login refused: wrong login, password or database", Method: "authenticate"}
	}
	_ = json.Unmarshal(u, &uid)
	return uid, res.SessionID, nil
}

// Records is one page of a GET /api/<model>/ reply:
// {"count", "prev", "current", "next", "total_pages", "result": [...]}.
type Records struct {
	// Count is the number of records on this page.
	Count int `json:"count"`
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
	Count      *int            `json:"count"`
	Prev       *int            `json:"prev"`
	Current    *int            `json:"current"`
	Next       *int            `json:"next"`
	TotalPages *int            `json:"total_pages"`
	Result     json.RawMessage `json:"result"`
	Error      json.RawMessage `json:"error"`
}

// decodePage decodes a GET /api/<model>/ reply. The module answers errors
// (unknown model, bad query) as a JSON-RPC error envelope with HTTP 200.
func decodePage(status int, contentType string, body []byte) (*Records, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		// Let the shared parser name what came back (HTML, empty, ...).
		_, err := odoo.ParseJSONRPCReply(status, contentType, body)
		if err == nil {
			err = odoo.NewResponseError(status, contentType, "not JSON", body)
		}
		return nil, err
	}
	var w pageWire
	if err := json.Unmarshal(trimmed, &w); err != nil {
		_, perr := odoo.ParseJSONRPCReply(status, contentType, body)
		var re *odoo.ResponseError
		if errors.As(perr, &re) {
			return nil, perr
		}
		return nil, odoo.NewResponseError(status, contentType, "invalid JSON", body)
	}
	if len(w.Error) > 0 && string(w.Error) != "null" {
		_, err := odoo.ParseJSONRPCReply(status, contentType, body)
		if err == nil {
			err = odoo.NewResponseError(status, contentType, "error member not understood", body)
		}
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, odoo.NewResponseError(status, contentType, "HTTP error status", body)
	}
	if w.Result == nil || w.Count == nil {
		return nil, odoo.NewResponseError(status, contentType, "not a page of records (no count or result)", body)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(w.Result, &items); err != nil {
		return nil, odoo.NewResponseError(status, contentType, "result is not a list of records", body)
	}
	for _, it := range items {
		it = bytes.TrimSpace(it)
		if len(it) == 0 || it[0] != '{' {
			return nil, odoo.NewResponseError(status, contentType, "a record is not a JSON object", body)
		}
	}
	r := &Records{Count: *w.Count, Items: items}
	for _, p := range []struct {
		dst *int
		src *int
	}{{&r.Prev, w.Prev}, {&r.Current, w.Current}, {&r.Next, w.Next}, {&r.TotalPages, w.TotalPages}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	if r.Count < 0 || r.TotalPages < 0 {
		return nil, odoo.NewResponseError(status, contentType, "negative count", body)
	}
	return r, nil
}

// decodeRecord decodes a GET /api/<model>/<id>/ reply: the bare record.
func decodeRecord(status int, contentType string, body []byte) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		_, err := odoo.ParseJSONRPCReply(status, contentType, body)
		if err == nil {
			err = odoo.NewResponseError(status, contentType, "not a JSON object", body)
		}
		return nil, err
	}
	var probe struct {
		JSONRPC string          `json:"jsonrpc"`
		Error   json.RawMessage `json:"error"`
	}
	_ = json.Unmarshal(trimmed, &probe)
	if probe.JSONRPC != "" && len(probe.Error) > 0 && string(probe.Error) != "null" {
		_, err := odoo.ParseJSONRPCReply(status, contentType, body)
		if err == nil {
			err = odoo.NewResponseError(status, contentType, "error member not understood", body)
		}
		return nil, err
	}
	if status < 200 || status > 299 {
		return nil, odoo.NewResponseError(status, contentType, "HTTP error status", body)
	}
	return json.RawMessage(trimmed), nil
}
