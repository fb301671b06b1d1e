package store

import (
	"context"
	"time"
)

// RetentionMark records what the office did with a closed case's file
// once its archival period ended: handed to the state archive
// ("transferred"), destroyed with the archive's consent ("destroyed"), or
// assessed by the archive ("assessed"); with the office's day and the
// reference of the act (a protocol or list number).
type RetentionMark struct {
	CaseID   string
	Done     string
	MarkedOn string // YYYY-MM-DD, the office's day
	Note     string
	By       string // who recorded it at the registry
	At       time.Time
}

// RetentionStore keeps the marks of the office's retention list.
type RetentionStore interface {
	// MarkRetention records a case's mark, replacing an earlier one.
	MarkRetention(ctx context.Context, officeID string, m RetentionMark) error
	// RetentionMarks lists the office's marks.
	RetentionMarks(ctx context.Context, officeID string) ([]RetentionMark, error)
}
