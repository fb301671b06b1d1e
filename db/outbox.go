package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"okienko/db/internal/dbq"
	"okienko/sync/hlc"
)

// Outbox operations.
const (
	OpUpsert = "upsert" // the payload is the row after the change
	OpDelete = "delete" // a tombstone
	OpAppend = "append" // append-only records, which never conflict
)

// SyncedTables maps every table that syncs with the registry to the
// operation its writes produce. A test checks that each write to these
// tables leaves an outbox row, and that no table with sync columns is
// missing here.
var SyncedTables = map[string]string{
	"office":        OpUpsert,
	"unit":          OpUpsert,
	"staff":         OpUpsert,
	"substitution":  OpUpsert,
	"service_card":  OpUpsert,
	"setting":       OpUpsert,
	"audit_log":     OpAppend,
	"client":        OpUpsert,
	"case_file":     OpUpsert,
	"case_event":    OpAppend,
	"case_number":   OpUpsert,
	"callback":      OpUpsert,
	"presence":      OpUpsert,
	"visit":         OpUpsert,
	"visit_auth":    OpUpsert,
	"complaint":     OpUpsert,
	"letter":        OpUpsert,
	"survey_answer": OpAppend,
}

// OutboxOp is one pending change as the sync engine sees it.
type OutboxOp struct {
	Seq       int64
	OpID      string
	Entity    string
	EntityID  string
	Op        string
	Payload   json.RawMessage
	HLC       string
	State     string
	Attempts  int
	LastError string
	CreatedAt time.Time
}

// PendingOps counts outbox operations not yet acknowledged by the registry.
func (s *Store) PendingOps(ctx context.Context) (int, error) {
	n, err := s.qr.OutboxCountPending(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: count outbox: %w", err)
	}
	return int(n), nil
}

// PendingOpsOf counts the operations of one synced table (e.g. audit_log)
// not yet acknowledged by the registry.
func (s *Store) PendingOpsOf(ctx context.Context, entity string) (int, error) {
	n, err := s.qr.OutboxCountPendingEntity(ctx, entity)
	if err != nil {
		return 0, fmt.Errorf("db: count outbox of %s: %w", entity, err)
	}
	return int(n), nil
}

