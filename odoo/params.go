package odoo

import (
	"fmt"
	"maps"
	"reflect"
)

// The arguments of a Call as each protocol sends them: positional args
// plus kwargs with the context inside (JSON-RPC, web session, REST v2's
// /api/v2/call), or all by name (JSON-2, REST v2's dedicated routes).

// paramNames names the positional arguments of the standard methods, in
// order, as JSON-2 wants them. "ids" is the recordset the method runs on.
var paramNames = map[string][]string{
	"search_read":         {"domain", "fields", "offset", "limit", "order"},
	"search":              {"domain", "offset", "limit", "order"},
	"search_count":        {"domain", "limit"},
	"search_fetch":        {"domain", "field_names", "offset", "limit", "order"},
	"read":                {"ids", "fields", "load"},
	"create":              {"vals_list"},
	"write":               {"ids", "vals"},
	"unlink":              {"ids"},
	"copy":                {"ids", "default"},
	"fields_get":          {"allfields", "attributes"},
	"name_search":         {"name", "domain", "operator", "limit"},
	"name_create":         {"name"},
	"name_get":            {"ids"},
	"read_group":          {"domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"},
	"default_get":         {"fields_list"},
	"exists":              {"ids"},
	"check_access_rights": {"operation", "raise_exception"},
	"message_post":        {"ids"},
	"message_subscribe":   {"ids", "partner_ids", "subtype_ids"},
	"message_unsubscribe": {"ids", "partner_ids"},
	"context_get":         {},
}

// namedArgs turns a call's positional arguments into named ones, for
// JSON-2 and REST v2's dedicated routes. For methods not in paramNames the
// first argument, if any, is the ids the method runs on; more positional
// arguments cannot be named and are an error (pass them in Kwargs).
func namedArgs(call *Call) (map[string]any, error) {
	body := make(map[string]any, len(call.Args)+len(call.Kwargs)+1)
	names, known := paramNames[call.Method]
	if !known {
		names = []string{"ids"}
	}
	if len(call.Args) > len(names) {
		return nil, fmt.Errorf("odoo: JSON-2 needs named arguments: %s.%s got %d positional arguments, pass the extra ones in kwargs", call.Model, call.Method, len(call.Args))
	}
	for i, a := range call.Args {
		body[names[i]] = a
	}
	maps.Copy(body, call.Kwargs)
	putContext(body, call.Context)
	return body, nil
}

// kwargsWithContext returns the call's kwargs with its context under
// "context" (never nil: Odoo wants an object).
func kwargsWithContext(call *Call) map[string]any {
	if len(call.Context) == 0 {
		if call.Kwargs == nil {
			return map[string]any{}
		}
		return call.Kwargs
	}
	kw := make(map[string]any, len(call.Kwargs)+1)
	maps.Copy(kw, call.Kwargs)
	putContext(kw, call.Context)
	return kw
}

// putContext merges ctx under args["context"]: a context the caller put
// in the kwargs wins over the call's own.
func putContext(args, ctx map[string]any) {
	if len(ctx) == 0 {
		return
	}
	if c, ok := asContextMap(args["context"]); ok {
		args["context"] = mergeContext(ctx, c)
	} else {
		args["context"] = ctx
	}
}

// asContextMap returns v as a map[string]any when it is a map with string
// keys (map[string]any, Values, map[string]string, ...).
func asContextMap(v any) (map[string]any, bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case Values:
		return x, true
	case nil:
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	it := rv.MapRange()
	for it.Next() {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}

// mergeContext returns base with over's entries on top (nil when both are
// empty); neither argument is modified.
func mergeContext(base, over map[string]any) map[string]any {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	if len(over) == 0 {
		return base
	}
	if len(base) == 0 {
		return over
	}
	m := maps.Clone(base)
	maps.Copy(m, over)
	return m
}
