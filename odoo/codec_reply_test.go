package odoo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// rpcAgrees checks fastRPCResult against encoding/json's parseJSONRPCReply
// path (parseJSONRPCReplyStd) on body.
func rpcAgrees(t *testing.T, body []byte) bool {
	t.Helper()
	fast, ok := fastRPCResult(body)
	if !ok {
		return false
	}
	ref, err := parseJSONRPCReplyStd(200, "application/json", body)
	if err != nil {
		t.Fatalf("fastRPCResult accepted %q, parseJSONRPCReply refused it: %v", body, err)
	}
	if !bytes.Equal(fast, ref) {
		t.Fatalf("fastRPCResult(%q) = %q, parseJSONRPCReply = %q", body, fast, ref)
	}
	return true
}

var rpcCases = []struct {
	body string
	fast bool
}{
	{`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}]}`, true},
	{` {"result":false,"id":null,"jsonrpc":"2.0"} `, true},
	{`{"jsonrpc": "2.0", "id": 1, "error": null, "result": 3}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": 1, "result": 2}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": null}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "x"}}}`, false},
	{`{"jsonrpc": "2.0", "id": 1, "Result": 1}`, false},
	{`{"jsonrpc": "2.0", "id": 1}`, true}, // None: a null result
	{`{"id": 1}`, false},
	{`{"JSONRPC": "2.0", "id": 1}`, false},
	{`{"jsonrpc": "2.0", "error": null}`, true},
	{`{"jsonrpc": "2.0", "id": 1, "result": [1, 2}`, false},
	{`{"jsonrpc": "2.0", "id": 1, "result": 1}}`, false},
	{`<html>502 Bad Gateway</html>`, false},
	{``, false},
	{`{}`, false},
	{`{"res\u0075lt": 1}`, false},
}

func TestFastRPCResultAgrees(t *testing.T) {
	for _, c := range rpcCases {
		if got := rpcAgrees(t, []byte(c.body)); got != c.fast {
			t.Errorf("fastRPCResult on %q: ok %v, want %v", c.body, got, c.fast)
		}
	}
}

func FuzzFastRPCResult(f *testing.F) {
	for _, c := range rpcCases {
		f.Add([]byte(c.body))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rpcAgrees(t, b)
	})
}

// A method that returns None (message_unsubscribe, session/destroy) gets a
// reply without a "result" member on Odoo 16–19 (captures below; Odoo's
// http.py adds "result" only when it is not None). Both reply decoders read
// it as a null result, and a call answered so succeeds.
func TestReplyWithoutResultIsNull(t *testing.T) {
	for _, path := range []string{
		"odoo16/45-web-session-destroy.json",
		"odoo17/52-execute_kw-message_unsubscribe.json",
		"odoo18/52-execute_kw-message_unsubscribe.json",
		"odoo19/78-web-session-destroy.json",
	} {
		b, err := os.ReadFile(filepath.Join("../testdata/fixtures", path))
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Response struct {
				Status      int             `json:"status"`
				ContentType string          `json:"content_type"`
				JSON        json.RawMessage `json:"json"`
			} `json:"response"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		body := []byte(f.Response.JSON)
		if raw, ok := fastRPCResult(body); !ok || string(raw) != "null" {
			t.Errorf("%s: fastRPCResult = %q, %v; want null, true", path, raw, ok)
		}
		if raw, err := parseJSONRPCReplyStd(f.Response.Status, f.Response.ContentType, body); err != nil || string(raw) != "null" {
			t.Errorf("%s: parseJSONRPCReplyStd = %q, %v; want null, nil", path, raw, err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if req, _ := io.ReadAll(r.Body); bytes.Contains(req, []byte(`"authenticate"`)) {
				io.WriteString(w, `{"jsonrpc": "2.0", "id": 1, "result": 2}`)
				return
			}
			w.Header().Set("Content-Type", f.Response.ContentType)
			w.WriteHeader(f.Response.Status)
			w.Write(body)
		}))
		c, err := New(srv.URL, WithDatabase("helpdesk"), WithPassword("admin", "secret-pw"), WithProtocol(JSONRPC))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := c.CallMethod(context.Background(), "helpdesk.ticket", "message_unsubscribe", []any{[]int64{19}},
			map[string]any{"partner_ids": []int64{3}})
		if err != nil || string(raw) != "null" {
			t.Errorf("%s: a call answered without result: %q, %v; want null, nil", path, raw, err)
		}
		srv.Close()
	}
}

// inPlaceAgrees checks readReply decoding the result in place (the path of
// Model.SearchRead over JSON-RPC) against encoding/json's envelope parse
// followed by the encoding/json record decoder: whatever the one pass
// accepts, the reference accepts too, with the same result and records.
func inPlaceAgrees(t *testing.T, body []byte) (sunk bool) {
	t.Helper()
	p, st := planFor(typeOf[testTicket]()), typeOf[[]testTicket]()
	var got reflect.Value
	var gotIDs []int64
	res, sunk, ok := readReply(body, func(d *fastDec) bool {
		v, ids, ok := p.fastListAt(d, st)
		if ok {
			got, gotIDs = v, ids
		}
		return ok
	})
	if !ok {
		return false
	}
	ref, err := parseJSONRPCReplyStd(200, "application/json", body)
	if err != nil {
		t.Fatalf("readReply accepted %q, parseJSONRPCReply refused it: %v", body, err)
	}
	if !bytes.Equal(res, ref) {
		t.Fatalf("readReply(%q) = %q, parseJSONRPCReply = %q", body, res, ref)
	}
	if !sunk {
		return false
	}
	want, wantIDs, err := p.decodeListJSON(ref, st)
	if err != nil {
		t.Fatalf("decoded in place from %q, the encoding/json path refused it: %v", body, err)
	}
	if !reflect.DeepEqual(got.Interface(), want.Interface()) || !slices.Equal(gotIDs, wantIDs) {
		t.Fatalf("from %q:\nin place %#v %v\njson     %#v %v", body, got.Interface(), gotIDs, want.Interface(), wantIDs)
	}
	return true
}

func inPlaceBodies() [][]byte {
	var out [][]byte
	for _, c := range fastCases {
		out = append(out, []byte(`{"jsonrpc": "2.0", "id": 1, "result": `+c.raw+`}`))
	}
	for _, c := range rpcCases {
		out = append(out, []byte(c.body))
	}
	for _, s := range []string{
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}], "error": {"code": 200, "message": "x"}}`,
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}], "result": [{"id": 2}]}`,
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}], "result": 5}`,
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}]}x`,
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}]`,
		`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"`,
		`{"result": [{"id": 3, "stage_id": [1, "S\u00e9"], "tag_ids": [4, 5]}], "jsonrpc": "2.0", "id": null}`,
	} {
		out = append(out, []byte(s))
	}
	return append(out, []byte(`{"jsonrpc": "2.0", "id": 1, "result": `+string(searchReadReply(50, true))+`}`))
}

