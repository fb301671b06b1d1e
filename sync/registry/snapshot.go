package registry

import (
	"fmt"
	"io"
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
	// A snapshot holds the whole office: a device limited to some units
	// pulls its rows instead (scope.go).
	if v, err := r.deviceScope(c.req.Context(), c.dev); err != nil || v != nil {
		if err != nil {
			return nil, err
		}
		c.w.Header().Set(protocol.HeaderScope, v.key)
		return nil, fmt.Errorf("registry: snapshot for a limited device: %w", store.ErrNotFound)
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
	cw := &countingWriter{ResponseWriter: c.w}
	http.ServeContent(cw, c.req, "", snap.ModTime, f)
	if cw.code == 0 || cw.code == http.StatusOK || cw.code == http.StatusPartialContent {
		r.metrics.SnapshotBytes.Add(cw.n) // the file's bytes, not an error's text
	}
	return served{}, nil
}

// countingWriter counts the bytes of a served file.
type countingWriter struct {
	http.ResponseWriter
	n    int64
	code int
}

func (w *countingWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// ReadFrom keeps sendfile(2) for the file body.
func (w *countingWriter) ReadFrom(src io.Reader) (int64, error) {
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(struct{ io.Writer }{w.ResponseWriter}, src)
	}
	w.n += n
	return n, err
}
