// Package faults proves sync under faults against the real registry
// process (built from sync/cmd/registry and run as a child): answers cut
// after the registry committed, uploads cut halfway, a 56 kbit/s link with
// half a second of latency each way (toxiproxy, in-process), and devices
// killed with SIGKILL in the middle of a pull page or a push. Everything
// is in the tests; this file only names the package.
package faults
