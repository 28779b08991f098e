package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRunEmbedded(t *testing.T) {
	t.Setenv("EKICLIK_URL", "")
	t.Setenv("ODOO_URL", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if !strings.Contains(lines[0], "embedded fake") {
		t.Errorf("first line %q does not say a fake is used", lines[0])
	}
	for _, want := range []string{"2 configurations", "opportunity (crm.lead) 1", "is now EK_ORDER_IN_PREPARATION", "1 logins, 2 creates, 1 writes, 1 reads"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunFailsReadably(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><body>502 Bad Gateway</body></html>"))
	}))
	defer srv.Close()
	t.Setenv("EKICLIK_URL", srv.URL)
	t.Setenv("EKICLIK_DB", "prod")
	t.Setenv("EKICLIK_LOGIN", "bot@example.com")
	t.Setenv("EKICLIK_PASSWORD", "Secret-Example-99")
	var out bytes.Buffer
	err := run(context.Background(), &out)
	if err == nil {
		t.Fatal("no error from a 502 server")
	}
	msg := explain(err)
	if !strings.Contains(msg, "502") || !strings.Contains(msg, "Bad Gateway") || strings.Contains(msg, "Secret-Example-99") {
		t.Errorf("error %q", msg)
	}
}
