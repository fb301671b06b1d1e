package registry

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"okienko/sync/registry/store"
)

// An office's writes are serialised (its sequence has no gaps), so when
// its devices sync at the same moment each write waited for the office's
// lock, then paid a transaction of its own: a lock, reads, writes and a
// commit, a round trip each on PostgreSQL. Writes that arrive while
// another of the office is being committed now wait for it and then
// commit together, in one transaction (group commit): under load a write
// costs a fraction of a transaction, and alone it costs what it did.

// writeGroups gathers, per office, the writes waiting for the one being committed.
type writeGroups struct {
	mu      sync.Mutex
	offices map[string]*writeQueue
}

// writeQueue is one office's writes: those waiting, and whether a group is being committed.
type writeQueue struct {
	waiting []*writeJob
	busy    bool
}

// writeJob is one write of an office. apply may run more than once (in
// its group, then alone if the group failed), so it sets its results
// afresh each time. ahead lists what a push is about to read, for the
// group to read at once (store.Prefetcher).
type writeJob struct {
	apply func(ctx context.Context, tx store.Tx) error
	ahead prefetch

	wake chan struct{} // sent to when done, or when it is to lead the next group
	done bool
	err  error
	seq  int64 // the office's sequence after the commit
}

// prefetch is what a write is about to look up.
type prefetch struct {
	batches []store.BatchKey
	ops     []string
	rows    []store.RowKey
}

// groupTimeout bounds a group's transactions, which outlive the request
// that leads them (the other writes' answers depend on them): the store's
// deadline for the group, and once more for its writes tried alone. A
// hung database answers the devices within it, 503, instead of holding
// every write of the office for a minute.
const groupTimeout = store.TxDeadline + 2*time.Second

// maxGroup bounds the writes one transaction takes (its size, and the
// wait of the first of them); the rest lead the next.
const maxGroup = 64

// inGroup commits j, with the office's other writes that arrive meanwhile.
func (r *Registry) inGroup(ctx context.Context, officeID string, j *writeJob) error {
	j.wake = make(chan struct{}, 1)
	g := &r.writes
	g.mu.Lock()
	if g.offices == nil {
		g.offices = map[string]*writeQueue{}
	}
	q := g.offices[officeID]
	if q == nil {
		q = &writeQueue{}
		g.offices[officeID] = q
	}
	q.waiting = append(q.waiting, j)
	lead := !q.busy
	q.busy = true
	g.mu.Unlock()
	if !lead {
		if err := r.awaitTurn(ctx, officeID, q, j); err != nil {
			return err
		}
		g.mu.Lock()
		lead = !j.done
		g.mu.Unlock()
	}
	if !lead {
		return j.err
	}
	// The first one waiting leads: it takes every write waiting, its own
	// included, commits them, and hands the lead on.
	g.mu.Lock()
	n := min(len(q.waiting), maxGroup)
	group := q.waiting[:n:n]
	q.waiting = q.waiting[n:]
	g.mu.Unlock()
	r.commitSafely(ctx, officeID, group)
	g.mu.Lock()
	// A store that is down failed this group within the deadline; the
	// writes queued behind it would each wait as long again for the same
	// answer, so they get it now.
	if err := group[0].err; err != nil && r.unavailable(context.Background(), err) {
		for _, m := range q.waiting {
			m.err = err
		}
		group = append(group, q.waiting...)
		q.waiting = nil
	}
	for _, m := range group {
		m.done = true
		if m != j {
			m.wake <- struct{}{}
		}
	}
	if len(q.waiting) > 0 {
		q.waiting[0].wake <- struct{}{}
	} else {
		q.busy = false
		delete(g.offices, officeID)
	}
	g.mu.Unlock()
	return j.err
}

