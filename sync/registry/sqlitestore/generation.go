package sqlitestore

import (
	"context"
	"time"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// Generation reads the store's generation.
func (s *Store) Generation(ctx context.Context) (store.Generation, error) {
	g, err := s.qr.GenerationGet(ctx)
	if err != nil {
		return store.Generation{}, notFound(err, "generation")
	}
	marks, err := store.DecodeMarks(g.Marks)
	if err != nil {
		return store.Generation{}, err
	}
	return store.Generation{ID: g.Generation, RestoredAt: fromMS(g.RestoredAt), Marks: marks}, nil
}

// SetGeneration replaces the store's generation.
func (s *Store) SetGeneration(ctx context.Context, g store.Generation) error {
	marks, err := store.EncodeMarks(g.Marks)
	if err != nil {
		return err
	}
	return wrap("set generation", s.qw.GenerationSet(ctx, rq.GenerationSetParams{Generation: g.ID, RestoredAt: ms(g.RestoredAt), Marks: marks}))
}

// MarkResent records that a device sent again for a generation.
func (s *Store) MarkResent(ctx context.Context, deviceID, generation string, now time.Time) error {
	return wrap("mark resent", s.qw.ResentMark(ctx, rq.ResentMarkParams{DeviceID: deviceID, Generation: generation, At: ms(now)}))
}

// ResendPending lists the devices that have yet to send again.
func (s *Store) ResendPending(ctx context.Context, officeID, generation string, since time.Time) ([]string, error) {
	ids, err := s.qr.ResendPendingDevices(ctx, rq.ResendPendingDevicesParams{OfficeID: officeID, EnrolledAt: ms(since), Generation: generation})
	return ids, wrap("resend pending", err)
}

// RaiseNextNumber makes a register's next free number at least next.
func (t *txn) RaiseNextNumber(ctx context.Context, unit, jrwa string, year, next int) error {
	return wrap("raise next number", t.q.RegisterRaise(ctx, rq.RegisterRaiseParams{OfficeID: t.office, Unit: unit, Jrwa: jrwa, Year: int64(year), NextNo: int64(next)}))
}

// NodeMarks is the newest field stamp per HLC node among the office's rows,
// as the transactions that wrote them kept it (node_marks).
func (s *Store) NodeMarks(ctx context.Context, officeID string) (map[string]string, error) {
	rows, err := s.qr.NodeMarksOf(ctx, officeID)
	if err != nil {
		return nil, wrap("node marks", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Node] = r.Stamp
	}
	return out, nil
}
