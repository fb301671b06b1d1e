package faults

import (
	"context"
	"errors"
	"strings"
	"testing"

	"okienko/sync/client"
	"okienko/sync/synctest"
)

// TestEnrolAnswerCut: the registry enrols the device and the answer (the
// device's credential) is lost on the way back. The device must not
// believe it is enrolled, and the clerk must be able to enrol it again:
// with the same code, or with a new one when the first counts as spent.
func TestEnrolAnswerCut(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the registry process")
	}
	t.Parallel()
	ctx := context.Background()
	reg := StartRegistry(t, 5)
	px := newProxy(t, reg.Addr)
	hc, tr := ownHTTP()
	a := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: hc})
	code := reg.EnrollCode(t, "A")
	tr.CloseIdleConnections()
	px.toxic(t, "cut", "limit_data", "downstream", map[string]any{"bytes": 20})
	if _, err := a.Engine.Enroll(ctx, px.URL, code, "A"); !errors.Is(err, client.ErrOffline) {
		t.Fatalf("enrolment with its answer cut: %v, want an offline error", err)
	}
	if ss, _ := a.Store.SyncState(ctx); ss.Enrolled() {
		t.Fatal("the device counts itself enrolled without a credential")
	}
	if list := reg.Admin(t, "device", "list", "--office", reg.OfficeID); !strings.Contains(list, a.Store.DeviceID()) {
		t.Fatalf("the registry did not enrol the device before the answer was cut:\n%s", list)
	}
	px.heal(t)

	_, err := a.Engine.Enroll(ctx, px.URL, code, "A")
	if errors.Is(err, client.ErrCodeInvalid) {
		_, err = a.Engine.Enroll(ctx, px.URL, reg.EnrollCode(t, "A"), "A") // the clerk asks for a new code
	}
	if err != nil {
		t.Fatalf("enrolling again after a lost answer: %v", err)
	}
	if err := a.Core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
	a.SignIn(t, "jnowak")
	register(t, a, "Żółkiewska")
	a.Sync(t)
	if n := reg.Count(t, "case_file"); n != 1 {
		t.Fatalf("registry holds %d cases after enrolling again, want 1", n)
	}
}
