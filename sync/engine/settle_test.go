package engine_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"okienko/sync/engine"
	"okienko/sync/registry"
)

// TestPushSettlesBesideNextBatch: a plain answer is settled while the
// next batch is on its way (after that batch is sent, before it is
// answered), the batches are settled in the order they were answered,
// each once, and the push ends with every op at the registry and none
// in the outbox.
func TestPushSettlesBesideNextBatch(t *testing.T) {
	const n, batch = 60, 7
	reg := newRegistry(t, openStore(t, "sqlite"), registry.Options{}, true)
	var events []engine.TraceEvent
	dev := newDevice(t, t.TempDir(), engine.Options{BatchSize: batch, Trace: func(ev engine.TraceEvent) { events = append(events, ev) }})
	dev.enroll(t, reg)
	dev.clientChanges(t, rand.New(rand.NewPCG(7, 8)), n)
	events = nil
	before := reg.Metrics().OpsPushed.Load()
	if err := engine.PushForBench(context.Background(), dev.eng); err != nil {
		t.Fatal(err)
	}
	dev.settled(t)
	if got := reg.Metrics().OpsPushed.Load() - before; got != n {
		t.Fatalf("registry received %d ops, want %d", got, n)
	}
	var answered, settled []string
	var sent string
	beside := 0
	for _, ev := range events {
		switch ev.Step {
		case engine.TracePushSend:
			sent = ev.Batch
		case engine.TracePushAnswered:
			answered = append(answered, ev.Batch)
		case engine.TracePushSettled:
			settled = append(settled, ev.Batch)
			if sent != ev.Batch {
				beside++ // settled after the next batch went out
			}
		}
	}
	if want := (n + batch - 1) / batch; len(answered) != want || len(settled) != want {
		t.Fatalf("%d batches answered, %d settled, want %d each: %+v", len(answered), len(settled), want, events)
	}
	for i := range answered {
		if settled[i] != answered[i] {
			t.Fatalf("batch %d: answered %s, settled %s: %+v", i, answered[i], settled[i], events)
		}
	}
	if beside < len(answered)-1 {
		t.Fatalf("%d of %d batches settled beside the next one: %+v", beside, len(answered), events)
	}
}
