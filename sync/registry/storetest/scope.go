package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// testDeviceScope: a code's scope becomes its device's when it is used
// (none: the whole office), the admin narrows and widens it, an office
// lists only its own devices' scopes, and enrolling again under the same
// id with a code of the whole office drops the old limit.
func testDeviceScope(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	for _, e := range []store.Enrollment{
		{CodeHash: "sa", OfficeID: o.ID, Name: "Laptop SO", Scope: store.UnitsScope([]string{"SO", "SO", "OR"})},
		{CodeHash: "sb", OfficeID: o.ID, Name: "BOM"},
		{CodeHash: "sc", OfficeID: other.ID, Name: "Other", Scope: store.UnitsScope([]string{"SO"})},
		{CodeHash: "sd", OfficeID: o.ID, Name: "Laptop again"},
	} {
		e.ExpiresAt = now.Add(time.Hour)
		if err := s.AddEnrollment(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	a, err := s.Enroll(ctx, "sa", store.Device{ID: id(), TokenHash: "scope-a"}, now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Enroll(ctx, "sb", store.Device{ID: id(), TokenHash: "scope-b"}, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Enroll(ctx, "sc", store.Device{ID: id(), TokenHash: "scope-c"}, now)
	if err != nil {
		t.Fatal(err)
	}
	scope := func(d store.Device) store.Scope {
		t.Helper()
		sc, err := s.DeviceScope(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	if got, want := scope(a), (store.Scope{Limited: true, Units: []string{"OR", "SO"}}); !reflect.DeepEqual(got, want) {
		t.Fatalf("device A's scope %+v, want %+v", got, want)
	}
	if got := scope(b); got.Limited {
		t.Fatalf("a device enrolled without units is limited: %+v", got)
	}
	list, err := s.DeviceScopes(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[a.ID].Limited || list[c.ID].Limited {
		t.Fatalf("the office's scopes: %+v (device A %s only)", list, a.ID)
	}
	// The admin narrows the BOM's laptop to no unit (its people's cases
	// alone), and gives A the whole office.
	if err := s.SetDeviceScope(ctx, b.ID, store.UnitsScope(nil)); err != nil {
		t.Fatal(err)
	}
	if got := scope(b); !got.Limited || len(got.Units) != 0 {
		t.Fatalf("narrowed to no unit: %+v", got)
	}
	if err := s.SetDeviceScope(ctx, a.ID, store.Scope{}); err != nil {
		t.Fatal(err)
	}
	if got := scope(a); got.Limited {
		t.Fatalf("widened to the office: %+v", got)
	}
	if err := s.SetDeviceScope(ctx, a.ID, store.UnitsScope([]string{"USC"})); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDeviceScope(ctx, "no-such-device", store.Scope{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("scope of no device: %v, want ErrNotFound", err)
	}
	// A never-seen device enrolled again with a code of the whole office.
	if _, err := s.Enroll(ctx, "sd", store.Device{ID: a.ID, TokenHash: "scope-a2"}, now); err != nil {
		t.Fatal(err)
	}
	if got := scope(a); got.Limited {
		t.Fatalf("enrolled again without units, still limited: %+v", got)
	}
	if got := scope(c); !reflect.DeepEqual(got.Units, []string{"SO"}) {
		t.Fatalf("the other office's device: %+v", got)
	}
}
