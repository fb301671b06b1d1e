package db

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"okienko/app/keys"
)

// ErrLocked is returned by a read or write of a sealed column while no
// person's sign-in has unlocked the device's data key (see ARCHITECTURE.md,
// Encryption at rest).
var ErrLocked = errors.New("db: locked")

// lock holds the cipher of the unlocked data key; nil while locked.
type lock struct {
	mu sync.RWMutex
	c  *keys.Cipher
	// after are the steps run after each successful Unlock (AfterUnlock).
	after []func(context.Context, *keys.Cipher) error
}

// Unlock hands the store the cipher of the device's data key, unwrapped
// at a person's sign-in; sealed columns can be read and written until Lock.
// The first unlock after an upgrade from a plaintext database seals what
// was stored in the clear (sealLegacy), in one transaction: a kill during
// it leaves the plaintext database as it was, to be sealed at the next
// unlock.
func (s *Store) Unlock(ctx context.Context, c *keys.Cipher) error {
	if c == nil {
		return fmt.Errorf("db: unlock: no cipher")
	}
	s.lk.mu.Lock()
	s.lk.c = c
	s.lk.mu.Unlock()
	if err := s.sealLegacy(ctx); err != nil {
		s.Lock()
		return fmt.Errorf("db: unlock: %w", err)
	}
	s.runAfterUnlock(ctx, c)
	return nil
}

// sealLegacy seals the rows an older version stored in the clear. Each
// step is idempotent (it finds nothing to do once done).
func (s *Store) sealLegacy(ctx context.Context) error {
	for _, step := range []func(context.Context) error{s.sealLegacyCases, s.sealLegacySync} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// Lock drops the cipher: sealed columns fail with ErrLocked until the next
// Unlock. The caller destroys the cipher it handed in.
func (s *Store) Lock() {
	s.lk.mu.Lock()
	defer s.lk.mu.Unlock()
	s.lk.c = nil
}

// Unlocked tells whether a cipher is held.
func (s *Store) Unlocked() bool {
	s.lk.mu.RLock()
	defer s.lk.mu.RUnlock()
	return s.lk.c != nil
}

// Cipher is the unlocked cipher, or ErrLocked.
func (s *Store) Cipher() (*keys.Cipher, error) {
	s.lk.mu.RLock()
	defer s.lk.mu.RUnlock()
	if s.lk.c == nil {
		return nil, ErrLocked
	}
	return s.lk.c, nil
}

// seal encrypts one column's value for its row (table, column, row id are
// bound into the seal: a value moved elsewhere does not open).
func (s *Store) seal(table, column, rowID string, plain []byte) ([]byte, error) {
	c, err := s.Cipher()
	if err != nil {
		return nil, fmt.Errorf("db: seal %s.%s: %w", table, column, err)
	}
	return c.Seal(table, column, rowID, plain), nil
}

// open decrypts what seal made for the same table, column and row id.
func (s *Store) open(table, column, rowID string, sealed []byte) ([]byte, error) {
	c, err := s.Cipher()
	if err != nil {
		return nil, fmt.Errorf("db: open %s.%s: %w", table, column, err)
	}
	b, err := c.Open(table, column, rowID, sealed)
	if err != nil {
		return nil, fmt.Errorf("db: open %s.%s: %w", table, column, err)
	}
	return b, nil
}
