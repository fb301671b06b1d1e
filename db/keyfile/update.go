package keyfile

import (
	"errors"
	"sync"

	"okienko/app/keys"
)

// updating serialises the read-change-write of key files in this process:
// the app wraps a person at sign-in while the sync engine may drop the
// wraps of people taken off the list, and neither may lose the other's.
var updating sync.Mutex

// Update reads the key file of dir, lets change alter it, and writes it
// back when change says it changed something, one update at a time.
// ErrCopyStale is not an error here: the key file itself is new.
func Update(dir string, change func(ks *keys.KeySet) (bool, error)) error {
	updating.Lock()
	defer updating.Unlock()
	ks, _, err := Read(dir)
	if err != nil {
		return err
	}
	changed, err := change(ks)
	if err != nil || !changed {
		return err
	}
	if err := Write(dir, ks); err != nil && !errors.Is(err, ErrCopyStale) {
		return err
	}
	return nil
}

// Create writes a new key file where there is none, under the same lock
// as Update; a key file already there is left as it is (ErrExists).
func Create(dir string, ks *keys.KeySet) error {
	updating.Lock()
	defer updating.Unlock()
	if _, _, err := Read(dir); !errors.Is(err, ErrNoKeyFile) {
		if err == nil {
			return ErrExists
		}
		return err
	}
	if err := Write(dir, ks); err != nil && !errors.Is(err, ErrCopyStale) {
		return err
	}
	return nil
}

// Replace writes ks over whatever key file dir holds (a new enrolment:
// a new data key for a database taken afresh from the registry).
func Replace(dir string, ks *keys.KeySet) error {
	updating.Lock()
	defer updating.Unlock()
	if err := Write(dir, ks); err != nil && !errors.Is(err, ErrCopyStale) {
		return err
	}
	return nil
}

// ErrExists: Create found a key file already there.
var ErrExists = errors.New("keyfile: a key file exists already")
