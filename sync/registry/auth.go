package registry

import (
	"math/rand/v2"
	"sync"
	"time"

	"okienko/sync/registry/store"
)

// A device sends two or three requests a round, each authenticated by a
// lookup of its token in the store. authCache remembers a token's device
// for authTTL, so a round pays one lookup. A revocation made by this
// registry (Revoke) takes effect at once; one made by another process
// (`registry admin device revoke` beside a running server, or another
// registry serving the same database) within authTTL. Either way the revoked device's numbers are cancelled in the
// store first, so a push in that window cannot use them.
type authCache struct {
	mu sync.Mutex
	m  map[string]authEntry // token hash → device
}

type authEntry struct {
	dev   store.Device
	until time.Time
}

// authTTL is how long a token's device is taken as found.
const authTTL = 2 * time.Second

// authCacheMax bounds the cache; past it, expired entries are dropped.
const authCacheMax = 10000

func (c *authCache) get(hash string, now time.Time) (store.Device, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || now.After(e.until) {
		return store.Device{}, false
	}
	return e.dev, true
}

func (c *authCache) put(hash string, d store.Device, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]authEntry{}
	}
	if len(c.m) >= authCacheMax {
		for h, e := range c.m {
			if now.After(e.until) {
				delete(c.m, h)
			}
		}
	}
	// Spread as seenAt spreads: the tokens of devices that started
	// together would otherwise all be looked up again in one round.
	c.m[hash] = authEntry{dev: d, until: now.Add(authTTL - rand.N(authTTL/2))}
}

// seen notes that the device was seen at t, as TouchDevice recorded.
func (c *authCache) seen(hash string, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[hash]; ok {
		e.dev.LastSeenAt = t
		c.m[hash] = e
	}
}

// forget drops the device's entries (it was revoked).
func (c *authCache) forget(deviceID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, e := range c.m {
		if e.dev.ID == deviceID {
			delete(c.m, h)
		}
	}
}
