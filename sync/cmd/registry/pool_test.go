package main

import (
	"strings"
	"testing"
)

// TestPoolFlagsChecked: a pool of no connections or an idle time of
// nothing is refused before the store is opened.
func TestPoolFlagsChecked(t *testing.T) {
	for _, args := range [][]string{
		{"--data", t.TempDir(), "--db-max-conns", "0"},
		{"--data", t.TempDir(), "--db-idle", "0s"},
	} {
		err := serve(args)
		if err == nil || !strings.Contains(err.Error(), "--db-max-conns") {
			t.Errorf("serve %v: %v, want the pool flags refused", args, err)
		}
	}
}
