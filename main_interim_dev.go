//go:build dev

package main

import (
	"context"

	"okienko/app/keys"
	"okienko/db"
)

// interimUnlock unlocks the store with a data key of this process alone,
// in the dev build only, so printouts (sealed under the store's cipher)
// can be made and shown in the end-to-end tests until sign-in unwraps the
// device's data key from its key file (ARCHITECTURE.md, Encryption at
// rest: next steps, 6). A printout sealed under it cannot be opened after
// a restart. Remove this file when sign-in unlocks the store.
func interimUnlock(ctx context.Context, store *db.Store) error {
	if store.Unlocked() {
		return nil
	}
	dk := keys.NewDataKey()
	defer dk.Destroy()
	c, err := keys.NewCipher(dk)
	if err != nil {
		return err
	}
	return store.Unlock(ctx, c)
}
