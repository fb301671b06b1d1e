package engine_test

import (
	"context"
	"errors"
	mrand "math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"okienko/sync/client"
	"okienko/sync/engine"
	"okienko/sync/protocol"
	"okienko/sync/registry"
)

// oldProtocol makes a device announce the protocol before this one, as a
// device not yet updated does, while on is set.
type oldProtocol struct {
	base http.RoundTripper
	on   atomic.Bool
}

func (o *oldProtocol) RoundTrip(r *http.Request) (*http.Response, error) {
	if o.on.Load() {
		r = r.Clone(r.Context())
		r.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion-1))
	}
	return o.base.RoundTrip(r)
}

// TestOldProtocolDeviceKeepsItsOutbox: a device speaking the previous
// protocol (before the wire codec changed) is answered 426 with a hint
// to update, shows "upgrade" (the clerk reads "the registry requires a
// program update"), and keeps every op of its outbox; updated, it pushes
// them all in the next round.
func TestOldProtocolDeviceKeepsItsOutbox(t *testing.T) {
	const n = 10
	ctx := context.Background()
	reg := newRegistry(t, openStore(t, "sqlite"), registry.Options{}, true)
	tr := &oldProtocol{base: http.DefaultTransport}
	dev := newDevice(t, t.TempDir(), engine.Options{HTTP: &http.Client{Transport: tr}})
	dev.enroll(t, reg)
	dev.clientChanges(t, mrand.New(mrand.NewPCG(3, 4)), n)
	before := reg.Metrics().OpsPushed.Load()

	tr.on.Store(true)
	err := dev.eng.Round(ctx)
	if !errors.Is(err, client.ErrUpgrade) || !strings.Contains(err.Error(), "update Okienko on this device") {
		t.Fatalf("round of an old device: %v, want an upgrade asking to update the device", err)
	}
	st := dev.eng.Status(ctx)
	if st.LastError != "upgrade" || st.Pending != n {
		t.Fatalf("status %+v, want the upgrade error and %d ops pending", st, n)
	}
	if p, err := dev.store.PendingOps(ctx); err != nil || p != n {
		t.Fatalf("%d ops in the outbox (%v), want %d", p, err, n)
	}
	if got := reg.Metrics().OpsPushed.Load() - before; got != 0 {
		t.Fatalf("the registry took %d ops from an old device", got)
	}

	tr.on.Store(false)
	if err := dev.eng.Round(ctx); err != nil {
		t.Fatal(err)
	}
	dev.settled(t)
	if got := reg.Metrics().OpsPushed.Load() - before; got != n {
		t.Fatalf("the updated device pushed %d ops, want %d", got, n)
	}
}
