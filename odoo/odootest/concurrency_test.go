package odootest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
)

// TestConcurrentClients runs 64 clients doing raw JSON-RPC creates,
// writes, searches and reads at once (run with -race).
func TestConcurrentClients(t *testing.T) {
	s := NewServer(WithFlavor(OCA), WithDemoData())
	defer s.Close()
	const clients, rounds = 64, 8
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	call := func(model, method string, args []any, kw map[string]any) (any, error) {
		body, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "method": "call", "id": 1, "params": map[string]any{"service": "object", "method": "execute_kw",
			"args": []any{s.Database(), 2, DefaultPassword, model, method, args, kw}}})
		resp, err := hc.Post(s.URL+"/jsonrpc", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		var env struct {
			Result any
			Error  map[string]any
		}
		if err := json.Unmarshal(b, &env); err != nil {
			return nil, err
		}
		if env.Error != nil {
			return nil, fmt.Errorf("%v", env.Error["data"])
		}
		return env.Result, nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, clients*rounds)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				name := fmt.Sprintf("client %d round %d", c, r)
				id, err := call("helpdesk.ticket", "create", []any{map[string]any{"name": name, "description": "x", "tag_ids": []any{1}}}, nil)
				if err != nil {
					errs <- err
					return
				}
				if _, err := call("helpdesk.ticket", "write", []any{[]any{id}, map[string]any{"priority": "3"}}, nil); err != nil {
					errs <- err
					return
				}
				rows, err := call("helpdesk.ticket", "search_read", []any{[]any{[]any{"name", "=", name}}}, map[string]any{"fields": []any{"priority", "tag_ids", "stage_id.name"}[:2]})
				if err != nil {
					errs <- err
					return
				}
				if l, _ := rows.([]any); len(l) != 1 || l[0].(map[string]any)["priority"] != "3" {
					errs <- fmt.Errorf("%s: read back %v", name, rows)
					return
				}
				if _, err := call("helpdesk.ticket", "message_post", []any{[]any{id}}, map[string]any{"body": name}); err != nil {
					errs <- err
					return
				}
				if _, err := call("helpdesk.ticket", "search_count", []any{[]any{[]any{"stage_id.closed", "=", false}}}, nil); err != nil {
					errs <- err
					return
				}
			}
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := s.Count("helpdesk.ticket", domain.Like("name", "client ")); n != clients*rounds {
		t.Errorf("%d tickets created, want %d", n, clients*rounds)
	}
	if n := s.CallCount("helpdesk.ticket", "create"); n != clients*rounds {
		t.Errorf("CallCount(create) = %d, want %d", n, clients*rounds)
	}
	seen := map[int]bool{}
	for _, c := range s.Calls() {
		if seen[c.Seq] {
			t.Fatalf("duplicate call log Seq %d", c.Seq)
		}
		seen[c.Seq] = true
	}
}
