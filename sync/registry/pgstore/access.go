package pgstore

import (
	"context"

	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// AuditOfObjects lists the audit rows about any of ids (rows_audit_object).
func (s *Store) AuditOfObjects(ctx context.Context, officeID string, ids []string) ([]store.Row, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.q.RowsAuditOfObjects(ctx, pq.RowsAuditOfObjectsParams{OfficeID: officeID, ObjectIds: ids})
	if err != nil {
		return nil, wrap("audit of objects", err)
	}
	return decodeRows(rows)
}

// CasesOfClient lists a client's case rows (rows_case_client).
func (s *Store) CasesOfClient(ctx context.Context, officeID, clientID string) ([]store.Row, error) {
	rows, err := s.q.RowsCasesOfClient(ctx, pq.RowsCasesOfClientParams{OfficeID: officeID, ClientID: clientID})
	if err != nil {
		return nil, wrap("cases of client", err)
	}
	return decodeRows(rows)
}

// CaseNotices lists the art. 36 notices of any of caseIDs, found by the
// events' report facts (report_events_case).
func (s *Store) CaseNotices(ctx context.Context, officeID string, caseIDs []string) ([]store.Row, error) {
	if len(caseIDs) == 0 {
		return nil, nil
	}
	rows, err := s.q.RowsCaseNotices(ctx, pq.RowsCaseNoticesParams{OfficeID: officeID, CaseIds: caseIDs})
	if err != nil {
		return nil, wrap("case notices", err)
	}
	return decodeRows(rows)
}
