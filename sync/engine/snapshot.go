package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/client"
)

// errOtherSchema refuses a snapshot written in another device schema.
var errOtherSchema = errors.New("engine: snapshot of another schema")

// fromSnapshot starts a fresh device (cursor 0) from the registry's
// prepared snapshot of the office: download (resumed across rounds and
// restarts with HTTP Range), check, copy in one transaction with its
// cursor; the pages after it follow as usual. It reports whether it did.
// A registry without a snapshot, or with one this device cannot take,
// leaves the whole office to the pages.
//
// Nothing of it reaches the disk in the clear: the download is written
// through keys.FileWriter as it arrives (label snapshot/<its SHA-256>),
// the database unpacked from it too (snapshot/<SHA-256>/db), and SQLite
// reads that through keys.FileReader (db.ImportSnapshot), sealing what
// the device keeps sealed as it copies.
func (e *Engine) fromSnapshot(ctx context.Context, c *client.Client, officeID string) (bool, error) {
	if err := e.store.CanTakeSnapshot(ctx); errors.Is(err, db.ErrSnapshotMismatch) {
		return false, nil // not a fresh device: the pages, without a download it could not take
	} else if err != nil {
		return false, err
	}
	ci, err := e.store.Cipher()
	if err != nil {
		return false, fmt.Errorf("engine: snapshot: %w", err)
	}
	dir := filepath.Join(filepath.Dir(e.store.Path()), "snapshot")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("engine: snapshot: %w", err)
	}
	part, tagFile, dbFile := filepath.Join(dir, "download.okef"), filepath.Join(dir, "download.etag"), filepath.Join(dir, "snapshot.db.okef")
	clear := func() {
		for _, p := range []string{part, tagFile, dbFile} {
			_ = os.Remove(p)
		}
	}
	etag, _ := os.ReadFile(tagFile)
	f, err := os.OpenFile(part, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return false, fmt.Errorf("engine: snapshot: %w", err)
	}
	defer f.Close()
	dl := resumeDownload(ci, f, string(etag))
	// The bytes are checked and unpacked as they arrive; a resumed
	// download first runs what it already holds through the same way.
	var u *unpacker
	e.trace(TraceEvent{Step: TraceSnapshotRequest})
	defer e.setStatus(func(s *Status) { s.Initial = Initial{} })
	before := readClock(c)
	info, err := c.DownloadSnapshot(ctx, dl.have, dl.etag, func(s client.Snapshot) (io.Writer, error) {
		if s.Schema != db.SchemaVersion() {
			return nil, fmt.Errorf("%w: %d, this device has %d", errOtherSchema, s.Schema, db.SchemaVersion())
		}
		if s.From == 0 {
			// The whole file (what was held, if anything, was of another).
			if err := dl.restart(ci, s.ETag); err != nil {
				return nil, err
			}
		}
		// Noted before the bytes come, so a download cut at any moment
		// resumes instead of starting over.
		if err := os.WriteFile(tagFile, []byte(s.ETag), 0o600); err != nil {
			return nil, err
		}
		u = unpack(ci, dbFile, dbLabel(s.ETag), e.progress(s.Total))
		if s.From > 0 {
			if _, err := io.Copy(u, io.NewSectionReader(dl.held, 0, s.From)); err != nil {
				return nil, err
			}
		}
		if dl.w == nil {
			return u, nil // complete before: nothing more comes
		}
		return io.MultiWriter(dl.w, u), nil
	})
	e.correctClock(c, before)
	if err == nil && dl.w != nil {
		// The last chunk: the file is whole, and read as such after a
		// restart (the copy may still fail and be tried again).
		if cerr := dl.w.Close(); cerr != nil {
			err = fmt.Errorf("engine: snapshot: %w", cerr)
		}
	}
	var sum string
	var broken error
	if u != nil {
		sum, broken = u.finish(err)
	}
	switch {
	case errors.Is(err, client.ErrNoSnapshot), errors.Is(err, errOtherSchema):
		e.opt.Logger.Info("no snapshot to start from; pulling the office from the start", "why", err)
		clear()
		return false, nil
	case broken != nil:
		e.opt.Logger.Warn("snapshot unreadable; pulling the office from the start", "err", broken)
		clear()
		return false, nil
	case err != nil:
		_ = os.Remove(dbFile) // the download stays, to be resumed
		return false, fmt.Errorf("engine: snapshot: %w", err)
	}
	if want := strings.Trim(info.ETag, `"`); sum != want {
		e.opt.Logger.Warn("snapshot download damaged; pulling the office from the start", "sha256", sum, "etag", want)
		clear()
		return false, nil
	}
	e.setStatus(func(s *Status) { s.Initial = Initial{Phase: InitialCopy, Done: info.Size, Total: info.Size} })
	e.trace(TraceEvent{Step: TraceSnapshotCopy, Cursor: info.Cursor})
	err = importSealed(ctx, e.store, ci, dbFile, dbLabel(info.ETag), officeID, info.Cursor, func() error {
		e.trace(TraceEvent{Step: TraceSnapshotApply, Cursor: info.Cursor})
		return nil
	})
	if errors.Is(err, db.ErrSnapshotMismatch) {
		e.opt.Logger.Warn("snapshot does not fit this device; pulling the office from the start", "err", err)
		clear()
		return false, nil
	}
	if err != nil {
		_ = os.Remove(dbFile) // the download stays for the next attempt
		return false, fmt.Errorf("engine: snapshot: %w", err)
	}
	clear()
	e.trace(TraceEvent{Step: TraceSnapshot, Cursor: info.Cursor})
	if e.opt.OnApplied != nil {
		e.opt.OnApplied()
	}
	return true, nil
}

