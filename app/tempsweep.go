package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"okienko/app/printer"
)

// Leftovers in the system's temporary directory that may hold personal
// data or a key in the clear, swept at every start (SweepTemp):
//   - recoverySheetGlob: the recovery code's sheet as an older version
//     wrote it (a plaintext PDF meant to be removed after two minutes; an
//     app killed or a laptop suspended before then left it for good). The
//     app writes it nowhere now (RecoverySheetPath).
//   - printSpoolPrefix: the Windows print path's private copy of a
//     printout while it is spooled (printer.Windows.Print), left behind
//     when the app is killed during a print.
const (
	recoverySheetGlob = "okienko-kod-odzyskiwania-*.pdf"
	printSpoolPrefix  = "okienko-print-"
)

// SweepTemp removes those leftovers from dir (os.TempDir() in main.go). A
// spool directory younger than twice printer.Timeout may be another
// running copy's print under way and is kept. It reports how many it
// removed; names are not logged (a spool's file is named after its
// printout).
func SweepTemp(dir string, now time.Time, log *slog.Logger) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		var stale bool
		switch {
		case !e.IsDir():
			stale, _ = filepath.Match(recoverySheetGlob, name)
		case strings.HasPrefix(name, printSpoolPrefix):
			info, err := e.Info()
			stale = err == nil && now.Sub(info.ModTime()) > 2*printer.Timeout
		}
		if !stale {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			log.Warn("temporary leftover not removed", "err", withoutPath(err))
			continue
		}
		n++
	}
	if n > 0 {
		log.Info("temporary leftovers removed", "count", n)
	}
	return n
}
