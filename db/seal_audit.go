package db

import (
	"context"
	"fmt"
)

// An audit entry's note is a person's reason in words (break-the-glass,
// a RODO request) and may name the client: it is sealed (audit_log,
// sealed, id) like every other personal field; an entry without a note
// stores nothing there. Migration 00024 added the column; notes an
// older version stored in the clear (audit_log.note) are sealed at the
// first unlock (sealLegacyAudit).

// metaSealAudit is 'pending' from migration 00024 until the first unlock
// has sealed the notes stored in the clear.
const metaSealAudit = "seal_audit"

// sealAuditNote seals a note; "" stays empty without the key.
func (t *Tx) sealAuditNote(id, note string) ([]byte, error) {
	if note == "" {
		return []byte{}, nil
	}
	return t.lk.seal("audit_log", "sealed", id, []byte(note))
}

// openAuditNote opens a sealed note; an empty one is "" without the key.
func (r reader) openAuditNote(id string, sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	b, err := r.lk.open("audit_log", "sealed", id, sealed)
	return string(b), err
}

// sealLegacyAudit seals the notes an older version stored in the clear,
// in one transaction with clearing the flag: a kill leaves them as they
// were, to be sealed at the next unlock. On the registry's plaintext
// store it moves them into sealed in the clear, so a snapshot has the
// layout a device seals as it copies (snapshot.go, sealedColumns).
func (s *Store) sealLegacyAudit(ctx context.Context) (did bool, err error) {
	if v, err := s.meta(ctx, metaSealAudit); err != nil || v == "" {
		return false, err
	}
	c, err := s.lk.cipher()
	if err != nil {
		return false, err
	}
	h, release := sqlHandle(c)
	defer release()
	return true, s.InTx(ctx, func(tx *Tx) error {
		steps := []func(context.Context) error{
			func(ctx context.Context) error { return tx.q.AuditLogSealLegacy(ctx, h) },
			func(ctx context.Context) error { return tx.q.DeviceMetaDelete(ctx, metaSealAudit) },
			tx.oweCompaction,
		}
		for _, step := range steps {
			if err := step(ctx); err != nil {
				return fmt.Errorf("db: seal the audit notes stored in the clear: %w", err)
			}
		}
		return nil
	})
}
