//go:build !dev

package main

import (
	"context"

	"okienko/db"
)

// interimUnlock does nothing outside the dev build: the store is unlocked
// by a person's sign-in (main_interim_dev.go says why the dev build
// differs for now).
func interimUnlock(context.Context, *db.Store, string) error { return nil }
