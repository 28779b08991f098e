// Package leaktest checks that values and errors show no secret, however
// they are printed, logged, encoded or walked with reflection. It is for
// the SDK's tests.
package leaktest

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
)

// PieceLen is the shortest piece of a secret that must never show.
const PieceLen = 8

// Verbs are the fmt verbs every value is printed with.
var Verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// Leak returns a description of the first piece of a secret (PieceLen
// bytes, or the whole secret when shorter) found in text, or "".
func Leak(text string, secrets ...string) string { return leakN(text, PieceLen, secrets) }

func leakN(text string, n int, secrets []string) string {
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if len(s) <= n {
			if strings.Contains(text, s) {
				return fmt.Sprintf("secret %q", s)
			}
			continue
		}
		for i := 0; i+n <= len(s); i++ {
			if p := s[i : i+n]; strings.Contains(text, p) {
				return fmt.Sprintf("piece %q of secret %q", p, s)
			}
		}
	}
	return ""
}

// Renderings returns every way v is checked: each fmt verb (with %x also
// checked by hex-encoding the secrets, see Check), Error() for errors,
// slog text and JSON lines at debug level, encoding/json, and the strings
// reflection reaches from v (following pointers, interfaces, slices, maps
// and every field, unexported ones too).
func Renderings(v any) map[string]string {
	out := map[string]string{}
	for _, f := range Verbs {
		out[f] = fmt.Sprintf(f, v)
	}
	if err, ok := v.(error); ok && err != nil {
		out["Error()"] = err.Error()
	}
	for name, mk := range map[string]func(*strings.Builder) slog.Handler{
		"slog text": func(b *strings.Builder) slog.Handler {
			return slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
		"slog json": func(b *strings.Builder) slog.Handler {
			return slog.NewJSONHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})
		},
	} {
		var b strings.Builder
		l := slog.New(mk(&b))
		l.Debug("value", "v", v)
		if err, ok := v.(error); ok {
			l.Debug("failed", "err", err)
		}
		out[name] = b.String()
	}
	if b, err := json.Marshal(v); err == nil {
		out["json"] = string(b)
	}
	var walked []string
	Walk(reflect.ValueOf(v), 0, map[uintptr]bool{}, func(s string) { walked = append(walked, s) })
	out["reflect"] = strings.Join(walked, "\x00")
	return out
}

// Walk calls f with every string reachable from v. It does not enter the
// values of net/http, crypto/tls and bufio: an idle connection's buffers
// hold the last request written, which is no part of what the SDK keeps.
func Walk(v reflect.Value, depth int, seen map[uintptr]bool, f func(string)) {
	if !v.IsValid() || depth > 40 {
		return
	}
	switch p := v.Type().PkgPath(); {
	case strings.HasPrefix(p, "net"), strings.HasPrefix(p, "crypto"), p == "bufio", strings.HasPrefix(p, "vendor/"):
		return
	}
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		Walk(v.Elem(), depth+1, seen, f)
	case reflect.Interface:
		Walk(v.Elem(), depth+1, seen, f)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			f(string(v.Bytes()))
			return
		}
		for i := range v.Len() {
			Walk(v.Index(i), depth+1, seen, f)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			Walk(it.Key(), depth+1, seen, f)
			Walk(it.Value(), depth+1, seen, f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			Walk(v.Field(i), depth+1, seen, f)
		}
	}
}

// T is the part of testing.TB Check needs.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

// Check reports every rendering of each value that shows a piece of a
// secret (also hex-encoded, for %x and %X).
func Check(t T, secrets []string, values ...any) {
	t.Helper()
	var hexed []string
	for _, s := range secrets {
		hexed = append(hexed, fmt.Sprintf("%x", s), fmt.Sprintf("%X", s))
	}
	for i, v := range values {
		for how, text := range Renderings(v) {
			if l := Leak(text, secrets...); l != "" {
				t.Errorf("value %d (%T), %s: shows %s: %.300q", i, v, how, l, text)
			}
			if how == "%x" || how == "%X" {
				// A piece of PieceLen bytes is 2·PieceLen hex digits.
				if l := leakN(text, 2*PieceLen, hexed); l != "" {
					t.Errorf("value %d (%T), %s: shows hex %s", i, v, how, l)
				}
			}
		}
	}
}

// Recovered runs f and returns the text of the value it panicked with
// ("" if it did not panic), as the runtime would print it.
func Recovered(f func()) (text string) {
	defer func() {
		if r := recover(); r != nil {
			switch x := r.(type) {
			case error:
				text = x.Error()
			case fmt.Stringer:
				text = x.String()
			default:
				text = fmt.Sprintf("%v %#v", r, r)
			}
		}
	}()
	f()
	return ""
}

// Containers returns v in the places a program keeps a configuration: the
// value, a pointer, a slice, a slice of pointers, an array, a map of values
// and of pointers, a struct with an exported field and a struct with an
// unexported one (fmt cannot call v's methods through an unexported field:
// it prints the fields themselves). Check them all.
func Containers[V any](v V) []any {
	return []any{
		v, &v, []V{v}, []*V{&v}, [1]V{v},
		map[string]V{"k": v}, map[string]*V{"k": &v}, map[string]any{"k": v},
		struct{ Conf V }{v}, struct{ conf V }{v}, &struct{ conf *V }{&v},
	}
}

// CheckReflect reports every piece of a secret shown by printing v's
// reflect.Value and those of every field, element and map entry below it
// (unexported fields too, through pointers): fmt of the reflect.Value under
// each verb, Value.String, and fmt of Value.Interface where reflection
// allows it.
func CheckReflect(t T, secrets []string, v any) {
	t.Helper()
	seen := map[uintptr]bool{}
	var visit func(path string, rv reflect.Value, depth int)
	visit = func(path string, rv reflect.Value, depth int) {
		if !rv.IsValid() || depth > 20 {
			return
		}
		texts := map[string]string{"String()": rv.String()}
		for _, f := range Verbs {
			texts[f] = fmt.Sprintf(f, rv)
		}
		if rv.CanInterface() {
			for _, f := range Verbs {
				texts["Interface() "+f] = fmt.Sprintf(f, rv.Interface())
			}
		}
		for how, text := range texts {
			if l := Leak(text, secrets...); l != "" {
				t.Errorf("reflect %s, %s: shows %s: %.300q", path, how, l, text)
			}
		}
		switch rv.Kind() {
		case reflect.Pointer:
			if !rv.IsNil() && !seen[rv.Pointer()] {
				seen[rv.Pointer()] = true
				visit(path+".*", rv.Elem(), depth+1)
			}
		case reflect.Interface:
			visit(path+".(any)", rv.Elem(), depth+1)
		case reflect.Struct:
			for i := range rv.NumField() {
				visit(path+"."+rv.Type().Field(i).Name, rv.Field(i), depth+1)
			}
		case reflect.Slice, reflect.Array:
			for i := range rv.Len() {
				visit(fmt.Sprintf("%s[%d]", path, i), rv.Index(i), depth+1)
			}
		case reflect.Map:
			it := rv.MapRange()
			for it.Next() {
				visit(fmt.Sprintf("%s[%v]", path, it.Key()), it.Value(), depth+1)
			}
		}
	}
	visit(fmt.Sprintf("(%T)", v), reflect.ValueOf(v), 0)
}
