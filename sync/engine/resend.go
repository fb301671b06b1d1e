package engine

import (
	"context"
	"fmt"

	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

// resendBatch is how many rows go in one resend request.
const resendBatch = 500

// checkGeneration compares the registry's generation, as its last answer
// named it, with the one this device last synced with. The first it
// hears is noted; the one noted is named on every request, so a restored
// registry refuses the device's ops (client.ErrGeneration) until it has
// sent again what the registry lacks (resend).
func (e *Engine) checkGeneration(ctx context.Context, c *client.Client) error {
	stored, err := e.store.Generation(ctx)
	if err != nil {
		return err
	}
	seen := c.Generation()
	switch {
	case seen == "" || seen == stored:
		c.Expect(stored)
		return nil
	case stored == "":
		ss, err := e.store.SyncState(ctx)
		if err != nil {
			return err
		}
		if ss.Cursor > 0 {
			// It synced before it noted any generation (an older version,
			// or a round cut before its end): ask whether this registry
			// was restored since.
			return e.resend(ctx, c, stored)
		}
		if err := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.SetGeneration(ctx, seen, -1) }); err != nil {
			return err
		}
		c.Expect(seen)
		return nil
	}
	return e.resend(ctx, c, stored)
}

// resend catches a restored registry up: it sends again every row this
// device holds with a field stamped after what the registry's copy held
// of that field's writer (its own rows and those it pulled from other
// devices alike: a device that is gone may live on in what others
// pulled), its numbers among them, then says it is done, and pulls again
// from where the copy ended. Until it is done the registry takes none of
// its ops, and leases nobody numbers, so none is leased twice.
func (e *Engine) resend(ctx context.Context, c *client.Client, stored string) error {
	info, err := c.GenerationInfo(ctx)
	if err != nil {
		return fmt.Errorf("engine: generation: %w", err)
	}
	sent, rejected := 0, 0
	if info.Restored {
		var rows []protocol.ResendRow
		send := func(done bool) error {
			resp, err := c.Resend(ctx, protocol.ResendRequest{Generation: info.Generation, Rows: rows, Done: done})
			if err != nil {
				return fmt.Errorf("engine: resend: %w", err)
			}
			for i, r := range resp.Results {
				if r.Status == protocol.Rejected {
					rejected++
					e.opt.Logger.Warn("sync: the restored registry refused a row sent again", "entity", rows[i].Entity, "id", rows[i].EntityID, "reason", r.Reason)
				}
			}
			sent += len(rows)
			rows = rows[:0]
			return nil
		}
		err := e.store.ResendRows(ctx, info.Marks, func(r db.ResendRow) error {
			fields := make(map[string]protocol.Field, len(r.Fields))
			for name, f := range r.Fields {
				fields[name] = protocol.Field{V: f.V, H: f.H}
			}
			rows = append(rows, protocol.ResendRow{Entity: r.Entity, EntityID: r.ID, Fields: fields})
			if len(rows) == resendBatch {
				return send(false)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := send(true); err != nil {
			return err
		}
	}
	pullFrom := int64(-1) // a registry never restored: the cursor stands
	if info.Restored {
		pullFrom = info.Seq
	}
	if err := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.SetGeneration(ctx, info.Generation, pullFrom) }); err != nil {
		return err
	}
	c.Expect(info.Generation)
	if !info.Restored {
		return nil
	}
	c.ForgetSeen()
	e.opt.Logger.Warn("sync: the registry was restored from a backup; sent again what it lacked", "from", stored, "to", info.Generation,
		"rows", sent, "refused", rejected, "pull_from", info.Seq)
	e.trace(TraceEvent{Step: TraceResent, Rows: sent})
	return nil
}
