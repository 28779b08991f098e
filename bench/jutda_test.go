package bench

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

var jutdaTicket = jutda.TicketCreate{Queue: 2, Title: "Invoice INV-2024-117 overdue", Body: "Acme has not paid.",
	SubmitterEmail: "ap@acme.example", Priority: jutda.PriorityHigh}

// nethttpCreateTicket is create_ticket by hand: url.Values and net/http.
func nethttpCreateTicket(ctx context.Context, hc *http.Client, base string) (int64, error) {
	t := jutdaTicket
	form := url.Values{"user": {jutdatest.DefaultLogin}, "password": {jutdatest.DefaultPassword},
		"queue": {strconv.FormatInt(t.Queue, 10)}, "title": {t.Title}, "body": {t.Body},
		"submitter_email": {t.SubmitterEmail}, "priority": {strconv.Itoa(t.Priority)}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/create_ticket/", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, &rpcError{resp.Status + ": " + string(body)}
	}
	return strconv.ParseInt(string(bytes.TrimSpace(body)), 10, 64)
}

// BenchmarkJutdaCreateTicket is one create_ticket round trip to the same
// jutdatest server: by hand with net/http and url.Values (the floor),
// and through jutda.Client (validation, go-querystring, the transport's
// retry policy and body cap, reply checks).
func BenchmarkJutdaCreateTicket(b *testing.B) {
	srv := jutdatest.NewServer()
	b.Cleanup(srv.Close)
	ctx := context.Background()
	b.Run("impl=nethttp-form", func(b *testing.B) {
		hc := &http.Client{Transport: &http.Transport{}}
		defer hc.CloseIdleConnections()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if id, err := nethttpCreateTicket(ctx, hc, srv.URL); err != nil || id <= 0 {
				b.Fatal(id, err)
			}
			if i%4096 == 4095 {
				srv.ResetCalls() // the call log grows with every call
			}
		}
	})
	b.Run("impl=deskbridge-jutda", func(b *testing.B) {
		c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if id, err := c.CreateTicket(ctx, jutdaTicket); err != nil || id <= 0 {
				b.Fatal(id, err)
			}
			if i%4096 == 4095 {
				srv.ResetCalls()
			}
		}
	})
}

// TestJutdaCreateTicketAgrees checks both ways create the same ticket.
func TestJutdaCreateTicketAgrees(t *testing.T) {
	srv := jutdatest.NewServer()
	t.Cleanup(srv.Close)
	ctx := context.Background()
	id1, err := nethttpCreateTicket(ctx, srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword))
	if err != nil {
		t.Fatal(err)
	}
	id2, err := c.CreateTicket(ctx, jutdaTicket)
	if err != nil {
		t.Fatal(err)
	}
	t1, ok1 := srv.Ticket(id1)
	t2, ok2 := srv.Ticket(id2)
	if !ok1 || !ok2 || id1 == id2 || t1.Title != t2.Title || t1.Queue != t2.Queue || t1.SubmitterEmail != t2.SubmitterEmail || t1.Priority != t2.Priority {
		t.Fatalf("by hand: %d %+v; jutda: %d %+v", id1, t1, id2, t2)
	}
}
