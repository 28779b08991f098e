package odoo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// benchTicket is a typed helpdesk ticket as an application would declare it.
type benchTicket struct {
	ID          int64    `odoo:"id"`
	Name        string   `odoo:"name"`
	Description string   `odoo:"description"`
	Stage       Many2One `odoo:"stage_id"`
	Team        Many2One `odoo:"team_id"`
	User        Many2One `odoo:"user_id"`
	Partner     Many2One `odoo:"partner_id"`
	Email       string   `odoo:"partner_email"`
	Tags        IDs      `odoo:"tag_ids"`
	Priority    string   `odoo:"priority"`
	Created     DateTime `odoo:"create_date"`
	Closed      DateTime `odoo:"closed_date"`
	Active      bool     `odoo:"active"`
	Color       int      `odoo:"color"`
}

// jsonTicket is the same struct for plain encoding/json (json tags).
type jsonTicket struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Stage       Many2One `json:"stage_id"`
	Team        Many2One `json:"team_id"`
	User        Many2One `json:"user_id"`
	Partner     Many2One `json:"partner_id"`
	Email       string   `json:"partner_email"`
	Tags        IDs      `json:"tag_ids"`
	Priority    string   `json:"priority"`
	Created     DateTime `json:"create_date"`
	Closed      DateTime `json:"closed_date"`
	Active      bool     `json:"active"`
	Color       int      `json:"color"`
}

// plainTicket uses only encoding/json's own types.
type plainTicket struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Stage       []any   `json:"stage_id"`
	Team        []any   `json:"team_id"`
	User        any     `json:"user_id"`
	Partner     []any   `json:"partner_id"`
	Email       any     `json:"partner_email"`
	Tags        []int64 `json:"tag_ids"`
	Priority    string  `json:"priority"`
	Created     string  `json:"create_date"`
	Closed      any     `json:"closed_date"`
	Active      bool    `json:"active"`
	Color       int     `json:"color"`
}