// downloadLabel and dbLabel name the sealed download and the database
// unpacked from it after the snapshot's SHA-256 (its ETag): a file of one
// snapshot never opens as another's.
func downloadLabel(etag string) string { return "snapshot/" + strings.Trim(etag, `"`) }

func dbLabel(etag string) string { return downloadLabel(etag) + "/db" }

// download is the sealed file a snapshot download goes into: what it
// holds already (held, have bytes of the file named etag) and the writer
// that continues it (nil when it was complete).
type download struct {
	f    *os.File
	etag string
	have int64
	held io.ReaderAt
	w    *keys.FileWriter
}

// resumeDownload reads back what an earlier attempt left in f: a whole
// file (the copy failed after it), or an unfinished one, continued after
// its last whole chunk. Anything else (nothing, another key, damage)
// starts over.
func resumeDownload(ci *keys.Cipher, f *os.File, etag string) *download {
	d := &download{f: f}
	fi, err := f.Stat()
	if err != nil || etag == "" || fi.Size() == 0 {
		return d
	}
	label := downloadLabel(etag)
	if fr, err := ci.OpenFile(f, fi.Size(), label); err == nil {
		d.etag, d.have, d.held = etag, fr.Size(), fr
		return d
	}
	w, have, err := ci.ResumeFileWriter(f, fi.Size(), label)
	if err != nil {
		return d
	}
	fi, err = f.Stat()
	if err != nil {
		return &download{f: f}
	}
	fr, err := ci.OpenPartial(f, fi.Size(), label)
	if err != nil || fr.Size() != have {
		return &download{f: f}
	}
	d.etag, d.have, d.held, d.w = etag, have, fr, w
	return d
}

// restart empties the file for the whole of the snapshot named etag.
func (d *download) restart(ci *keys.Cipher, etag string) error {
	if err := d.f.Truncate(0); err != nil {
		return err
	}
	if _, err := d.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w, err := ci.NewFileWriter(d.f, downloadLabel(etag))
	if err != nil {
		return err
	}
	d.etag, d.have, d.held, d.w = etag, 0, nil, w
	return nil
}

// importSealed copies the unpacked snapshot into the store, read through
// its seal: SQLite sees the plaintext only in memory.
func importSealed(ctx context.Context, st *db.Store, ci *keys.Cipher, path, label, officeID string, cursor int64, inTx func() error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	fr, err := ci.OpenFile(f, fi.Size(), label)
	if err != nil {
		return fmt.Errorf("%w: %v", db.ErrSnapshotMismatch, err)
	}
	const name = "snapshot.db"
	return st.ImportSnapshot(ctx, fr.FS(name), name, officeID, cursor, inTx)
}

// progress reports a download's bytes to the status, four times a second
// at most: the enrolment screen shows them.
func (e *Engine) progress(total int64) func(done int64) {
	var last time.Time
	return func(done int64) {
		if now := time.Now(); now.Sub(last) >= 250*time.Millisecond || done == total {
			last = now
			e.setStatus(func(s *Status) { s.Initial = Initial{Phase: InitialDownload, Done: done, Total: total} })
		}
	}
}

// unpacker checks and unpacks a snapshot as its bytes arrive: their
// SHA-256 (the registry's ETag) and the zstd stream into the database
// file, in its own goroutine.
type unpacker struct {
	pw       *io.PipeWriter
	h        hash.Hash
	done     chan struct{}
	n        int64       // bytes so far
	progress func(int64) // told of n as it grows

	mu     sync.Mutex
	closed bool  // finish was called
	err    error // the decoder's
	early  bool  // it failed before finish: the stream itself is bad
}

func unpack(ci *keys.Cipher, dst, label string, progress func(int64)) *unpacker {
	pr, pw := io.Pipe()
	u := &unpacker{pw: pw, h: sha256.New(), done: make(chan struct{}), progress: progress}
	go func() {
		defer close(u.done)
		err := decompress(pr, ci, dst, label)
		u.mu.Lock()
		u.err, u.early = err, err != nil && !u.closed
		u.mu.Unlock()
		if err == nil {
			err = errors.New("engine: snapshot: data after the end of the stream")
		}
		pr.CloseWithError(err) // a write after the decoder stopped fails
	}()
	return u
}

func (u *unpacker) Write(p []byte) (int, error) {
	u.h.Write(p)
	n, err := u.pw.Write(p)
	u.n += int64(n)
	u.progress(u.n)
	return n, err
}

// finish ends the stream (with the download's error, if any), waits for
// the decoder, and returns the bytes' SHA-256 and, when the stream itself
// is bad, why: a complete download the decoder refuses, or a decoder that
// failed before the download did.
func (u *unpacker) finish(cause error) (string, error) {
	u.mu.Lock()
	u.closed = true
	u.mu.Unlock()
	u.pw.CloseWithError(cause)
	<-u.done
	u.mu.Lock()
	defer u.mu.Unlock()
	sum := hex.EncodeToString(u.h.Sum(nil))
	if cause == nil || u.early {
		return sum, u.err
	}
	return sum, nil
}

// decompress unpacks the stream into dst, sealed under label.
func decompress(src io.Reader, ci *keys.Cipher, dst, label string) error {
	dec, err := zstd.NewReader(src)
	if err != nil {
		return err
	}
	defer dec.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	fw, err := ci.NewFileWriter(out, label)
	if err == nil {
		if _, err = io.Copy(fw, dec); err == nil {
			err = fw.Close()
		}
	}
	return errors.Join(err, out.Close())
}
