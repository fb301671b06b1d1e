package store

import (
	"context"
	"fmt"

	"github.com/pressly/goose/v3"
)

// NotNewer refuses a store a newer registry migrated: this binary would
// read and write tables whose meaning changed after it was built. (A
// newer registry migrates an older store at start; the other way has no
// way back but the newer binary.) Both stores call it with their goose
// provider before migrating.
func NotNewer(ctx context.Context, p *goose.Provider) error {
	have, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	src := p.ListSources()
	if len(src) == 0 {
		return nil
	}
	if known := src[len(src)-1].Version; have > known {
		return fmt.Errorf("%w: the store is at migration %d and this registry knows migrations up to %d; run the newer registry (or restore a backup taken before the upgrade)", ErrTooNew, have, known)
	}
	return nil
}
