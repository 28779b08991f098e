package odootest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Odoo's wire formats for dates and datetimes (always UTC).
const (
	dateFormat     = "2006-01-02"
	datetimeFormat = "2006-01-02 15:04:05"
)

// asID reads a record id from a stored or decoded value (0 when none).
func asID(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float64:
		if x == math.Trunc(x) {
			return int64(x)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		if fl, err := x.Float64(); err == nil && fl == math.Trunc(fl) {
			return int64(fl)
		}
	case []any: // [id, "name"]
		if len(x) > 0 {
			return asID(x[0])
		}
	case string:
		if n, err := strconv.ParseInt(x, 10, 64); err == nil {
			return n
		}
	}
	return 0
}

// isNumber reports whether v is a JSON number.
func isNumber(v any) bool {
	switch v.(type) {
	case int64, int, int32, float64, json.Number:
		return true
	}
	return false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

// asIDList reads a list of ids ([1, 2], a single id, or false).
func asIDList(v any) ([]int64, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case bool:
		return nil, !x
	case []int64:
		return x, true
	case []any:
		out := make([]int64, 0, len(x))
		for _, e := range x {
			if !isNumber(e) {
				return nil, false
			}
			out = append(out, asID(e))
		}
		return out, true
	}
	if isNumber(v) {
		return []int64{asID(v)}, true
	}
	return nil, false
}

// isFalsy reports Odoo's "no value": nil, false.
func isFalsy(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	}
	return false
}

// truthy is Python's bool(v).
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case []int64:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	if f, ok := asFloat(v); ok {
		return f != 0
	}
	return true
}

// parseDatetime accepts Odoo's format, ISO 8601 (with T and a zone) and a
// bare date; it answers Odoo's format in UTC.
func parseDatetime(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{datetimeFormat, "2006-01-02 15:04:05.999999", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", time.RFC3339Nano, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(datetimeFormat), true
		}
	}
	if t, err := time.Parse(dateFormat, s); err == nil {
		return t.Format(datetimeFormat), true
	}
	return "", false
}

func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse(dateFormat, s[:10]); err == nil {
			return t.Format(dateFormat), true
		}
	}
	return "", false
}

// convertValue turns a value sent by a client into the stored form of fd
// (Odoo's convert_to_cache), or answers Odoo's error for it.
func convertValue(m *model, fd *fieldDef, v any) (any, *odooError) {
	if isFalsy(v) {
		if fd.Type == TypeBoolean {
			return false, nil
		}
		return nil, nil
	}
	switch fd.Type {
	case TypeChar, TypeText, TypeHTML:
		switch x := v.(type) {
		case string:
			return x, nil
		case json.Number:
			return x.String(), nil
		case bool:
			return "True", nil
		}
		if isNumber(v) {
			return fmt.Sprint(v), nil
		}
		return nil, newErr(excValueError, "Wrong value for %s.%s: %s", m.name, fd.Name, pyRepr(v))
	case TypeSelection:
		s, ok := v.(string)
		if ok && len(fd.Selection) == 0 {
			return s, nil
		}
		if ok {
			for _, p := range fd.Selection {
				if p[0] == s {
					return s, nil
				}
			}
		}
		return nil, newErr(excValueError, "Wrong value for %s.%s: %s", m.name, fd.Name, pyRepr(v))
	case TypeInteger:
		switch x := v.(type) {
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return nil, newErr(excValueError, "invalid literal for int() with base 10: %s", pyRepr(x))
			}
			return n, nil
		}
		if f, ok := asFloat(v); ok {
			return int64(f), nil
		}
	case TypeFloat, TypeMonetary:
		switch x := v.(type) {
		case bool:
			if x {
				return 1.0, nil
			}
			return 0.0, nil
		case string:
			fl, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return nil, newErr(excValueError, "could not convert string to float: %s", pyRepr(x))
			}
			return fl, nil
		}
		if f, ok := asFloat(v); ok {
			return f, nil
		}
	case TypeBoolean:
		return truthy(v), nil
	case TypeDate:
		if s, ok := v.(string); ok {
			if d, ok := parseDate(s); ok {
				return d, nil
			}
			return nil, newErr(excValueError, "time data %s does not match format '%%Y-%%m-%%d'", pyRepr(s))
		}
	case TypeDatetime:
		if s, ok := v.(string); ok {
			if d, ok := parseDatetime(s); ok {
				return d, nil
			}
			return nil, newErr(excValueError, "time data %s does not match format '%%Y-%%m-%%d %%H:%%M:%%S'", pyRepr(s))
		}
	case TypeBinary:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case TypeJSON:
		return v, nil
	case TypeMany2one:
		if id := asID(v); id > 0 {
			return id, nil
		}
		if isNumber(v) {
			return nil, nil
		}
	}
	return nil, newErr(excValueError, "Wrong value for %s.%s: %s", m.name, fd.Name, pyRepr(v))
}
