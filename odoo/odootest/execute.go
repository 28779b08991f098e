// Execute: an ORM call without the wire, for fakes of Odoo add-ons whose
// routes run over the ORM (ekiclitest's odoo-rest-api module).

package odootest

import (
	"context"
	"encoding/json"
	"slices"
)

// Execute runs one ORM method as a user, as a call over any protocol would
// (the same method table, transaction, access rules, chatter side effects
// and Odoo errors), without the wire: no call log entry, no fault, no
// session. It is the way into the store for a fake of an Odoo add-on whose
// controllers call request.env[model].method(...) (package ekiclitest
// serves the odoo-rest-api module's routes over it).
//
// call.Model, Method, Args, Kwargs (without "context") and Context are the
// call; call.UID is the user (0: the user call.Login names, or the admin,
// uid 2, when Login is empty too). Values may be decoded JSON (json.Number
// included) or Go values (int, []int64, ...). The result is plain decoded
// JSON: a record is a map[string]any (many2one [id, name], unless
// kwargs "load" is "_classic_write"), a list []any or []int64, numbers
// int64 or float64. An Odoo exception is returned as a *MethodError
// naming it (e.g. "builtins.ValueError"), the shape a HandleMethod
// function raises; a method HandleMethod registered answers too.
func (s *Server) Execute(ctx context.Context, call MethodCall) (any, error) {
	uid := call.UID
	login := call.Login
	switch {
	case uid == 0 && login != "":
		uid = s.UserID(login)
		if uid == 0 {
			return nil, &MethodError{Exception: excAccessDenied, Message: "Access Denied"}
		}
	case uid == 0:
		uid = 2
	}
	if login == "" {
		login = s.loginOf(uid)
	}
	args, _ := normalize(call.Args).([]any)
	kwargs, _ := normalize(call.Kwargs).(map[string]any)
	if kwargs == nil {
		kwargs = map[string]any{}
	}
	cctx, _ := normalize(call.Context).(map[string]any)
	res, _, oe := s.run(&callCtx{uid: uid, context: cctx}, login, call.Model, call.Method, args, kwargs)
	if oe != nil {
		return nil, &MethodError{Exception: oe.Name, Message: oe.Message}
	}
	return plain(res), nil
}

// plain turns the store's result types (rows) into decoded-JSON values.
func plain(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int64, float64:
		return x
	case []int64:
		return slices.Clone(x)
	case json.Number:
		return plainNumbers(x)
	case *row:
		out := make(map[string]any, len(x.keys))
		for i, k := range x.keys {
			out[k] = plain(x.vals[i])
		}
		return out
	case []*row:
		out := make([]any, len(x))
		for i, r := range x {
			out[i] = plain(r)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case int:
		return int64(x)
	}
	// Any other shape goes through the encoder the wire uses.
	var out any
	if err := decodeJSON(appendJSON(nil, v), &out); err != nil {
		return nil
	}
	return plainNumbers(out)
}

// plainNumbers turns json.Number into int64 or float64.
func plainNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i, e := range x {
			x[i] = plainNumbers(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = plainNumbers(e)
		}
	}
	return v
}
