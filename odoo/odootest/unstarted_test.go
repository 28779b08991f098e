package odootest

import (
	"os"
	"runtime"
	"testing"
)

// TestUnstartedHoldsNoPort: a server never started (ekiclitest builds on
// one per fake) opens no listener; it binds its port at Start.
func TestUnstartedHoldsNoPort(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts open files through /proc/self/fd")
	}
	fds := func() int {
		es, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	before := fds()
	var srvs []*Server
	for range 20 {
		srvs = append(srvs, NewUnstartedServer())
	}
	if d := fds() - before; d >= 20 {
		t.Errorf("20 unstarted servers opened %d files, want no listener each", d)
	}
	srvs[0].Start()
	defer srvs[0].Close()
	if srvs[0].URL == "" || srvs[0].Client() == nil {
		t.Errorf("Start: URL %q, client %v", srvs[0].URL, srvs[0].Client())
	}
	for _, s := range srvs[1:] {
		s.Close() // a no-op on a server never started
	}
}
