package registry

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"okienko/app/office"
	"okienko/sync/registry/store"
)

// unitReadsStore counts the reads of an entity's rows.
type unitReadsStore struct {
	store.Store
	unitReads atomic.Int64
}

func (s *unitReadsStore) RowsOf(ctx context.Context, officeID, entity string) ([]store.Row, error) {
	if entity == "unit" {
		s.unitReads.Add(1)
		time.Sleep(20 * time.Millisecond) // a read long enough for the others to ask meanwhile
	}
	return s.Store.RowsOf(ctx, officeID, entity)
}

// TestRetiredUnitsReadOnce: the ten writes of an office that ask for its
// retired units at once, when the memory of them has run out, read the
// unit rows once between them, and all get the retired unit.
func TestRetiredUnitsReadOnce(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	u := office.Unit{ID: newID(), Symbol: "OR", Name: "Referat Organizacyjny"}
	if err := w.r.SaveUnit(ctx, w.office, u); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.r.RetireUnit(ctx, w.office, u.ID); err != nil {
		t.Fatal(err)
	}
	cs := &unitReadsStore{Store: w.st}
	r := New(cs, Options{Now: func() time.Time { return testNow }})
	var wg sync.WaitGroup
	var found atomic.Int64
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			retired, err := r.retiredUnits(ctx, w.office)
			if err != nil {
				t.Error(err)
				return
			}
			if _, ok := retired["OR"]; ok {
				found.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := cs.unitReads.Load(); n != 1 {
		t.Fatalf("unit rows read %d times by ten writes at once, want 1", n)
	}
	if found.Load() != 10 {
		t.Fatalf("%d of 10 writes saw the retired unit", found.Load())
	}
}
