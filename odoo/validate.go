package odoo

import (
	"context"
	"fmt"
	"reflect"
	"strconv"

	"github.com/deskbridge/deskbridge"
	"github.com/deskbridge/deskbridge/domain"
)

// Argument checks run before any request, so a bad argument costs no round
// trip, no login and no rate-limit token, and the server never sees it.

func invalidArg(fn, arg, format string, args ...any) *deskbridge.ArgumentError {
	return &deskbridge.ArgumentError{Op: "odoo." + fn, Arg: arg, Reason: fmt.Sprintf(format, args...)}
}

// checkCtx refuses a nil context.
func checkCtx(fn string, ctx context.Context) error {
	if ctx == nil {
		return invalidArg(fn, "ctx", "nil context (use context.Background())")
	}
	return nil
}

// checkName refuses an empty model or method name and one with characters
// no Odoo name has. Model names are dot-separated ([A-Za-z0-9_.]), method
// names identifiers ([A-Za-z0-9_]).
func checkName(fn, arg, name string, dots bool) error {
	if name == "" {
		return invalidArg(fn, arg, "empty name")
	}
	for i := 0; i < len(name); i++ {
		b := name[i]
		ok := b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || (dots && b == '.')
		if !ok {
			return invalidArg(fn, arg, "%q has the character %q, which no Odoo %s name has", name, rune(b), arg)
		}
	}
	if dots && (name[0] == '.' || name[len(name)-1] == '.') {
		return invalidArg(fn, arg, "%q starts or ends with a dot", name)
	}
	return nil
}

func checkModel(fn, model string) error { return checkName(fn, "model", model, true) }

// checkCall checks a call's context, model, method and domain arguments.
func checkCall(fn string, ctx context.Context, call *Call) error {
	if err := checkCtx(fn, ctx); err != nil {
		return err
	}
	if err := checkModel(fn, call.Model); err != nil {
		return err
	}
	if err := checkName(fn, "method", call.Method, false); err != nil {
		return err
	}
	for i, a := range call.Args {
		if d, ok := a.(domain.Domain); ok {
			if err := d.Validate(); err != nil {
				return invalidArg(fn, "args["+strconv.Itoa(i)+"]", "%v", err)
			}
		}
	}
	return nil
}

// checkBase checks the context and model of a typed method.
func checkBase(fn string, ctx context.Context, model string) error {
	if err := checkCtx(fn, ctx); err != nil {
		return err
	}
	return checkModel(fn, model)
}

// checkDomain refuses a domain built with an error.
func checkDomain(fn string, d domain.Domain) error {
	if err := d.Validate(); err != nil {
		return invalidArg(fn, "domain", "%v", err)
	}
	return nil
}

// checkIDs refuses a non-positive id.
func checkIDs(fn string, ids []int64) error {
	for i, id := range ids {
		if id <= 0 {
			return invalidArg(fn, "ids["+strconv.Itoa(i)+"]", "must be a positive id, got %d", id)
		}
	}
	return nil
}

// checkPaging refuses a negative offset or limit.
func checkPaging(fn, prefix string, offset, limit int) error {
	if offset < 0 {
		return invalidArg(fn, prefix+"Offset", "must not be negative, got %d", offset)
	}
	if limit < 0 {
		return invalidArg(fn, prefix+"Limit", "must not be negative, got %d (0 means no limit)", limit)
	}
	return nil
}

func (o *SearchOptions) check(fn string) error {
	if o == nil {
		return nil
	}
	return checkPaging(fn, "SearchOptions.", o.Offset, o.Limit)
}

// isNil reports a nil interface, pointer, map or slice.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// checkValues refuses nil values (a nil interface, pointer or map; for a
// slice of values, any nil element). An empty non-nil map is allowed: it
// creates a record with the defaults, or writes nothing.
func checkValues(fn string, vals any, list bool) error {
	if isNil(vals) {
		return invalidArg(fn, "vals", "nil values")
	}
	rv := reflect.ValueOf(vals)
	if list && rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		for i := 0; i < rv.Len(); i++ {
			if isNil(rv.Index(i).Interface()) {
				return invalidArg(fn, "vals["+strconv.Itoa(i)+"]", "nil values")
			}
		}
	}
	return nil
}

// checkOut refuses a destination that cannot be decoded into: anything but
// nil (discard the result) or a non-nil pointer.
func checkOut(fn string, out any) error {
	if out == nil {
		return nil
	}
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return invalidArg(fn, "out", "want a non-nil pointer, got %T", out)
	}
	return nil
}
