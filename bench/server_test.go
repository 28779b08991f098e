package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// serveEnv makes the test binary an odootest server (see TestMain): the
// overhead benchmark runs its server in a child process, so that the
// CPU time of the benchmark's own process is the client's alone.
const serveEnv = "DESKBRIDGE_BENCH_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "odootest" {
		serveOdootest()
		return
	}
	os.Exit(m.Run())
}

// serveOdootest starts the overhead benchmark's odootest server, prints
// its URL and database, and serves until its standard input closes.
func serveOdootest() {
	srv := odootest.NewServer(odootest.WithFlavor(odootest.OCA), odootest.WithDemoData())
	if err := seedOverhead(srv); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL, srv.Database())
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
}

// childServer starts serveOdootest in a child process and answers its URL
// and database; the child ends with the test.
func childServer(tb testing.TB) (url, db string) {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), serveEnv+"=odootest")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("child server: %v", err)
	}
	f := strings.Fields(line)
	if len(f) != 2 || f[0] == "error" {
		tb.Fatalf("child server: %q", line)
	}
	return f[0], f[1]
}
