package registry

import (
	"context"
	"sync"
	"time"

	"okienko/sync/registry/store"
)

// Every pull ends its page at the office's sequence. Read from the store,
// that was a query per pull: half the statements PostgreSQL ran in a
// round of 200 devices. seqCache remembers each office's sequence as
// this registry last read or committed it, and takes it as current for
// seqTTL: this registry's own commits show at once (it notes the
// sequence each leaves), and a change another process wrote (`registry
// admin` beside a running server, a second registry on the same
// database) reaches devices within seqTTL. Nothing is skipped meanwhile:
// a page stops at the remembered sequence and the next one goes on from
// there. A cursor beyond it (from another registry on the same database)
// is checked against the store before it is called ahead.
//
// Behind a proxy that spreads one device's requests over two registries,
// the pull right after a push or lease the other one committed may end at
// this one's remembered sequence, before the device's own rows: they come
// with a later pull (at once from the registry that committed them, from
// this one within seqTTL). Nothing is lost, and devices converge, but
// numbers just leased would arrive a round later, and a case registered
// meanwhile would take a provisional sign (in the simulation with two
// registries, 48 provisional signs where one registry had 13). So a
// device names in its pull the sequence of its last push or lease answer
// (protocol.QuerySeen), and a registry remembering less reads the store's
// (catchUp).
type seqCache struct {
	mu sync.Mutex
	m  map[string]seqSeen // office → its sequence
}

type seqSeen struct {
	seq int64
	at  time.Time // when the store had it
}

// seqTTL is how long a sequence read or committed is taken as current.
const seqTTL = time.Second

// get returns the office's sequence if it was seen within seqTTL.
func (c *seqCache) get(office string, now time.Time) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[office]
	if !ok || now.Sub(s.at) > seqTTL {
		return 0, false
	}
	return s.seq, true
}

// saw notes that the store had seq at the time at. A sequence only grows:
// a slower reader's older reading does not take a newer one back.
func (c *seqCache) saw(office string, seq int64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]seqSeen{}
	}
	s := c.m[office]
	c.m[office] = seqSeen{seq: max(s.seq, seq), at: at}
}

// forget drops the office's sequence: a write that does not say where it
// left the sequence has moved it.
func (c *seqCache) forget(office string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, office)
}

// seq is the office's sequence, remembered or read.
func (r *Registry) seq(ctx context.Context, office string, after int64) (int64, error) {
	now := r.cacheNow()
	if seq, ok := r.seqs.get(office, now); ok && after <= seq {
		return seq, nil
	}
	seq, err := r.st.Seq(ctx, office)
	if err != nil {
		return 0, err
	}
	r.seqs.saw(office, seq, now)
	return seq, nil
}

// catchUp reads the office's sequence from the store if the remembered one
// is behind seen, a sequence the device had in an answer, maybe another
// registry's (protocol.QuerySeen): a pull then reaches the device's own
// writes.
func (r *Registry) catchUp(ctx context.Context, office string, seen int64) error {
	now := r.cacheNow()
	if seq, ok := r.seqs.get(office, now); ok && seq >= seen {
		return nil
	}
	seq, err := r.st.Seq(ctx, office)
	if err != nil {
		return err
	}
	r.seqs.saw(office, seq, now)
	return nil
}

// inTx is the store's InTx for writes outside write groups (admin work,
// resolutions, cancellations): pulls read the sequence afresh after it,
// and the rows it reads are observed by the registry's clock (clock.go).
func (r *Registry) inTx(ctx context.Context, office string, fn func(store.Tx) error) error {
	defer r.seqs.forget(office)
	return r.st.InTx(ctx, office, func(tx store.Tx) error { return fn(observingTx{Tx: tx, clock: r.clock}) })
}
