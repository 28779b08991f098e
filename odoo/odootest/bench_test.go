package odootest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchServer holds n OCA tickets with partners, stages and tags.
func benchServer(b *testing.B, n int) *Server {
	b.Helper()
	s := NewServer(WithFlavor(OCA), WithDemoData())
	for i := 0; i < n; i++ {
		if _, err := s.Create("helpdesk.ticket", map[string]any{"name": fmt.Sprint("bench ", i), "description": "<p>d</p>",
			"partner_id": int64(7 + i%10), "team_id": int64(1 + i%3), "tag_ids": []any{int64(1 + i%3)}, "priority": fmt.Sprint(i % 4)}); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

var benchFields = []any{"id", "name", "description", "stage_id", "team_id", "user_id", "partner_id", "partner_name",
	"partner_email", "tag_ids", "priority", "create_date", "closed_date", "category_id", "type_id", "number"}

func searchReadBody(b *testing.B, limit int) []byte {
	return []byte(fmt.Sprintf(`{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "object", "method": "execute_kw",
		"args": ["odoo", 2, "admin", "helpdesk.ticket", "search_read", [[["name", "like", "bench"]]], {"fields": %s, "limit": %d, "order": "id"}]}}`,
		mustString(b, benchFields), limit))
}

func benchHandler(b *testing.B, s *Server, body []byte) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("POST", "/jsonrpc", bytes.NewReader(body))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != 200 || bytes.Contains(rec.Body.Bytes(), []byte(`"error"`)) {
			b.Fatalf("%d %.300s", rec.Code, rec.Body.Bytes())
		}
		b.SetBytes(int64(rec.Body.Len()))
	}
}

func benchHTTP(b *testing.B, s *Server, body []byte) {
	b.ReportAllocs()
	hc := s.Client()
	for i := 0; i < b.N; i++ {
		resp, err := hc.Post(s.URL+"/jsonrpc", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatal(resp.Status)
		}
		b.SetBytes(n)
	}
}

// BenchmarkSearchRead80 is the server-side cost of a search_read page of
// 80 tickets over /jsonrpc; Version is the baseline (an empty call).
func BenchmarkSearchRead80(b *testing.B) {
	s := benchServer(b, 200)
	defer s.Close()
	body := searchReadBody(b, 80)
	version := []byte(`{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", "method": "version", "args": []}}`)
	b.Run("baseline-version-handler", func(b *testing.B) { benchHandler(b, s, version) })
	b.Run("handler", func(b *testing.B) { benchHandler(b, s, body) })
	b.Run("baseline-version-http", func(b *testing.B) { benchHTTP(b, s, version) })
	b.Run("http", func(b *testing.B) { benchHTTP(b, s, body) })
}

// BenchmarkSearchRead10k reads 10 000 tickets in one call.
func BenchmarkSearchRead10k(b *testing.B) {
	s := benchServer(b, 10000)
	defer s.Close()
	b.Run("handler", func(b *testing.B) { benchHandler(b, s, searchReadBody(b, 10000)) })
}

// BenchmarkCreateTicket is one create over /jsonrpc (creation message and
// followers included); its cost must not grow with the table.
func BenchmarkCreateTicket(b *testing.B) {
	s := benchServer(b, 0)
	defer s.Close()
	body := []byte(`{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "object", "method": "execute_kw",
		"args": ["odoo", 2, "admin", "helpdesk.ticket", "create", [{"name": "bench", "description": "<p>d</p>", "partner_id": 7, "user_id": 2, "tag_ids": [[6, 0, [1, 2]]]}]]}}`)
	benchHandler(b, s, body)
}
