package registry

import (
	"context"
	"sync"
	"time"

	"okienko/app/catalog"
	"okienko/sync/registry/store"
)

// refCache remembers, across pushes, what the checks of meaning look up
// in nearly every registration: that the office's cards and staff exist,
// and to which device each lease gave its numbers. Inside the office's
// lock every lookup is a round trip to PostgreSQL that the office's other
// pushes wait for.
//
// Both are remembered for refTTL. A card or staff member the admin
// deletes may still be referred to for that long, as a revoked token is
// accepted for its cache's two seconds; a lease never changes once
// committed. A number no remembered lease covers is looked up in the
// store (a new lease, or another process's).
type refCache struct {
	mu     sync.Mutex
	live   map[liveKey]time.Time // when a live row was last seen
	leases map[leaseKey][]seenLease
	needs  map[liveKey]catalog.Identifiers // what a card version asks of its client (immutable)
}

const refTTL = 2 * time.Second

// refCacheMax bounds each map; past it the map starts afresh.
const refCacheMax = 1 << 16

type liveKey struct{ office, entity, id string }

type leaseKey struct {
	office, unit, jrwa string
	year               int
}

// cachedEntities are the rows whose liveness is remembered: reference
// data that only the registry changes.
var cachedEntities = map[string]bool{"service_card": true, "staff": true}

// rowLive is tx.RowLive, remembered for the office's cards and staff.
func (r *Registry) rowLive(ctx context.Context, tx store.Tx, office, entity, id string) (bool, error) {
	if !cachedEntities[entity] {
		return tx.RowLive(ctx, entity, id)
	}
	k := liveKey{office, entity, id}
	now := time.Now()
	r.refs.mu.Lock()
	at, ok := r.refs.live[k]
	r.refs.mu.Unlock()
	if ok && now.Sub(at) < refTTL {
		return true, nil
	}
	live, err := tx.RowLive(ctx, entity, id)
	if err == nil && live {
		r.refs.mu.Lock()
		if r.refs.live == nil || len(r.refs.live) >= refCacheMax {
			r.refs.live = map[liveKey]time.Time{}
		}
		r.refs.live[k] = now
		r.refs.mu.Unlock()
	}
	return live, err
}

// leaseHolder is tx.LeaseHolder, answered from the leases seen in the
// last refTTL when one covers the number. A lease never changes once
// committed; one seen inside a transaction that then rolled back is
// forgotten within refTTL.
func (r *Registry) leaseHolder(ctx context.Context, tx store.Tx, office, unit, jrwa string, year, no int) (string, bool, error) {
	k := leaseKey{office, unit, jrwa, year}
	now := time.Now()
	r.refs.mu.Lock()
	for _, l := range r.refs.leases[k] {
		if no >= l.First && no <= l.Last && now.Sub(l.seen) < refTTL {
			r.refs.mu.Unlock()
			return l.DeviceID, true, nil
		}
	}
	r.refs.mu.Unlock()
	l, found, err := tx.LeaseHolder(ctx, unit, jrwa, year, no)
	if err != nil || !found {
		return "", false, err
	}
	r.refs.mu.Lock()
	if r.refs.leases == nil || len(r.refs.leases) >= refCacheMax {
		r.refs.leases = map[leaseKey][]seenLease{}
	}
	kept := r.refs.leases[k][:0]
	for _, old := range r.refs.leases[k] {
		if now.Sub(old.seen) < refTTL {
			kept = append(kept, old)
		}
	}
	r.refs.leases[k] = append(kept, seenLease{Lease: l, seen: now})
	r.refs.mu.Unlock()
	return l.DeviceID, true, nil
}

// seenLease is a lease and when it was read.
type seenLease struct {
	store.Lease
	seen time.Time
}
