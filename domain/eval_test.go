package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParsePythonEnv(t *testing.T) {
	ref := func(args ...any) (any, error) {
		if len(args) == 1 && args[0] == "base.main_company" {
			return 1, nil
		}
		return nil, fmt.Errorf("no record %v", args)
	}
	env := Env{
		"uid":                                  7,
		"company_ids":                          []int64{1, 3},
		"user":                                 map[string]any{"id": 7, "company_id": map[string]any{"id": 1, "name": "YourCompany"}},
		"context":                              map[string]any{"default_team_id": 5, "lang": "en_US"},
		"context_today()":                      "2024-05-01",
		"context_today().strftime('%Y-%m-%d')": "2024-05-01",
		"ref":                                  Func(ref),
		"teams":                                map[string]any{"support": []int64{4, 5}},
	}
	for _, tt := range []struct{ in, want string }{
		{`[('user_id', '=', uid)]`, `[("user_id", "=", 7)]`},
		{`[('user_id', 'in', [uid, False])]`, `[("user_id", "in", [7, False])]`},
		{`[('company_id', 'in', company_ids)]`, `[("company_id", "in", [1, 3])]`},
		{`[('company_id', '=', user.company_id.id)]`, `[("company_id", "=", 1)]`},
		{`[('company_id', '=', user . company_id . id)]`, `[("company_id", "=", 1)]`},
		{`[('date', '<=', context_today())]`, `[("date", "<=", "2024-05-01")]`},
		{`[('date', '<=', context_today().strftime( '%Y-%m-%d' ))]`, `[("date", "<=", "2024-05-01")]`},
		{`[('team_id', '=', context.get('default_team_id'))]`, `[("team_id", "=", 5)]`},
		{`[('stage_id', '=', context.get('default_stage_id', 9))]`, `[("stage_id", "=", 9)]`},
		{`[('stage_id', '=', context.get('default_stage_id'))]`, `[("stage_id", "=", False)]`},
		{`[('company_id', '=', ref('base.main_company'))]`, `[("company_id", "=", 1)]`},
		{`[('team_id', 'in', teams['support'])]`, `[("team_id", "in", [4, 5])]`},
		{`[('team_id', '=', teams['support'][-1])]`, `[("team_id", "=", 5)]`},
		{`['|', ('user_id', '=', uid), ('user_id', '=', False)]`, `["|", ("user_id", "=", 7), ("user_id", "=", False)]`},
	} {
		d, err := ParsePython(tt.in, env)
		if err != nil {
			t.Errorf("ParsePython(%s): %v", tt.in, err)
			continue
		}
		if got, want := d.String(), strings.ReplaceAll(tt.want, `"`, "'"); got != want {
			t.Errorf("ParsePython(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		is   error
		want string
	}{
		{`[('user_id', '=', uid)]`, ErrSyntax, "ParsePython with an Env"},
		{`[('user_id', '=', partner_id)]`, ErrSyntax, "'partner_id' is not in the evaluation context"},
		{`[('user_id', '=', uid + 1)]`, ErrSyntax, ""},
		{`[('d', '>', relativedelta(days=1))]`, ErrSyntax, "'relativedelta' is not in the evaluation context"},
		{`[('c', '=', ref('base.nope'))]`, ErrInvalid, "no record [base.nope]"},
		{`[('c', '=', user.nope)]`, ErrInvalid, "user has no attribute 'nope'"},
		{`[('c', '=', uid.id)]`, ErrInvalid, "not a map"},
		{`[('c', '=', uid())]`, ErrInvalid, "not callable"},
		{`[('c', '=', context_today(]`, ErrSyntax, "unbalanced"},
		{`[('c', '=', teams['support'][5])]`, ErrInvalid, "out of range"},
	} {
		e := env
		if tt.want == "ParsePython with an Env" {
			e = nil
		}
		_, err := ParsePython(tt.in, e)
		var de *Error
		if !errors.Is(err, tt.is) || !errors.As(err, &de) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParsePython(%s) = %v, want %v saying %q", tt.in, err, tt.is, tt.want)
		}
	}
	// Several Envs merge, the later winning.
	d, err := ParsePython(`[('user_id', '=', uid), ('x', '=', lang)]`, Env{"uid": 1, "lang": "fr"}, Env{"uid": 2})
	if err != nil || d.String() != `[('user_id', '=', 2), ('x', '=', 'fr')]` {
		t.Errorf("merged: %v %v", d, err)
	}
}
