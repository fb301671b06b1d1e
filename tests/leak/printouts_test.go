package leak

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintoutsAndLogsLeakNothing is the part of issue 13's scan that
// holds before the database's columns are sealed: the used directory's
// printouts (every folder printouts go to, temporary files included) and
// the app's and the registry's logs hold none of the clients' PESELs,
// surnames, streets or phones in any encoding. TestDataDirLeaksNothing
// (build tag leakscan) scans everything.
func TestPrintoutsAndLogsLeakNothing(t *testing.T) {
	u := buildUsed(t)
	copyDir := t.TempDir()
	if err := CopyDir(u.dir, copyDir); err != nil {
		t.Fatal(err)
	}
	var printouts int
	for _, sub := range []string{"sprawy", "wydruki", "kolejka", "skargi", "logs"} {
		filepath.WalkDir(filepath.Join(copyDir, sub), func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".pdf.okef") {
				printouts++
			}
			return nil
		})
		if _, err := os.Stat(filepath.Join(copyDir, sub)); err != nil {
			continue
		}
		hits, err := Scan(filepath.Join(copyDir, sub), markers())
		if err != nil {
			t.Fatal(err)
		}
		report(t, hits)
	}
	// 3 receipts, a call to supplement, 3 forms, today's list.
	if printouts < 8 {
		t.Errorf("only %d sealed printouts: the scan saw too little", printouts)
	}
	for _, log := range []string{filepath.Join(u.freshDir, "logs", "okienko.log"), u.registryLog} {
		data, err := os.ReadFile(log)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) == 0 {
			t.Errorf("%s is empty: the scan saw nothing", log)
		}
		report(t, ScanBytes(filepath.Base(filepath.Dir(log))+"/"+filepath.Base(log), data, Needles(markers())))
	}
	data, _ := os.ReadFile(filepath.Join(copyDir, "logs", "okienko.log"))
	if !strings.Contains(string(data), "a failure as the app logs one") {
		t.Error("the app's log was not written to the data directory")
	}
}
