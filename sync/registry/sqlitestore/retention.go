package sqlitestore

import (
	"context"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// MarkRetention records what was done with a case's file, replacing an
// earlier mark of the case.
func (s *Store) MarkRetention(ctx context.Context, officeID string, m store.RetentionMark) error {
	return wrap("retention mark", s.qw.RetentionMarkPut(ctx, rq.RetentionMarkPutParams{OfficeID: officeID, CaseID: m.CaseID, Done: m.Done,
		MarkedOn: m.MarkedOn, Note: m.Note, MarkedBy: m.By, MarkedAt: ms(m.At)}))
}

// RetentionMarks lists the office's retention marks.
func (s *Store) RetentionMarks(ctx context.Context, officeID string) ([]store.RetentionMark, error) {
	rows, err := s.qr.RetentionMarkList(ctx, officeID)
	if err != nil {
		return nil, wrap("retention marks", err)
	}
	out := make([]store.RetentionMark, len(rows))
	for i, m := range rows {
		out[i] = store.RetentionMark{CaseID: m.CaseID, Done: m.Done, MarkedOn: m.MarkedOn, Note: m.Note, By: m.MarkedBy, At: fromMS(m.MarkedAt)}
	}
	return out, nil
}
