//go:build dev

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"okienko/app/auth"
	"okienko/app/keys"
	"okienko/db"
	"okienko/db/keyfile"
)

// The dev build's stand-in for sign-in's unwrapping of the data key: a key
// file of its own (dev-interim/ in the data directory) wrapping the data
// key for one fixed password, so printouts (sealed under the store's
// cipher) can be made and shown across restarts in the end-to-end tests
// until sign-in unwraps the device's data key (ARCHITECTURE.md,
// Encryption at rest: next steps, 6). It protects nothing: remove this
// file when sign-in unlocks the store.
const (
	interimDir      = "dev-interim"
	interimStaff    = "dev-interim"
	interimPassword = "okienko-dev-interim"
)

var interimParams = auth.Params{Time: 1, Memory: 1024, Threads: 1, KeyLen: 32, SaltLen: 16}

func interimUnlock(ctx context.Context, store *db.Store, dataDir string) error {
	if store.Unlocked() {
		return nil
	}
	dir := filepath.Join(dataDir, interimDir)
	ks, _, err := keyfile.Read(dir)
	var dk *keys.DataKey
	switch {
	case errors.Is(err, keyfile.ErrNoKeyFile):
		dk = keys.NewDataKey()
		if ks, err = keys.NewKeySet(store.DeviceID(), dk, keys.NewRecoveryCode(), interimParams); err != nil {
			return err
		}
		if err := ks.AddPerson(dk, interimStaff, interimPassword, interimParams); err != nil {
			return err
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if err := keyfile.Write(dir, ks); err != nil {
			return err
		}
	case err != nil:
		return err
	default:
		if dk, err = ks.Unwrap(interimStaff, interimPassword); err != nil {
			return err
		}
	}
	defer dk.Destroy()
	c, err := keys.NewCipher(dk)
	if err != nil {
		return err
	}
	return store.Unlock(ctx, c)
}
