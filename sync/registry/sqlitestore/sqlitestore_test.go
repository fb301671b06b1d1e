package sqlitestore

import (
	"context"
	"testing"

	"okienko/sync/registry/store"
	"okienko/sync/registry/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
