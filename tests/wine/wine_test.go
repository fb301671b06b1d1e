// Package wine holds the Linux side of the Windows checks: a Linux device
// enrols to registry.exe running under Wine, signs in and pushes over
// loopback. build/scripts/wine-check.sh starts the registry and sets
// OKIENKO_WINE_REGISTRY and OKIENKO_WINE_CODE; without them the test skips.
package wine

import (
	"context"
	"os"
	"testing"

	"okienko/sync/synctest"
)

// TestPushToWindowsRegistry: the device's sign-in writes a synced audit
// entry; one sync round pushes it, and nothing is left waiting, so the
// Windows registry acknowledged it.
func TestPushToWindowsRegistry(t *testing.T) {
	url, code := os.Getenv("OKIENKO_WINE_REGISTRY"), os.Getenv("OKIENKO_WINE_CODE")
	if url == "" || code == "" {
		t.Skip("no registry.exe under Wine (build/scripts/wine-check.sh sets OKIENKO_WINE_REGISTRY and OKIENKO_WINE_CODE)")
	}
	ctx := context.Background()
	d := synctest.NewDevice(t, synctest.DeviceOptions{})
	if _, err := d.Engine.Enroll(ctx, url, code, "linux device"); err != nil {
		t.Fatalf("enrol to the Windows registry: %v", err)
	}
	if err := d.Core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	d.SignIn(t, "jnowak")
	before, err := d.Store.PendingOps(ctx)
	if err != nil || before == 0 {
		t.Fatalf("nothing to push after sign-in: %d, %v", before, err)
	}
	d.Sync(t)
	after, err := d.Store.PendingOps(ctx)
	if err != nil || after != 0 {
		t.Fatalf("after a round %d of %d changes still wait: %v", after, before, err)
	}
	t.Logf("pushed %d changes to registry.exe under Wine", before)
}
