package db

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app/office"
	"okienko/sync/hlc"
	"okienko/sync/merge"
)

// Issue 18: a device whose frozen clock ran fast is corrected, sees a
// registry row stamped at or a little after its corrected clock, and the
// registry refuses its fast ops for skew. The re-stamped ops must sort
// after the registry's row, also when the device restarted in between
// (Rebase used to reset the clock to the bare wall time: a case number
// went back to "reserved"), and none may stay beyond MaxDrift of the
// corrected clock, or the registry refuses it again.
func TestRebaseKeepsRegistryStamp(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fast     time.Duration // how far the device's wall clock is ahead
		registry time.Duration // the registry row's stamp, from the true time
		restart  bool
	}{
		{"a day fast", 24 * time.Hour, 0, false},
		{"a day fast, restarted", 24 * time.Hour, 0, true},
		// An op written after the batch went out, 7 minutes ahead, is
		// refused too: it is re-stamped with the batch, though the
		// registry's stamp keeps the clock 4 minutes ahead.
		{"7 minutes fast, registry 4 minutes ahead", 7 * time.Minute, 4 * time.Minute, false},
		{"7 minutes fast, registry 4 minutes ahead, restarted", 7 * time.Minute, 4 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			opt := Options{Now: func() time.Time { return t0.Add(tc.fast) }, Cipher: testCipher(t)}
			s, err := Open(ctx, dir, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			f := newFixture()
			f.save(t, s)
			_, ops, err := s.NextBatch(ctx, 100)
			if err != nil || len(ops) == 0 {
				t.Fatalf("batch: %d ops, %v", len(ops), err)
			}
			// Written while the batch is out.
			later := office.Unit{ID: NewID(), Symbol: "USC", Name: "Urząd Stanu Cywilnego"}
			if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveUnit(ctx, f.office.ID, later) }); err != nil {
				t.Fatal(err)
			}
			registry := hlc.Timestamp{Wall: t0.Add(tc.registry).UnixMilli(), Counter: 5, Node: "registry"}
			unit := NewID()
			field := func(v string) merge.Field { return merge.Field{V: []byte(`"` + v + `"`), H: registry.String()} }
			err = s.InTx(ctx, func(tx *Tx) error {
				_, err := tx.ApplyRemote(ctx, "unit", unit, merge.Row{"id": field(unit), "officeId": field(f.office.ID),
					"symbol": field("OR"), "name": field("Referat Organizacyjny")})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if tc.restart {
				s.Close()
				if s, err = Open(ctx, dir, opt); err != nil {
					t.Fatal(err)
				}
			}
			s.Clock().SetOffset(-tc.fast) // learned from the registry
			outcomes := make([]OpOutcome, len(ops))
			for i, op := range ops {
				outcomes[i] = OpOutcome{OpID: op.OpID, Retry: true}
			}
			if err := s.SettleBatch(ctx, outcomes); err != nil {
				t.Fatal(err)
			}
			_, again, err := s.NextBatch(ctx, 100)
			if err != nil || len(again) != len(ops)+1 {
				t.Fatalf("batch after settling: %d ops, %v", len(again), err)
			}
			ahead := (hlc.Timestamp{Wall: t0.Add(hlc.MaxDrift).UnixMilli() + 1}).String()
			prev := registry.String()
			for _, op := range again {
				if op.HLC <= prev {
					t.Errorf("op %s re-stamped %s, before %s", op.Entity, op.HLC, prev)
				}
				if op.HLC >= ahead {
					t.Errorf("op %s stamped %s, beyond MaxDrift of the corrected clock", op.Entity, op.HLC)
				}
				prev = op.HLC
			}
		})
	}
}

