package jutda_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// BenchmarkCreateTicket compares a create_ticket round trip through the
// Client (validation, go-querystring, transport with retry policy, rate
// limiter hook, body cap, reply decoding) with the bare minimum: net/http
// and url.Values against the same jutdatest server.
func BenchmarkCreateTicket(b *testing.B) {
	s := jutdatest.NewServer()
	defer s.Close()
	ctx := context.Background()
	ticket := jutda.TicketCreate{Queue: 2, Title: "Invoice INV-2024-117 overdue", Body: "Acme has not paid.",
		SubmitterEmail: "ap@acme.example", Priority: jutda.PriorityHigh}

	b.Run("jutda.Client", func(b *testing.B) {
		c, err := jutda.New(s.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			id, err := c.CreateTicket(ctx, ticket)
			if err != nil || id <= 0 {
				b.Fatal(id, err)
			}
			if i%4096 == 4095 {
				s.ResetCalls()
			}
		}
	})
	b.Run("net/http+url.Values", func(b *testing.B) {
		hc := &http.Client{Transport: &http.Transport{}}
		defer hc.CloseIdleConnections()
		endpoint := s.URL + "/api/create_ticket/"
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			form := url.Values{"user": {jutdatest.DefaultLogin}, "password": {jutdatest.DefaultPassword},
				"queue": {strconv.FormatInt(ticket.Queue, 10)}, "title": {ticket.Title}, "body": {ticket.Body},
				"submitter_email": {ticket.SubmitterEmail}, "priority": {strconv.Itoa(ticket.Priority)}}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatal(resp.StatusCode, err)
			}
			if id, err := strconv.Atoi(string(bytes.TrimSpace(body))); err != nil || id <= 0 {
				b.Fatal(string(body))
			}
			if i%4096 == 4095 {
				s.ResetCalls()
			}
		}
	})
}
