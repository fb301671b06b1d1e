// Package keys holds the device's keys for encryption at rest (issue 13):
// the random 256-bit device data key, its wraps under a key derived from
// each allowed person's password and from a printed recovery code (the
// key file, KeySet), the subkeys derived from it with HKDF, the field
// cipher the store seals personal columns with, the blind index that
// replaces the plaintext search index, and the encrypted file format of
// printouts and downloads. Pure: no files, no clock, no global state;
// randomness from crypto/rand only.
package keys

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
)

// KeyLen is the length of every symmetric key here: AES-256.
const KeyLen = 32

// Errors a caller acts on.
var (
	// ErrWrongPassword: no wrap for that person, or the password does not
	// open it. The two are one error on purpose (and cost the same work),
	// so a guesser learns nothing about which staff ids the file holds.
	ErrWrongPassword = errors.New("keys: wrong password or no key for this person")
	// ErrWrongRecoveryCode: the code is well-formed but does not open the
	// recovery wrap.
	ErrWrongRecoveryCode = errors.New("keys: the recovery code does not open this key file")
	// ErrMalformed: a key file, a sealed field or a sealed file that cannot
	// be read at all (wrong magic, version, lengths, fields).
	ErrMalformed = errors.New("keys: malformed")
	// ErrAuth: a sealed value or file whose authentication failed: changed,
	// truncated, moved to another row, or sealed under another key.
	ErrAuth = errors.New("keys: authentication failed")
	// ErrPersonExists: AddPerson for a staff id the set already wraps for.
	ErrPersonExists = errors.New("keys: this person already has a key")
	// ErrNoPerson: RemovePerson or Rewrap for a staff id the set lacks.
	ErrNoPerson = errors.New("keys: no key for this person")
)

// DataKey is the device's data key. Everything personal on the device's
// disk is sealed under keys derived from it; it itself is on disk only
// wrapped (KeySet). Hold it no longer than the session is unlocked and
// Destroy it at lock.
type DataKey struct {
	b [KeyLen]byte
}

// NewDataKey makes a fresh random data key (once per device, at enrolment
// or at the first start of a standalone device).
func NewDataKey() *DataKey {
	k := &DataKey{}
	rand.Read(k.b[:]) // never fails (Go 1.24+ crashes the process instead)
	return k
}

// Destroy overwrites the key. Go may have copied it while it was in use
// (the AES key schedule inside a cipher.AEAD cannot be wiped), so this
// narrows the window rather than closing it.
func (k *DataKey) Destroy() {
	if k != nil {
		clear(k.b[:])
	}
}

// Equal says whether two data keys are the same (tests, and checking a
// recovered key against the one in use).
func (k *DataKey) Equal(o *DataKey) bool {
	return k != nil && o != nil && subtle.ConstantTimeCompare(k.b[:], o.b[:]) == 1
}

// DataKeyFrom takes a data key as the registry's escrow gives it back
// (exactly KeyLen bytes; ErrMalformed otherwise). The caller clears b.
func DataKeyFrom(b []byte) (*DataKey, error) {
	if len(b) != KeyLen {
		return nil, ErrMalformed
	}
	k := &DataKey{}
	copy(k.b[:], b)
	return k, nil
}

// Export copies the key out, for the one place it leaves the device:
// the enrolment request to the registry (over TLS), which keeps it for
// the device. The caller clears the copy.
func (k *DataKey) Export() []byte {
	return append([]byte(nil), k.b[:]...)
}
