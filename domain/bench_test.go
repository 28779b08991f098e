package domain

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// domain50 is a 50-leaf domain of the usual shapes: equalities, ranges,
// lists, patterns, dotted paths, ORs and a NOT.
func domain50() Domain {
	var ds []Domain
	for i := range 10 {
		ds = append(ds,
			Eq(fmt.Sprintf("field_%d", i), fmt.Sprintf("value %d", i)),
			Or(Ge("create_date", time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC)), Lt("priority", i)),
			In("tag_ids", int64(i), int64(i+1), int64(i+2)),
			Not(ILike("partner_id.name", "acme%"+fmt.Sprint(i))),
		)
	}
	return And(ds...)
}

func BenchmarkEncode50(b *testing.B) {
	d := domain50()
	if n := len(d.Leaves()); n != 50 {
		b.Fatalf("domain has %d leaves", n)
	}
	js, _ := d.MarshalJSON()
	var raw []any
	if err := json.Unmarshal(js, &raw); err != nil {
		b.Fatal(err)
	}
	b.Run("MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("String", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = d.String()
		}
	})
	b.Run("baseline-json.Marshal-[]any", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParseJSON50(b *testing.B) {
	js, _ := domain50().MarshalJSON()
	b.SetBytes(int64(len(js)))
	b.Run("ParseJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseJSON(js); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-json.Unmarshal-[]any", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var raw []any
			if err := json.Unmarshal(js, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkParsePython50(b *testing.B) {
	d := domain50()
	py := d.String()
	js, _ := d.MarshalJSON()
	b.Run("ParsePython", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParsePython(py); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Parse-auto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(py); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-json.Unmarshal-[]any", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var raw []any
			if err := json.Unmarshal(js, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkMatch50(b *testing.B) {
	d := domain50()
	rec := map[string]any{"create_date": "2026-01-05 10:00:00", "priority": float64(2), "tag_ids": []any{float64(0), float64(3), float64(6), float64(9)}}
	for i := range 10 {
		rec[fmt.Sprintf("field_%d", i)] = fmt.Sprintf("value %d", i)
	}
	resolve := func(map[string]any, string) ([]map[string]any, error) {
		return []map[string]any{{"name": "Other"}}, nil
	}
	b.ReportAllocs()
	for b.Loop() {
		ok, err := Match(d, rec, resolve)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
