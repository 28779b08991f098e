//go:build !unix

package bench

import "time"

// cpuTime is not measured here: the cpu-* metrics are left out.
func cpuTime() time.Duration { return 0 }
