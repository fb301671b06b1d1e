//go:build !unix

package sqlitestore

import "errors"

// ErrServing is a store a registry serves (or another restore holds).
var ErrServing = errors.New("sqlitestore: a registry is serving this store")

// Lock is a no-op where flock is missing: the registry runs on Linux.
func Lock(dir string) (release func(), err error) { return func() {}, nil }
