// Package auth holds the pure parts of signing in: Argon2id password
// hashes in PHC string format, the back-off policy for wrong passwords,
// and the session state machine (signed in, locked, auto-lock on
// inactivity). It keeps no global state and reads the clock only through
// arguments.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id cost parameters.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// DefaultParams follow the RFC 9106 "second recommended option" scaled to a
// counter PC: 64 MiB, 2 passes. A check takes ~60 ms on the machine CI runs on.
var DefaultParams = Params{Time: 2, Memory: 64 * 1024, Threads: 2, KeyLen: 32, SaltLen: 16}

// ErrMalformedHash is returned for a stored hash that is not Argon2id PHC.
var ErrMalformedHash = errors.New("auth: malformed password hash")

var b64 = base64.RawStdEncoding

// Hash derives an Argon2id PHC string: $argon2id$v=19$m=..,t=..,p=..$salt$key.
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC hash, in constant time
// with respect to the key.
func Verify(password, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, ErrMalformedHash
	}
	// Refuse absurd costs from a tampered row rather than hang the counter.
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false, ErrMalformedHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, ErrMalformedHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return false, ErrMalformedHash
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// FreeAttempts is how many wrong passwords in a row cost nothing: people
// mistype, and the clerk has a client waiting.
const FreeAttempts = 3

// MaxDelay caps the back-off.
const MaxDelay = 5 * time.Minute

// Delay is how long a login must wait after its n-th consecutive failure:
// nothing for the first FreeAttempts, then 5 s doubling up to MaxDelay.
// Guessing a 10-character password at 12 tries an hour is hopeless, while a
// clerk who mistypes three times waits only seconds.
func Delay(failures int) time.Duration {
	if failures <= FreeAttempts {
		return 0
	}
	d := 5 * time.Second
	for i := FreeAttempts + 1; i < failures; i++ {
		d *= 2
		if d >= MaxDelay {
			return MaxDelay
		}
	}
	return d
}
