package registry

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Enrolment attempts per address. A code is 12 letters of 31 (about 59
// bits), so guessing is hopeless at any rate; the limit keeps a script
// from trying codes by the thousand, or filling the logs, and costs an
// office enrolling its laptops nothing: only failures count.
const (
	enrolFree       = 5                // failed attempts an address may make at once
	enrolBackoff    = time.Second      // the wait after the first failure past those, doubled after each
	enrolMaxBackoff = 5 * time.Minute  // the longest wait
	enrolForget     = time.Hour        // an address quiet this long starts afresh
	enrolAddresses  = 10_000           // addresses remembered at most
	enrolSweepEvery = 10 * time.Minute // how often forgotten addresses leave memory
)

// errTooMany is an attempt refused before it was read: the address must
// wait (429 with Retry-After).
type errTooMany struct{ wait time.Duration }

func (e errTooMany) Error() string {
	return fmt.Sprintf("registry: too many attempts, retry after %s", e.wait)
}

// retryAfter is the wait in whole seconds, at least one.
func (e errTooMany) retryAfter() int { return int((e.wait + time.Second - 1) / time.Second) }

// attempts limits one kind of attempt per client address, with an
// exponential back-off. Memory is bounded: quiet addresses are forgotten,
// and when enrolAddresses are remembered the quietest one makes room.
type attempts struct {
	// free is how many failed attempts an address may make before the
	// back-off (enrolFree when 0).
	free  int
	mu    sync.Mutex
	addrs map[string]*attemptState
	swept time.Time
}

type attemptState struct {
	fails int       // attempts counted: arrived and not succeeded
	until time.Time // refused before this
	last  time.Time // the last attempt counted
}

// begin counts an attempt from addr at now, or refuses it with the wait.
// It is counted as it arrives, so a burst sent at once is held back as
// one sent in turn; done takes it back if it succeeds.
func (a *attempts) begin(addr string, now time.Time) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.addrs == nil {
		a.addrs = map[string]*attemptState{}
	}
	if now.Sub(a.swept) >= enrolSweepEvery {
		a.sweep(now)
	}
	s := a.addrs[addr]
	if s != nil && now.Sub(s.last) >= enrolForget {
		s = nil
		delete(a.addrs, addr)
	}
	if s == nil {
		if len(a.addrs) >= enrolAddresses {
			a.evict()
		}
		s = &attemptState{}
		a.addrs[addr] = s
	}
	if now.Before(s.until) {
		return errTooMany{wait: s.until.Sub(now)}
	}
	s.fails++
	s.last = now
	free := a.free
	if free == 0 {
		free = enrolFree
	}
	if over := s.fails - free; over > 0 {
		wait := enrolMaxBackoff
		if over <= 20 {
			wait = min(enrolBackoff<<(over-1), enrolMaxBackoff)
		}
		s.until = now.Add(wait)
	}
	return nil
}

// done takes back the attempt begin counted when it succeeded: a device
// that enrolled is no guess. Nothing else is reset, so a valid code does
// not buy an address more guesses.
func (a *attempts) done(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.addrs[addr]; s != nil && s.fails > 0 {
		s.fails--
	}
}

// sweep forgets addresses quiet for enrolForget whose wait is over.
func (a *attempts) sweep(now time.Time) {
	a.swept = now
	for addr, s := range a.addrs {
		if now.Sub(s.last) >= enrolForget && !now.Before(s.until) {
			delete(a.addrs, addr)
		}
	}
}

// evict forgets the tenth of the addresses whose last attempts are
// oldest: sorting once per many new addresses keeps a flood of them cheap.
func (a *attempts) evict() {
	lasts := make([]time.Time, 0, len(a.addrs))
	for _, s := range a.addrs {
		lasts = append(lasts, s.last)
	}
	slices.SortFunc(lasts, time.Time.Compare)
	cutoff := lasts[len(lasts)/10]
	for addr, s := range a.addrs {
		if !s.last.After(cutoff) {
			delete(a.addrs, addr)
		}
	}
}

// size is how many addresses are remembered (tests).
func (a *attempts) size() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.addrs)
}

// clientAddr is the address a request came from: the connection's peer.
// Behind a reverse proxy that is the proxy, unless Options.TrustProxy
// says the proxy appends the client's address to X-Forwarded-For, whose
// last entry is then taken (the ones before it are the client's to
// write, and prove nothing).
func (r *Registry) clientAddr(req *http.Request) string {
	if r.trustProxy {
		if xff := req.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		return req.RemoteAddr
	}
	return host
}
