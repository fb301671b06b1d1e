package db

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"okienko/db/internal/dbq"
)

// TestCredentialsFromTheRegistry: a standalone device signs in with its
// staff rows' hashes; once the registry gave a list, only the people on
// it have a verifier, the rows' hashes are gone, and a new list replaces
// the old whole.
func TestCredentialsFromTheRegistry(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	const rowHash = "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$a2V5"
	if _, h, err := s.Credentials(ctx, f.staff.Login); err != nil || h != rowHash {
		t.Fatalf("standalone: hash %q %v, want the row's", h, err)
	}
	other := f.staff
	other.ID, other.Login = NewID(), "bkowal"
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveStaff(ctx, f.office.ID, other, rowHash) }); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceCredentials(ctx, "v1", []Credential{{StaffID: f.staff.ID, Login: f.staff.Login, Hash: "from-registry"}}); err != nil {
		t.Fatal(err)
	}
	if _, h, err := s.Credentials(ctx, f.staff.Login); err != nil || h != "from-registry" {
		t.Fatalf("on the list: hash %q %v", h, err)
	}
	if st, h, err := s.Credentials(ctx, other.Login); err != nil || h != "" || st.ID != other.ID {
		t.Fatalf("not on the list: %+v hash %q %v, want no verifier", st, h, err)
	}
	for _, id := range []string{f.staff.ID, other.ID} {
		row, err := s.qr.StaffGet(ctx, id)
		if err != nil || row.PasswordHash != "" {
			t.Fatalf("staff row keeps hash %q (%v)", row.PasswordHash, err)
		}
		clock, err := s.qr.RowClockGet(ctx, dbq.RowClockGetParams{Entity: "staff", EntityID: id})
		if err != nil || bytes.Contains([]byte(clock), []byte("argon2id")) {
			t.Fatalf("row clock keeps a hash: %s %v", clock, err)
		}
	}
	if v, _ := s.CredentialsVersion(ctx); v != "v1" {
		t.Fatalf("version %q", v)
	}
	// The next list: the first person is off it, the second on.
	if err := s.ReplaceCredentials(ctx, "v2", []Credential{{StaffID: other.ID, Login: other.Login, Hash: "second"}}); err != nil {
		t.Fatal(err)
	}
	if _, h, _ := s.Credentials(ctx, f.staff.Login); h != "" {
		t.Fatalf("removed from the list, still a verifier %q", h)
	}
	if _, h, _ := s.Credentials(ctx, other.Login); h != "second" {
		t.Fatalf("added to the list: %q", h)
	}
	// Preparing to enrol again forgets the list and its version.
	if err := s.InTx(ctx, func(tx *Tx) error { return tx.ClearReferenceData(ctx) }); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.CredentialsVersion(ctx); v != "" {
		t.Fatalf("version %q kept after clearing", v)
	}
	if n, _ := s.qr.DeviceCredentialCount(ctx); n != 0 {
		t.Fatalf("%d verifiers kept after clearing", n)
	}
}

// TestSnapshotCarriesNoVerifier: a snapshot written from a database whose
// staff rows hold hashes (a registry's older rows) holds none, not even in
// a free page.
func TestSnapshotCarriesNoVerifier(t *testing.T) {
	ctx := context.Background()
	src := openTest(t)
	f := newFixture()
	f.save(t, src)
	// The registry's live database takes rows by ApplyRemote: no outbox.
	if err := src.qw.ClearOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if _, h, _ := src.Credentials(ctx, f.staff.Login); h == "" {
		t.Fatal("setup: the staff row has no hash")
	}
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("argon2id")) {
		t.Fatal("the snapshot file carries a password hash")
	}
}