// searchReadReply builds a search_read result of n tickets. With odooFalse,
// empty char fields are Odoo's false (as a real server sends them);
// without, they are "" so that plain encoding/json can decode them.
func searchReadReply(n int, odooFalse bool) []byte {
	var b strings.Builder
	b.WriteByte('[')
	empty := `""`
	if odooFalse {
		empty = "false"
	}
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteByte(',')
		}
		user := `[6, "Marc Demo"]`
		if i%3 == 0 {
			user = "false"
		}
		email := fmt.Sprintf(`"customer%d@example.com"`, i)
		if i%2 == 0 {
			email = empty
		}
		closed := "false"
		if i%4 == 0 {
			closed = `"2026-11-25 09:30:00"`
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "Ticket %d: printer on fire", "description": "<p>The printer in room %d is on fire, \"again\".</p>", `+
			`"stage_id": [%d, "In Progress"], "team_id": [2, "Helpdesk"], "user_id": %s, "partner_id": [11, "YourCompany, Gemini Furniture"], `+
			`"partner_email": %s, "tag_ids": [1, %d], "priority": "%d", "create_date": "2026-11-24 15:40:58", "closed_date": %s, "active": true, "color": %d}`,
			i, i, i, 1+i%5, user, email, 2+i%3, i%4, closed, i%12)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

func BenchmarkDecodeSearchRead(b *testing.B) {
	const n = 10000
	odooRaw := searchReadReply(n, true)
	cleanRaw := searchReadReply(n, false)
	b.Run("typed/odoo-false", func(b *testing.B) {
		b.SetBytes(int64(len(odooRaw)))
		b.ReportAllocs()
		for b.Loop() {
			recs, _, err := decodeRecords[benchTicket](odooRaw)
			if err != nil || len(recs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed/odoo-false/before-encoding-json-path", func(b *testing.B) {
		// The decoder before the one-pass reader (still the fallback):
		// nullFalse, a shadow struct through encoding/json, a copy.
		p, st := planFor(typeOf[benchTicket]()), typeOf[[]benchTicket]()
		b.SetBytes(int64(len(odooRaw)))
		b.ReportAllocs()
		for b.Loop() {
			recs, _, err := p.decodeListJSON(odooRaw, st)
			if err != nil || recs.Len() != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed/no-false", func(b *testing.B) {
		b.SetBytes(int64(len(cleanRaw)))
		b.ReportAllocs()
		for b.Loop() {
			recs, _, err := decodeRecords[benchTicket](cleanRaw)
			if err != nil || len(recs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("maps", func(b *testing.B) {
		b.SetBytes(int64(len(odooRaw)))
		b.ReportAllocs()
		for b.Loop() {
			var recs []map[string]any
			if err := decodeInto(odooRaw, &recs); err != nil || len(recs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline/encoding-json-same-types", func(b *testing.B) {
		b.SetBytes(int64(len(cleanRaw)))
		b.ReportAllocs()
		for b.Loop() {
			var recs []jsonTicket
			if err := json.Unmarshal(cleanRaw, &recs); err != nil || len(recs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline/encoding-json-plain-struct", func(b *testing.B) {
		b.SetBytes(int64(len(odooRaw)))
		b.ReportAllocs()
		for b.Loop() {
			var recs []plainTicket
			if err := json.Unmarshal(odooRaw, &recs); err != nil || len(recs) != n {
				b.Fatal(err)
			}
		}
	})
	b.Run("nullFalse-only", func(b *testing.B) {
		keep := planFor(typeOf[benchTicket]()).keepFalse
		b.SetBytes(int64(len(odooRaw)))
		b.ReportAllocs()
		for b.Loop() {
			_ = nullFalse(odooRaw, keep)
		}
	})
}

// TestBenchDataAgrees checks the benchmark decodes the same values each way.
func TestBenchDataAgrees(t *testing.T) {
	odooRaw, cleanRaw := searchReadReply(50, true), searchReadReply(50, false)
	typed, _, err := decodeRecords[benchTicket](odooRaw)
	if err != nil {
		t.Fatal(err)
	}
	var plain []jsonTicket
	if err := json.Unmarshal(cleanRaw, &plain); err != nil {
		t.Fatal(err)
	}
	if len(typed) != 50 || len(plain) != 50 {
		t.Fatal("lengths")
	}
	for i := range typed {
		if fmt.Sprint(typed[i]) != fmt.Sprint(benchTicket(plain[i])) {
			t.Fatalf("record %d: typed %+v, plain %+v", i, typed[i], plain[i])
		}
	}
}

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
	{`[{"id": 6, "color": 1.0}]`, false},
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

// rpcAgrees checks fastRPCResult against encoding/json's ParseJSONRPCReply
// path (parseJSONRPCReplyStd) on body.
func rpcAgrees(t *testing.T, body []byte) bool {
	t.Helper()
	fast, ok := fastRPCResult(body)
	if !ok {
		return false
	}
	ref, err := parseJSONRPCReplyStd(200, "application/json", body)
	if err != nil {
		t.Fatalf("fastRPCResult accepted %q, ParseJSONRPCReply refused it: %v", body, err)
	}
	if !bytes.Equal(fast, ref) {
		t.Fatalf("fastRPCResult(%q) = %q, ParseJSONRPCReply = %q", body, fast, ref)
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
	{`{"jsonrpc": "2.0", "id": 1}`, false},
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

// BenchmarkParseJSONRPCReply finds the result of a 10 000-ticket reply:
// encoding/json alone (the baseline), fastRPCResult, and ParseJSONRPCReply
// (which takes the fast path for such a reply).
func BenchmarkParseJSONRPCReply(b *testing.B) {
	body := []byte(`{"jsonrpc": "2.0", "id": 7, "result": ` + string(searchReadReply(10000, true)) + `}`)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseJSONRPCReplyStd(200, "application/json", body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseJSONRPCReply", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseJSONRPCReply(200, "application/json", body); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fastRPCResult", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fastRPCResult(body); !ok {
				b.Fatal("gave up")
			}
		}
	})
}
