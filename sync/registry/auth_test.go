package registry

import (
	"context"
	"errors"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// TestAuthCache: a device's token is looked up once while it syncs; a
// revocation by this registry takes effect at once, and one made
// elsewhere once the cached lookup expires.
func TestAuthCache(t *testing.T) {
	ctx := context.Background()
	lite, office := testOffice(t)
	counting := &countingStore{Store: lite}
	now := testNow
	r := New(counting, Options{Now: func() time.Time { return now }})
	a, b := testDevice(t, lite, office, "token-a"), testDevice(t, lite, office, "token-b")
	for range 3 {
		if d, err := r.Authenticate(ctx, "token-a"); err != nil || d.ID != a.ID {
			t.Fatalf("%+v %v", d, err)
		}
	}
	if counting.lookups != 1 {
		t.Fatalf("%d lookups for three requests", counting.lookups)
	}
	if _, err := r.Revoke(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Authenticate(ctx, "token-a"); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("revoked here, still let in: %v", err)
	}
	// Revoked by another process: let in until the lookup expires.
	if _, err := r.Authenticate(ctx, "token-b"); err != nil {
		t.Fatal(err)
	}
	if err := lite.RevokeDevice(ctx, b.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, ok := r.auth.get(HashSecret("token-b"), time.Now().Add(authTTL+time.Millisecond)); ok {
		t.Fatal("a cached lookup outlived its time")
	}
	r.auth.m[HashSecret("token-b")] = authEntry{dev: b, until: time.Now().Add(-time.Millisecond)}
	if _, err := r.Authenticate(ctx, "token-b"); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("revoked elsewhere, let in after the lookup expired: %v", err)
	}
	if _, err := r.Authenticate(ctx, "no such token"); !errors.Is(err, ErrUnauthorized) {
		t.Fatal(err)
	}
}

// countingStore counts token lookups.
type countingStore struct {
	store.Store
	lookups int
}

func (c *countingStore) DeviceByToken(ctx context.Context, hash string) (store.Device, error) {
	c.lookups++
	return c.Store.DeviceByToken(ctx, hash)
}
