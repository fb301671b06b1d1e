package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"okienko/sync/client"
)

// A privileged act at the registry (resolving a conflict) needs the
// registry's word that this person, not just this device, may do it. When
// a person signs in on a connected device, the app asks the registry for a
// person session with the password just given (the password lives only
// for that call), in the background so the counter is not kept waiting.
// The token stays in memory only: kept through a lock (the same person
// comes back), dropped at sign-out, when another person signs in, and when
// the app exits, and ended at the registry on sign-out.

// personWait bounds how long an act waits for a session still being
// obtained (the sign-in a moment ago).
const personWait = 15 * time.Second

// personSession is the signed-in person's session at the registry.
type personSession struct {
	staffID string
	token   string
	pending chan struct{} // open while the session is being obtained
	err     error         // why the last request got none
}

// PersonSessions holds the signed-in person's session at the registry,
// apart from the Core: the person's authority is the registry's word.
type PersonSessions struct {
	client func() *client.Client // the registry's client; nil while not enrolled
	log    *slog.Logger

	mu     sync.Mutex
	person personSession
	// must holds the staff ids known to hold a one-time password (from
	// the device's list of verifiers or the registry's session answer):
	// they may do nothing but replace it (AuthService.ChangePassword).
	must map[string]bool
	// onMust is told when the registry's answer marks the person.
	onMust func()
}

// newPersonSessions makes the holder; client gives the registry's client.
func newPersonSessions(client func() *client.Client, log *slog.Logger) *PersonSessions {
	return &PersonSessions{client: client, log: log}
}

// start asks the registry for staffID's person session, if
// the device is enrolled; a failure (offline, an older registry) leaves
// the person without one, and privileged acts are refused.
func (c *PersonSessions) start(staffID, login, password string) {
	cl := c.client()
	if cl == nil {
		return
	}
	done := make(chan struct{})
	c.mu.Lock()
	old := c.person
	c.person = personSession{staffID: staffID, pending: done}
	c.mu.Unlock()
	go c.endAtRegistry(old.token)
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), personWait)
		defer cancel()
		resp, err := cl.Session(ctx, login, password)
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.person.pending != done {
			// Signed out, or someone else signed in, meanwhile.
			if err == nil {
				go c.endAtRegistry(resp.Token)
			}
			return
		}
		c.person.pending = nil
		c.person.err = err
		if err != nil {
			c.log.Warn("no person session at the registry", "staff", staffID, "err", personErrCode(err))
			return
		}
		c.person.token = resp.Token
		c.log.Info("person session at the registry", "staff", staffID)
		if resp.MustChange && !c.must[staffID] {
			c.markLocked(staffID, true)
			if c.onMust != nil {
				go c.onMust()
			}
		}
	}()
}

// confirm asks the registry for staffID's person session now and waits
// for its answer: a head who signed in while the registry could not be
// reached confirms their authority with their password, without signing
// out. It returns the request's error (client.ErrOffline when the device
// is not enrolled).
func (c *PersonSessions) confirm(ctx context.Context, staffID, login, password string) error {
	if c.client() == nil {
		return client.ErrOffline
	}
	c.start(staffID, login, password)
	c.mu.Lock()
	p := c.person
	c.mu.Unlock()
	if p.pending != nil {
		select {
		case <-p.pending:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.person.staffID == staffID && c.person.token != "" {
		return nil
	}
	if c.person.err != nil {
		return c.person.err
	}
	return client.ErrOffline
}

// state tells, without waiting, whether staffID holds a session and
// whether one is being obtained.
func (c *PersonSessions) state(staffID string) (held, pending bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.person.staffID != staffID {
		return false, false
	}
	return c.person.token != "", c.person.pending != nil
}

// personErrCode names a failed session request without its details.
func personErrCode(err error) string {
	switch {
	case errors.Is(err, client.ErrOffline):
		return "offline"
	case errors.Is(err, client.ErrWrongPassword):
		return "refused"
	case errors.Is(err, client.ErrUnauthorized):
		return "unauthorized"
	}
	return "error"
}

// token is staffID's person session token, waiting for one being
// obtained; "" if there is none.
func (c *PersonSessions) token(ctx context.Context, staffID string) string {
	c.mu.Lock()
	p := c.person
	c.mu.Unlock()
	if p.pending != nil {
		select {
		case <-p.pending:
		case <-ctx.Done():
		case <-time.After(personWait):
		}
		c.mu.Lock()
		p = c.person
		c.mu.Unlock()
	}
	if p.staffID != staffID {
		return ""
	}
	return p.token
}

// forget drops a token the registry no longer takes.
func (c *PersonSessions) forget(token string) {
	c.mu.Lock()
	if c.person.token == token {
		c.person.token = ""
	}
	c.mu.Unlock()
}

// drop forgets the person session and ends it at the
// registry: in the background at sign-out, waiting (briefly) at app exit.
func (c *PersonSessions) drop(wait bool) {
	c.mu.Lock()
	token := c.person.token
	c.person = personSession{}
	c.mu.Unlock()
	if wait {
		c.endAtRegistry(token)
	} else {
		go c.endAtRegistry(token)
	}
}

// endAtRegistry ends a session at the registry, briefly: the token is
// forgotten here anyway, and it expires on its own.
func (c *PersonSessions) endAtRegistry(token string) {
	cl := c.client()
	if token == "" || cl == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := cl.EndSession(ctx, token); err != nil {
		c.log.Info("person session not ended at the registry", "err", personErrCode(err))
	}
}

// Has reports whether a person holds a session at the registry (waiting
// for one being obtained).
func (c *PersonSessions) Has(ctx context.Context) bool {
	c.mu.Lock()
	id := c.person.staffID
	c.mu.Unlock()
	return id != "" && c.token(ctx, id) != ""
}

// hasOrPending reports whether staffID holds a session or
// one is being obtained.
func (c *PersonSessions) hasOrPending(staffID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.person.staffID == staffID && (c.person.token != "" || c.person.pending != nil)
}

// markLocked sets or clears staffID's one-time mark; c.mu is held.
func (c *PersonSessions) markLocked(staffID string, must bool) {
	if c.must == nil {
		c.must = map[string]bool{}
	}
	if must {
		c.must[staffID] = true
	} else {
		delete(c.must, staffID)
	}
}

// mark sets or clears staffID's one-time mark.
func (c *PersonSessions) mark(staffID string, must bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.markLocked(staffID, must)
}

// mustChange tells whether staffID must replace a one-time password.
func (c *PersonSessions) mustChange(staffID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.must[staffID]
}
