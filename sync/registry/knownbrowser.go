package registry

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"sync"
	"time"

	"okienko/app/auth"
	"okienko/sync/registry/store"
)

// knownBrowsers lets a browser where a person signed in to the console
// before keep signing in while their login waits out a back-off that
// someone else's wrong guesses caused (OWASP's "device cookies"). Without
// it, anyone who can reach the console could keep an administrator out by
// guessing wrong passwords under their login every few minutes.
//
// A known browser holds a token: a random nonce and an HMAC of it with the
// office and login, under a key this process makes when it starts. A
// wrong password sent with a valid token counts against that token only,
// with the same back-off (auth.Delay); the login's own back-off applies to
// every other sign-in, as before. A registry restarted, or another
// registry process behind the same address, does not know the token: that
// browser is then an unknown one again until its next sign-in.
type knownBrowsers struct {
	key   [32]byte
	mu    sync.Mutex
	fails map[string]store.LoginFailures // nonce → its failures
}

// knownMax bounds the failures remembered: past it they are forgotten
// whole (an attacker with many valid tokens already knows the password).
const knownMax = 10_000

func newKnownBrowsers() *knownBrowsers {
	k := &knownBrowsers{fails: map[string]store.LoginFailures{}}
	rand.Read(k.key[:])
	return k
}

// mac binds a nonce to one office's login.
func (k *knownBrowsers) mac(officeID, login string, nonce []byte) []byte {
	m := hmac.New(sha256.New, k.key[:])
	m.Write([]byte(officeID))
	m.Write([]byte{0})
	m.Write([]byte(login))
	m.Write([]byte{0})
	m.Write(nonce)
	return m.Sum(nil)
}

// issue makes a token for a browser where officeID's login just signed in,
// keeping the nonce of a valid earlier token (so its failures stay with
// it).
func (k *knownBrowsers) issue(officeID, login, earlier string) string {
	nonce, ok := k.nonce(officeID, login, earlier)
	if !ok {
		b := make([]byte, 16)
		rand.Read(b)
		nonce = string(b)
	}
	return base64.RawURLEncoding.EncodeToString(append([]byte(nonce), k.mac(officeID, login, []byte(nonce))...))
}

// nonce is a token's nonce when it is valid for officeID's login.
func (k *knownBrowsers) nonce(officeID, login, token string) (string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if token == "" || err != nil || len(b) != 16+sha256.Size {
		return "", false
	}
	nonce, sum := b[:16], b[16:]
	if !hmac.Equal(sum, k.mac(officeID, login, nonce)) {
		return "", false
	}
	return string(nonce), true
}

// waiting is how long a known browser's sign-ins still wait.
func (k *knownBrowsers) waiting(nonce string, now time.Time) time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.fails[nonce].LockedUntil.Sub(now)
}

// failed counts a wrong password from a known browser.
func (k *knownBrowsers) failed(nonce string, now time.Time) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.fails) >= knownMax {
		k.fails = map[string]store.LoginFailures{}
	}
	f := k.fails[nonce]
	f.Failures++
	f.LockedUntil = now.Add(auth.Delay(f.Failures))
	k.fails[nonce] = f
	return f.Failures
}

// succeeded clears a known browser's failures.
func (k *knownBrowsers) succeeded(nonce string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.fails, nonce)
}
