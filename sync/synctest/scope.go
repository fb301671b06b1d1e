package synctest

import (
	"context"
	"testing"

	"okienko/sync/registry/store"
)

// EnrollScoped enrolls the device limited to units (store.UnitsScope),
// with only the given people allowed to sign in on it.
func (d *Device) EnrollScoped(t testing.TB, r *Registry, units []string, logins ...string) {
	t.Helper()
	ctx := context.Background()
	code, _, err := r.NewScopedEnrollment(ctx, r.OfficeID, "test device", logins, store.UnitsScope(units))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Engine.Enroll(ctx, r.URL, code, "test device"); err != nil {
		t.Fatal(err)
	}
	if err := d.Core.Bootstrap(ctx, false); err != nil {
		t.Fatal(err)
	}
}
