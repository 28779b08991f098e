package jutda_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/jutda"
	"github.com/deskbridge/deskbridge/jutda/jutdatest"
)

func TestObserver(t *testing.T) {
	srv := jutdatest.NewServer()
	defer srv.Close()
	var mu sync.Mutex
	var evs []deskbridge.CallEvent
	c, err := jutda.New(srv.URL, jutda.WithPassword(jutdatest.DefaultLogin, jutdatest.DefaultPassword), jutda.WithObserver(func(_ context.Context, e deskbridge.CallEvent) {
		mu.Lock()
		evs = append(evs, e)
		mu.Unlock()
	}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListQueues(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(evs) != 1 {
		t.Fatalf("events %+v", evs)
	}
	e := evs[0]
	if e.System != "jutda" || e.Protocol != "legacy-api" || e.Method == "" || e.Attempt != 1 || e.Status != 200 ||
		e.RequestBytes == 0 || e.ReplyBytes == 0 || e.Duration <= 0 || e.Err != nil || strings.Contains(e.Path, jutdatest.DefaultPassword) {
		t.Errorf("event %+v", e)
	}
}
