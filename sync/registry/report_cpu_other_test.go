//go:build !unix

package registry

import "time"

// cpuTime is unknown here: the benchmark's CPU figure reads 0.
func cpuTime() time.Duration { return 0 }
