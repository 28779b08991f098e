package odootest

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/deskbridge/deskbridge/internal/jsonstr"
)

// appendJSON encodes v like encoding/json, faster for the reply shapes the
// server builds (rows keep their key order, as Odoo's do).
func appendJSON(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		if x {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case string:
		return jsonstr.Append(b, x)
	case int64:
		return strconv.AppendInt(b, x, 10)
	case int:
		return strconv.AppendInt(b, int64(x), 10)
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return append(b, "null"...)
		}
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return append(strconv.AppendInt(b, int64(x), 10), ".0"...)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case json.Number:
		return append(b, x...)
	case []int64:
		return appendList(b, x, func(b []byte, e int64) []byte { return strconv.AppendInt(b, e, 10) })
	case []any:
		return appendList(b, x, func(b []byte, e any) []byte { return appendJSON(b, e) })
	case []*row:
		return appendList(b, x, func(b []byte, e *row) []byte { return appendJSON(b, e) })
	case *row:
		b = append(b, '{')
		for i, k := range x.keys {
			if i > 0 {
				b = append(b, ',', ' ')
			}
			b = jsonstr.Append(b, k)
			b = append(b, ':', ' ')
			b = appendJSON(b, x.vals[i])
		}
		return append(b, '}')
	case map[string]any:
		b = append(b, '{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b = append(b, ',', ' ')
			}
			b = jsonstr.Append(b, k)
			b = append(b, ':', ' ')
			b = appendJSON(b, x[k])
		}
		return append(b, '}')
	case []map[string]any:
		return appendList(b, x, func(b []byte, e map[string]any) []byte { return appendJSON(b, e) })
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// appendList writes xs as a JSON list, each element by each, with the
// ", " separator Odoo's replies use.
func appendList[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	b = append(b, '[')
	for i, e := range xs {
		if i > 0 {
			b = append(b, ',', ' ')
		}
		b = each(b, e)
	}
	return append(b, ']')
}
