package app

import (
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"okienko/app/i18n"
	"okienko/db"
)

// TestStartupMessage: each way a data directory cannot be opened is told
// in its own Polish sentence that names the folder.
func TestStartupMessage(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	dir := `C:\Users\anna\AppData\Roaming\Okienko`
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("db: open: %w", &db.SchemaNewerError{Have: 40, Newest: 31}), "nowsza wersja Okienka (schemat 40, ta wersja zna schematy do 31)"},
		{&fs.PathError{Op: "mkdir", Path: dir, Err: syscall.EROFS}, "tylko do odczytu"},
		{&fs.PathError{Op: "open", Path: dir, Err: fs.ErrPermission}, "tylko do odczytu"},
		{fmt.Errorf("db: migrate: %w", syscall.ENOSPC), "zabrakło miejsca"},
		{fmt.Errorf("sqlite: database or disk is full (13)"), "zabrakło miejsca"},
		{fmt.Errorf("something else"), "nie może wystartować z folderem danych"},
	} {
		got := StartupMessage(b, "pl", dir, c.err)
		if !strings.Contains(got, c.want) || !strings.Contains(got, dir) || strings.Contains(got, "{") {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
