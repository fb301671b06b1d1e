package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
)

// The HKDF info strings name each subkey's use, so no two uses ever share
// a key (RFC 5869 §3.2). A new version of a format gets a new string.
const (
	infoField = "okienko field cipher v1"
	infoIndex = "okienko blind index v1"
	infoFile  = "okienko file cipher v1"
)

// fieldVersion is the first byte of every sealed field, so a later format
// (another cipher, a rotated key) can be told apart from this one.
const fieldVersion = 1

// pad is the block sealed fields are padded to: a value's length is
// visible only to within 16 bytes (a surname of 3 letters and one of 15
// look alike).
const pad = 16

// Cipher is what an unlocked device works with: the field cipher, the
// blind index key and the file key, all derived from the data key with
// HKDF-SHA-256. It is safe for concurrent use. Drop it (and Destroy it)
// at lock.
type Cipher struct {
	field cipher.AEAD
	index [KeyLen]byte
	file  [KeyLen]byte
	macs  sync.Pool // HMAC-SHA-256 under index, reset after each use
}

// NewCipher derives the subkeys of a data key. The data key itself is not
// kept: the caller may Destroy it once the cipher is made.
func NewCipher(dk *DataKey) (*Cipher, error) {
	if dk == nil {
		return nil, fmt.Errorf("keys: no data key")
	}
	c := &Cipher{}
	fk, err := derive(dk.b[:], infoField)
	if err != nil {
		return nil, err
	}
	defer clear(fk)
	if c.field, err = newGCM(fk); err != nil {
		return nil, err
	}
	ik, err := derive(dk.b[:], infoIndex)
	if err != nil {
		return nil, err
	}
	copy(c.index[:], ik)
	clear(ik)
	xk, err := derive(dk.b[:], infoFile)
	if err != nil {
		return nil, err
	}
	copy(c.file[:], xk)
	clear(xk)
	return c, nil
}

// Destroy overwrites the keys the cipher holds in its own memory (see
// DataKey.Destroy for what it cannot reach). The cipher is unusable after.
func (c *Cipher) Destroy() {
	if c != nil {
		clear(c.index[:])
		clear(c.file[:])
		c.field = nil
		c.macs = sync.Pool{}
	}
}

func derive(secret []byte, info string) ([]byte, error) {
	return hkdfKey(secret, nil, info)
}

func hkdfKey(secret, salt []byte, info string) ([]byte, error) {
	k, err := hkdf.Key(sha256.New, secret, salt, info, KeyLen)
	if err != nil {
		return nil, fmt.Errorf("keys: derive %s: %w", info, err)
	}
	return k, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("keys: aes: %w", err)
	}
	g, err := cipher.NewGCM(b)
	if err != nil {
		return nil, fmt.Errorf("keys: gcm: %w", err)
	}
	return g, nil
}

// fieldAD is the associated data of a sealed field: its table, column and
// row id, each length-prefixed so no two triples share an encoding. A
// value copied into another row, column or table fails to open.
func fieldAD(table, column, rowID string) []byte {
	return lengthPrefixed(table, column, rowID)
}

// lengthPrefixed joins strings unambiguously: each is preceded by its
// length as a uvarint.
func lengthPrefixed(parts ...string) []byte {
	n := 0
	for _, s := range parts {
		n += len(s) + 2
	}
	b := make([]byte, 0, n)
	for _, s := range parts {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// Seal encrypts one field's value for the row it belongs to: a version
// byte, a random 96-bit nonce, and AES-256-GCM of the value padded to a
// multiple of 16 bytes (ISO/IEC 7816-4: 0x80 then zeros). Random nonces
// under one key are safe for 2^32 seals (NIST SP 800-38D §8.3), some
// thousand times what a device writes in its life; the data key is
// rotated long before (see ARCHITECTURE.md, Encryption at rest).
func (c *Cipher) Seal(table, column, rowID string, plaintext []byte) []byte {
	n := c.field.NonceSize()
	padded := (len(plaintext)/pad + 1) * pad
	out := make([]byte, 1+n, 1+n+padded+c.field.Overhead())
	out[0] = fieldVersion
	rand.Read(out[1 : 1+n])
	buf := make([]byte, padded)
	copy(buf, plaintext)
	buf[len(plaintext)] = 0x80
	out = c.field.Seal(out, out[1:1+n], buf, fieldAD(table, column, rowID))
	clear(buf)
	return out
}

// Open decrypts what Seal made for the same table, column and row id.
// A changed, truncated or moved value is ErrAuth; one that is not a
// sealed field at all is ErrMalformed.
func (c *Cipher) Open(table, column, rowID string, sealed []byte) ([]byte, error) {
	n := c.field.NonceSize()
	if len(sealed) < 1+n+pad+c.field.Overhead() || sealed[0] != fieldVersion {
		return nil, fmt.Errorf("keys: open %s.%s: %w", table, column, ErrMalformed)
	}
	buf, err := c.field.Open(nil, sealed[1:1+n], sealed[1+n:], fieldAD(table, column, rowID))
	if err != nil {
		return nil, fmt.Errorf("keys: open %s.%s: %w", table, column, ErrAuth)
	}
	i := len(buf) - 1
	for i >= 0 && buf[i] == 0 {
		i--
	}
	if i < 0 || buf[i] != 0x80 || len(buf)%pad != 0 {
		// Authenticated, so only a bug of ours (or a key reused by another
		// format) gets here.
		return nil, fmt.Errorf("keys: open %s.%s: bad padding: %w", table, column, ErrMalformed)
	}
	return buf[:i], nil
}

// SealString is Seal of a string.
func (c *Cipher) SealString(table, column, rowID, s string) []byte {
	return c.Seal(table, column, rowID, []byte(s))
}

// OpenString is Open to a string.
func (c *Cipher) OpenString(table, column, rowID string, sealed []byte) (string, error) {
	b, err := c.Open(table, column, rowID, sealed)
	return string(b), err
}
