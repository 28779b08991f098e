package bench

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/deskbridge/deskbridge/domain"
)

// domain50 is a 50-leaf domain of the usual shapes (the same as the
// domain package's own benchmarks): equalities, ranges, lists, patterns,
// dotted paths, ORs and NOTs.
func domain50() domain.Domain {
	var ds []domain.Domain
	for i := range 10 {
		ds = append(ds,
			domain.Eq(fmt.Sprintf("field_%d", i), fmt.Sprintf("value %d", i)),
			domain.Or(domain.Ge("create_date", time.Date(2026, 1, i+1, 0, 0, 0, 0, time.UTC)), domain.Lt("priority", i)),
			domain.In("tag_ids", int64(i), int64(i+1), int64(i+2)),
			domain.Not(domain.ILike("partner_id.name", "acme%"+fmt.Sprint(i))),
		)
	}
	return domain.And(ds...)
}

// BenchmarkDomain50 encodes and parses a 50-leaf domain. The baselines are
// what a client without a domain type does: json.Marshal and
// json.Unmarshal of the same prefix list as []any.
func BenchmarkDomain50(b *testing.B) {
	d := domain50()
	if n := len(d.Leaves()); n != 50 {
		b.Fatalf("domain has %d leaves", n)
	}
	js, err := d.MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	var list []any
	if err := json.Unmarshal(js, &list); err != nil {
		b.Fatal(err)
	}
	py := d.String()

	b.Run("op=encode/impl=baseline-json-[]any", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=encode/impl=deskbridge-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=encode/impl=deskbridge-python", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = d.String()
		}
	})
	b.Run("op=parse/impl=baseline-json-[]any", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var raw []any
			if err := json.Unmarshal(js, &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=parse/impl=deskbridge-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := domain.ParseJSON(js); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=parse/impl=deskbridge-python", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := domain.ParsePython(py); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDomain50RoundTrips checks that what the benchmark parses is what it
// encoded.
func TestDomain50RoundTrips(t *testing.T) {
	d := domain50()
	js, _ := d.MarshalJSON()
	fromJSON, err := domain.ParseJSON(js)
	if err != nil || !fromJSON.Equal(d) {
		t.Fatalf("ParseJSON: %v, equal %v", err, fromJSON.Equal(d))
	}
	fromPy, err := domain.ParsePython(d.String())
	if err != nil || !fromPy.Equal(d) {
		t.Fatalf("ParsePython: %v, equal %v", err, fromPy.Equal(d))
	}
}
