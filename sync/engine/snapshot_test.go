package engine_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"okienko/app/cases"
	"okienko/db"
	"okienko/sync/engine"
	"okienko/sync/merge"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/snapshot"
)

// snapshotRegistry is a seeded registry whose snapshots a test publishes
// by hand.
func snapshotRegistry(t *testing.T, n int) (*benchRegistry, *snapshot.Builder, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	seedRegistry(t, filepath.Join(dir, "registry"), n)
	st, err := sqlitestore.Open(ctx, filepath.Join(dir, "registry"))
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := snapshot.New(filepath.Join(dir, "snapshots"), st, snapshot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snaps.Close() })
	return newRegistry(t, st, registry.Options{Snapshots: snaps}, false), snaps, dir
}

// TestInitialSyncFromSnapshot: a fresh device starts from the registry's
// snapshot and pulls only the changes after it; it ends holding exactly
// what a device that pulled the whole office holds, row clocks included.
func TestInitialSyncFromSnapshot(t *testing.T) {
	const n = 120
	ctx := context.Background()
	reg, snaps, dir := snapshotRegistry(t, n)
	r := rand.New(rand.NewPCG(3, 4))

	// A device enrolled before any snapshot existed pulls every page.
	paged := newDevice(t, filepath.Join(dir, "paged"), engine.Options{})
	paged.enroll(t, reg)
	office := paged.officeID(t)
	if got := reg.Metrics().SnapshotsServed.Load(); got != 0 {
		t.Fatalf("%d snapshots served before one was published", got)
	}
	ids := paged.clientChanges(t, r, 20)
	if err := paged.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	snap, ok, err := snaps.Refresh(ctx, office)
	if err != nil || !ok {
		t.Fatalf("publish: %v (published %v)", err, ok)
	}
	// Changes after the snapshot: the fresh device gets them as pages.
	paged.editPhones(t, r, office, ids[:5])
	if err := paged.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}

	var traced []engine.TraceEvent
	var mu sync.Mutex
	var phases []engine.Initial
	fresh := newDevice(t, filepath.Join(dir, "fresh"), engine.Options{Trace: func(ev engine.TraceEvent) {
		mu.Lock()
		traced = append(traced, ev)
		mu.Unlock()
	}, OnStatus: func(s engine.Status) {
		mu.Lock()
		if n := len(phases); n == 0 || phases[n-1] != s.Initial {
			phases = append(phases, s.Initial)
		}
		mu.Unlock()
	}})
	pulledBefore := reg.Metrics().RowsPulled.Load()
	fresh.enroll(t, reg)
	if got := reg.Metrics().SnapshotsServed.Load(); got != 1 {
		t.Fatalf("%d snapshots served, want 1", got)
	}
	// It takes the snapshot and pulls on from the snapshot's cursor.
	took, next := false, int64(-1)
	for _, ev := range traced {
		switch {
		case ev.Step == engine.TraceSnapshot && ev.Cursor == snap.Cursor:
			took = true
		case took && next < 0 && ev.Step == engine.TracePullRequest:
			next = ev.Cursor
		}
	}
	if !took || next != snap.Cursor {
		t.Fatalf("the fresh device did not start from the snapshot at %d (next pull after %d): %+v", snap.Cursor, next, traced)
	}
	// The status told how far it was: the whole download, the copy, done.
	size, err := os.Stat(snap.Path)
	if err != nil {
		t.Fatal(err)
	}
	whole := engine.Initial{Phase: engine.InitialDownload, Done: size.Size(), Total: size.Size()}
	copying := engine.Initial{Phase: engine.InitialCopy, Done: size.Size(), Total: size.Size()}
	if i := slices.Index(phases, whole); i < 0 || !slices.Contains(phases[i:], copying) || phases[len(phases)-1] != (engine.Initial{}) {
		t.Fatalf("status during the snapshot: %+v; want the whole download (%d bytes), the copy, then nothing", phases, size.Size())
	}
	// What it pulled is the changes since and its own leased numbers,
	// not the office.
	all, err := reg.Store().Changes(ctx, office, 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	if pulled := reg.Metrics().RowsPulled.Load() - pulledBefore; pulled == 0 || pulled > int64(len(all))/2 {
		t.Fatalf("the fresh device pulled %d rows of the office's %d", pulled, len(all))
	}
	if err := paged.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := fresh.store.CaseCount(ctx, office); err != nil || got != n {
		t.Fatalf("fresh device holds %d cases (%v), want %d", got, err, n)
	}
	want, got := rowClocks(t, paged), rowClocks(t, fresh)
	if len(want) == 0 || !reflect.DeepEqual(want, got) {
		t.Fatalf("row clocks differ: paged device %d rows, snapshot device %d rows", len(want), len(got))
	}
	// The search index came along: the same client is found on both.
	cl, err := paged.store.Client(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	found, err := fresh.store.FindClients(ctx, office, cl.LastName, 50)
	if err != nil || !containsClient(found, cl.ID) {
		t.Fatalf("the snapshot device does not find client %s by %q (%v)", cl.ID, cl.LastName, err)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "fresh", "snapshot")); len(left) != 0 {
		t.Fatalf("download files left behind: %v", left)
	}
}

