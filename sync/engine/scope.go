package engine

import (
	"context"

	"okienko/db"
	"okienko/sync/protocol"
)

// A device limited to some units by the registry's admin (issue 13)
// holds only its scope's cases. The registry cuts its pages to the scope
// and names the cases that left it (protocol.PullResponse.Forget); they
// are removed in the page's transaction, after the round's push, so a
// case whose changes were just pushed (a handover to another unit) goes
// at once and one whose changes still wait stays until they are pushed.
// A page cut for another scope than the last (the admin changed it)
// starts the pull over from the beginning (pull). A device of the whole
// office never drops anything.

// applyScope records a new scope and forgets the page's cases, in the
// page's transaction.
func (e *Engine) applyScope(ctx context.Context, tx *db.Tx, page protocol.PullResponse, newScope bool) error {
	if newScope {
		if err := tx.SetSyncScope(ctx, page.Scope); err != nil {
			return err
		}
	}
	if len(page.Forget) == 0 {
		return nil
	}
	n, err := tx.ForgetCases(ctx, page.Forget)
	if n > 0 {
		e.opt.Logger.Info("cases outside the device's scope removed", "count", n)
	}
	return err
}

// keepScope removes, on a limited device, the cases closed longer ago
// than the office's period (by the office's clock) and those the
// registry named whose changes have since been pushed; one transaction.
func (e *Engine) keepScope(ctx context.Context) error {
	scope, err := e.store.SyncScope(ctx)
	if err != nil || scope == "" {
		return err
	}
	ss, err := e.store.SyncState(ctx)
	if err != nil {
		return err
	}
	cutoff := e.store.OfficeClock().Today().AddDate(0, 0, -e.store.ClosedDays(ctx, ss.OfficeID)).UnixMilli()
	n := 0
	if err := e.store.ApplyInTx(ctx, func(tx *db.Tx) error {
		n, err = tx.DropClosed(ctx, cutoff)
		return err
	}); err != nil {
		return err
	}
	if n > 0 {
		e.opt.Logger.Info("cases outside the device's scope removed", "count", n)
		if e.opt.OnApplied != nil {
			e.opt.OnApplied()
		}
	}
	return nil
}
