package registry

import (
	"net/http"
	"sync"
	"time"

	"okienko/app/auth"
	"okienko/sync/registry/store"
)

// signInFree is how many failed console sign-ins one address may make
// before it waits (1 s, doubled after each more, at most 5 minutes; an
// address quiet for an hour starts afresh). An office's few console users
// behind one address mistype far fewer; a script trying made-up logins,
// each new and so under no login's back-off, is held to a trickle, and
// with it the audit entries and log lines each try leaves.
const signInFree = 10

// BeginSignIn counts a console sign-in from the request's address, or
// refuses it (ErrWrongPassword with the wait, as a login's back-off is
// answered) while the address waits. done takes the attempt back when it
// signed someone in. A browser holding a known-browser token for the
// login (knownbrowser.go) is not counted: someone else's flood from the
// same address, a shared office connection, keeps no one out of their
// own browser.
func (r *Registry) BeginSignIn(req *http.Request, officeID, login, token string) (done func(), err error) {
	if _, known := r.known.nonce(officeID, login, token); known {
		return func() {}, nil
	}
	addr := r.clientAddr(req)
	if err := r.signInTries.begin(addr, r.now()); err != nil {
		if tm, ok := err.(errTooMany); ok {
			return nil, throttledError{tm.wait}
		}
		return nil, err
	}
	return func() { r.signInTries.done(addr) }, nil
}

// decoyVerify checks the password against a verifier of no one, made
// once with the registry's costs: a refusal for an unknown login, an
// inactive person or one without a verifier then takes as long as a
// wrong password, so the answer's time does not tell which logins exist.
func (r *Registry) decoyVerify(password string) {
	if h := r.people.decoy(); h != "" {
		_, _ = r.verify(password, h)
	}
}

// ghostLimit is how many unknown logins' failures are remembered.
const ghostLimit = 10_000

// ghosts are the failures of logins the office does not have, at the
// console and on devices (keyed by deviceLoginKey there), kept in memory
// rather than the store: they back off exactly as a real
// login's do (so the answers stay alike), but a flood of made-up logins
// writes no row. Bounded: when full, those whose wait is over go, then
// half of the rest.
type ghosts struct {
	mu sync.Mutex
	m  map[string]store.LoginFailures
}

func (g *ghosts) get(key string) store.LoginFailures {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.m[key]
}

func (g *ghosts) set(key string, f store.LoginFailures, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.m == nil {
		g.m = map[string]store.LoginFailures{}
	}
	if _, ok := g.m[key]; !ok && len(g.m) >= ghostLimit {
		for k, v := range g.m {
			if !v.LockedUntil.After(now) {
				delete(g.m, k)
			}
		}
		for k := range g.m { // map order: an arbitrary half
			if len(g.m) < ghostLimit/2 {
				break
			}
			delete(g.m, k)
		}
	}
	g.m[key] = f
}

// ghostKey is an unknown login's key among ghosts.
func ghostKey(officeID, login string) string { return officeID + "\x00" + login }

// newDecoy makes the decoy verifier (empty if hashing fails: the
// refusals are then quicker, never wrong).
func newDecoy(p auth.Params) func() string {
	return sync.OnceValue(func() string {
		h, err := auth.Hash("okienko decoy", p)
		if err != nil {
			return ""
		}
		return h
	})
}
