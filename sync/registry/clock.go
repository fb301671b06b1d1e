package registry

import (
	"context"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// The registry stamps values itself: a conflict's kept values, a
// resolution, numbers cancelled or used after the year closed. Devices
// merge by stamp, so such a stamp must sort after every stamp the row
// already holds, or devices that hold the older value keep it and part
// from the registry. The row's stamps may come from another clock: a
// second registry process on the same database (a few milliseconds ahead,
// or in the same millisecond with its counter further on), `registry
// admin`, or this process before a restart. So every row read in a
// transaction is observed by this registry's clock first.

// observeRow makes the clock's next stamps sort after the row's newest.
func observeRow(c *hlc.Clock, fields merge.Row) {
	newest := ""
	for _, f := range fields {
		newest = max(newest, f.H) // stamps sort as strings
	}
	if ts, err := hlc.Parse(newest); err == nil {
		// A stamp beyond hlc.MaxDrift is refused; the registry never
		// stores one (pushes are held to it), so only a clock set far
		// wrong on another process would meet this.
		_ = c.Observe(ts)
	}
}

// observingTx is a Tx whose reads of rows are observed by the registry's
// clock (transactions outside write groups, which use recordingTx).
type observingTx struct {
	store.Tx
	clock *hlc.Clock
}

func (t observingTx) Row(ctx context.Context, entity, id string) (store.Row, bool, error) {
	row, found, err := t.Tx.Row(ctx, entity, id)
	if found {
		observeRow(t.clock, row.Fields)
	}
	return row, found, err
}
