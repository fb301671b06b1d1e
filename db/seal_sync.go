package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"okienko/app/cases"
	"okienko/db/internal/dbq"
)

// metaSealSync is 'pending' from migration 00014 until the first unlock
// has sealed what an older version stored in the clear.
const metaSealSync = "seal_sync"

// sealLegacySync seals the outbox's payloads, the row clocks' fields, the
// device token and the notes and phones of callbacks, presence and case
// duties stored in the clear by an older version, in one transaction: a
// kill leaves them all as they were, to be sealed at the next unlock. It
// finds nothing to do once done (the flag is gone, and each step takes
// only rows still in the clear).
//
// On the registry's plaintext store (Options.Plaintext) the same step
// moves an older version's columns into the sealed ones' places, in the
// clear, so a snapshot always has the layout a device seals as it copies.
func (s *Store) sealLegacySync(ctx context.Context) (did bool, err error) {
	if v, err := s.meta(ctx, metaSealSync); err != nil || v == "" {
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
			func(ctx context.Context) error { return tx.q.OutboxSealLegacy(ctx, h) },
			func(ctx context.Context) error { return tx.q.RowClockSealLegacy(ctx, h) },
			tx.sealLegacyToken, tx.sealLegacyCallbacks, tx.sealLegacyPresence, tx.sealLegacyDutyNotes,
			func(ctx context.Context) error { return tx.q.DeviceMetaDelete(ctx, metaSealSync) },
			tx.oweCompaction,
		}
		for _, step := range steps {
			if err := step(ctx); err != nil {
				return fmt.Errorf("db: seal the sync data stored in the clear: %w", err)
			}
		}
		return nil
	})
}

func (t *Tx) sealLegacyToken(ctx context.Context) error {
	v, err := t.meta(ctx, metaToken)
	if err != nil || v == "" || strings.HasPrefix(v, sealedPrefix) {
		return err
	}
	return t.setToken(ctx, v)
}

func (t *Tx) sealLegacyCallbacks(ctx context.Context) error {
	rows, err := t.q.CallbackListUnsealed(ctx)
	if err != nil {
		return err
	}
	for _, x := range rows {
		raw, err := json.Marshal(callbackPrivate{Name: x.Name, Phone: x.Phone, Topic: x.Topic, Outcome: x.Outcome})
		if err != nil {
			return err
		}
		sealed, err := t.lk.seal("callback", "sealed", x.ID, raw)
		if err != nil {
			return err
		}
		if err := t.q.CallbackSealLegacy(ctx, dbq.CallbackSealLegacyParams{Sealed: sealed, ID: x.ID}); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) sealLegacyPresence(ctx context.Context) error {
	rows, err := t.q.PresenceListUnsealed(ctx)
	if err != nil {
		return err
	}
	for _, x := range rows {
		sealed, err := t.lk.seal("presence", "sealed", x.ID, []byte(x.Note))
		if err != nil {
			return err
		}
		if err := t.q.PresenceSealLegacy(ctx, dbq.PresenceSealLegacyParams{Sealed: sealed, ID: x.ID}); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) sealLegacyDutyNotes(ctx context.Context) error {
	rows, err := t.q.CaseEventDutyNotesUnsealed(ctx)
	if err != nil {
		return err
	}
	for _, x := range rows {
		detail, sealed, err := t.sealDutyNote(cases.Event{ID: x.ID, Kind: x.Kind, Detail: x.Detail})
		if err != nil {
			return err
		}
		if len(sealed) == 0 {
			continue // not a duty's detail: no note to take out
		}
		if err := t.q.CaseEventSealLegacy(ctx, dbq.CaseEventSealLegacyParams{Detail: detail, Sealed: sealed, ID: x.ID}); err != nil {
			return err
		}
	}
	return nil
}
