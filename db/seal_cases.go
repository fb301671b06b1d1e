package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"okienko/app/cases"
	"okienko/db/internal/dbq"
)

// sealLegacyCases seals clients, cases' forms and checklists and drafts
// stored in the clear by an older version (moved aside into legacy_* by
// migration 00013), builds their blind index, keeps only signs in the
// sign index, and empties the legacy tables, all in one transaction: a
// kill meanwhile leaves the plaintext rows where they were, to be sealed
// at the next unlock. Store.sealLegacy then compacts the file (compact).
func (s *Store) sealLegacyCases(ctx context.Context) (did bool, err error) {
	pending, err := s.qw.LegacyCasesPending(ctx)
	if err != nil {
		return false, fmt.Errorf("db: seal legacy rows: %w", err)
	}
	// A kill after the sealing committed but before the file was
	// compacted leaves the marker: the compaction is owed still
	// (Store.sealLegacy compacts, then clears it).
	owed, err := s.qw.DeviceMetaGet(ctx, metaCompactOwed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("db: seal legacy rows: %w", err)
	}
	if !pending.Bool && owed != "1" {
		return false, nil
	}
	if pending.Bool {
		if err := s.InTx(ctx, func(tx *Tx) error {
			if err := tx.sealLegacyCases(ctx); err != nil {
				return err
			}
			return tx.oweCompaction(ctx)
		}); err != nil {
			return false, fmt.Errorf("db: seal legacy rows: %w", err)
		}
	}
	return true, nil
}

// metaCompactOwed is "1" from a legacy sealing's commit until the VACUUM
// after it is done.
const metaCompactOwed = "compact_owed"

// oweCompaction notes, in the sealing's transaction, that the file still
// holds the plaintext's old pages until Store.sealLegacy compacts it.
func (t *Tx) oweCompaction(ctx context.Context) error {
	return wrap("compaction owed", t.q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: metaCompactOwed, Value: "1"}))
}

func (t *Tx) sealLegacyCases(ctx context.Context) error {
	k, err := t.lk.cipher()
	if err != nil {
		return err
	}
	clients, err := t.q.LegacyClientList(ctx)
	if err != nil {
		return wrap("legacy clients", err)
	}
	for _, r := range clients {
		c := cases.Client{FirstName: r.FirstName, LastName: r.LastName, BusinessName: r.BusinessName, PESEL: r.Pesel.String,
			NIP: r.Nip.String, REGON: r.Regon.String, BirthDate: r.BirthDate, Sex: r.Sex, Citizenship: r.Citizenship,
			DocType: r.DocType, DocNumber: r.DocNumber, DocCountry: r.DocCountry, Street: r.Street, HouseNo: r.HouseNo,
			FlatNo: r.FlatNo, PostalCode: r.PostalCode, City: r.City, Phone: r.Phone, Email: r.Email}
		plain, err := personJSON(c)
		if err != nil {
			return err
		}
		sealed, err := t.lk.seal("client", "person", r.ID, plain)
		if err != nil {
			return err
		}
		if err := t.q.ClientSetPerson(ctx, dbq.ClientSetPersonParams{Person: sealed, ID: r.ID}); err != nil {
			return wrap("seal client", err)
		}
		if k != nil {
			if err := t.q.SearchTokenAdd(ctx, dbq.SearchTokenAddParams{ClientRowid: r.Rid, Tokens: jsonList(clientTokens(k, c))}); err != nil {
				return wrap("client search index", err)
			}
		}
	}
	legacyCases, err := t.q.LegacyCaseList(ctx)
	if err != nil {
		return wrap("legacy cases", err)
	}
	for _, r := range legacyCases {
		form, err := t.lk.seal("case_file", "form", r.ID, []byte(r.Form))
		if err != nil {
			return err
		}
		checklist, err := t.lk.seal("case_file", "checklist", r.ID, []byte(r.Checklist))
		if err != nil {
			return err
		}
		if err := t.q.CaseSetSealed(ctx, dbq.CaseSetSealedParams{Form: form, Checklist: checklist, ID: r.ID}); err != nil {
			return wrap("seal case", err)
		}
	}
	drafts, err := t.q.LegacyDraftList(ctx)
	if err != nil {
		return wrap("legacy drafts", err)
	}
	for _, r := range drafts {
		body, err := t.lk.seal("draft", "body", r.ID, []byte(r.Body))
		if err != nil {
			return err
		}
		if err := t.q.DraftSetBody(ctx, dbq.DraftSetBodyParams{Body: body, ID: r.ID}); err != nil {
			return wrap("seal draft", err)
		}
	}
	// The sign index held the clients' names too: it is written again
	// with the signs alone, and merged into one segment so no deleted
	// entry of a name stays in it.
	signs, err := t.q.CaseSignsAll(ctx)
	if err != nil {
		return wrap("case signs", err)
	}
	if err := t.q.SearchCaseClear(ctx); err != nil {
		return wrap("sign index", err)
	}
	for _, r := range signs {
		if err := t.q.CaseSetSearchText(ctx, dbq.CaseSetSearchTextParams{SearchText: signText(r.Sign), ID: r.ID}); err != nil {
			return wrap("sign index", err)
		}
	}
	if err := t.q.SearchCaseRebuild(ctx); err != nil {
		return wrap("sign index", err)
	}
	for _, step := range []func(context.Context) error{t.q.SearchQueueClear, t.q.SearchCaseOptimize} {
		if err := step(ctx); err != nil {
			return wrap("sign index", err)
		}
	}
	for _, step := range []func(context.Context) error{t.q.LegacyClientClear, t.q.LegacyCaseClear, t.q.LegacyDraftClear} {
		if err := step(ctx); err != nil {
			return wrap("legacy rows", err)
		}
	}
	return nil
}

// compact rewrites the database file from its live rows (VACUUM) and
// empties the WAL (a checkpoint that truncates it), so pages that held
// plaintext before sealing are neither in the file nor in the WAL. VACUUM
// keeps the rowids the indexes refer to (every copy is by the transfer
// optimisation, as for VACUUM INTO). These are statements sqlc does not
// express; nothing in them comes from input.
func (s *Store) compact(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("db: vacuum after sealing: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("db: checkpoint after sealing: %w", err)
	}
	return nil
}
