package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"okienko/sync/registry/store"
)

// testDeviceKeys: a device's escrowed data key is kept per device,
// replaced by a new enrolment's, and gone at revocation (the same
// transaction that revokes), so a revoked device's data stays unreadable.
func testDeviceKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	a := enrolled(t, s, o.ID, "Laptop A")
	b := enrolled(t, s, o.ID, "Laptop B")
	if _, err := s.DeviceKey(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a key before any was kept: %v", err)
	}
	ka, kb := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	if err := s.PutDeviceKey(ctx, a.ID, ka, now); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDeviceKey(ctx, b.ID, kb, now); err != nil {
		t.Fatal(err)
	}
	if got, err := s.DeviceKey(ctx, a.ID); err != nil || !bytes.Equal(got, ka) {
		t.Fatalf("key of A = %x, %v", got, err)
	}
	ka2 := bytes.Repeat([]byte{3}, 32)
	if err := s.PutDeviceKey(ctx, a.ID, ka2, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.DeviceKey(ctx, a.ID); !bytes.Equal(got, ka2) {
		t.Fatalf("key of A after enrolling again = %x", got)
	}
	if err := s.RevokeDevice(ctx, a.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeviceKey(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a revoked device's key is still given: %v", err)
	}
	// Put back by hand, it is still not given for a revoked device.
	if err := s.PutDeviceKey(ctx, a.ID, ka, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeviceKey(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a revoked device's key is given: %v", err)
	}
	if got, err := s.DeviceKey(ctx, b.ID); err != nil || !bytes.Equal(got, kb) {
		t.Fatalf("another device's key changed: %x, %v", got, err)
	}
}
