package sim

import (
	"runtime"
	"testing"
	"time"
)

// TestScopeReleasesWorld: once a seed's run ends, its cleanups ran, in
// reverse order, and nothing they captured stays reachable through the
// test (testing itself would keep them until the parent test ends).
func TestScopeReleasesWorld(t *testing.T) {
	freed := make(chan struct{})
	var order []int
	sc := &scope{TB: t}
	defer runtime.KeepAlive(sc) // as testing keeps a finished subtest until its parent ends
	func() {
		world := &[1 << 20]byte{} // what a seed's stores and registries stand for
		runtime.AddCleanup(world, func(ch chan struct{}) { close(ch) }, freed)
		sc.Cleanup(func() { order = append(order, 1); _ = world[0] })
		sc.Cleanup(func() { order = append(order, 2) })
	}()
	sc.close()
	if len(order) != 2 || order[0] != 2 || order[1] != 1 {
		t.Fatalf("cleanups ran %v, want [2 1]", order)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		select {
		case <-freed:
			return
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the world a cleanup captured is still reachable after the run ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
