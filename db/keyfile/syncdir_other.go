//go:build !unix

package keyfile

// syncDir does nothing where a directory cannot be opened for syncing
// (Windows): there os.Rename is MoveFileEx with MOVEFILE_REPLACE_EXISTING,
// which replaces the file in one step, and its durability rests on the
// file system's journal.
func syncDir(string) error { return nil }
