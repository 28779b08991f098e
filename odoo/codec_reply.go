package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
)

// fastRPCResult finds the result of a JSON-RPC reply body in one strict
// pass, without copying it: ok is true only for a well-formed object
// whose members are a result and others that are not an error (an error
// member, null aside, means the caller's full parse must build the
// *Error). It answers what parseJSONRPCReply answers for such a body
// with a 2xx status, at a fraction of the cost of encoding/json's two
// passes (see BenchmarkParseJSONRPCReply).
func fastRPCResult(body []byte) (result json.RawMessage, ok bool) {
	result, _, ok = readReply(body, nil)
	return result, ok
}

// readReply is fastRPCResult decoding the result in place: at the
// "result" member it runs sink (when not nil) on the reader positioned at
// the value. A sink reads exactly one value, checking it as strictly as
// the reader's skip does, and answers false (having kept nothing) when it
// cannot; the reader then steps over the value as usual. sunk reports
// that the sink read the result the reply answers (the last "result"
// member, as encoding/json keeps the last one).
func readReply(body []byte, sink func(d *fastDec) bool) (result json.RawMessage, sunk, ok bool) {
	d := fastDec{b: body}
	d.ws()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, false, false
	}
	d.i++
	d.ws()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		return nil, false, false
	}
	envelope := false // a "jsonrpc" member was seen
	for {
		d.ws()
		key, ok := d.key()
		if !ok {
			return nil, false, false
		}
		d.ws()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, false, false
		}
		d.i++
		d.ws()
		start := d.i
		isResult := string(key) == "result"
		if isResult && sink != nil && sink(&d) {
			sunk = true
		} else {
			d.i = start
			if !d.skip() {
				return nil, false, false
			}
			sunk = sunk && !isResult
		}
		val := d.b[start:d.i]
		switch {
		case isResult:
			result = val
		case string(key) == "error":
			if string(val) != "null" {
				return nil, false, false
			}
		case string(key) == "jsonrpc":
			envelope = true
		case strings.EqualFold(string(key), "result") || strings.EqualFold(string(key), "error") ||
			strings.EqualFold(string(key), "jsonrpc"):
			return nil, false, false // encoding/json would match it: its call
		}
		d.ws()
		if d.i >= len(d.b) {
			return nil, false, false
		}
		if d.b[d.i] == '}' {
			d.i++
			break
		}
		if d.b[d.i] != ',' {
			return nil, false, false
		}
		d.i++
	}
	d.ws()
	if d.i != len(d.b) {
		return nil, false, false
	}
	if result == nil {
		if !envelope {
			return nil, false, false
		}
		return noneResult(), false, true
	}
	return result, sunk, true
}

// noneResult is the result of a JSON-RPC reply without a "result" member:
// Odoo leaves it out when the method returned None (odoo/http.py,
// JsonRPCDispatcher._response adds "result" only when it is not None;
// captured on 16–19 for message_unsubscribe and /web/session/destroy), so
// such a reply is a success whose result is null.
func noneResult() json.RawMessage { return json.RawMessage("null") }

// replySink is what a call that decodes its result in place puts in its
// context (withReplySink): postRPC's parse (parseReply) runs decode on the
// reply's result, and done tells the caller whether the last reply parsed
// was decoded so.
type replySink struct {
	decode func(d *fastDec) bool
	done   bool
	result []byte // the result decoded when done
}

// decoded reports whether raw, the result a call answered, is the one the
// sink decoded (and not that of another request made with the same
// context, such as a login, or of a reply the protocol reads otherwise).
func (s *replySink) decoded(raw []byte) bool {
	return s.done && len(raw) > 0 && len(raw) == len(s.result) && &raw[0] == &s.result[0]
}

type replySinkKey struct{}

// withReplySink returns ctx carrying s for the calls made with it.
func withReplySink(ctx context.Context, s *replySink) context.Context {
	return context.WithValue(ctx, replySinkKey{}, s)
}

// parseReply is parseJSONRPCReply for the client's own calls: when ctx
// carries a replySink, a 2xx reply's result is decoded in place in the
// same pass that reads the envelope (no separate pass that checks the
// result before the decoder walks it again); s.done says whether it was.
// Any reply the one-pass reader does not take goes the usual way.
func parseReply(ctx context.Context, status int, contentType string, body []byte) (json.RawMessage, error) {
	s, _ := ctx.Value(replySinkKey{}).(*replySink)
	if s == nil {
		return parseJSONRPCReply(status, contentType, body)
	}
	s.done, s.result = false, nil
	if status >= 200 && status <= 299 {
		if res, sunk, ok := readReply(bytes.TrimSpace(body), s.decode); ok {
			s.done, s.result = sunk, res
			return res, nil
		}
	}
	return parseJSONRPCReplyStd(status, contentType, body)
}
