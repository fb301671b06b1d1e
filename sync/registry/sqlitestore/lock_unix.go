//go:build unix

package sqlitestore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// ErrServing is a store a registry serves (or another restore holds).
var ErrServing = errors.New("sqlitestore: a registry is serving this store")

// Lock marks the store in dir as served: an exclusive flock on
// DIR/registry.lock, held until release, with the process id written in
// it for the message. registry serve takes it for its lifetime and
// restore for its own, so no restore replaces a file a registry has open;
// the kernel drops it when the process dies, so no stale marker is left
// after a kill -9.
func Lock(dir string) (release func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sqlitestore: lock: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "registry.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		raw, _ := os.ReadFile(f.Name())
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w (process %s); stop it first", ErrServing, strings.TrimSpace(string(raw)))
		}
		return nil, fmt.Errorf("sqlitestore: lock: %w", err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = f.Truncate(0)
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