// OutboxAfter lists up to limit operations with seq > after, in order.
func (s *Store) OutboxAfter(ctx context.Context, after int64, limit int) ([]OutboxOp, error) {
	rows, err := s.qr.OutboxListAfter(ctx, dbq.OutboxListAfterParams{Seq: after, Limit: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("db: list outbox: %w", err)
	}
	return s.outboxOps(rows)
}

// OutboxFor lists the operations recorded for one row.
func (s *Store) OutboxFor(ctx context.Context, entity, id string) ([]OutboxOp, error) {
	rows, err := s.qr.OutboxListForEntity(ctx, dbq.OutboxListForEntityParams{Entity: entity, EntityID: id})
	if err != nil {
		return nil, fmt.Errorf("db: list outbox: %w", err)
	}
	return s.outboxOps(rows)
}

// outboxOps opens the payloads of outbox rows (ErrLocked while locked).
func (r reader) outboxOps(rows []dbq.Outbox) ([]OutboxOp, error) {
	out := make([]OutboxOp, len(rows))
	for i, x := range rows {
		payload, err := r.openPayload(x)
		if err != nil {
			return nil, err
		}
		out[i] = OutboxOp{
			Seq: x.Seq, OpID: x.OpID, Entity: x.Entity, EntityID: x.EntityID, Op: x.Op,
			Payload: json.RawMessage(payload), HLC: x.Hlc, State: x.State,
			Attempts: int(x.Attempts), LastError: x.LastError, CreatedAt: fromMS(x.CreatedAt),
		}
	}
	return out, nil
}

// openPayload is an op's payload JSON, sealed to the op's id.
func (r reader) openPayload(x dbq.Outbox) ([]byte, error) {
	return r.lk.open("outbox", "payload", x.OpID, x.Payload)
}

// PendingOp is an outbox op ready to push.
type PendingOp struct {
	Seq      int64
	OpID     string
	Entity   string
	EntityID string
	Op       string
	Fields   map[string]json.RawMessage
	Base     map[string]string
	HLC      string
	BatchID  string
}

// pendingOp reads an op to push; its payload must have been opened.
func pendingOp(r dbq.Outbox, payload []byte) (PendingOp, error) {
	p := PendingOp{Seq: r.Seq, OpID: r.OpID, Entity: r.Entity, EntityID: r.EntityID, Op: r.Op, HLC: r.Hlc, BatchID: r.BatchID}
	// The library with encoding/json's rules (decodeInto): a batch of 500
	// is read beside every push, and this is the device's costliest part of it.
	if err := decodeInto(payload, &p.Fields); err != nil {
		return p, fmt.Errorf("db: outbox %d payload: %w", r.Seq, err)
	}
	if err := decodeInto([]byte(r.Base), &p.Base); err != nil {
		return p, fmt.Errorf("db: outbox %d base: %w", r.Seq, err)
	}
	return p, nil
}

// NextBatch returns the ops to push next: the batch already in flight if
// a previous push did not get its answer (so the registry can answer the
// replay with the first answer), else up to limit pending ops, which it
// assigns to a new batch id.
func (s *Store) NextBatch(ctx context.Context, limit int) (string, []PendingOp, error) {
	return s.nextBatch(ctx, limit, func(tx *Tx) ([]dbq.Outbox, error) { return tx.q.OutboxPending(ctx, int64(limit)) })
}

// NextBatchAfter is NextBatch for the ops behind the one of seq after
// (the last op of a batch still in flight): the engine reads the next
// batch while the registry applies the one before. The batch it takes is
// a batch like any other: sent later, or again after a lost answer.
func (s *Store) NextBatchAfter(ctx context.Context, after int64, limit int) (string, []PendingOp, error) {
	return s.nextBatch(ctx, limit, func(tx *Tx) ([]dbq.Outbox, error) {
		return tx.q.OutboxPendingAfter(ctx, dbq.OutboxPendingAfterParams{Seq: after, Limit: int64(limit)})
	})
}

// nextBatch takes the batch that begins with the first of pending's ops.
func (s *Store) nextBatch(ctx context.Context, limit int, pending func(*Tx) ([]dbq.Outbox, error)) (string, []PendingOp, error) {
	var batch string
	var ops []PendingOp
	if !s.Unlocked() {
		// Nothing is taken into a batch while the payloads cannot be read.
		return "", nil, fmt.Errorf("db: next batch: %w", ErrLocked)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		rows, err := pending(tx)
		if err != nil {
			return wrap("pending ops", err)
		}
		if len(rows) == 0 {
			return nil
		}
		if rows[0].BatchID != "" {
			batch = rows[0].BatchID
			inflight, err := tx.q.OutboxInFlight(ctx, batch)
			if err != nil {
				return wrap("in-flight ops", err)
			}
			rows = inflight
		} else {
			// rows are the first pending ops in order, in this transaction
			// on the single writer: the pending ops from the first to the
			// last are these, and take their batch in one statement.
			batch = newID()
			if err := tx.q.OutboxSetBatch(ctx, dbq.OutboxSetBatchParams{BatchID: batch, First: rows[0].Seq, Last: rows[len(rows)-1].Seq}); err != nil {
				return wrap("assign batch", err)
			}
		}
		for _, r := range rows {
			payload, err := tx.openPayload(r)
			if errors.Is(err, ErrLocked) {
				return err // locked meanwhile: the batch waits as it is
			}
			var p PendingOp
			if err == nil {
				p, err = pendingOp(r, payload)
			}
			if err != nil {
				// An op this device cannot even read must not block the
				// ones behind it: set it aside with the reason.
				if qerr := tx.q.OutboxQuarantine(ctx, dbq.OutboxQuarantineParams{LastError: "unreadable: " + err.Error(), OpID: r.OpID}); qerr != nil {
					return wrap("quarantine unreadable op", qerr)
				}
				continue
			}
			p.BatchID = batch
			ops = append(ops, p)
		}
		return nil
	})
	return batch, ops, err
}

// SplitBatch releases the ops of a batch the registry refused as a whole
// (400 or 413: nothing of it was applied), so they are sent again in
// smaller batches under new ids until the bad op stands alone.
func (s *Store) SplitBatch(ctx context.Context, batchID string) error {
	return s.InTx(ctx, func(tx *Tx) error { return wrap("split batch", tx.q.OutboxUnbatch(ctx, batchID)) })
}

// OpOutcome is what the registry said of one op.
type OpOutcome struct {
	OpID   string
	Done   bool   // applied, duplicate or conflict: the op leaves the outbox
	Reason string // quarantine reason when not Done and not Restamp
	Retry  bool   // clock skew: re-stamp and send again
}

