package bench

import (
	"testing"
	"time"
)

// cpuMeter reports the process CPU time per operation (cpu-ns/op) and,
// when bytes > 0, the bytes decoded per CPU second (cpu-MB/s). On a
// shared machine wall-clock ns/op counts the time spent waiting for a
// core; CPU time does not, so these metrics stay comparable when other
// work loads the machine. Only benchmarks whose process does nothing
// else (no in-process server) use it.
type cpuMeter struct {
	start time.Duration
	bytes int64
}

func startCPU(bytes int64) *cpuMeter { return &cpuMeter{start: cpuTime(), bytes: bytes} }

// report is called after the benchmark loop.
func (m *cpuMeter) report(b *testing.B) {
	used := cpuTime() - m.start
	if used <= 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	if m.bytes > 0 {
		b.ReportMetric(float64(m.bytes)*float64(b.N)/used.Seconds()/1e6, "cpu-MB/s")
	}
}
