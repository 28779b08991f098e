package odoo

import (
	"bytes"
	"encoding/json"

	"github.com/deskbridge/deskbridge/internal/transport"
)

// capsPages reports a protocol whose server may answer fewer records than
// the limit asked without being at the end: the REST v2 add-on documents
// no maximum page size (protocols.md), so a paging loop over it stops only
// at an empty page, one request more, rather than trust a short one.
func (c *Client) capsPages() bool { return c.Protocol() == RESTv2 }

// restResult reads a 2xx REST v2 reply in any of the forms the add-on's
// documentation leaves open (protocols.md): a bare value, or the value
// wrapped in {"result": ...} (documented nowhere for /api/v2/call, which
// the fake and public clients wrap; a proxy or version may wrap the other
// routes too, or none), and an error object sent with a 2xx status
// ({"error": ...} without "result"). An object is taken as a wrapper only
// when its keys are "result" and at most "jsonrpc" and "id", so a method
// answering a record-like object is read as is. create's id-or-list and
// write's true-or-empty are read by the callers (decodeIDs, checkTrue).
func restResult(resp *transport.Response, raw json.RawMessage) (json.RawMessage, error) {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 || b[0] != '{' {
		return raw, nil
	}
	var env map[string]json.RawMessage
	if json.Unmarshal(b, &env) != nil {
		return raw, nil
	}
	for k := range env {
		if k != "result" && k != "error" && k != "jsonrpc" && k != "id" {
			return raw, nil
		}
	}
	if r, ok := env["result"]; ok {
		return r, nil
	}
	if e, ok := env["error"]; ok && len(bytes.TrimSpace(e)) > 0 && string(bytes.TrimSpace(e)) != "null" {
		return nil, httpErrorBody(resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	return raw, nil
}
