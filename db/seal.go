package db

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"okienko/app/keys"
	"okienko/db/internal/dbq"
)

// ErrLocked is returned by a read or write of a sealed column while no
// person's sign-in has unlocked the device's data key (see ARCHITECTURE.md,
// Encryption at rest).
var ErrLocked = errors.New("db: locked")

// lock holds the cipher of the unlocked data key; nil while locked.
type lock struct {
	mu sync.RWMutex
	c  *keys.Cipher
	// plain is the registry's snapshot builder (Options.Plaintext): the
	// registry keeps plaintext, so sealed columns hold their plain bytes
	// there and the blind index stays empty; a device seals each row as it
	// copies the snapshot in (ImportSnapshot).
	plain bool
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
	if s.lk.plain {
		return fmt.Errorf("db: unlock: a plaintext store (the registry's snapshot) takes no key")
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
	did := false
	for _, step := range []func(context.Context) (bool, error){s.sealLegacyCases, s.sealLegacySync, s.sealLegacyAudit} {
		d, err := step(ctx)
		if err != nil {
			return err
		}
		did = did || d
	}
	if did && !s.lk.plain {
		// Pages that held plaintext leave the file and the WAL; the
		// marker's own write is checkpointed too.
		if err := s.compact(ctx); err != nil {
			return err
		}
		if err := s.qw.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: metaCompactOwed, Value: "0"}); err != nil {
			return fmt.Errorf("db: compaction done: %w", err)
		}
		return s.compact(ctx)
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

// Unlocked tells whether a cipher is held (or the store keeps plaintext).
func (s *Store) Unlocked() bool { return s.lk.unlocked() }

func (l *lock) unlocked() bool {
	_, err := l.cipher()
	return err == nil
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

// cipher is the unlocked cipher; nil without an error in plaintext mode
// (no blind index is written there).
func (l *lock) cipher() (*keys.Cipher, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.plain {
		return nil, nil
	}
	if l.c == nil {
		return nil, ErrLocked
	}
	return l.c, nil
}

func (l *lock) seal(table, column, rowID string, plain []byte) ([]byte, error) {
	c, err := l.cipher()
	if err != nil {
		return nil, fmt.Errorf("db: seal %s.%s: %w", table, column, err)
	}
	if c == nil {
		return append([]byte{}, plain...), nil
	}
	return c.Seal(table, column, rowID, plain), nil
}

func (l *lock) open(table, column, rowID string, sealed []byte) ([]byte, error) {
	c, err := l.cipher()
	if err != nil {
		return nil, fmt.Errorf("db: open %s.%s: %w", table, column, err)
	}
	if c == nil {
		return sealed, nil
	}
	b, err := c.Open(table, column, rowID, sealed)
	if err != nil {
		return nil, fmt.Errorf("db: open %s.%s: %w", table, column, err)
	}
	return b, nil
}
