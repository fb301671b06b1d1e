package app

import (
	"context"
	"errors"
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
}

// startPersonSession asks the registry for staffID's person session, if
// the device is enrolled; a failure (offline, an older registry) leaves
// the person without one, and privileged acts are refused.
func (c *Core) startPersonSession(staffID, login, password string) {
	cl := c.syncClient()
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
		if err != nil {
			c.Log.Warn("no person session at the registry", "staff", staffID, "err", personErrCode(err))
			return
		}
		c.person.token = resp.Token
		c.Log.Info("person session at the registry", "staff", staffID)
	}()
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

// personToken is staffID's person session token, waiting for one being
// obtained; "" if there is none.
func (c *Core) personToken(ctx context.Context, staffID string) string {
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

// forgetPersonToken drops a token the registry no longer takes.
func (c *Core) forgetPersonToken(token string) {
	c.mu.Lock()
	if c.person.token == token {
		c.person.token = ""
	}
	c.mu.Unlock()
}

// dropPersonSession forgets the person session and ends it at the
// registry: in the background at sign-out, waiting (briefly) at app exit.
func (c *Core) dropPersonSession(wait bool) {
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
func (c *Core) endAtRegistry(token string) {
	cl := c.syncClient()
	if token == "" || cl == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := cl.EndSession(ctx, token); err != nil {
		c.Log.Info("person session not ended at the registry", "err", personErrCode(err))
	}
}

// HasPersonSession reports whether the signed-in person holds a session
// at the registry (waiting for one being obtained).
func (c *Core) HasPersonSession(ctx context.Context) bool {
	c.mu.Lock()
	id := c.session.StaffID
	c.mu.Unlock()
	return id != "" && c.personToken(ctx, id) != ""
}

// hasPersonSessionOrPending reports whether staffID holds a session or
// one is being obtained.
func (c *Core) hasPersonSessionOrPending(staffID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.person.staffID == staffID && (c.person.token != "" || c.person.pending != nil)
}
