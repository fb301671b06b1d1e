//go:build !unix

package keys

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
