package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	jsonv2 "github.com/go-json-experiment/json"
)

const decodeN = 10000

// rawTicket is what a hand-written encoding/json client declares: plain
// types where Odoo always sends a value, any where it may send false.
type rawTicket struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Stage       any     `json:"stage_id"`
	Team        any     `json:"team_id"`
	User        any     `json:"user_id"`
	Partner     any     `json:"partner_id"`
	Email       any     `json:"partner_email"`
	Tags        []int64 `json:"tag_ids"`
	Priority    string  `json:"priority"`
	Created     string  `json:"create_date"`
	Closed      any     `json:"closed_date"`
	Active      bool    `json:"active"`
	Color       int64   `json:"color"`
}

// rpcTarget is what a hand-written JSON-RPC client keeps after logging in.
type rpcTarget struct {
	hc       *http.Client
	url      string // base URL
	db       string
	uid      int64
	password string
}

// nethttpSearchRead is a hand-written JSON-RPC execute_kw search_read with
// net/http and encoding/json, decoding into out.
func nethttpSearchRead(ctx context.Context, t rpcTarget, limit int, out any) error {
	return nethttpSearchReadWith(ctx, t, limit, out, func(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) })
}

// nethttpSearchReadWith is nethttpSearchRead decoding the reply with
// decode (encoding/json or an alternative).
func nethttpSearchReadWith(ctx context.Context, t rpcTarget, limit int, out any, decode func(io.Reader, any) error) error {
	kwargs := map[string]any{"fields": ticketFields, "order": "id"}
	if limit > 0 {
		kwargs["limit"] = limit
	}
	body, err := json.Marshal(map[string]any{
		"jsonrpc": "2.0", "method": "call", "id": 1,
		"params": map[string]any{
			"service": "object", "method": "execute_kw",
			"args": []any{t.db, t.uid, t.password, "helpdesk.ticket", "search_read", []any{[]any{}}, kwargs},
		},
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url+"/jsonrpc", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := t.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	reply := struct {
		Result any             `json:"result"`
		Error  json.RawMessage `json:"error"`
	}{Result: out}
	if err := decode(resp.Body, &reply); err != nil {
		return err
	}
	if reply.Error != nil {
		return &rpcError{string(reply.Error)}
	}
	return nil
}

type rpcError struct{ s string }

func (e *rpcError) Error() string { return "json-rpc error: " + e.s }

// BenchmarkDecode10k reads one search_read reply of 10 000 tickets, served
// from a canned response by an in-memory RoundTripper (no network), so
// what is measured is each client's work: sending the request, reading
// and decoding the reply. The go-odoo variants read the same records as
// XML-RPC (see goodoo_test.go); MB/s is of the JSON reply.
func BenchmarkDecode10k(b *testing.B) {
	recs := genRecords(decodeN)
	jsonList := jsonRecords(recs)
	xmlReply := xmlRPCReply(recs)
	ctx := context.Background()
	b.Logf("reply sizes: JSON-RPC %d bytes, XML-RPC %d bytes", len(jsonRPCReply(1, jsonList)), len(xmlReply))

	b.Run("impl=goodoo-xmlrpc", func(b *testing.B) {
		c := goOdooClient(b, &canned{body: xmlReply})
		b.ReportAllocs()
		cpu := startCPU(0)
		for b.Loop() {
			reply, err := goOdooExecuteKw(c, "helpdesk.ticket", "search_read", []any{[]any{}}, map[string]any{"fields": ticketFields})
			if err != nil || len(reply.([]any)) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=goodoo-full", func(b *testing.B) {
		c := goOdooClient(b, &canned{body: xmlReply})
		b.ReportAllocs()
		cpu := startCPU(0)
		for b.Loop() {
			var out []goOdooTicket
			if err := goOdooSearchRead(c, &out); err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=deskbridge-typed", func(b *testing.B) {
		c, _ := cannedJSONRPCClient(b, jsonList)
		m := odoo.NewModel[Ticket](c, "helpdesk.ticket")
		b.SetBytes(int64(len(jsonList)))
		b.ReportAllocs()
		cpu := startCPU(int64(len(jsonList)))
		for b.Loop() {
			out, err := m.SearchRead(ctx, domain.Domain{}, nil)
			if err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=deskbridge-maps", func(b *testing.B) {
		c, _ := cannedJSONRPCClient(b, jsonList)
		b.SetBytes(int64(len(jsonList)))
		b.ReportAllocs()
		cpu := startCPU(int64(len(jsonList)))
		for b.Loop() {
			out, err := c.SearchRead(ctx, "helpdesk.ticket", domain.Domain{}, &odoo.SearchOptions{Fields: ticketFields})
			if err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=nethttp-jsonv2", func(b *testing.B) {
		// The same hand-written client with github.com/go-json-experiment/json
		// (encoding/json/v2) in place of encoding/json.
		t := rpcTarget{hc: &http.Client{Transport: &canned{body: jsonRPCReply(1, jsonList)}}, url: "http://odoo.invalid", db: "bench", uid: 2, password: "admin"}
		v2 := func(r io.Reader, v any) error { return jsonv2.UnmarshalRead(r, v) }
		b.SetBytes(int64(len(jsonList)))
		b.ReportAllocs()
		cpu := startCPU(int64(len(jsonList)))
		for b.Loop() {
			var out []rawTicket
			if err := nethttpSearchReadWith(ctx, t, 0, &out, v2); err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
	b.Run("impl=nethttp-json", func(b *testing.B) {
		t := rpcTarget{hc: &http.Client{Transport: &canned{body: jsonRPCReply(1, jsonList)}}, url: "http://odoo.invalid", db: "bench", uid: 2, password: "admin"}
		b.SetBytes(int64(len(jsonList)))
		b.ReportAllocs()
		cpu := startCPU(int64(len(jsonList)))
		for b.Loop() {
			var out []rawTicket
			if err := nethttpSearchRead(ctx, t, 0, &out); err != nil || len(out) != decodeN {
				b.Fatal(err)
			}
		}
		cpu.report(b)
	})
}
