package odoo

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/deskbridge/deskbridge/internal/capture"
)

// fixtureBodies returns the bodies of the real captures, as fuzz seeds.
func fixtureBodies(f *testing.F) [][]byte {
	caps, err := capture.Load(fixtureDir)
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, fx := range caps {
		if fx.Response.Text != nil {
			out = append(out, []byte(*fx.Response.Text))
		} else {
			out = append(out, fx.Response.JSON)
		}
	}
	return out
}

func FuzzMany2One(f *testing.F) {
	for _, s := range []string{`[1,"a"]`, `false`, `7`, `[7]`, `{"id":1,"display_name":"x"}`, `[1,"a, b"]`, `[]`, `null`, `[1e3,"x"]`, `[-1,"x"]`, `[1, 2, 3]`, `[ 12 , "a\u00e9" ]`, `[007,"x"]`, `[1,"\xff"]`, `[1.0,"x"]`, `[1e2,"x"]`, `[1.5,"x"]`, `[1.0, 2]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// The fast path agrees with the general one.
		if id, name, ok := fastMany2One(b); ok {
			var slow Many2One
			if err := slow.slowUnmarshal(bytes.TrimSpace(b)); err != nil || slow.ID != id || slow.Name != name {
				t.Fatalf("fast %d %q, slow %+v %v for %s", id, name, slow, err, b)
			}
		}
		if fast, ok := fastIDs(b); ok {
			var slow IDs
			if err := slow.slowUnmarshal(b); err != nil || !reflect.DeepEqual(slow, fast) {
				t.Fatalf("fast %v, slow %v %v for %s", fast, slow, err, b)
			}
		}
		var m Many2One
		if err := json.Unmarshal(b, &m); err != nil {
			return
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", m, err)
		}
		var back Many2One
		if err := json.Unmarshal(out, &back); err != nil || back.ID != m.ID {
			t.Fatalf("round trip %s -> %s -> %+v, %v", b, out, back, err)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{`"2025-05-06"`, `false`, `"2025-05-06 10:00:00"`, `"2025-05-06T10:00:00+02:00"`, `""`, `"0001-01-01"`, `"9999-12-31"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Date
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", d, err)
		}
		var back Date
		if err := json.Unmarshal(out, &back); err != nil || !back.Equal(d.Time) {
			t.Fatalf("round trip %s -> %s -> %v, %v", b, out, back, err)
		}
	})
}

func FuzzDateTime(f *testing.F) {
	for _, s := range []string{`"2026-11-24 15:42:08"`, `false`, `"2026-11-24T15:42:08Z"`, `"2026-11-24 15:42:08.5"`, `"2026-11-24"`, `null`, `"2026-11-24T15:42:08-23:59"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d DateTime
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", d, err)
		}
		var back DateTime
		if err := json.Unmarshal(out, &back); err != nil || !back.Equal(NewDateTime(d.Time).Time) {
			t.Fatalf("round trip %s -> %s -> %v, %v", b, out, back, err)
		}
	})
}

func FuzzCommands(f *testing.F) {
	for _, s := range []string{`[[6,0,[1,2]]]`, `[1,2]`, `[[0,0,{"name":"x"}],[4,3,0],[5]]`, `[[1,2,{"a":[1]}]]`, `false`, `[]`, `[[2,1,0],[3,1]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var cs Commands
		if err := json.Unmarshal(b, &cs); err != nil {
			return
		}
		out, err := json.Marshal(cs)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", cs, err)
		}
		var back Commands
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decode %s: %v", out, err)
		}
		out2, err := json.Marshal(back)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("not stable: %s -> %s -> %s (%v)", b, out, out2, err)
		}
	})
}