// awaitTurn waits until j was committed in a group or is to lead the
// next. A request whose client gives up while j still waits, or that has
// waited a group's deadline without its turn (the groups ahead hang on
// the database), takes j out of the queue: it neither keeps a place nor
// is written unanswered. Once a group took j, j's outcome is waited for
// (bounded by groupTimeout).
func (r *Registry) awaitTurn(ctx context.Context, officeID string, q *writeQueue, j *writeJob) error {
	timer := time.NewTimer(groupTimeout)
	defer timer.Stop()
	var why error
	select {
	case <-j.wake:
		return nil
	case <-ctx.Done():
		why = fmt.Errorf("registry: write given up while waiting: %w", ctx.Err())
	case <-timer.C:
		why = fmt.Errorf("registry: the office's writes ahead held this one %s: %w", groupTimeout, store.ErrUnavailable)
	}
	g := &r.writes
	g.mu.Lock()
	if i := slices.Index(q.waiting, j); i >= 0 {
		q.waiting = slices.Delete(q.waiting, i, i+1)
		// Leads are handed on under g.mu: a wake waiting now is the lead,
		// and it goes to the next in line.
		select {
		case <-j.wake:
			if len(q.waiting) > 0 {
				q.waiting[0].wake <- struct{}{}
			} else {
				q.busy = false
				delete(g.offices, officeID)
			}
		default:
		}
		g.mu.Unlock()
		return why
	}
	g.mu.Unlock()
	<-j.wake
	return nil
}

// commitSafely commits the group; a panic fails its writes instead of
// the queue (the writes waiting behind it would wait for ever).
func (r *Registry) commitSafely(ctx context.Context, officeID string, group []*writeJob) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), groupTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("write panicked", "office", officeID, "panic", fmt.Sprint(p))
			for _, j := range group {
				j.err = fmt.Errorf("registry: write panicked: %v", p)
			}
		}
	}()
	r.commitGroup(ctx, officeID, group)
}

// commitGroup applies a group of writes of one office in one
// transaction. If that fails, each is tried in a transaction of its own,
// so one that cannot be applied fails alone.
func (r *Registry) commitGroup(ctx context.Context, officeID string, group []*writeJob) {
	err := r.commit(ctx, officeID, group)
	// A store that is down fails each write alone too: say so at once.
	if err != nil && len(group) > 1 && !r.unavailable(context.Background(), err) {
		for _, j := range group {
			j.err = r.commit(ctx, officeID, []*writeJob{j})
		}
		return
	}
	for _, j := range group {
		j.err = err
	}
}

// commit applies the group's writes, in order, in one transaction, and
// gives the feed what it wrote.
func (r *Registry) commit(ctx context.Context, officeID string, group []*writeJob) error {
	var rec *recordingTx
	err := r.st.InTx(ctx, officeID, func(tx store.Tx) error {
		if p, ok := tx.(store.Prefetcher); ok {
			var all prefetch
			for _, j := range group {
				all.batches = append(all.batches, j.ahead.batches...)
				all.ops = append(all.ops, j.ahead.ops...)
				all.rows = append(all.rows, j.ahead.rows...)
			}
			if len(all.batches)+len(all.ops)+len(all.rows) > 0 {
				if err := p.Prefetch(ctx, all.batches, all.ops, all.rows); err != nil {
					return err
				}
			}
		}
		rec = &recordingTx{Tx: tx, clock: r.clock} // afresh if the store runs fn again
		defer rec.stopEncoder()
		for _, j := range group {
			if err := j.apply(ctx, rec); err != nil {
				return err
			}
		}
		return rec.encodeRows()
	})
	if err != nil {
		return err // the caller says what the write was
	}
	r.feed.publish(officeID, rec.after, rec.rows)
	// The office was locked: its sequence is where the last row left it.
	// The writes are committed now, so a failure to read it must not have
	// them tried again (a lease would lease twice); the answer goes
	// without it.
	var seq int64
	if n := len(rec.rows); n > 0 {
		seq = rec.rows[n-1].seq
		r.seqs.saw(officeID, seq, r.cacheNow())
	} else if seq, err = r.seq(ctx, officeID, 0); err != nil {
		r.log.Warn("office sequence after a commit", "office", officeID, "err", err)
	}
	for _, j := range group {
		j.seq = seq
	}
	return nil
}
