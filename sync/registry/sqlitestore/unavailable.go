package sqlitestore

import (
	"context"
	"errors"

	"modernc.org/sqlite"
)

// SQLite's primary result codes for a database another connection holds.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// IsUnavailable reports SQLITE_BUSY or SQLITE_LOCKED after the busy
// timeout (another process holds the file: a backup, an admin command)
// and a transaction that met its deadline: the file is there, but not
// for now.
func (s *Store) IsUnavailable(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code() & 0xff // extended codes keep the primary one in the low byte
		return c == sqliteBusy || c == sqliteLocked
	}
	return errors.Is(err, context.DeadlineExceeded)
}
