package odoo

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
)

// This file and the codec_*.go files map Go structs tagged `odoo:"field"`
// to Odoo records and back:
//
//   - codec.go: the entry points (decodeInto, decodeList, decodeRecords,
//     and executeRecords / Client.executeInto, which decode in place);
//   - codec_plan.go: the reflection plan of a struct type (its fields, tag
//     options, the kind of each field), built once per type;
//   - codec_fast.go and codec_scan.go: the one-pass decoder, which reads
//     a list of records straight into the caller's structs, and the strict
//     JSON reader it runs on;
//   - codec_json.go: the encoding/json path, the reference behaviour the
//     one-pass decoder falls back to and is tested against;
//   - codec_reply.go: the one-pass reader of a JSON-RPC reply envelope,
//     which can hand its result to the record decoder in place;
//   - codec_errors.go: errors of results that do not fit (ResponseError
//     with the model, method and field path);
//   - codec_encode.go: values of a create or write.

// DecodeResult decodes raw, an Odoo result (a search_read or read answer,
// one record, or a plain value), into out, a non-nil pointer, through the
// codec Client.SearchReadInto and ReadInto use: structs and slices of
// structs with odoo tags are filled by their tags in one pass, Odoo's
// false reading as the zero value. The struct type may be built at run
// time (reflect.StructOf with odoo tags) for field names known only then.
// Integers are read by one rule everywhere (a number with no fraction
// that fits the Go type: 1, 1.0 and 1e2 read as integers). A result that
// does not fit is a *ResponseError naming the value (Field "[0].id").
func DecodeResult(raw json.RawMessage, out any) error {
	return resultError("", "", decodeInto(raw, out))
}

// decodeInto decodes an Odoo result into out, a non-nil pointer. Structs
// (and slices of structs or struct pointers) with odoo tags are filled by
// their tags, Odoo's false reading as the zero value; anything else goes
// through encoding/json, with a false result reading as the zero value of
// a non-bool target.
func decodeInto(raw json.RawMessage, out any) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("odoo: decode: want a non-nil pointer, got %T", out)
	}
	et := rv.Type().Elem()
	if p := planFor(et); p != nil && et.Kind() == reflect.Struct {
		return p.decodeOne(raw, rv.Elem())
	}
	if et.Kind() == reflect.Slice {
		if p := planFor(et.Elem()); p != nil {
			s, _, err := p.decodeList(raw, et)
			if err != nil {
				return err
			}
			rv.Elem().Set(s)
			return nil
		}
	}
	if isEmptyJSON(raw) && et.Kind() != reflect.Bool && et.Kind() != reflect.Interface && et != rawType {
		rv.Elem().Set(reflect.Zero(et))
		return nil
	}
	if err := unmarshalRule(raw, rv); err != nil {
		return plainFailure(raw, et, err)
	}
	return nil
}

// decodeList decodes a JSON list of records into a slice of type st
// (elements are the plan's struct or pointers to it) and returns the ids.
// The fast decoder (fastdecode in this file) does the common case in one
// pass; anything it does not handle, errors included, goes through
// encoding/json (decodeListJSON), which is the reference behaviour.
func (p *structPlan) decodeList(raw json.RawMessage, st reflect.Type) (reflect.Value, []int64, error) {
	if p.fast {
		if v, ids, ok := p.fastList(raw, st); ok {
			return v, ids, nil
		}
	}
	return p.decodeListJSON(raw, st)
}

// decodeRecords decodes a list of records into []T and their ids.
func decodeRecords[T any](raw json.RawMessage) ([]T, []int64, error) {
	p := planFor(reflect.TypeFor[T]())
	if p == nil || reflect.TypeFor[T]().Kind() != reflect.Struct {
		var out []T
		if err := decodeInto(raw, &out); err != nil {
			return nil, nil, err
		}
		// The ids, for paging, from a second light pass.
		var idOnly []struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(raw, &idOnly) != nil || len(idOnly) != len(out) {
			return out, nil, nil
		}
		ids := make([]int64, len(idOnly))
		for i, r := range idOnly {
			ids[i], _ = decodeID(r.ID)
		}
		return out, ids, nil
	}
	v, ids, err := p.decodeList(raw, reflect.TypeFor[[]T]())
	if err != nil {
		return nil, nil, err
	}
	return v.Interface().([]T), ids, nil
}

// executeRecords runs call, whose result is a list of records, and
// decodes it into []T and the records' ids. Over the protocols that answer
// a JSON-RPC envelope (JSON-RPC, web session) the records are decoded in
// the same pass that reads the envelope (see parseReply); otherwise, and
// whenever that pass gives up, the result is decoded as decodeRecords does.
func executeRecords[T any](ctx context.Context, c *Client, call Call) ([]T, []int64, error) {
	t := reflect.TypeFor[T]()
	p := planFor(t)
	if p == nil || t.Kind() != reflect.Struct || !p.fast {
		raw, err := c.execute(ctx, call)
		if err != nil {
			return nil, nil, err
		}
		out, ids, err := decodeRecords[T](raw)
		if err != nil {
			return nil, nil, resultError(call.Model, call.Method, err)
		}
		return out, ids, nil
	}
	var out []T
	var ids []int64
	st := reflect.TypeFor[[]T]()
	sink := &replySink{decode: func(d *fastDec) bool {
		v, vids, ok := p.fastListAt(d, st)
		if ok {
			out, ids = v.Interface().([]T), vids
		}
		return ok
	}}
	raw, err := c.execute(withReplySink(ctx, sink), call)
	if err != nil {
		return nil, nil, err
	}
	if sink.decoded(raw) {
		return out, ids, nil
	}
	out, ids, err = decodeRecords[T](raw)
	if err != nil {
		return nil, nil, resultError(call.Model, call.Method, err)
	}
	return out, ids, nil
}

// executeInto runs call and decodes its result into out (see decodeInto),
// in the pass that reads the reply when out is a slice of records (see
// executeRecords); errors name the call.
func (c *Client) executeInto(ctx context.Context, call Call, out any) error {
	rv := reflect.ValueOf(out)
	if out == nil || rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Slice {
		raw, err := c.execute(ctx, call)
		if err != nil {
			return err
		}
		return c.decode(call.Model, call.Method, raw, out)
	}
	st := rv.Elem().Type()
	p := planFor(st.Elem())
	if p == nil || !p.fast {
		raw, err := c.execute(ctx, call)
		if err != nil {
			return err
		}
		return c.decode(call.Model, call.Method, raw, out)
	}
	var v reflect.Value
	sink := &replySink{decode: func(d *fastDec) bool {
		var ok bool
		v, _, ok = p.fastListAt(d, st)
		return ok
	}}
	raw, err := c.execute(withReplySink(ctx, sink), call)
	if err != nil {
		return err
	}
	if sink.decoded(raw) {
		rv.Elem().Set(v)
		return nil
	}
	return c.decode(call.Model, call.Method, raw, out)
}
