package registry

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Snapshot is a prepared device database of one office, compressed: a
// fresh device downloads it instead of pulling the office row by row.
type Snapshot struct {
	Path    string    // the compressed file
	Cursor  int64     // the office's sequence it was taken at
	Schema  int64     // the device schema (newest migration) it is written in
	ETag    string    // quoted SHA-256 of the file
	ModTime time.Time // when it was published
}

// Snapshots hands out the newest published snapshot of an office.
// sync/snapshot keeps them; the registry only serves them.
type Snapshots interface {
	Latest(officeID string) (Snapshot, bool)
}

// served marks an answer the handler wrote itself.
type served struct{}

// handleSnapshot sends the office's newest snapshot, whole or from a
// byte offset (Range with If-Range on its ETag), so a cut download goes
// on where it stopped.
func (r *Registry) handleSnapshot(c *call) (any, error) {
	if r.snapshots == nil {
		return nil, fmt.Errorf("registry: snapshot: %w", store.ErrNotFound)
	}
	snap, ok := r.snapshots.Latest(c.dev.OfficeID)
	if !ok {
		return nil, fmt.Errorf("registry: snapshot: %w", store.ErrNotFound)
	}
	f, err := os.Open(snap.Path)
	if err != nil {
		return nil, fmt.Errorf("registry: snapshot: %w", err)
	}
	defer f.Close()
	h := c.w.Header()
	h.Set("Content-Type", "application/zstd")
	h.Set("ETag", snap.ETag)
	h.Set(protocol.HeaderSnapshotCursor, strconv.FormatInt(snap.Cursor, 10))
	h.Set(protocol.HeaderSnapshotSchema, strconv.FormatInt(snap.Schema, 10))
	r.metrics.SnapshotsServed.Add(1)
	http.ServeContent(c.w, c.req, "", snap.ModTime, f)
	return served{}, nil
}