func FuzzParseJSONRPCReply(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(200, "application/json", b)
	}
	f.Add(200, "application/json", []byte(`{"jsonrpc":"2.0","id":1,"result":[{"id":1}]`))
	f.Add(502, "text/html", []byte(`<html>Bad gateway</html>`))
	f.Add(200, "application/json", []byte(`{"error":{"code":100,"data":{}}}`))
	f.Fuzz(func(t *testing.T, status int, ct string, body []byte) {
		raw, err := parseJSONRPCReply(status, ct, body)
		if err == nil {
			if !json.Valid(raw) {
				t.Fatalf("result %q is not JSON", raw)
			}
			return
		}
		var oe *Error
		var re *ResponseError
		if !errors.As(err, &oe) && !errors.As(err, &re) {
			t.Fatalf("error %T %v is neither *Error nor *ResponseError", err, err)
		}
		_ = err.Error()
		if re != nil && len(re.Body) > 210*4 {
			t.Fatalf("snippet too long: %d", len(re.Body))
		}
	})
}

func FuzzHTTPErrorBody(f *testing.F) {
	seeds := []string{
		`{"name":"werkzeug.exceptions.Unauthorized","message":"Invalid apikey","arguments":["Invalid apikey",401],"context":{},"debug":"..."}`,
		`{"code":400,"name":"odoo.exceptions.AccessDenied","message":"Access Denied","arguments":[],"traceback":["a\n","b\n"]}`,
		`{"error":{"name":"x.y.UserError","message":"m"}}`,
		`{"error":"invalid_grant"}`,
		`<html>x</html>`, ``, `{"name":`, `{}`, `[]`, `{"traceback":"tb","message":"m"}`,
	}
	for _, s := range seeds {
		f.Add(401, []byte(s))
	}
	for _, b := range fixtureBodies(f) {
		f.Add(404, b)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		err := httpErrorBody(status, "application/json", body)
		if err == nil {
			t.Fatal("nil error")
		}
		var oe *Error
		var re *ResponseError
		switch {
		case errors.As(err, &oe):
			if oe.Code != status {
				t.Fatalf("Code = %d, want %d", oe.Code, status)
			}
		case errors.As(err, &re):
			if re.StatusCode != status {
				t.Fatalf("StatusCode = %d, want %d", re.StatusCode, status)
			}
		default:
			t.Fatalf("error %T %v", err, err)
		}
		_ = err.Error()
	})
}

// nullFalseRef is the reference for nullFalse on decoded JSON: object
// members whose value is false (and whose key is not kept) become null.
func nullFalseRef(v any, keep map[string]bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == false && !keep[k] {
				x[k] = nil
			} else {
				x[k] = nullFalseRef(e, keep)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = nullFalseRef(e, keep)
		}
	}
	return v
}

func FuzzNullFalse(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"a":false,"b" : false,"c":[false,{"d":false}],"e":"false\\\"","f":{"active":false}}`))
	keep := map[string]bool{"active": true, "b": true}
	f.Fuzz(func(t *testing.T, b []byte) {
		out := nullFalse(b, keep)
		if len(out) != len(b) {
			t.Fatalf("length changed")
		}
		var in, got any
		if json.Unmarshal(b, &in) != nil {
			return
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("nullFalse broke valid JSON %s -> %s: %v", b, out, err)
		}
		if want := nullFalseRef(in, keep); !reflect.DeepEqual(got, want) {
			t.Fatalf("nullFalse(%s) = %s", b, out)
		}
	})
}

// FuzzDecodeRecords checks typed decoding never panics and agrees with
// encoding/json on the ids.
func FuzzDecodeRecords(f *testing.F) {
	for _, b := range fixtureBodies(f) {
		var env struct {
			Result json.RawMessage `json:"result"`
		}
		if json.Unmarshal(b, &env) == nil && len(env.Result) > 0 && env.Result[0] == '[' {
			f.Add([]byte(env.Result))
		}
	}
	for _, s := range []string{`[{"id": 1.0, "color": 1e2}]`, `[{"id": 1e2}]`, `[{"id": 1.5}]`, `[{"id": 2, "color": 1.5}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, ids, err := decodeRecords[testTicket](b)
		if err != nil {
			return
		}
		if len(ids) != len(recs) {
			t.Fatalf("%d records, %d ids", len(recs), len(ids))
		}
		for i, r := range recs {
			if r.ID != ids[i] {
				t.Fatalf("record %d: ID %d, id %d", i, r.ID, ids[i])
			}
		}
	})
}
