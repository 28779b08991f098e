package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/ekiclik/ekiclitest"
)

// envOf answers the variables of m, like os.Getenv.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestRunEmbedded(t *testing.T) {
	for _, args := range [][]string{nil, {"-auth", "auth"}} {
		var out, stderr bytes.Buffer
		if err := run(context.Background(), args, envOf(nil), &out, &stderr); err != nil || stderr.Len() != 0 {
			t.Fatalf("%v; stderr %q", err, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		if !strings.Contains(lines[0], "embedded fake") {
			t.Errorf("first line %q does not say a fake is used", lines[0])
		}
		for _, want := range []string{"2 configurations", "opportunity (crm.lead) 1", "is now EK_ORDER_IN_PREPARATION", "1 logins, 2 creates, 1 writes, 2 reads"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out.String())
			}
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
	env := map[string]string{"EKICLIK_URL": srv.URL, "EKICLIK_DB": "prod", "EKICLIK_LOGIN": "bot@example.com", "EKICLIK_PASSWORD": "Secret-Example-99"}
	var out, stderr bytes.Buffer
	err := run(context.Background(), nil, envOf(env), &out, &stderr)
	if err == nil {
		t.Fatal("no error from a 502 server")
	}
	msg := explain(err)
	if !strings.Contains(msg, "502") || !strings.Contains(msg, "Bad Gateway") || strings.Contains(msg, "Secret-Example-99") {
		t.Errorf("error %q", msg)
	}
}

// TestHelp checks that -h prints the usage and sends nothing, even with a
// server configured (issue 22 §5: it used to run the whole flow).
func TestHelp(t *testing.T) {
	fake := ekiclitest.NewServer()
	defer fake.Close()
	env := map[string]string{"EKICLIK_URL": fake.URL, "EKICLIK_DB": ekiclitest.DefaultDatabase,
		"EKICLIK_LOGIN": ekiclitest.DefaultLogin, "EKICLIK_PASSWORD": ekiclitest.DefaultPassword}
	for _, args := range [][]string{{"-h"}, {"-help"}, {"-bogus"}, {"extra"}, {"-auth", "oauth"}} {
		var out, stderr bytes.Buffer
		err := run(context.Background(), args, envOf(env), &out, &stderr)
		want := errUsage
		if args[0] == "-h" || args[0] == "-help" {
			want = flag.ErrHelp
		}
		if !errors.Is(err, want) || !strings.Contains(stderr.String(), "usage: ekiclik") || out.Len() != 0 {
			t.Errorf("%v: err %v, stderr %q, stdout %q", args, err, stderr.String(), out.String())
		}
	}
	if n := fake.CallCount("", "authenticate") + fake.CallCount("", "create"); n != 0 {
		t.Errorf("-h made %d calls", n)
	}
}
