package app

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"
	"syscall"

	"okienko/app/i18n"
	"okienko/db"
)

// StartupMessage is the sentence a person reads when the app cannot start
// on dataDir: the data of a newer version (left untouched), a folder that
// cannot be written (read-only disk, no rights), a full disk; otherwise
// the error itself with where the log is. Written in locale (Polish on a
// counter's PC: the app has no other language before sign-in).
func StartupMessage(b *i18n.Bundle, locale, dataDir string, err error) string {
	args := map[string]string{"dir": dataDir}
	var newer *db.SchemaNewerError
	switch {
	case errors.As(err, &newer):
		args["have"] = strconv.FormatInt(newer.Have, 10)
		args["newest"] = strconv.FormatInt(newer.Newest, 10)
		return b.T(locale, "startup.schemaNewer", args)
	case diskFull(err):
		return b.T(locale, "startup.diskFull", args)
	case readOnly(err):
		return b.T(locale, "startup.readOnly", args)
	}
	args["detail"] = err.Error()
	return b.T(locale, "startup.failed", args)
}

// readOnly reports a folder or file that may not be written: a read-only
// disk or share, missing rights, or SQLite refusing to write.
func readOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) || isWriteProtected(err) ||
		strings.Contains(err.Error(), "readonly database") || strings.Contains(err.Error(), "unable to open database file")
}

// diskFull reports a disk with no room left.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || isDiskFullWindows(err) || strings.Contains(err.Error(), "database or disk is full")
}
