package transport

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkDo compares one Do (retry loop, trace, rate-limit check, body
// buffering) with the bare net/http round trip it wraps, on loopback.
func BenchmarkDo(b *testing.B) {
	reply := strings.Repeat(`{"id":1,"name":"x"},`, 50)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = io.WriteString(w, reply)
	}))
	defer srv.Close()
	body := []byte(`{"jsonrpc":"2.0","method":"call","params":{"service":"object","method":"execute_kw","args":["db",2,"pw","res.partner","search_read",[]]}}`)

	b.Run("baseline=net/http", func(b *testing.B) {
		hc := &http.Client{Transport: defaultTransport()}
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(b.Context(), "POST", srv.URL+"/jsonrpc", strings.NewReader(string(body)))
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadAll(resp.Body); err != nil {
				b.Fatal(err)
			}
			_ = resp.Body.Close()
		}
	})
	b.Run("transport.Do", func(b *testing.B) {
		c := New(Config{})
		c.AddSecret("pw")
		b.ReportAllocs()
		for b.Loop() {
			resp, err := c.Do(b.Context(), &Request{Method: "POST", URL: srv.URL + "/jsonrpc", Body: body, Policy: NotIdempotent})
			if err != nil || len(resp.Body) != len(reply) {
				b.Fatal(err)
			}
		}
	})
	b.Run("transport.Do+debug-log-bodies", func(b *testing.B) {
		c := New(Config{Logger: discardDebugLogger(), LogBodies: true})
		c.AddSecret("pw")
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Do(b.Context(), &Request{Method: "POST", URL: srv.URL + "/jsonrpc", Body: body, Policy: NotIdempotent}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkRedact(b *testing.B) {
	c := New(Config{})
	for _, s := range []string{"hunter2", "odootest-api-key-0123456789abcdef", "sid-0123456789"} {
		c.AddSecret(s)
	}
	line := `Post "https://odoo.example.com/jsonrpc?db=x&token=abc": dial tcp 10.0.0.1:443: connect: connection refused`
	body := strings.Repeat(`{"id":7,"name":"Ticket about invoices","description":"<p>Customer writes ...</p>","partner_id":[3,"Azure Interior"]},`, 150)
	for _, bc := range []struct{ name, in string }{{"error-line", line}, {"16KiB-json", body}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.in)))
			b.ReportAllocs()
			for b.Loop() {
				_ = c.Redact(bc.in)
			}
		})
	}
}

// BenchmarkDoLargeReply reads a 5 MiB reply with a Content-Length, the size
// of a 10 000-record search_read; B/op shows the buffer's growth.
func BenchmarkDoLargeReply(b *testing.B) {
	body := bytes.Repeat([]byte(`{"id": 1, "name": "x"}, `), 5<<20/24)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	c := New(Config{})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(b.Context(), &Request{Method: "GET", URL: srv.URL})
		if err != nil || len(resp.Body) != len(body) {
			b.Fatalf("err %v, %d bytes", err, len(resp.Body))
		}
	}
}
