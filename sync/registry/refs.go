package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"okienko/app/catalog"
	"okienko/app/deadline"
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
	rules  map[liveKey]deadline.Rule       // a card version's deadline rule (immutable)
	units  map[string]unitsSeen            // office → its retired units, as last read
	// unitTurns makes one reader per office refresh units.
	unitTurns map[string]*sync.Mutex
}

// unitsSeen are an office's retired units (symbol → retirement time) as
// read at a moment.
type unitsSeen struct {
	at      time.Time
	retired map[string]time.Time
}

const refTTL = 2 * time.Second

// seenAt is when a lookup made now is remembered as made: now, moved
// back by a random share of up to half of refTTL. Entries filled in the
// same moment (200 devices' first round, an office's ten devices) would
// otherwise all run out in one later moment too, and their lookups fall
// on one round of every device together, again and again; spread, they
// fall on different rounds. Nothing is remembered longer than refTTL.
func seenAt(now time.Time) time.Time {
	return now.Add(-rand.N(refTTL / 2))
}

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
		r.refs.live[k] = seenAt(now)
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
	r.refs.leases[k] = append(kept, seenLease{Lease: l, seen: seenAt(now)})
	r.refs.mu.Unlock()
	return l.DeviceID, true, nil
}

// seenLease is a lease and when it was read.
type seenLease struct {
	store.Lease
	seen time.Time
}

// retiredUnits are the office's retired units (symbol → when retired),
// remembered for refTTL like its cards and staff: a registration checks
// its unit without reading the unit rows each time. A retirement made in
// this process is seen at once (forgetUnits), another process's within
// refTTL.
func (r *Registry) retiredUnits(ctx context.Context, officeID string) (map[string]time.Time, error) {
	if retired, ok := r.unitsRemembered(officeID); ok {
		return retired, nil
	}
	// One read per office when the memory runs out: the office's other
	// writes, which all ask at once (ten devices of an office pushing in
	// the same second), wait for it instead of reading the same rows.
	turn := r.refs.unitsTurn(officeID)
	turn.Lock()
	defer turn.Unlock()
	if retired, ok := r.unitsRemembered(officeID); ok {
		return retired, nil
	}
	now := time.Now()
	rows, err := r.st.RowsOf(ctx, officeID, "unit")
	if err != nil {
		return nil, fmt.Errorf("registry: unit rows: %w", err)
	}
	retired := retiredOf(rows)
	r.refs.mu.Lock()
	if r.refs.units == nil || len(r.refs.units) >= refCacheMax {
		r.refs.units = map[string]unitsSeen{}
	}
	r.refs.units[officeID] = unitsSeen{at: seenAt(now), retired: retired}
	r.refs.mu.Unlock()
	return retired, nil
}

// unitsRemembered is the office's retired units while remembered.
func (r *Registry) unitsRemembered(officeID string) (map[string]time.Time, bool) {
	r.refs.mu.Lock()
	defer r.refs.mu.Unlock()
	seen, ok := r.refs.units[officeID]
	if !ok || time.Since(seen.at) >= refTTL {
		return nil, false
	}
	return seen.retired, true
}

// unitsTurn is the lock the office's readers of its units take turns on.
func (c *refCache) unitsTurn(officeID string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.unitTurns == nil || len(c.unitTurns) >= refCacheMax {
		c.unitTurns = map[string]*sync.Mutex{}
	}
	m, ok := c.unitTurns[officeID]
	if !ok {
		m = &sync.Mutex{}
		c.unitTurns[officeID] = m
	}
	return m
}

// retiredOf is the retired units among unit rows (symbol → retirement
// time). Only the two fields it needs are decoded: this runs before
// every write of an office whose memory of them ran out.
func retiredOf(rows []store.Row) map[string]time.Time {
	retired := map[string]time.Time{}
	for _, row := range rows {
		if row.Deleted {
			continue
		}
		var at, symbol string
		if json.Unmarshal(row.Fields["retiredAt"].V, &at) != nil || at == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, at)
		if err != nil || json.Unmarshal(row.Fields["symbol"].V, &symbol) != nil {
			continue
		}
		retired[symbol] = t
	}
	return retired
}

// forgetUnits drops the office's remembered retired units.
func (r *Registry) forgetUnits(officeID string) {
	r.refs.mu.Lock()
	delete(r.refs.units, officeID)
	r.refs.mu.Unlock()
}
