package odoo_test

import (
	"context"
	"sync"
	"testing"

	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
	"github.com/deskbridge/deskbridge/odoo/odootest"
)

// TestModelCallOptions: every Model call that changes or counts records
// sends the Odoo context of its opts (as the Client methods do), on every
// protocol, and a nil opts sends none of it.
func TestModelCallOptions(t *testing.T) {
	ctx := context.Background()
	s := newServer(t)
	var mu sync.Mutex
	seen := map[string]map[string]any{}
	for method, answer := range map[string]any{
		"create": []int64{77}, "write": true, "unlink": true, "search_count": 3,
	} {
		s.HandleMethod("x_test.task", method, func(_ context.Context, c odootest.MethodCall) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			seen[c.Method] = c.Context
			return answer, nil
		})
	}
	calls := []struct {
		method string
		run    func(m *odoo.Model[Task], opts *odoo.CallOptions) error
	}{
		{"create", func(m *odoo.Model[Task], opts *odoo.CallOptions) error {
			_, err := m.Create(ctx, Task{Name: "quiet"}, opts)
			return err
		}},
		{"create", func(m *odoo.Model[Task], opts *odoo.CallOptions) error {
			_, err := m.CreateMany(ctx, []Task{{Name: "quiet"}}, opts)
			return err
		}},
		{"write", func(m *odoo.Model[Task], opts *odoo.CallOptions) error {
			return m.Write(ctx, []int64{1}, odoo.Values{"name": "quiet"}, opts)
		}},
		{"unlink", func(m *odoo.Model[Task], opts *odoo.CallOptions) error {
			return m.Unlink(ctx, []int64{1}, opts)
		}},
		{"search_count", func(m *odoo.Model[Task], opts *odoo.CallOptions) error {
			n, err := m.SearchCount(ctx, domain.Eq("name", "quiet"), opts)
			if err == nil && n != 3 {
				t.Errorf("SearchCount = %d, want 3", n)
			}
			return err
		}},
	}
	for _, p := range protocols {
		m := odoo.NewModel[Task](newClient(t, s, p), "x_test.task")
		for i, c := range calls {
			opts := &odoo.CallOptions{Context: map[string]any{"tracking_disable": true}}
			if err := c.run(m, opts); err != nil {
				t.Fatalf("%s: call %d (%s): %v", p, i, c.method, err)
			}
			mu.Lock()
			got := seen[c.method]
			delete(seen, c.method)
			mu.Unlock()
			if got["tracking_disable"] != true {
				t.Errorf("%s: call %d (%s) sent context %v, want tracking_disable", p, i, c.method, got)
			}
			if err := c.run(m, nil); err != nil {
				t.Fatalf("%s: call %d (%s) with nil opts: %v", p, i, c.method, err)
			}
			mu.Lock()
			got = seen[c.method]
			mu.Unlock()
			if _, ok := got["tracking_disable"]; ok {
				t.Errorf("%s: call %d (%s) with nil opts sent context %v", p, i, c.method, got)
			}
		}
	}
}
