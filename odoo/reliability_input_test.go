package odoo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
	"github.com/deskbridge/deskbridge/odoo"
)

// TestReliabilityBadInput calls every public method of Client and Model
// with invalid arguments on every protocol: each gives a *deskbridge.ArgumentError
// matching ErrInvalidArgument, and the server's call log proves nothing was
// sent (not even a login).
func TestReliabilityBadInput(t *testing.T) {
	var nilCtx context.Context // a nil context, as a careless caller passes it
	badDomain := domain.Eq("Not A Field!", 1)
	type tc struct {
		name string
		arg  string // the deskbridge.ArgumentError's Arg
		call func(ctx context.Context, c *odoo.Client) error
	}
	tasks := func(c *odoo.Client) *odoo.Model[Task] { return odoo.NewModel[Task](c, relModel) }
	tests := []tc{
		{"Execute empty model", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ExecuteCall(ctx, odoo.Call{Method: "search"})
			return err
		}},
		{"Execute empty method", "method", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ExecuteCall(ctx, odoo.Call{Model: relModel})
			return err
		}},
		{"Execute model with a slash", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ExecuteCall(ctx, odoo.Call{Model: "x_test/task", Method: "search"})
			return err
		}},
		{"Execute bad domain argument", "args[0]", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ExecuteCall(ctx, odoo.Call{Model: relModel, Method: "search", Args: []any{badDomain}})
			return err
		}},
		{"Execute nil context", "ctx", func(_ context.Context, c *odoo.Client) error {
			_, err := c.ExecuteCall(nilCtx, odoo.Call{Model: relModel, Method: "search"})
			return err
		}},
		{"SearchRead empty model", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.SearchRead(ctx, "", domain.Domain{}, nil)
			return err
		}},
		{"SearchRead bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.SearchRead(ctx, relModel, badDomain, nil)
			return err
		}},
		{"SearchRead negative limit", "SearchOptions.Limit", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.SearchRead(ctx, relModel, domain.Domain{}, &odoo.SearchOptions{Limit: -1})
			return err
		}},
		{"SearchRead nil context", "ctx", func(_ context.Context, c *odoo.Client) error {
			_, err := c.SearchRead(nilCtx, relModel, domain.Domain{}, nil)
			return err
		}},
		{"SearchReadInto not a pointer", "out", func(ctx context.Context, c *odoo.Client) error {
			var out []Task
			return c.SearchReadInto(ctx, relModel, domain.Domain{}, nil, out)
		}},
		{"Read negative id", "ids[1]", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Read(ctx, relModel, []int64{1, -2}, nil)
			return err
		}},
		{"ReadInto nil pointer", "out", func(ctx context.Context, c *odoo.Client) error {
			return c.ReadInto(ctx, relModel, []int64{1}, nil, (*[]Task)(nil))
		}},
		{"Search negative offset", "SearchOptions.Offset", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Search(ctx, relModel, domain.Domain{}, &odoo.SearchOptions{Offset: -5})
			return err
		}},
		{"SearchCount bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.SearchCount(ctx, relModel, badDomain, nil)
			return err
		}},
		{"Create nil values", "vals", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Create(ctx, relModel, nil, nil)
			return err
		}},
		{"Create nil Values map", "vals", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Create(ctx, relModel, odoo.Values(nil), nil)
			return err
		}},
		{"Create nil struct pointer", "vals", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Create(ctx, relModel, (*Task)(nil), nil)
			return err
		}},
		{"Create nil element", "vals[1]", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.CreateMany(ctx, relModel, []odoo.Values{{"name": "a"}, nil}, nil)
			return err
		}},
		{"Create values of no record type", "vals", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Create(ctx, relModel, 42, nil)
			return err
		}},
		{"Create empty model", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.Create(ctx, "", odoo.Values{"name": "x"}, nil)
			return err
		}},
		{"Write zero id", "ids[0]", func(ctx context.Context, c *odoo.Client) error {
			return c.Write(ctx, relModel, []int64{0}, odoo.Values{"name": "x"}, nil)
		}},
		{"Write nil values", "vals", func(ctx context.Context, c *odoo.Client) error {
			return c.Write(ctx, relModel, []int64{1}, nil, nil)
		}},
		{"Unlink negative id", "ids[0]", func(ctx context.Context, c *odoo.Client) error {
			return c.Unlink(ctx, relModel, []int64{-1}, nil)
		}},
		{"FieldsGet bad model", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.FieldsGet(ctx, "x_test task", nil)
			return err
		}},
		{"NameSearch negative limit", "NameSearchOptions.Limit", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.NameSearch(ctx, relModel, "x", &odoo.NameSearchOptions{Limit: -1})
			return err
		}},
		{"NameSearch bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.NameSearch(ctx, relModel, "x", &odoo.NameSearchOptions{Domain: badDomain})
			return err
		}},
		{"ReadGroup negative offset", "ReadGroupOptions.Offset", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ReadGroup(ctx, relModel, domain.Domain{}, []string{"stage_id"}, &odoo.ReadGroupOptions{Offset: -1})
			return err
		}},
		{"ReadGroup bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.ReadGroup(ctx, relModel, badDomain, []string{"stage_id"}, nil)
			return err
		}},
		{"Call empty method", "method", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.CallMethod(ctx, relModel, "", nil, nil)
			return err
		}},
		{"Call dotted method", "method", func(ctx context.Context, c *odoo.Client) error {
			_, err := c.CallMethod(ctx, relModel, "message.post", nil, nil)
			return err
		}},
		{"CallInto not a pointer", "out", func(ctx context.Context, c *odoo.Client) error {
			var n int64
			return c.CallMethodInto(ctx, relModel, "search_count", []any{domain.Domain{}}, nil, n)
		}},
		{"Model.Get zero id", "id", func(ctx context.Context, c *odoo.Client) error {
			_, err := tasks(c).Get(ctx, 0, nil)
			return err
		}},
		{"Model.Read negative id", "ids[0]", func(ctx context.Context, c *odoo.Client) error {
			_, err := tasks(c).Read(ctx, []int64{-3}, nil)
			return err
		}},
		{"Model.SearchRead negative limit", "SearchOptions.Limit", func(ctx context.Context, c *odoo.Client) error {
			_, err := tasks(c).SearchRead(ctx, domain.Domain{}, &odoo.SearchOptions{Limit: -2})
			return err
		}},
		{"Model.Search bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			_, err := tasks(c).Search(ctx, badDomain, nil)
			return err
		}},
		{"Model.SearchCount nil context", "ctx", func(_ context.Context, c *odoo.Client) error {
			_, err := tasks(c).SearchCount(nilCtx, domain.Domain{}, nil)
			return err
		}},
		{"Model.Create empty model", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := odoo.NewModel[Task](c, "").Create(ctx, Task{Name: "x"}, nil)
			return err
		}},
		{"Model.Create without client", "model", func(ctx context.Context, c *odoo.Client) error {
			_, err := odoo.NewModel[Task](nil, relModel).Create(ctx, Task{Name: "x"}, nil)
			return err
		}},
		{"Model.CreateMany nil pointer element", "vals[0]", func(ctx context.Context, c *odoo.Client) error {
			_, err := odoo.NewModel[*Task](c, relModel).CreateMany(ctx, []*Task{nil}, nil)
			return err
		}},
		{"Model.Write zero id", "ids[0]", func(ctx context.Context, c *odoo.Client) error {
			return tasks(c).Write(ctx, []int64{0}, odoo.Values{"name": "x"}, nil)
		}},
		{"Model.Write nil values", "vals", func(ctx context.Context, c *odoo.Client) error {
			return tasks(c).Write(ctx, []int64{1}, nil, nil)
		}},
		{"Model.Unlink zero id", "ids[1]", func(ctx context.Context, c *odoo.Client) error {
			return tasks(c).Unlink(ctx, []int64{1, 0}, nil)
		}},
		{"Model.All bad domain", "domain", func(ctx context.Context, c *odoo.Client) error {
			for _, err := range tasks(c).All(ctx, badDomain, nil) {
				return err
			}
			return errors.New("All yielded nothing")
		}},
		{"Model.All negative limit", "SearchOptions.Limit", func(ctx context.Context, c *odoo.Client) error {
			for _, err := range tasks(c).All(ctx, domain.Domain{}, &odoo.SearchOptions{Limit: -1}) {
				return err
			}
			return errors.New("All yielded nothing")
		}},
		{"Model.All nil context", "ctx", func(_ context.Context, c *odoo.Client) error {
			for _, err := range tasks(c).All(nilCtx, domain.Domain{}, nil) {
				return err
			}
			return errors.New("All yielded nothing")
		}},
	}
	s := newServer(t)
	for _, p := range protocols {
		for _, tt := range tests {
			t.Run(p.String()+"/"+tt.name, func(t *testing.T) {
				c := newClient(t, s, p) // not logged in: a login would show
				s.ResetCalls()
				err := tt.call(t.Context(), c)
				var ae *deskbridge.ArgumentError
				if !errors.As(err, &ae) || !errors.Is(err, deskbridge.ErrInvalidArgument) {
					t.Fatalf("err = %v, want *deskbridge.ArgumentError", err)
				}
				if ae.Arg != tt.arg {
					t.Errorf("Arg = %q, want %q (%v)", ae.Arg, tt.arg, err)
				}
				if calls := s.Calls(); len(calls) != 0 {
					t.Errorf("%d requests reached the server: %+v", len(calls), calls)
				}
			})
		}
	}
}
