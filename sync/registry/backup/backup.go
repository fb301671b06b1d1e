// Package backup takes and restores the registry's SQLite store whole: a
// consistent copy taken while the registry serves (Take), on a schedule
// with the newest kept (Scheduler), and a restore that checks the file,
// gives the store a new generation so devices send again what it lacks,
// and changes nothing on any failure (Restore).
package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
)

// PGHint is what admin backup and restore say of a PostgreSQL store.
const PGHint = `the registry's PostgreSQL database is backed up with PostgreSQL's own tools: ` +
	`pg_dump -Fc (or continuous archiving for point-in-time recovery), restored with pg_restore into a fresh database; ` +
	`then, before any registry serves it, run "registry admin --db URL generation new" so that devices send again what the copy lacks (README, Backups)`

// ErrTargetExists is a backup target that exists without --force.
var ErrTargetExists = errors.New("the backup file exists; give --force to replace it")

// Take writes a consistent copy of a SQLite store to out while the
// registry may be serving: into a temporary file in out's directory,
// given a generation of its own (so a copy put back by hand is noticed by
// the devices as a restore made with admin restore is), synced, and
// renamed over out. A failure leaves no partial file and changes nothing.
func Take(ctx context.Context, st *sqlitestore.Store, out string, force bool) (err error) {
	if _, err := os.Stat(out); err == nil && !force {
		return fmt.Errorf("%s: %w", out, ErrTargetExists)
	}
	dir := filepath.Dir(out)
	tmp := filepath.Join(dir, "."+filepath.Base(out)+".tmp-"+randomHex(4))
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return targetError(dir, err)
	}
	f.Close()
	defer func() {
		if err != nil {
			for _, p := range []string{tmp, tmp + "-journal", tmp + "-wal", tmp + "-shm"} {
				os.Remove(p)
			}
		}
	}()
	if err := st.Backup(ctx, tmp); err != nil {
		return targetError(dir, err)
	}
	cp, err := sqlitestore.OpenFile(ctx, tmp)
	if err != nil {
		return targetError(dir, err)
	}
	if _, err := registry.NewGeneration(ctx, cp, time.Now()); err != nil {
		cp.Close()
		return targetError(dir, err)
	}
	if err := cp.Close(); err != nil {
		return targetError(dir, err)
	}
	if err := sqlitestore.SelfContained(ctx, tmp); err != nil {
		return targetError(dir, err)
	}
	if err := syncFile(tmp); err != nil {
		return targetError(dir, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return targetError(dir, err)
	}
	return targetError(dir, syncDir(dir))
}

// targetError says in plain words why a backup target took nothing.
func targetError(dir string, err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "full") || strings.Contains(msg, "SQLITE_FULL"):
		return fmt.Errorf("the backup directory %s is full; free space or choose another (nothing was written): %w", dir, err)
	case errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES) || errors.Is(err, os.ErrPermission) ||
		strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "unable to open"):
		return fmt.Errorf("cannot write to the backup directory %s (read-only or no permission; nothing was written): %w", dir, err)
	}
	return fmt.Errorf("backup to %s failed (nothing was written): %w", dir, err)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Restore puts a backup in place of the SQLite store in dir, with a
// new generation. It refuses while a registry serves the store (the
// store's lock), a file that is damaged, newer than this registry or of
// other offices than the store's, and changes nothing on any failure: the
// copy is made and migrated in a temporary file beside the store and
// renamed over it only when whole. The store it replaces is kept as
// registry.db.before-restore-TIME.
func Restore(ctx context.Context, dir, from string, w io.Writer) error {
	return RestoreAt(ctx, dir, from, w, time.Now())
}

