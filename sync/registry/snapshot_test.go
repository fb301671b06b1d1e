package registry_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// fileSnapshots serves one prepared file for one office.
type fileSnapshots struct {
	office string
	snap   registry.Snapshot
}

func (f fileSnapshots) Latest(office string) (registry.Snapshot, bool) {
	return f.snap, office == f.office
}

// TestSnapshotEndpoint: a device gets its office's snapshot with its
// cursor, schema and ETag, whole or from an offset while the ETag is the
// same, the whole file again when it is not, and 404 where there is none.
func TestSnapshotEndpoint(t *testing.T) {
	body := make([]byte, 100_000)
	for i := range body {
		body[i] = byte(i * 7)
	}
	path := filepath.Join(t.TempDir(), "s.zst")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	snaps := &fileSnapshots{snap: registry.Snapshot{Path: path, Cursor: 1234, Schema: 5, ETag: `"abc"`, ModTime: time.Now()}}
	r := synctest.NewRegistry(t, nil, registry.Options{Snapshots: snaps})
	snaps.office = r.OfficeID
	d := enrol(t, r, r.OfficeID)

	whole := d.call(t, r, request{method: "GET", path: d.path("/snapshot")})
	if whole.code != http.StatusOK || string(whole.body) != string(body) {
		t.Fatalf("whole: %d, %d bytes", whole.code, len(whole.body))
	}
	if whole.header.Get(protocol.HeaderSnapshotCursor) != "1234" || whole.header.Get(protocol.HeaderSnapshotSchema) != "5" || whole.header.Get("ETag") != `"abc"` {
		t.Fatalf("headers %v", whole.header)
	}
	rest := d.call(t, r, request{method: "GET", path: d.path("/snapshot"), header: map[string]string{"Range": "bytes=60000-", "If-Range": `"abc"`}})
	if rest.code != http.StatusPartialContent || string(rest.body) != string(body[60000:]) {
		t.Fatalf("rest: %d, %d bytes", rest.code, len(rest.body))
	}
	stale := d.call(t, r, request{method: "GET", path: d.path("/snapshot"), header: map[string]string{"Range": "bytes=60000-", "If-Range": `"old"`}})
	if stale.code != http.StatusOK || len(stale.body) != len(body) {
		t.Fatalf("resume of another file: %d, %d bytes; want the whole new one", stale.code, len(stale.body))
	}
	if got := metric(t, r, "okienko_snapshots_served_total"); got != 3 {
		t.Fatalf("snapshots served %d, want 3", got)
	}

	none := synctest.NewRegistry(t, nil, registry.Options{})
	e := enrol(t, none, none.OfficeID)
	e.call(t, none, request{method: "GET", path: e.path("/snapshot")}).wantError(t, http.StatusNotFound, "not_found")
}
