package odoo

import (
	"encoding/json"
	"fmt"
	"regexp"
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
	b.Run("typed-encoding-json-path/odoo-false", func(b *testing.B) {
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
	// Integers answered as floats ("id": 7.0, "color": 3.0): the integer
	// rule reads them on the one-pass path too (codec_int.go).
	floatRaw := regexp.MustCompile(`("(?:id|color)": )(-?\d+)([,}])`).ReplaceAll(odooRaw, []byte("${1}${2}.0$3"))
	if !strings.Contains(string(floatRaw), `"id": 1.0,`) || !strings.Contains(string(floatRaw), `"color": 3.0}`) {
		b.Fatal("the float-ints reply has no float integers")
	}
	b.Run("typed/float-ints", func(b *testing.B) {
		b.SetBytes(int64(len(floatRaw)))
		b.ReportAllocs()
		for b.Loop() {
			recs, _, err := decodeRecords[benchTicket](floatRaw)
			if err != nil || len(recs) != n || recs[n-1].ID != n {
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

// BenchmarkParseJSONRPCReply finds the result of a 10 000-ticket reply:
// encoding/json alone (the baseline), fastRPCResult, and parseJSONRPCReply
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
	b.Run("parseJSONRPCReply", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseJSONRPCReply(200, "application/json", body); err != nil {
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
