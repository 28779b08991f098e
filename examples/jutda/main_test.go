package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

// envOf answers the variables of m, like os.Getenv.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestRunEmbedded(t *testing.T) {
	var out, stderr bytes.Buffer
	if err := run(context.Background(), nil, envOf(nil), &out, &stderr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "No JUTDA_URL set: using an embedded jutdatest server") {
		t.Errorf("first line %q", lines[0])
	}
	for _, want := range []string{"1. Created ticket 1", "2. Put ticket 1 on hold", "3. Added a public follow-up", "4. Resolved ticket 1",
		"ticket 1 is Resolved with 3 follow-ups; 3 e-mails"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRemote(t *testing.T) {
	srv := jutdatest.NewServer(jutdatest.WithQueue("Accounts"))
	defer srv.Close()
	env := map[string]string{"JUTDA_URL": srv.URL, "JUTDA_USER": jutdatest.DefaultLogin, "JUTDA_PASSWORD": jutdatest.DefaultPassword, "JUTDA_QUEUE": "Accounts"}
	var out, stderr bytes.Buffer
	if err := run(context.Background(), nil, envOf(env), &out, &stderr); err != nil {
		t.Fatal(err)
	}
	if tk, ok := srv.Ticket(1); !ok || tk.Queue != 3 || tk.Status != jutdatest.StatusResolved {
		t.Errorf("ticket %+v", tk)
	}
	if strings.Contains(out.String(), jutdatest.DefaultPassword) {
		t.Error("output shows the password")
	}

	env["JUTDA_PASSWORD"] = "wrong-pw"
	err := run(context.Background(), nil, envOf(env), &out, &stderr)
	if err == nil || !strings.Contains(err.Error(), "HTTP 403") || strings.Contains(err.Error(), "wrong-pw") {
		t.Errorf("bad password: %v", err)
	}
	env["JUTDA_PASSWORD"] = jutdatest.DefaultPassword
	if err := run(context.Background(), []string{"-queue", "Nope"}, envOf(env), &out, &stderr); err == nil || !strings.Contains(err.Error(), `queue "Nope" matches no queue`) {
		t.Errorf("bad queue: %v", err)
	}
}

// TestHelp checks that -h prints the usage and runs nothing, even with a
// real helpdesk configured (issue 22 §5: it used to create a ticket).
func TestHelp(t *testing.T) {
	srv := jutdatest.NewServer()
	defer srv.Close()
	env := map[string]string{"JUTDA_URL": srv.URL, "JUTDA_USER": jutdatest.DefaultLogin, "JUTDA_PASSWORD": jutdatest.DefaultPassword}
	for _, args := range [][]string{{"-h"}, {"-help"}, {"-bogus"}, {"extra"}} {
		var out, stderr bytes.Buffer
		err := run(context.Background(), args, envOf(env), &out, &stderr)
		want := errUsage
		if args[0] == "-h" || args[0] == "-help" {
			want = flag.ErrHelp
		}
		if !errors.Is(err, want) || !strings.Contains(stderr.String(), "usage: jutda") || out.Len() != 0 {
			t.Errorf("%v: err %v, stderr %q, stdout %q", args, err, stderr.String(), out.String())
		}
	}
	if n := len(srv.Calls()); n != 0 || len(srv.Tickets()) != 0 {
		t.Errorf("-h sent %d requests, created %d tickets", n, len(srv.Tickets()))
	}
}
