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

// DefaultParams are what a 2-core counter laptop verifies in about 250 ms
// (BenchmarkVerify, `make bench`: 244-278 ms of CPU per core, measured on
// the 2-core build machine, against 47-59 ms for the former 64 MiB and
// 2 passes): slow enough that a stolen verifier is costly to guess at,
// quick enough for a clerk signing in. Memory is raised rather than
// passes (RFC 9106 prefers memory hardness). Hashes made with other costs
// are rehashed at the next sign-in (NeedsRehash).
var DefaultParams = Params{Time: 4, Memory: 128 * 1024, Threads: 2, KeyLen: 32, SaltLen: 16}

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

// NeedsRehash reports whether encoded was made with other costs than p
// (or cannot be read): after the next successful sign-in it is hashed
// again with p.
func NeedsRehash(encoded string, p Params) bool {
	got, _, _, err := decode(encoded)
	if err != nil {
		return true
	}
	return got.Memory != p.Memory || got.Time != p.Time || got.Threads != p.Threads
}

// Verify reports whether password matches the PHC hash, in constant time
// with respect to the key.
func Verify(password, encoded string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// decode reads a PHC string's costs, salt and key.
func decode(encoded string) (Params, []byte, []byte, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, ErrMalformedHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, ErrMalformedHash
	}
	// Refuse absurd costs from a tampered row rather than hang the counter.
	if p.Memory == 0 || p.Memory > 1<<20 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return Params{}, nil, nil, ErrMalformedHash
	}
	return p, salt, key, nil
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
