package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"okienko/sync/registry/store"
)

// testSurveyScreens: a screen is found by its key's hash in its own
// office only; it takes one answer per window, also when two arrive at
// once; a turn given back is free again; a new key replaces the old.
func testSurveyScreens(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := office(t, s), office(t, s)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	sc := store.SurveyScreen{ID: id(), Name: "Tablet przy okienku 1", KeyHash: "h1"}
	if err := s.PutSurveyScreen(ctx, a.ID, sc, at); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ClaimSurveyScreen(ctx, b.ID, "h1", at, time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another office's screen: %v", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, ok, err := s.ClaimSurveyScreen(ctx, a.ID, "h1", at, time.Minute)
			if err != nil || got.ID != sc.ID {
				t.Errorf("claim: %+v, %v", got, err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if taken != 1 {
		t.Fatalf("%d of 4 answers sent at once taken, want 1", taken)
	}
	if _, ok, _ := s.ClaimSurveyScreen(ctx, a.ID, "h1", at.Add(59*time.Second), time.Minute); ok {
		t.Fatal("a second answer within the minute taken")
	}
	if _, ok, _ := s.ClaimSurveyScreen(ctx, a.ID, "h1", at.Add(time.Minute), time.Minute); !ok {
		t.Fatal("an answer a minute later refused")
	}
	if err := s.ReleaseSurveyScreen(ctx, a.ID, sc.ID, at.Add(time.Minute), at); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.ClaimSurveyScreen(ctx, a.ID, "h1", at.Add(70*time.Second), time.Minute); !ok {
		t.Fatal("a turn given back was not free")
	}
	sc.KeyHash, sc.Name = "h2", "Tablet w holu"
	if err := s.PutSurveyScreen(ctx, a.ID, sc, at); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ClaimSurveyScreen(ctx, a.ID, "h1", at.Add(time.Hour), time.Minute); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the old key still works: %v", err)
	}
	list, err := s.SurveyScreens(ctx, a.ID)
	if err != nil || len(list) != 1 || list[0].Name != "Tablet w holu" || !list[0].LastAt.Equal(at.Add(70*time.Second)) {
		t.Fatalf("screens %+v, %v", list, err)
	}
}
