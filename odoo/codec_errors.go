package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// Errors of results that do not fit the caller's type.
//
// The decoders answer a *decodeFailure (where in the result, and why);
// resultError turns it into the *ResponseError the caller sees, naming the
// model and method of the call. The one-pass decoder gives up at the first
// surprise and the encoding/json path decides; when that path refuses the
// result, locate walks it once more, record by record and field by field,
// to name the value that does not fit (only on this error path).

// decodeFailure is a result that does not fit: path is where ("[3].name":
// record 3's name; "" for the result as a whole), reason says why and
// value is the offending JSON.
type decodeFailure struct {
	path   string
	reason string
	value  []byte
}

func (e *decodeFailure) Error() string {
	s := "odoo: decode result: "
	if e.path != "" {
		s += "field " + e.path + ": "
	}
	return s + e.reason
}

// resultError names the call (model, method) whose result did not decode:
// a *decodeFailure becomes a *ResponseError with Model, Method and Field;
// any other error is returned as it is.
func resultError(model, method string, err error) error {
	var df *decodeFailure
	if !errors.As(err, &df) {
		return err
	}
	return &ResponseError{Model: model, Method: method, Field: df.path, Reason: df.reason, Body: snippet(df.value, 200)}
}

// jsonKind names the kind of a JSON value for error messages.
func jsonKind(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '[':
		return "a list"
	case '{':
		return "an object"
	case 't', 'f':
		return string(b[:min(len(b), 5)])
	case 'n':
		return "null"
	}
	return "a number"
}

// typeName names a Go type for error messages (the caller's types, never
// the decoder's shadow structs).
func typeName(t reflect.Type) string {
	if p := planFor(t); p != nil && t.Kind() == reflect.Struct {
		return "a record (" + t.String() + ")"
	}
	if t.Kind() == reflect.Slice {
		if p := planFor(t.Elem()); p != nil {
			return "a list of records (" + t.String() + ")"
		}
	}
	return t.String()
}

// failure builds the decodeFailure of value at path that does not fit a
// Go value of type want, err being what the decoder said.
func failure(path string, value []byte, want reflect.Type, err error) *decodeFailure {
	reason := "want " + typeName(want) + ", got " + jsonKind(value)
	var se *json.SyntaxError
	var ute *json.UnmarshalTypeError
	ie, isInt := err.(*intError) // the integer rule's own (not a value type's)
	switch {
	case isInt:
		if ie.reason != "" { // else: not a number, which reason says
			reason += ": " + ie.reason
		}
	case errors.As(err, &se):
		reason = "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
	case errors.As(err, &ute):
		if ute.Field != "" {
			path = joinPath(path, ute.Field)
		}
		if ute.Type != want && ute.Type != rawType && ute.Type != reflect.TypeFor[[]json.RawMessage]() {
			reason += " (a JSON " + ute.Value + " where Go has " + ute.Type.String() + ")"
		}
	case err != nil && !strings.Contains(err.Error(), "cannot unmarshal"):
		// A value type's own message (Many2One, IDs, DateTime, ...).
		reason += ": " + strings.TrimPrefix(err.Error(), "odoo: ")
	}
	return &decodeFailure{path: path, reason: reason, value: value}
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// plainFailure is the failure of a result decoded by encoding/json into a
// Go value of type want (not a record type).
func plainFailure(raw []byte, want reflect.Type, err error) *decodeFailure {
	return failure("", raw, want, err)
}

// locate finds the value of raw (a list of records, or one record when
// list is false) that the encoding/json path refused with err.
func (p *structPlan) locate(raw []byte, list bool, err error) *decodeFailure {
	want := p.typ
	if list {
		want = reflect.SliceOf(p.typ)
	}
	recs := []json.RawMessage{raw}
	if list {
		recs = nil
		if e := json.Unmarshal(raw, &recs); e != nil {
			return failure("", raw, want, e)
		}
	}
	for i, rec := range recs {
		path := ""
		if list {
			path = "[" + strconv.Itoa(i) + "]"
		}
		if _, err := unmarshalShadow(nullFalse(rec, p.keepFalse), p.shadow, p.ruleShadow); err == nil {
			continue
		}
		var members map[string]json.RawMessage
		if e := json.Unmarshal(rec, &members); e != nil {
			return failure(path, rec, p.typ, e)
		}
		for fi := range p.fields {
			f := &p.fields[fi]
			v, ok := members[f.name]
			if !ok {
				for k, kv := range members { // encoding/json matches keys without case
					if strings.EqualFold(k, f.name) {
						v, ok = kv, true
					}
				}
			}
			if !ok {
				continue
			}
			ft := f.typ
			if f.isTime {
				ft = dtType
			}
			if e := unmarshalRule(nullFalse(v, p.keepFalse), reflect.New(ft)); e != nil {
				if string(bytes.TrimSpace(v)) == "false" && !p.keepFalse[f.name] {
					continue // read as null
				}
				return failure(joinPath(path, f.name), v, f.typ, e)
			}
		}
	}
	// Not found field by field (should not happen): the whole result.
	return failure("", raw, want, err)
}

// under places a decodeFailure of a value found under key of the result
// (fields_get's per-field values); other errors are returned as they are.
func under(key string, err error) error {
	var df *decodeFailure
	if !errors.As(err, &df) {
		return err
	}
	return &decodeFailure{path: joinPath(key, df.path), reason: df.reason, value: df.value}
}
