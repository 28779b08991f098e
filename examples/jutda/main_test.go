package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

func TestRunEmbedded(t *testing.T) {
	t.Setenv("JUTDA_URL", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
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
	t.Setenv("JUTDA_URL", srv.URL)
	t.Setenv("JUTDA_USER", jutdatest.DefaultUser)
	t.Setenv("JUTDA_PASSWORD", jutdatest.DefaultPassword)
	t.Setenv("JUTDA_QUEUE", "Accounts")
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	if tk, ok := srv.Ticket(1); !ok || tk.Queue != 3 || tk.Status != jutdatest.StatusResolved {
		t.Errorf("ticket %+v", tk)
	}
	if strings.Contains(out.String(), jutdatest.DefaultPassword) {
		t.Error("output shows the password")
	}

	t.Setenv("JUTDA_PASSWORD", "wrong-pw")
	err := run(context.Background(), &out)
	if err == nil || !strings.Contains(err.Error(), "HTTP 403") || strings.Contains(err.Error(), "wrong-pw") {
		t.Errorf("bad password: %v", err)
	}
	t.Setenv("JUTDA_PASSWORD", jutdatest.DefaultPassword)
	t.Setenv("JUTDA_QUEUE", "Nope")
	if err := run(context.Background(), &out); err == nil || !strings.Contains(err.Error(), "matches no queue") {
		t.Errorf("bad queue: %v", err)
	}
}
