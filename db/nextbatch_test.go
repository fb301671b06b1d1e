package db

import (
	"context"
	"testing"
)

// A batch read ahead while the one before is in flight takes the ops
// behind it under an id of its own, and stays assigned: until the first
// is settled NextBatch gives the first again (a lost answer), and then
// the batch read ahead, whole and under its id, as a batch to resend.
func TestNextBatchAfterInFlight(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	newFixture().save(t, s)
	first, ops, err := s.NextBatch(ctx, 2)
	if err != nil || len(ops) != 2 {
		t.Fatalf("first batch: %d ops, %v", len(ops), err)
	}
	second, behind, err := s.NextBatchAfter(ctx, ops[1].Seq, 2)
	if err != nil || len(behind) == 0 {
		t.Fatalf("batch behind: %d ops, %v", len(behind), err)
	}
	if second == first || behind[0].Seq <= ops[1].Seq {
		t.Fatalf("batch behind %s (from seq %d) overlaps %s (to seq %d)", second, behind[0].Seq, first, ops[1].Seq)
	}
	again, resent, err := s.NextBatch(ctx, 2)
	if err != nil || again != first || len(resent) != 2 || resent[0].OpID != ops[0].OpID {
		t.Fatalf("unsettled: batch %s with %d ops (%v), want %s again", again, len(resent), err, first)
	}
	done := []OpOutcome{{OpID: ops[0].OpID, Done: true}, {OpID: ops[1].OpID, Done: true}}
	if err := s.SettleBatch(ctx, done); err != nil {
		t.Fatal(err)
	}
	next, got, err := s.NextBatch(ctx, 2)
	if err != nil || next != second || len(got) != len(behind) {
		t.Fatalf("after settling: batch %s with %d ops (%v), want %s with %d", next, len(got), err, second, len(behind))
	}
	for i := range got {
		if got[i].OpID != behind[i].OpID {
			t.Fatalf("op %d: %s, read ahead %s", i, got[i].OpID, behind[i].OpID)
		}
	}
}
