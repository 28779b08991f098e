package odoo

import (
	"reflect"
	"slices"
	"testing"
)

// fastAgrees checks the fast decoder against the encoding/json path on
// raw: whatever the fast path accepts, the JSON path accepts too and
// decodes to the same records and ids.
func fastAgrees(t *testing.T, raw []byte) (fastOK bool) {
	t.Helper()
	p := planFor(typeOf[testTicket]())
	for _, st := range []reflect.Type{typeOf[[]testTicket](), typeOf[[]*testTicket]()} {
		fv, fids, ok := p.fastList(raw, st)
		if !ok {
			continue
		}
		fastOK = true
		jv, jids, err := p.decodeListJSON(raw, st)
		if err != nil {
			t.Fatalf("fast path accepted %q, the encoding/json path refused it: %v", raw, err)
		}
		if !reflect.DeepEqual(fv.Interface(), jv.Interface()) || !slices.Equal(fids, jids) {
			t.Fatalf("%s from %q:\nfast %#v %v\njson %#v %v", st, raw, fv.Interface(), fids, jv.Interface(), jids)
		}
	}
	return fastOK
}

var fastCases = []struct {
	raw  string
	fast bool // the fast path decodes it (else it gives up)
}{
	{`[]`, true},
	{` [ ] `, true},
	{`false`, false},
	{`null`, false},
	{`[{}]`, true},
	{`[{"id": 1, "name": "A", "stage_id": [1, "New"], "partner_id": false, "tag_ids": [1, 2], "priority": "1",
	   "create_date": "2026-11-24 15:40:58", "closed_date": false, "date_deadline": "2026-12-01", "active": true,
	   "color": 3, "hours": 1.5, "datas": "aGk=", "extra": false, "raw": false, "unknown": {"a": [1, {"b": false}]}}]`, true},
	{`[{"id": 2, "name": "Caf\u00e9 \"quoted\" \\ \/ \b\f\n\r\t \ud83d\ude00 \ud800 \udc00x \ud83dA"}]`, true},
	{`[{"id": 3, "name": "caf` + "\xe9" + `"}]`, true},            // bad UTF-8: encoding/json repairs it
	{`[{"id": 4, "NAME": "upper", "Stage_Id": [2, "X"]}]`, false}, // keys match without case: encoding/json's call
	{`[{"id": 28, "eXtrA": false}]`, false},
	{`[{"id": 5, "name": "a", "name": "b", "stage_id": [1, "A"], "stage_id": false}]`, true},
	{`[{"id": 6, "color": 1.0}]`, true}, // the integer rule: 1.0 is 1
	{`[{"id": 6, "color": 1e2, "hours": 2}]`, true},
	{`[{"id": 6, "color": 1.5}]`, false},
	{`[{"id": 6.0, "color": -0.0}]`, true},
	{`[{"id": 7, "color": 99999999999999999999}]`, false},
	{`[{"id": 8, "color": "3"}]`, false},
	{`[{"id": 9, "name": 3}]`, false},
	{`[{"id": 10, "create_date": "2026-02-30 10:00:00"}]`, false},
	{`[{"id": 11, "create_date": "2026-11-24T15:40:58Z", "closed_date": "2026-11-24 15:40:58.123"}]`, true},
	{`[{"id": 12, "create_date": "not a date"}]`, false},
	{`[{"id": 13, "name": null, "color": null, "active": null, "stage_id": null, "extra": null, "hours": -0.5e3}]`, true},
	{`[{"id": 14, "extra": {"active": false, "x": false}, "raw": [false, {"y": false}]}]`, true},
	{`[{"id": 15}, {"id": 16}]x`, false},
	{`[{"id": 17,}]`, false},
	{`[{"id": 18} {"id": 19}]`, false},
	{`[{"id": 20, "name": "a` + "\n" + `b"}]`, false},
	{`[{"id": 21, "name": "\x"}]`, false},
	{`[{"id": 22, "k\u0065y": 1}]`, false},
	{`[{"id": 23, "tag_ids": [[1, "a"], [2, "b"]], "partner_id": {"id": 3, "display_name": "P"}}]`, true},
	{`[{"id": 24, "active": false, "color": 01}]`, false},
	{`[1, 2]`, false},
	{`[{"id": 25, "hours": 1e999}]`, false},
	{`[{"id": 26, "color": -12, "hours": 3}, {"color": 4, "id": 27, "name": "reordered"}]`, true},
}

func TestFastDecodeAgreesWithJSON(t *testing.T) {
	for _, c := range fastCases {
		if got := fastAgrees(t, []byte(c.raw)); got != c.fast {
			t.Errorf("fast path on %q: decoded %v, want %v", c.raw, got, c.fast)
		}
	}
	// The benchmark's data decodes entirely on the fast path.
	if !fastAgrees(t, searchReadReply(300, true)) {
		t.Error("the fast path gave up on the benchmark data")
	}
}

func FuzzFastDecode(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c.raw))
	}
	f.Add(searchReadReply(3, true))
	f.Fuzz(func(t *testing.T, b []byte) {
		fastAgrees(t, b)
	})
}

// rpcAgrees checks fastRPCResult against encoding/json's parseJSONRPCReply
