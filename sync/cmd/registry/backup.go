package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
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

// pgBackupHint is what admin backup and restore say of a PostgreSQL store.
const pgBackupHint = `the registry's PostgreSQL database is backed up with PostgreSQL's own tools: ` +
	`pg_dump -Fc (or continuous archiving for point-in-time recovery), restored with pg_restore into a fresh database; ` +
	`then, before any registry serves it, run "registry admin --db URL generation new" so that devices send again what the copy lacks (README, Backups)`

// errTargetExists is a backup target that exists without --force.
var errTargetExists = errors.New("the backup file exists; give --force to replace it")

// backupFile writes a consistent copy of a SQLite store to out while the
// registry may be serving: into a temporary file in out's directory,
// given a generation of its own (so a copy put back by hand is noticed by
// the devices as a restore made with admin restore is), synced, and
// renamed over out. A failure leaves no partial file and changes nothing.
func backupFile(ctx context.Context, st *sqlitestore.Store, out string, force bool) (err error) {
	if _, err := os.Stat(out); err == nil && !force {
		return fmt.Errorf("%s: %w", out, errTargetExists)
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

// restoreFile puts a backup in place of the SQLite store in dir, with a
// new generation. It refuses while a registry serves the store (the
// store's lock), a file that is damaged, newer than this registry or of
// other offices than the store's, and changes nothing on any failure: the
// copy is made and migrated in a temporary file beside the store and
// renamed over it only when whole. The store it replaces is kept as
// registry.db.before-restore-TIME.
func restoreFile(ctx context.Context, dir, from string, w io.Writer) error {
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
	g, err := registry.NewGeneration(ctx, st, time.Now())
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
		keep := cur + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
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

// backupName names a scheduled backup by the offices it holds (their
// TERYT codes) and the UTC time: names sort by time.
func backupName(offices []store.Office, at time.Time) string {
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

// backups lists the scheduled backups in dir, oldest first.
func backups(dir string) ([]string, error) {
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

// scheduler takes backups every interval into dir and keeps the newest
// keep; the newest one's time goes to /metrics (okienko_backup_age_seconds).
type scheduler struct {
	st       *sqlitestore.Store
	dir      string
	every    time.Duration
	keep     int
	log      *slog.Logger
	metrics  *registry.Metrics
	retry    time.Duration // after a failure
	now      func() time.Time
	lastTook time.Time
}

// run takes the first backup when the newest in dir is older than every
// (or there is none), then one every interval, until ctx ends.
func (s *scheduler) run(ctx context.Context) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		s.log.Error("backup directory", "dir", s.dir, "err", err)
	}
	if list, _ := backups(s.dir); len(list) > 0 {
		if t, err := time.Parse("20060102T150405Z", stampOf(list[len(list)-1])); err == nil {
			s.lastTook = t
			s.metrics.BackupAt.Store(t.UnixMilli())
		}
	}
	for {
		wait := time.Until(s.lastTook.Add(s.every))
		if wait < 0 {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		if err := s.once(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.metrics.BackupFailures.Add(1)
			s.log.Error("backup failed; the registry goes on serving", "dir", s.dir, "err", err, "retry_in", s.retry.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(s.retry):
			}
			continue
		}
	}
}

// once takes one backup and prunes the old ones.
func (s *scheduler) once(ctx context.Context) error {
	offices, err := s.st.Offices(ctx)
	if err != nil {
		return err
	}
	at := s.now()
	out := filepath.Join(s.dir, backupName(offices, at))
	start := time.Now()
	if err := backupFile(ctx, s.st, out, false); err != nil {
		return err
	}
	s.lastTook = at
	s.metrics.BackupAt.Store(at.UnixMilli())
	fi, _ := os.Stat(out)
	var size int64
	if fi != nil {
		size = fi.Size()
	}
	s.log.Info("backup taken", "file", filepath.Base(out), "bytes", size, "ms", time.Since(start).Milliseconds())
	list, err := backups(s.dir)
	if err != nil {
		return nil
	}
	for len(list) > s.keep {
		if err := os.Remove(list[0]); err != nil {
			s.log.Warn("remove an old backup", "file", filepath.Base(list[0]), "err", err)
		}
		list = list[1:]
	}
	return nil
}

// adminBackup is admin backup, restore and generation: commands that
// take the store's file as a whole.
func adminBackup(ctx context.Context, sf storeFlags, cmd string, args []string, w io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	out := fs.String("out", "", "backup: the file to write")
	from := fs.String("from", "", "restore: the backup file to restore")
	force := fs.Bool("force", false, "backup: replace an existing file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch cmd {
	case "backup":
		if *sf.dsn != "" {
			return errors.New("admin backup takes SQLite stores only: " + pgBackupHint)
		}
		if *out == "" || *sf.data == "" {
			return errors.New("give --data DIR and --out FILE")
		}
		st, err := sqlitestore.Open(ctx, *sf.data)
		if err != nil {
			return err
		}
		defer st.Close()
		start := time.Now()
		if err := backupFile(ctx, st, *out, *force); err != nil {
			return err
		}
		fmt.Fprintf(w, "Backup written to %s in %.1f s.\n", *out, time.Since(start).Seconds())
		return nil
	case "restore":
		if *sf.dsn != "" {
			return errors.New("admin restore takes SQLite stores only: " + pgBackupHint)
		}
		if *from == "" || *sf.data == "" {
			return errors.New("give --data DIR and --from FILE")
		}
		return restoreFile(ctx, *sf.data, *from, w)
	case "generation":
		if len(fs.Args()) != 1 || fs.Arg(0) != "new" {
			return errors.New("admin generation new: give the store a new generation after restoring it by other means")
		}
		if *sf.data != "" {
			release, err := sqlitestore.Lock(*sf.data)
			if err != nil {
				return err
			}
			defer release()
		}
		st, err := sf.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		g, err := registry.NewGeneration(ctx, st, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "The store's generation is now %s; devices send again what it lacks at their next contact.\n", g.ID)
		return nil
	}
	return fmt.Errorf("unknown admin command %q", cmd)
}
