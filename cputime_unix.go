//go:build unix

package main

import "syscall"

// cpuMillis is the CPU time (user + system) this process has used, in ms:
// the start-up steps' cost whatever else the machine is doing.
func cpuMillis() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return (ru.Utime.Nano() + ru.Stime.Nano()) / 1e6
}
