package registry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"okienko/sync/registry/store"
)

// RetryAfterUnavailable is the Retry-After, in seconds, of an answer
// refused while the store is down: short, since a restarting database is
// back in seconds, and long enough that a hall of devices does not knock
// again at once.
const RetryAfterUnavailable = 5

// errUnavailable is a request refused because the store is down.
type errUnavailable struct{ err error }

func (e errUnavailable) Error() string { return "registry: store unavailable: " + e.err.Error() }
func (e errUnavailable) Unwrap() error { return e.err }

// unavailable reports whether err is the store's outage rather than the
// request's fault: the store says so, or a store call met its deadline.
// A request whose client gave up is neither: nobody reads its answer.
func (r *Registry) unavailable(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil {
		return false
	}
	if errors.Is(err, store.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	c, ok := r.st.(store.UnavailableChecker)
	return ok && c.IsUnavailable(err)
}

// outage follows the store's outages for the log and the metrics: one
// line when the first request is refused, one when a request succeeds
// again with how many were refused meanwhile, instead of a line a
// request (1,687 in one minute of a PostgreSQL restart).
type outage struct {
	down    atomic.Bool // read on every request without the lock
	mu      sync.Mutex
	since   time.Time
	refused int64
	total   atomic.Int64 // refused since the start, for /metrics
	probing atomic.Bool  // a request is asking the store whether it is back
}

// refuse notes the store down, counting a refused request (not a health
// check); it reports whether this began an outage.
func (o *outage) refuse(now time.Time, request bool) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if request {
		o.total.Add(1)
		o.refused++
	}
	if o.down.Load() {
		return false
	}
	o.down.Store(true)
	o.since, o.refused = now, 0
	if request {
		o.refused = 1
	}
	return true
}

// ok notes a request the store served; when it ends an outage it reports
// the outage's length and the requests refused during it.
func (o *outage) ok(now time.Time) (ended bool, lasted time.Duration, refused int64) {
	if !o.down.Load() {
		return false, 0, 0
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.down.Load() {
		return false, 0, 0
	}
	o.down.Store(false)
	return true, now.Sub(o.since), o.refused
}

// refuseUnavailable logs the start of an outage (once) and counts the
// request (request false: a health check).
func (r *Registry) refuseUnavailable(err error, request bool) {
	if r.out.refuse(time.Now(), request) {
		r.log.Error("store unavailable: answering 503 until it is back", "err", err)
	}
}

// storeAnswered ends an outage once the store answers. A request that
// succeeded may not have asked the store (a pull from memory), so during
// an outage one request at a time asks it, briefly.
func (r *Registry) storeAnswered(ctx context.Context, asked bool) {
	if !r.out.down.Load() {
		return
	}
	if !asked {
		if !r.out.probing.CompareAndSwap(false, true) {
			return
		}
		defer r.out.probing.Store(false)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if _, err := r.st.Offices(ctx); err != nil {
			return
		}
	}
	if ended, lasted, n := r.out.ok(time.Now()); ended {
		r.log.Warn("store available again", "lasted", lasted.Round(time.Millisecond).String(), "refused", n)
	}
}
