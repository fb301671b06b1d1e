package sqlitestore

import (
	"context"
	"encoding/json"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// AuditOfObjects lists the audit rows about any of ids (rows_audit_object).
func (s *Store) AuditOfObjects(ctx context.Context, officeID string, ids []string) ([]store.Row, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, wrap("audit of objects", err)
	}
	rows, err := s.qr.RowsAuditOfObjects(ctx, rq.RowsAuditOfObjectsParams{OfficeID: officeID, ObjectIds: string(list)})
	if err != nil {
		return nil, wrap("audit of objects", err)
	}
	return decodeAll(rows)
}

// CasesOfClient lists a client's case rows (rows_case_client).
func (s *Store) CasesOfClient(ctx context.Context, officeID, clientID string) ([]store.Row, error) {
	rows, err := s.qr.RowsCasesOfClient(ctx, rq.RowsCasesOfClientParams{OfficeID: officeID, ClientID: clientID})
	if err != nil {
		return nil, wrap("cases of client", err)
	}
	return decodeAll(rows)
}

// decodeAll decodes stored rows.
func decodeAll(rows []rq.Row) ([]store.Row, error) {
	out := make([]store.Row, 0, len(rows))
	for _, r := range rows {
		row, err := decodeRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// CaseNotices lists the art. 36 notices of any of caseIDs (rows_case_notice).
func (s *Store) CaseNotices(ctx context.Context, officeID string, caseIDs []string) ([]store.Row, error) {
	if len(caseIDs) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(caseIDs)
	if err != nil {
		return nil, wrap("case notices", err)
	}
	rows, err := s.qr.RowsCaseNotices(ctx, rq.RowsCaseNoticesParams{OfficeID: officeID, CaseIds: string(list)})
	if err != nil {
		return nil, wrap("case notices", err)
	}
	return decodeAll(rows)
}
