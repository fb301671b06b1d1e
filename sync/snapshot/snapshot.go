// Package snapshot keeps, on the registry, a prepared device database of
// each office: a fresh device downloads it (resumably) and copies it in
// one transaction instead of pulling and merging the office row by row.
// Each office has a live database kept at the head of its feed by the
// same code a device applies pulls with (db.Tx.ApplyRemote), so a
// snapshot holds exactly what a device would after pulling to its cursor.
// From time to time the live database is written out whole (VACUUM INTO)
// and compressed, and that file is what the registry serves.
package snapshot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"okienko/db"
	"okienko/sync/merge"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// Options tune a Builder; the zero value is production.
type Options struct {
	Logger *slog.Logger
	// MinChanges is how far the live database must be ahead of the
	// published snapshot before a new one is published (1,000 if zero):
	// a device pulls the changes after a snapshot's cursor as pages.
	MinChanges int64
	// MaxAge publishes anyway when the snapshot is older and anything
	// changed (one hour if zero).
	MaxAge time.Duration
}

// Builder keeps the offices' live databases and published snapshots
// under one directory.
type Builder struct {
	dir  string
	st   store.Store
	opt  Options
	log  *slog.Logger
	mu   sync.Mutex // guards live and latest
	live map[string]*db.Store
	// latest is the newest published snapshot per office.
	latest map[string]registry.Snapshot
	work   sync.Mutex // one refresh at a time
}