// RestoreAt is Restore with the registry's time of the restore (devices
// enrolled before it must send again before the office leases numbers).
func RestoreAt(ctx context.Context, dir, from string, w io.Writer, now time.Time) error {
	release, err := sqlitestore.Lock(dir)
	if err != nil {
		return fmt.Errorf("restore refused: %w", err)
	}
	defer release()
	info, err := sqlitestore.Inspect(ctx, from)
	if err != nil {
		return fmt.Errorf("restore refused, the store is unchanged: %s: %w", from, err)
	}
	cur := sqlitestore.DBPath(dir)
	_, statErr := os.Stat(cur)
	exists := statErr == nil
	if exists {
		st, err := sqlitestore.Open(ctx, dir)
		if err != nil {
			return fmt.Errorf("restore refused: the current store does not open: %w", err)
		}
		have, err := st.Offices(ctx)
		if err == nil {
			err = sameOffices(have, info.Offices)
		}
		if err == nil {
			err = st.Checkpoint(ctx)
		}
		if cerr := st.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("restore refused, the store is unchanged: %w", err)
		}
	}
	tmp := filepath.Join(dir, ".restore-"+randomHex(4)+".db")
	done := false
	defer func() {
		if !done {
			for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm", tmp + "-journal"} {
				os.Remove(p)
			}
		}
	}()
	if err := copyFile(from, tmp); err != nil {
		return fmt.Errorf("restore failed, the store is unchanged: %w", err)
	}
	st, err := sqlitestore.OpenFile(ctx, tmp)
	if err != nil {
		return fmt.Errorf("restore failed, the store is unchanged: %w", err)
	}
	g, err := registry.NewGeneration(ctx, st, now)
	if err == nil {
		err = st.Checkpoint(ctx)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err != nil {
		return fmt.Errorf("restore failed, the store is unchanged: %w", err)
	}
	if exists {
		keep := cur + ".before-restore-" + now.UTC().Format("20060102T150405Z")
		if err := os.Link(cur, keep); err != nil {
			return fmt.Errorf("restore failed, the store is unchanged: keep the current store: %w", err)
		}
		fmt.Fprintf(w, "The store as it was is kept as %s.\n", keep)
		// Checkpointed and closed: what is left of the WAL is empty, and
		// must not be read against the restored file.
		os.Remove(cur + "-wal")
		os.Remove(cur + "-shm")
	}
	if err := os.Rename(tmp, cur); err != nil {
		return fmt.Errorf("restore failed, the store is unchanged: %w", err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return err
	}
	// The prepared snapshots were cut from the lost registry's feed.
	if err := os.RemoveAll(filepath.Join(dir, "snapshots")); err != nil {
		fmt.Fprintf(w, "Remove %s by hand before serving: %v.\n", filepath.Join(dir, "snapshots"), err)
	}
	fmt.Fprintf(w, "Restored %s into %s: generation %s.\n", from, dir, g.ID)
	fmt.Fprintln(w, "Devices send again what they hold at their next contact; numbers are leased again once every device enrolled before now has (revoke one that is gone for good).")
	return nil
}

// sameOffices refuses a backup of another registry: the offices it
// holds must be the store's.
func sameOffices(have, file []store.Office) error {
	ids := func(os []store.Office) []string {
		out := make([]string, len(os))
		for i, o := range os {
			out[i] = o.ID
		}
		slices.Sort(out)
		return out
	}
	a, b := ids(have), ids(file)
	if len(a) > 0 && !slices.Equal(a, b) {
		return fmt.Errorf("the file holds other offices (%s) than this store (%s): it is not a backup of this registry",
			strings.Join(b, ", "), strings.Join(a, ", "))
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Name names a scheduled backup by the offices it holds (their
// TERYT codes) and the UTC time: names sort by time.
func Name(offices []store.Office, at time.Time) string {
	codes := make([]string, 0, len(offices))
	for _, o := range offices {
		codes = append(codes, safeName(o.TERYT))
	}
	sort.Strings(codes)
	who := strings.Join(codes, "_")
	if who == "" {
		who = "empty"
	}
	return "registry-" + who + "-" + at.UTC().Format("20060102T150405Z") + ".db"
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, s)
}

// List lists the scheduled backups in dir, oldest first.
func List(dir string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "registry-*.db"))
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool { return stampOf(all[i]) < stampOf(all[j]) })
	return all, nil
}

// stampOf is a scheduled backup's UTC time as its name says it.
func stampOf(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), ".db")
	if i := strings.LastIndexByte(base, '-'); i >= 0 {
		return base[i+1:]
	}
	return base
}

// Scheduler takes backups every interval into dir and keeps the newest
// keep; the newest one's time goes to /metrics (okienko_backup_age_seconds).
type Scheduler struct {
	Store    *sqlitestore.Store
	Dir      string
	Every    time.Duration
	Keep     int
	Log      *slog.Logger
	Metrics  *registry.Metrics
	Retry    time.Duration // after a failure
	Now      func() time.Time
	lastTook time.Time
}

// Run takes the first backup when the newest in dir is older than every
// (or there is none), then one every interval, until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		s.Log.Error("backup directory", "dir", s.Dir, "err", err)
	}
	if list, _ := List(s.Dir); len(list) > 0 {
		if t, err := time.Parse("20060102T150405Z", stampOf(list[len(list)-1])); err == nil {
			s.lastTook = t
			s.Metrics.BackupAt.Store(t.UnixMilli())
		}
	}
	for {
		wait := time.Until(s.lastTook.Add(s.Every))
		if wait < 0 {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if err := s.Once(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.Metrics.BackupFailures.Add(1)
			s.Log.Error("backup failed; the registry goes on serving", "dir", s.Dir, "err", err, "retry_in", s.Retry.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(s.Retry):
			}
			continue
		}
	}
}

// Once takes one backup and prunes the old ones.
func (s *Scheduler) Once(ctx context.Context) error {
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		return err
	}
	at := s.Now()
	out := filepath.Join(s.Dir, Name(offices, at))
	start := time.Now()
	if err := Take(ctx, s.Store, out, false); err != nil {
		return err
	}
	s.lastTook = at
	s.Metrics.BackupAt.Store(at.UnixMilli())
	fi, _ := os.Stat(out)
	var size int64
	if fi != nil {
		size = fi.Size()
	}
	s.Log.Info("backup taken", "file", filepath.Base(out), "bytes", size, "ms", time.Since(start).Milliseconds())
	list, err := List(s.Dir)
	if err != nil {
		return nil
	}
	for len(list) > s.Keep {
		if err := os.Remove(list[0]); err != nil {
			s.Log.Warn("remove an old backup", "file", filepath.Base(list[0]), "err", err)
		}
		list = list[1:]
	}
	return nil
}
