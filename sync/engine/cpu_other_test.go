//go:build !unix

package engine_test

import "time"

// cpuTime is unknown here: the benchmark's CPU figure reads 0.
func cpuTime() time.Duration { return 0 }
