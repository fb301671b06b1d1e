package engine_test

import (
	"context"
	"testing"

	"okienko/sync/synctest"
)

// TestDeviceReportsItself: a round tells the registry the app's version
// and, after its push, that nothing waits and nothing was refused.
func TestDeviceReportsItself(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registryOptions())
	a := synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	register(t, a, "Żółkiewska")
	a.Sync(t)
	reps, err := reg.DeviceReports(ctx, reg.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := reps[a.Store.DeviceID()]
	if !ok || r.Version != "dev" || r.Waiting != 0 || r.Refused != 0 || r.Reported.IsZero() {
		t.Fatalf("the device's report: %+v (%v)", r, ok)
	}
}