func containsClient(list []cases.Client, id string) bool {
	for _, c := range list {
		if c.ID == id {
			return true
		}
	}
	return false
}

// rowClocks reads a device's row_clock, decoded.
func rowClocks(t *testing.T, d *benchDevice) map[string]merge.Row {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+d.store.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query("SELECT entity, entity_id, fields FROM row_clock")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]merge.Row{}
	for rows.Next() {
		var e, id string
		var raw []byte
		if err := rows.Scan(&e, &id, &raw); err != nil {
			t.Fatal(err)
		}
		if out[e+"/"+id], err = db.OpenRowClock(d.cipher, e, id, raw); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// cutSnapshot ends the snapshot's answer after a number of bytes, once,
// as a dropped connection would, and notes the Range of every snapshot
// request.
type cutSnapshot struct {
	base   http.RoundTripper
	after  int64
	mu     sync.Mutex
	cut    bool
	ranges []string
}

func (c *cutSnapshot) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/snapshot") {
		return resp, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ranges = append(c.ranges, r.Header.Get("Range"))
	if !c.cut {
		c.cut = true
		resp.Body = &cutBody{ReadCloser: resp.Body, left: c.after}
	}
	return resp, nil
}

type cutBody struct {
	io.ReadCloser
	left int64
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	return n, err
}

// TestSnapshotDownloadResumes: a snapshot download cut mid-way keeps what
// arrived, sealed (no run of the file's bytes is on the disk as it came);
// the next round asks only for the rest (Range from the last whole sealed
// chunk kept), checks the whole file, and the device ends with the office.
func TestSnapshotDownloadResumes(t *testing.T) {
	const n, cutAt = 400, 150_000
	ctx := context.Background()
	reg, snaps, dir := snapshotRegistry(t, n)
	snap, ok, err := snaps.Refresh(ctx, reg.OfficeID)
	if err != nil || !ok {
		t.Fatalf("publish: %v (published %v)", err, ok)
	}
	whole, err := os.ReadFile(snap.Path)
	if err != nil || len(whole) <= cutAt {
		t.Fatalf("snapshot of %d bytes (%v); the test cuts at %d", len(whole), err, cutAt)
	}
	cut := &cutSnapshot{base: http.DefaultTransport, after: cutAt}
	dev := newDevice(t, filepath.Join(dir, "device"), engine.Options{HTTP: &http.Client{Transport: cut}})
	if _, err := dev.eng.Enroll(ctx, reg.URL, reg.enrollCode(t), "test device"); err == nil {
		t.Fatal("the initial sync finished although the snapshot was cut")
	}
	// Two whole 64 KiB chunks were sealed when the cut came; the third
	// was still in memory.
	const kept = 2 << 16
	part := filepath.Join(dir, "device", "snapshot", "download.okef")
	held, err := os.ReadFile(part)
	if err != nil || len(held) != 32+2*(1<<16+16) {
		t.Fatalf("after the cut the download holds %d bytes (%v), want the header and two sealed chunks", len(held), err)
	}
	for i := 0; i+16 <= cutAt; i += 16 {
		if bytes.Contains(held, whole[i:i+16]) {
			t.Fatalf("the half-downloaded file holds the snapshot's bytes %d-%d as they came", i, i+16)
		}
	}
	if left, _ := os.ReadDir(filepath.Join(dir, "device", "snapshot")); len(left) != 2 {
		t.Fatalf("after the cut: %v, want the sealed download and its ETag only", left)
	}
	if got, _ := dev.store.CaseCount(ctx, reg.OfficeID); got != 0 {
		t.Fatalf("a cut download left %d cases", got)
	}
	if err := dev.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if len(cut.ranges) != 2 || cut.ranges[0] != "" || cut.ranges[1] != fmt.Sprintf("bytes=%d-", kept) {
		t.Fatalf("snapshot requests with ranges %q, want the whole file and then bytes=%d-", cut.ranges, kept)
	}
	if got, err := dev.store.CaseCount(ctx, reg.OfficeID); err != nil || got != n {
		t.Fatalf("device holds %d cases (%v), want %d", got, err, n)
	}
	if _, err := os.Stat(part); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the download was not removed after the copy: %v", err)
	}
}
