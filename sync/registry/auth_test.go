package registry

import (
	"context"
	"errors"
	"testing"
	"time"

	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
)

// TestAuthCache: a device's token is looked up once while it syncs; a
// revocation by this registry takes effect at once, and one made
// elsewhere once the cached lookup expires.
func TestAuthCache(t *testing.T) {
	ctx := context.Background()
	lite, err := sqlitestore.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	counting := &countingStore{Store: lite}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	r := New(counting, Options{Now: func() time.Time { return now }})
	office := newID()
	if err := lite.CreateOffice(ctx, store.Office{ID: office, Name: "Urząd", TERYT: "1099012"}); err != nil {
		t.Fatal(err)
	}
	enrol := func(code, token string) store.Device {
		if err := lite.AddEnrollment(ctx, store.Enrollment{CodeHash: code, OfficeID: office, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		d, err := lite.Enroll(ctx, code, store.Device{ID: newID(), TokenHash: HashSecret(token)}, now)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	a, b := enrol("a", "token-a"), enrol("b", "token-b")
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
