package pgstore

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// Generation reads the store's generation.
func (s *Store) Generation(ctx context.Context) (store.Generation, error) {
	g, err := s.q.GenerationGet(ctx)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Generation{}, wrap("generation", store.ErrNotFound)
	}
	if err != nil {
		return store.Generation{}, wrap("generation", err)
	}
	marks, err := store.DecodeMarks(g.Marks)
	if err != nil {
		return store.Generation{}, err
	}
	return store.Generation{ID: g.Generation, RestoredAt: fromMS(g.RestoredAt), Marks: marks}, nil
}

// SetGeneration replaces the store's generation (registry admin
// generation new, after a PostgreSQL restore).
func (s *Store) SetGeneration(ctx context.Context, g store.Generation) error {
	marks, err := store.EncodeMarks(g.Marks)
	if err != nil {
		return err
	}
	return wrap("set generation", s.q.GenerationSet(ctx, pq.GenerationSetParams{Generation: g.ID, RestoredAt: ms(g.RestoredAt), Marks: marks}))
}

// MarkResent records that a device sent again for a generation.
func (s *Store) MarkResent(ctx context.Context, deviceID, generation string, now time.Time) error {
	return wrap("mark resent", s.q.ResentMark(ctx, pq.ResentMarkParams{DeviceID: deviceID, Generation: generation, At: ms(now)}))
}

// ResendPending lists the devices that have yet to send again.
func (s *Store) ResendPending(ctx context.Context, officeID, generation string, since time.Time) ([]string, error) {
	ids, err := s.q.ResendPendingDevices(ctx, pq.ResendPendingDevicesParams{OfficeID: officeID, EnrolledAt: ms(since), Generation: generation})
	return ids, wrap("resend pending", err)
}

// RaiseNextNumber makes a register's next free number at least next; like
// NextNumbers it counts in memory and writes at the flush.
func (t *txn) RaiseNextNumber(ctx context.Context, unit, jrwa string, year, next int) error {
	r := register{unit, jrwa, year}
	cur, known := t.registers[r]
	if !known {
		n, err := t.q.RegisterGet(ctx, pq.RegisterGetParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year)})
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			n = 1
		case err != nil:
			return wrap("raise next number", err)
		}
		cur = n
	}
	if !slices.Contains(t.regOrder, r) {
		t.regOrder = append(t.regOrder, r)
	}
	t.registers[r] = max(cur, int64(next))
	return nil
}

// NodeMarks is the newest field stamp per HLC node among the office's rows,
// as the transactions that wrote them kept it (node_marks).
func (s *Store) NodeMarks(ctx context.Context, officeID string) (map[string]string, error) {
	rows, err := s.q.NodeMarksOf(ctx, officeID)
	if err != nil {
		return nil, wrap("node marks", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Node] = r.Stamp
	}
	return out, nil
}