func TestInPlaceDecodeAgrees(t *testing.T) {
	sunk := 0
	for _, b := range inPlaceBodies() {
		if inPlaceAgrees(t, b) {
			sunk++
		}
	}
	if sunk < 12 {
		t.Errorf("only %d replies decoded in place", sunk)
	}
	// The last result wins, as with encoding/json.
	if inPlaceAgrees(t, []byte(`{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1}], "result": 5}`)) {
		t.Error("a first result decoded in place was kept over the last one")
	}
}

func FuzzInPlaceDecode(f *testing.F) {
	for _, b := range inPlaceBodies() {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		inPlaceAgrees(t, b)
	})
}

// A reply cut inside its result, or followed by an error member, fails
// as it does without the in-place decoder: a *ResponseError (truncated
// JSON) and an *Error; a reply decoded in place gives the same records as
// the encoding/json path.
func TestInPlaceDecodeThroughModel(t *testing.T) {
	var result string
	c := resultServer(t, &result)
	m := NewModel[testTicket](c, "helpdesk.ticket")
	ctx := context.Background()
	result = `[{"id": 1, "name": "a"}, {"id": 2, "name": "b"`
	_, err := m.SearchRead(ctx, domain.Domain{}, nil)
	var re *ResponseError
	if !errors.As(err, &re) || re.Reason != "truncated JSON" {
		t.Errorf("truncated result: %v, want a truncated-JSON ResponseError", err)
	}
	result = `[{"id": 1}], "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.UserError", "message": "boom"}}`
	_, err = m.SearchRead(ctx, domain.Domain{}, nil)
	var oe *Error
	if !errors.As(err, &oe) || oe.Message != "boom" {
		t.Errorf("result then error: %v, want the *Error", err)
	}
	result = string(searchReadReply(30, true))
	got, err := m.SearchRead(ctx, domain.Domain{}, nil)
	want, _, werr := decodeRecords[testTicket]([]byte(result))
	if err != nil || werr != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("in place: %v %v, records differ: %v", err, werr, !reflect.DeepEqual(got, want))
	}
	var into []testTicket
	if err := c.SearchReadInto(ctx, "helpdesk.ticket", domain.Domain{}, nil, &into); err != nil || !reflect.DeepEqual(into, want) {
		t.Errorf("SearchReadInto in place: %v, records differ: %v", err, !reflect.DeepEqual(into, want))
	}
}
