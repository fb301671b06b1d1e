package snapshot_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/snapshot"
	"okienko/sync/synctest"
)

// lease writes changes to the office: a block of numbers is one row each.
func lease(t *testing.T, r *synctest.Registry) {
	t.Helper()
	dev := store.Device{ID: db.NewID(), OfficeID: r.OfficeID}
	// A new block of a register of the office's cards each time (a new
	// device's: the registry leases only the office's current years, and
	// registers its cards file into).
	reg := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: time.Now().Year()}
	if _, err := r.Lease(context.Background(), dev, protocol.LeaseRequest{Registers: []protocol.RegisterRef{reg}}); err != nil {
		t.Fatal(err)
	}
}

// TestPublishing: the first refresh publishes the office at its sequence;
// a snapshot is written again only when far enough behind; the one before
// stays for downloads in flight and older ones go; a restarted builder
// finds the newest; the file is the office's device database at that
// cursor, named by its SHA-256.
func TestPublishing(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{LeaseSize: 3})
	dir := t.TempDir()
	b, err := snapshot.New(dir, r.Store(), snapshot.Options{MinChanges: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, ok := b.Latest(r.OfficeID); ok {
		t.Fatal("a snapshot before any was published")
	}
	seq := func() int64 {
		n, err := r.Store().Seq(ctx, r.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	first, ok, err := b.Refresh(ctx, r.OfficeID)
	if err != nil || !ok || first.Cursor != seq() || first.Schema != db.SchemaVersion() {
		t.Fatalf("first: %+v %v %v; want cursor %d", first, ok, err, seq())
	}
	lease(t, r) // 3 changes: not enough
	if again, _, err := b.Refresh(ctx, r.OfficeID); err != nil || again != first {
		t.Fatalf("republished after 3 changes: %+v (%v)", again, err)
	}
	lease(t, r) // 6 in all
	second, _, err := b.Refresh(ctx, r.OfficeID)
	if err != nil || second.Cursor != seq() || second.Path == first.Path {
		t.Fatalf("second: %+v (%v), want a new one at %d", second, err, seq())
	}
	lease(t, r)
	lease(t, r)
	third, _, err := b.Refresh(ctx, r.OfficeID)
	if err != nil || third.Cursor != seq() {
		t.Fatalf("third: %+v (%v)", third, err)
	}
	for path, want := range map[string]bool{first.Path: false, second.Path: true, third.Path: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s kept %v, want %v", filepath.Base(path), err == nil, want)
		}
	}

	restarted, err := snapshot.New(dir, r.Store(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	if got, ok := restarted.Latest(r.OfficeID); !ok || got.Path != third.Path || got.ETag != third.ETag || got.Cursor != third.Cursor {
		t.Fatalf("after a restart: %+v, want %+v", got, third)
	}

	raw, err := os.ReadFile(third.Path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if `"`+hex.EncodeToString(sum[:])+`"` != third.ETag {
		t.Fatalf("ETag %s is not the file's SHA-256", third.ETag)
	}
	dec, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	plain, err := dec.DecodeAll(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(plain), "SQLite format 3\x00") {
		t.Fatal("the snapshot is not a SQLite database")
	}
	if strings.Contains(string(plain), "$argon2id$") {
		t.Fatal("the snapshot carries a password verifier")
	}
	// A fresh device takes it: the office, its numbers, the cursor.
	file := filepath.Join(t.TempDir(), "s.db")
	if err := os.WriteFile(file, plain, 0o600); err != nil {
		t.Fatal(err)
	}
	dev, err := db.Open(ctx, t.TempDir(), db.Options{Cipher: keys.TestCipher("snapshot")})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if err := dev.ImportSnapshot(ctx, os.DirFS(filepath.Dir(file)), filepath.Base(file), r.OfficeID, third.Cursor, nil); err != nil {
		t.Fatal(err)
	}
	ss, err := dev.SyncState(ctx)
	if err != nil || ss.Cursor != third.Cursor {
		t.Fatalf("cursor %d (%v), want %d", ss.Cursor, err, third.Cursor)
	}
	units, err := dev.Units(ctx, r.OfficeID)
	if err != nil || len(units) == 0 {
		t.Fatalf("units %v (%v)", units, err)
	}
}

// TestSequenceWentBack: a live database ahead of the office's sequence (a
// registry restored from a backup) is rebuilt, and the snapshot follows
// the office again.
func TestSequenceWentBack(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	dir := t.TempDir()
	b, err := snapshot.New(dir, r.Store(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Refresh(ctx, r.OfficeID); err != nil {
		t.Fatal(err)
	}
	b.Close()
	live, err := db.Open(ctx, filepath.Join(dir, r.OfficeID, "live"), db.Options{Plaintext: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := live.InTx(ctx, func(tx *db.Tx) error { return tx.SetCursor(ctx, 1_000_000) }); err != nil {
		t.Fatal(err)
	}
	live.Close()
	b, err = snapshot.New(dir, r.Store(), snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	snap, ok, err := b.Refresh(ctx, r.OfficeID)
	seq, _ := r.Store().Seq(ctx, r.OfficeID)
	if err != nil || !ok || snap.Cursor != seq {
		t.Fatalf("after the sequence went back: %+v %v %v, want a snapshot at %d", snap, ok, err, seq)
	}
}