// A batch holds an edit made while the clock was 3 minutes fast, which the
// registry takes, and a later edit of the same field made after the clock
// jumped a day ahead, which it refuses. Re-stamped, the later edit must
// still sort after the earlier one, or the registry keeps the older name.
func TestRebaseKeepsStampsTheRegistryTook(t *testing.T) {
	ctx := context.Background()
	var fast atomic.Int64
	fast.Store(int64(3 * time.Minute))
	s, err := Open(ctx, t.TempDir(), Options{Now: func() time.Time { return t0.Add(time.Duration(fast.Load())) }, Cipher: testCipher(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := newFixture()
	f.save(t, s)
	settle := func(outcome func(PendingOp) OpOutcome) []PendingOp {
		t.Helper()
		_, ops, err := s.NextBatch(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		outcomes := make([]OpOutcome, len(ops))
		for i, op := range ops {
			outcomes[i] = outcome(op)
		}
		if err := s.SettleBatch(ctx, outcomes); err != nil {
			t.Fatal(err)
		}
		return ops
	}
	settle(func(op PendingOp) OpOutcome { return OpOutcome{OpID: op.OpID, Done: true} })
	rename := func(name string) {
		t.Helper()
		u := f.unit
		u.Name = name
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveUnit(ctx, f.office.ID, u) }); err != nil {
			t.Fatal(err)
		}
	}
	rename("Referat A") // 3 minutes ahead: the registry takes it
	fast.Store(int64(24 * time.Hour))
	rename("Referat B") // a day ahead: refused
	var took string
	sent := settle(func(op PendingOp) OpOutcome {
		if op.HLC < (hlc.Timestamp{Wall: t0.Add(hlc.MaxDrift).UnixMilli() + 1}).String() {
			took = op.HLC
			return OpOutcome{OpID: op.OpID, Done: true}
		}
		s.Clock().SetOffset(-24 * time.Hour) // the engine learned the registry's clock from the answer
		return OpOutcome{OpID: op.OpID, Retry: true}
	})
	if len(sent) != 2 || took == "" {
		t.Fatalf("setup: batch of %d ops, taken %q", len(sent), took)
	}
	_, again, err := s.NextBatch(ctx, 100)
	if err != nil || len(again) != 1 {
		t.Fatalf("after settling: %d ops, %v", len(again), err)
	}
	if again[0].HLC <= took {
		t.Fatalf("the later edit re-stamped %s, before the earlier %s the registry took", again[0].HLC, took)
	}
}

// The registry's clock may be up to 2 s behind the corrected one (the
// engine takes less as jitter), so it can refuse an op stamped just within
// MaxDrift of the device's clock. Re-stamped, the ops of the batch keep the
// order they were written in, or the earlier edit wins.
func TestRebaseKeepsWriteOrder(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	_, ops, err := s.NextBatch(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	done := make([]OpOutcome, len(ops))
	for i, op := range ops {
		done[i] = OpOutcome{OpID: op.OpID, Done: true}
	}
	if err := s.SettleBatch(ctx, done); err != nil {
		t.Fatal(err)
	}
	rename := func(name string, ahead time.Duration) {
		t.Helper()
		s.Clock().SetOffset(ahead)
		u := f.unit
		u.Name = name
		if err := s.InTx(ctx, func(tx *Tx) error { return tx.SaveUnit(ctx, f.office.ID, u) }); err != nil {
			t.Fatal(err)
		}
	}
	rename("Referat P", hlc.MaxDrift-time.Second) // refused by a registry 1.5 s behind
	rename("Referat Q", 2*hlc.MaxDrift)
	s.Clock().SetOffset(0)
	_, ops, err = s.NextBatch(ctx, 100)
	if err != nil || len(ops) != 2 {
		t.Fatalf("batch: %d ops, %v", len(ops), err)
	}
	if err := s.SettleBatch(ctx, []OpOutcome{{OpID: ops[0].OpID, Retry: true}, {OpID: ops[1].OpID, Retry: true}}); err != nil {
		t.Fatal(err)
	}
	_, again, err := s.NextBatch(ctx, 100)
	if err != nil || len(again) != 2 {
		t.Fatalf("after settling: %d ops, %v", len(again), err)
	}
	if again[0].OpID != ops[0].OpID || again[0].HLC >= again[1].HLC {
		t.Fatalf("re-stamped out of order: %s %s, %s %s", again[0].OpID, again[0].HLC, again[1].OpID, again[1].HLC)
	}
}
