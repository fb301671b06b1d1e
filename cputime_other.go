//go:build !unix

package main

// cpuMillis is not counted on this platform (the start-up steps log -1).
func cpuMillis() int64 { return -1 }
