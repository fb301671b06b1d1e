package sim

import (
	"io"
	"net/http"
	"path/filepath"

	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/snapshot"
	"okienko/sync/synctest"
)

// restoreState is the run's restore: a backup taken at a third of the
// steps, put back in place of the registry at two thirds. The answers
// given between the two were given by a registry that is lost: their ops
// are not in the restored op log, and must be at the registry all the
// same by the end, sent again by the devices.
type restoreState struct {
	file             string
	lostFrom, lostTo int // w.answers given by the lost registry
	done             bool
}

// lost reports whether the i-th answer came from the lost registry.
func (r restoreState) lost(i int) bool { return r.done && i >= r.lostFrom && i < r.lostTo }

// restoreStep takes the backup and restores it when their steps come.
func (w *world) restoreStep() {
	if !w.opt.Restore || w.opt.Postgres != "" {
		return
	}
	switch w.step {
	case w.opt.Steps / 3:
		w.restore.file = filepath.Join(w.t.TempDir(), "backup.db")
		if err := backup.Take(w.ctx, w.reg.Store().(*sqlitestore.Store), w.restore.file, false); err != nil {
			w.fatalf("backup: %v", err)
		}
		w.mu.Lock()
		w.restore.lostFrom = len(w.answers)
		w.mu.Unlock()
	case 2 * w.opt.Steps / 3:
		w.mu.Lock()
		w.restore.lostTo = len(w.answers)
		w.mu.Unlock()
		// The registry's disk dies: no request is in flight between steps.
		w.snaps.Close()
		w.reg.Store().Close()
		w.regDB.Close()
		if err := backup.RestoreAt(w.ctx, w.regDir, w.restore.file, io.Discard, w.now()); err != nil {
			w.fatalf("restore: %v", err)
		}
		st, err := sqlitestore.Open(w.ctx, w.regDir)
		if err != nil {
			w.fatalf("open the restored store: %v", err)
		}
		w.t.Cleanup(func() { st.Close() })
		if w.snaps, err = snapshot.New(filepath.Join(w.regDir, "snapshots"), st, snapshot.Options{}); err != nil {
			w.fatalf("snapshots: %v", err)
		}
		snaps := w.snaps
		w.t.Cleanup(func() { snaps.Close() })
		opt := w.regOpt
		opt.Snapshots = w.snaps
		w.reg = &synctest.Registry{Registry: registry.New(st, opt), URL: w.reg.URL, OfficeID: w.reg.OfficeID}
		w.regs = []*synctest.Registry{w.reg}
		w.handlers = []http.Handler{w.reg.Handler()}
		w.regDB = openRaw(w.t, filepath.Join(w.regDir, "registry.db"))
		w.restore.done = true
		// The late device starts from a snapshot of the restored registry.
		if _, _, err := w.snaps.Refresh(w.ctx, w.reg.OfficeID); err != nil {
			w.fatalf("publish a snapshot: %v", err)
		}
	}
}