// New opens the snapshot directory and finds the snapshots already
// published there.
func New(dir string, st store.Store, opt Options) (*Builder, error) {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MinChanges <= 0 {
		opt.MinChanges = 1000
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = time.Hour
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	b := &Builder{dir: dir, st: st, opt: opt, log: opt.Logger, live: map[string]*db.Store{}, latest: map[string]registry.Snapshot{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			if snap, ok := b.published(e.Name()); ok {
				b.latest[e.Name()] = snap
			}
		}
	}
	return b, nil
}

// Close closes the live databases, after a refresh under way.
func (b *Builder) Close() error {
	b.work.Lock()
	defer b.work.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []error
	for id, st := range b.live {
		errs = append(errs, st.Close())
		delete(b.live, id)
	}
	return errors.Join(errs...)
}

// Latest is the newest published snapshot of the office.
func (b *Builder) Latest(officeID string) (registry.Snapshot, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.latest[officeID]
	return s, ok
}

// Run refreshes every office's snapshot now and then every interval,
// until ctx ends.
func (b *Builder) Run(ctx context.Context, every time.Duration) {
	for {
		offices, err := b.st.Offices(ctx)
		if err != nil && ctx.Err() == nil {
			b.log.Error("snapshot: list offices", "err", err)
		}
		for _, o := range offices {
			if _, _, err := b.Refresh(ctx, o.ID); err != nil && ctx.Err() == nil {
				b.log.Error("snapshot: refresh", "office", o.ID, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Refresh brings the office's live database to the head of its feed and
// publishes a new snapshot when the last one is far enough behind (or
// there is none). It returns the newest snapshot, if any.
func (b *Builder) Refresh(ctx context.Context, officeID string) (registry.Snapshot, bool, error) {
	b.work.Lock()
	defer b.work.Unlock()
	live, err := b.open(ctx, officeID)
	if err != nil {
		return registry.Snapshot{}, false, err
	}
	seq, err := b.st.Seq(ctx, officeID)
	if err != nil {
		return registry.Snapshot{}, false, fmt.Errorf("snapshot: sequence of %s: %w", officeID, err)
	}
	if ss, err := live.SyncState(ctx); err != nil {
		return registry.Snapshot{}, false, err
	} else if ss.Cursor > seq {
		// The office's sequence went back (a restored backup): devices
		// are told to refetch, and the live database starts over too.
		b.log.Warn("snapshot: the office's sequence went back; rebuilding", "office", officeID, "cursor", ss.Cursor, "seq", seq)
		if live, err = b.reset(ctx, officeID); err != nil {
			return registry.Snapshot{}, false, err
		}
		b.mu.Lock()
		delete(b.latest, officeID)
		b.mu.Unlock()
	}
	cursor, err := b.catchUp(ctx, live, officeID)
	if err != nil {
		return registry.Snapshot{}, false, err
	}
	last, ok := b.Latest(officeID)
	due := !ok && cursor > 0 ||
		ok && cursor-last.Cursor >= b.opt.MinChanges ||
		ok && cursor > last.Cursor && time.Since(last.ModTime) >= b.opt.MaxAge
	if !due {
		return last, ok, nil
	}
	snap, err := b.publish(ctx, live, officeID, cursor)
	if err != nil {
		return last, ok, err
	}
	return snap, true, nil
}

func (b *Builder) open(ctx context.Context, officeID string) (*db.Store, error) {
	if strings.ContainsAny(officeID, `/\.`) || officeID == "" {
		return nil, fmt.Errorf("snapshot: office id %q", officeID)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if st, ok := b.live[officeID]; ok {
		return st, nil
	}
	st, err := db.Open(ctx, filepath.Join(b.dir, officeID, "live"), db.Options{Logger: b.log, Plaintext: true})
	if err != nil {
		return nil, fmt.Errorf("snapshot: live database of %s: %w", officeID, err)
	}
	b.live[officeID] = st
	return st, nil
}

// reset throws the office's live database away and opens a new one.
func (b *Builder) reset(ctx context.Context, officeID string) (*db.Store, error) {
	b.mu.Lock()
	st := b.live[officeID]
	delete(b.live, officeID)
	b.mu.Unlock()
	if st != nil {
		_ = st.Close()
	}
	if err := os.RemoveAll(filepath.Join(b.dir, officeID, "live")); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return b.open(ctx, officeID)
}

// catchUp applies the office's feed after the live database's cursor,
// page by page, each page with its cursor in one transaction.
func (b *Builder) catchUp(ctx context.Context, live *db.Store, officeID string) (int64, error) {
	ss, err := live.SyncState(ctx)
	if err != nil {
		return 0, err
	}
	cursor := ss.Cursor
	for {
		rows, err := b.st.Changes(ctx, officeID, cursor, 1000)
		if err != nil {
			return cursor, fmt.Errorf("snapshot: changes of %s: %w", officeID, err)
		}
		if len(rows) == 0 {
			return cursor, nil
		}
		next := rows[len(rows)-1].Seq
		err = live.ApplyInTx(ctx, func(tx *db.Tx) error {
			for _, row := range rows {
				fields := row.Fields
				if fields == nil {
					fields = merge.Row{}
				}
				if _, err := tx.ApplyRemote(ctx, row.Entity, row.EntityID, fields); err != nil {
					// As a device does: one row it cannot take must not
					// stop the office's snapshot.
					b.log.Warn("snapshot: skipped a change", "entity", row.Entity, "seq", row.Seq, "err", err)
				}
			}
			return tx.SetCursor(ctx, next)
		})
		if err != nil {
			return cursor, fmt.Errorf("snapshot: apply to %s: %w", officeID, err)
		}
		cursor = next
	}
}

// publish writes the live database out whole, compresses it, and makes
// it the office's newest snapshot; the one before stays for downloads in
// flight, older ones go.
func (b *Builder) publish(ctx context.Context, live *db.Store, officeID string, cursor int64) (registry.Snapshot, error) {
	dir := filepath.Join(b.dir, officeID)
	raw := filepath.Join(dir, "publish.db")
	_ = os.Remove(raw) // a leftover of a publish cut short
	if err := live.WriteSnapshot(ctx, raw); err != nil {
		return registry.Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	defer os.Remove(raw)
	final := filepath.Join(dir, fmt.Sprintf("%020d-%d.zst", cursor, db.SchemaVersion()))
	sum, err := compress(raw, final)
	if err != nil {
		return registry.Snapshot{}, err
	}
	fi, err := os.Stat(final)
	if err != nil {
		return registry.Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	snap := registry.Snapshot{Path: final, Cursor: cursor, Schema: db.SchemaVersion(), ETag: `"` + sum + `"`, ModTime: fi.ModTime()}
	if err := os.WriteFile(final+".sha256", []byte(sum+"\n"), 0o600); err != nil {
		return registry.Snapshot{}, fmt.Errorf("snapshot: %w", err)
	}
	b.mu.Lock()
	prev := b.latest[officeID]
	b.latest[officeID] = snap
	b.mu.Unlock()
	b.prune(dir, final, prev.Path)
	b.log.Info("snapshot published", "office", officeID, "cursor", cursor, "bytes", fi.Size())
	return snap, nil
}

// compress writes src to dst with zstd, through a temporary file renamed
// into place, and returns the SHA-256 of what it wrote.
func compress(src, dst string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	defer in.Close()
	tmp := dst + ".tmp"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	defer os.Remove(tmp)
	h := sha256.New()
	enc, err := zstd.NewWriter(io.MultiWriter(out, h), zstd.WithEncoderLevel(zstd.SpeedFastest))
	if err != nil {
		out.Close()
		return "", fmt.Errorf("snapshot: %w", err)
	}
	_, err = io.Copy(enc, in)
	err = errors.Join(err, enc.Close())
	if err == nil {
		err = out.Sync()
	}
	if err = errors.Join(err, out.Close()); err != nil {
		return "", fmt.Errorf("snapshot: compress: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return "", fmt.Errorf("snapshot: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// prune removes published files other than keep and prev.
func (b *Builder) prune(dir, keep, prev string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		base := strings.TrimSuffix(p, ".sha256")
		if !strings.HasSuffix(base, ".zst") || base == keep || base == prev {
			continue
		}
		_ = os.Remove(p)
	}
}

// published finds the newest complete snapshot in an office's directory
// (one with its checksum written, of this build's schema).
func (b *Builder) published(officeID string) (registry.Snapshot, bool) {
	dir := filepath.Join(b.dir, officeID)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return registry.Snapshot{}, false
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zst") {
			names = append(names, e.Name())
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	for _, name := range names {
		var cursor, schema int64
		if _, err := fmt.Sscanf(name, "%d-%d.zst", &cursor, &schema); err != nil || schema != db.SchemaVersion() {
			continue
		}
		p := filepath.Join(dir, name)
		sum, err := os.ReadFile(p + ".sha256")
		fi, serr := os.Stat(p)
		if err != nil || serr != nil {
			continue
		}
		return registry.Snapshot{Path: p, Cursor: cursor, Schema: schema, ETag: strconv.Quote(strings.TrimSpace(string(sum))), ModTime: fi.ModTime()}, true
	}
	return registry.Snapshot{}, false
}
