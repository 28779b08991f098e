package domain_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/deskbridge/deskbridge/domain"
)

func ExampleAnd() {
	d := domain.And(
		domain.Eq("stage_id.fold", false),
		domain.Or(domain.ILike("name", "printer"), domain.In("tag_ids", 3, 4)),
		domain.Ne("user_id", nil),
	)
	b, _ := json.Marshal(d)
	fmt.Println(string(b))
	fmt.Println(d)
	// Output:
	// [["stage_id.fold","=",false],"|",["name","ilike","printer"],["tag_ids","in",[3,4]],["user_id","!=",false]]
	// [('stage_id.fold', '=', False), '|', ('name', 'ilike', 'printer'), ('tag_ids', 'in', [3, 4]), ('user_id', '!=', False)]
}

func ExampleOr() {
	d := domain.Or(domain.Eq("priority", "3"), domain.And(domain.Eq("priority", "2"), domain.Lt("create_date", "2026-01-01")))
	// A plain json.Encoder without HTML escaping prints "&" as is.
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(d)
	fmt.Println(domain.Or(domain.Eq("a", 1), domain.Domain{})) // the empty domain matches everything
	// Output:
	// ["|",["priority","=","3"],"&",["priority","=","2"],["create_date","<","2026-01-01"]]
	// [(1, '=', 1)]
}

func ExampleIn() {
	var none []int64
	b, _ := json.Marshal(domain.In("id", none...))
	fmt.Println(string(b))
	ids := []int64{7, 8}
	b, _ = json.Marshal(domain.In("id", ids)) // a slice argument is the list
	fmt.Println(string(b))
	// Output:
	// [["id","in",[]]]
	// [["id","in",[7,8]]]
}

func ExampleParse() {
	d, err := domain.Parse(`[('a', '=', True), ('b', 'in', (1, 2)), ('c', '!=', None)]`)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(d)
	fmt.Println(string(b))

	_, err = domain.Parse(`[('name', 'between', 1)]`)
	var de *domain.Error
	fmt.Println(errors.As(err, &de), de.Pos, errors.Is(err, domain.ErrInvalid))
	fmt.Println(err)
	// Output:
	// [["a","=",true],["b","in",[1,2]],["c","!=",false]]
	// true 10 true
	// domain: unknown operator 'between' in 'name' (at 10)
}

func ExampleMatch() {
	ticket := map[string]any{
		"id":         float64(12),
		"name":       "Printer on fire",
		"partner_id": []any{float64(3), "Acme, Bob"},
		"tag_ids":    []any{float64(5)},
		"user_id":    false,
	}
	tags := map[float64]map[string]any{5: {"id": 5, "name": "Hardware"}}
	resolve := func(rec map[string]any, field string) ([]map[string]any, error) {
		var out []map[string]any
		if field == "tag_ids" {
			for _, id := range rec[field].([]any) {
				out = append(out, tags[id.(float64)])
			}
		}
		return out, nil
	}
	for _, d := range []domain.Domain{
		domain.And(domain.ILike("name", "PRINTER%fire"), domain.Eq("user_id", false)),
		domain.Eq("partner_id", 3),
		domain.Any("tag_ids", domain.Eq("name", "Hardware")),
		domain.Eq("tag_ids.name", "Software"),
	} {
		ok, err := domain.Match(d, ticket, resolve)
		fmt.Println(d, ok, err)
	}
	// Output:
	// [('name', 'ilike', 'PRINTER%fire'), ('user_id', '=', False)] true <nil>
	// [('partner_id', '=', 3)] true <nil>
	// [('tag_ids', 'any', [('name', '=', 'Hardware')])] true <nil>
	// [('tag_ids.name', '=', 'Software')] false <nil>
}

func ExampleDomain_Fields() {
	d := domain.And(domain.Eq("name", "x"), domain.Any("tag_ids", domain.Eq("name", "bug")), domain.Eq("partner_id.email", "a@b.c"))
	fmt.Println(d.Fields())
	// Output:
	// [name tag_ids tag_ids.name partner_id.email]
}

func ExampleDomain_Validate() {
	d := domain.And(domain.Eq("name", "x"), domain.Eq("Bad Field", 1))
	fmt.Println(d.Validate())
	_, err := json.Marshal(d)
	fmt.Println(err != nil)
	// Output:
	// domain: invalid character in field name 'Bad Field' (want [a-z0-9_.])
	// true
}

// A stored record rule refers to the evaluation context; the Env gives the
// values, as Odoo's safe_eval context does.
func ExampleParsePython_env() {
	rule := `['|', ('user_id', '=', uid), ('company_id', 'in', user.company_ids.ids),
	          ('date_deadline', '>=', context_today().strftime('%Y-%m-%d'))]`
	d, err := domain.ParsePython(rule, domain.Env{
		"uid":                                  2,
		"user":                                 map[string]any{"company_ids": map[string]any{"ids": []int64{1, 3}}},
		"context_today().strftime('%Y-%m-%d')": "2024-05-01",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	// Output: ['|', ('user_id', '=', 2), ('company_id', 'in', [1, 3]), ('date_deadline', '>=', '2024-05-01')]
}
