package store

import (
	"errors"
	"time"
)

// ErrUnavailable marks an error of the store's server or file, not of the
// request: the database is down, restarting, out of connections or busy
// beyond its timeout. The registry answers it 503 with Retry-After.
var ErrUnavailable = errors.New("store: unavailable")

// TxDeadline bounds every store transaction: a hung database fails the
// request within it instead of holding a connection and a write slot.
const TxDeadline = 10 * time.Second

// ConnectTimeout bounds a connection attempt to a database server.
const ConnectTimeout = 5 * time.Second

// UnavailableChecker is a store that can tell its outage errors (driver
// error codes, refused connections) from the request's own errors.
type UnavailableChecker interface {
	IsUnavailable(err error) bool
}

// ErrTooNew is a store migrated by a newer registry than this one.
var ErrTooNew = errors.New("store: migrated by a newer registry")