// SettleBatch applies the registry's answer to a pushed batch in one
// transaction: done ops leave the outbox, rejected ones are quarantined
// (they never block the queue), skewed ones are re-stamped for the next
// push. Done and rejected ops are settled first, so a re-stamping never
// touches an op the registry has taken, and the clock observes the
// stamps the registry took: the registry holds them now, and a rebase
// must keep later stamps after them, or an edit made later but re-stamped
// would lose to them.
func (s *Store) SettleBatch(ctx context.Context, outcomes []OpOutcome) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var took hlc.Timestamp
		var done []string
		for _, o := range outcomes {
			switch {
			case o.Retry:
				continue
			case o.Done:
				done = append(done, o.OpID)
			default:
				if err := tx.q.OutboxQuarantine(ctx, dbq.OutboxQuarantineParams{LastError: o.Reason, OpID: o.OpID}); err != nil {
					return wrap("settle op", err)
				}
			}
		}
		if len(done) > 0 {
			// One statement for the batch, not a read and a delete per op;
			// an op settled before is simply not there.
			ids, err := json.Marshal(done)
			if err != nil {
				return wrap("settle ops", err)
			}
			stamps, err := tx.q.OutboxDeleteMany(ctx, string(ids))
			if err != nil {
				return wrap("settle ops", err)
			}
			for _, h := range stamps {
				if ts, perr := parseStamp(h); perr == nil && ts.Compare(took) > 0 {
					took = ts
				}
			}
		}
		if !took.IsZero() {
			// The registry took it within MaxDrift of its own clock; only
			// a corrected clock still behind the registry's refuses it.
			_ = tx.s.clock.Observe(took)
			tx.stamped = true
		}
		var restamped map[string]bool
		for _, o := range outcomes {
			if !o.Retry {
				continue
			}
			var err error
			if restamped == nil {
				restamped, err = tx.rebase(ctx)
			}
			if err == nil && !restamped[o.OpID] {
				err = tx.restamp(ctx, o.OpID)
			}
			if err != nil {
				return wrap("settle op", err)
			}
		}
		return nil
	})
}

// rebase drops the clock's last stamp when it runs ahead of the corrected
// wall clock (the registry refused stamps of a clock that ran ahead, and
// the engine has corrected it since), though never below a stamp it
// observed, and re-stamps, in the order they were written, every op still
// waiting with a stamp from then: those of the batch being settled and
// those written after it was sent. It runs in the transaction that
// settles the batch, so no write comes in between: a write stamped by the
// corrected clock before the older ops were re-stamped would sort before
// them though it came after, and lose to them (found by sync/sim). It
// returns the ops it re-stamped.
func (t *Tx) rebase(ctx context.Context) (map[string]bool, error) {
	done := map[string]bool{}
	if !t.s.clock.Rebase() {
		return done, nil
	}
	t.stamped = true
	// Re-stamped are the ops the clock dropped, above its new Last (later
	// writes would sort before them), and the ops the registry refuses,
	// beyond MaxDrift of the corrected clock: a registry stamp observed
	// may hold Last above that, and ops in between would be refused later
	// and re-stamped one by one, after writes that came after them.
	ahead := t.s.clock.Horizon()
	if last := t.s.clock.Last(); last.Compare(ahead) < 0 {
		ahead = last
	}
	ops, err := t.q.OutboxPendingStampedAfter(ctx, ahead.String())
	if err != nil {
		return nil, wrap("ops stamped ahead", err)
	}
	for _, id := range ops {
		if err := t.restamp(ctx, id); err != nil {
			return nil, err
		}
		done[id] = true
	}
	return done, nil
}

// Quarantined lists ops the registry refused, with the reason.
func (s *Store) Quarantined(ctx context.Context) ([]OutboxOp, error) {
	rows, err := s.qr.OutboxListQuarantined(ctx)
	if err != nil {
		return nil, wrap("quarantined ops", err)
	}
	return s.outboxOps(rows)
}

// QuarantinedCount counts refused ops.
func (s *Store) QuarantinedCount(ctx context.Context) (int, error) {
	n, err := s.qr.OutboxCountQuarantined(ctx)
	return int(n), wrap("count quarantined", err)
}

// ReleaseQuarantined puts a refused op back in the queue (after the admin
// fixed its cause at the registry).
func (s *Store) ReleaseQuarantined(ctx context.Context, opID string) error {
	return s.InTx(ctx, func(tx *Tx) error { return wrap("release op", tx.q.OutboxRelease(ctx, opID)) })
}

// restamp gives an op refused for clock skew a fresh stamp from the
// corrected clock, and moves the row's field stamps it set along with it,
// so the local row and the op agree again.
func (t *Tx) restamp(ctx context.Context, opID string) error {
	row, err := t.q.OutboxGet(ctx, opID)
	if err != nil {
		return notFound(err, "outbox op")
	}
	stamp := t.s.clock.Now().String()
	t.stamped = true
	if err := t.q.OutboxRestamp(ctx, dbq.OutboxRestampParams{Hlc: stamp, OpID: opID}); err != nil {
		return wrap("restamp op", err)
	}
	if SyncedTables[row.Entity] == OpAppend {
		return nil
	}
	fields, err := t.rowClock(ctx, row.Entity, row.EntityID)
	if err != nil {
		return err
	}
	for name, f := range fields {
		if f.H == row.Hlc {
			f.H = stamp
			fields[name] = f
		}
	}
	return t.putRowClock(ctx, row.Entity, row.EntityID, fields)
}
