package leak

import "testing"

// TestDataDirLeaksNothing is issue 13's "done means": a used device's
// whole data directory, copied as it is (the database, -wal, -shm and
// journal, printouts, logs, the key file) and a fresh device's, cut off
// in its snapshot download, hold none of the clients' PESELs, surnames,
// streets or phones in any byte, in any encoding the scanner knows. It
// is behind the build tag leakscan until the database's columns are
// sealed (seal-cases, seal-sync): before that it finds them, and says
// where. The lead removes the tag after those merges.
func TestDataDirLeaksNothing(t *testing.T) {
	u := buildUsed(t)
	for _, dir := range []string{u.dir, u.freshDir} {
		copyDir := t.TempDir()
		if err := CopyDir(dir, copyDir); err != nil {
			t.Fatal(err)
		}
		hits, err := Scan(copyDir, markers())
		if err != nil {
			t.Fatal(err)
		}
		report(t, hits)
	}
}
