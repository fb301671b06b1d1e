package store

import "context"

// ReportQuery is a monitoring report's period as the store counts it.
type ReportQuery struct {
	From, To string // the period's office days, YYYY-MM-DD
	Today    string // the office day today: a deadline before it and still open is missed
	// FromMs and ToMs: the period's first instant and the instant after its
	// last day, Unix ms in the office's zone.
	FromMs, ToMs int64
	// Days and DayEnds: each day of the period and the Unix ms the next one
	// starts at in the office's zone, side by side.
	Days    []string
	DayEnds []int64
}

// ReportCount is one group of a report section's counts. Part names the
// section's grouping: case (A: the card id; N filed, N2 of them closed),
// deadline (Code: 0 kept, 1 missed, 2 running), notice (N notices in N2
// cases), call (Code: 0 supplemented, 1 left unexamined, 2 its term
// passed, 3 awaited), ticket (A status, B counter, C group), wait and
// service (Code: the length in ms); Unit is the case's unit, "" for a
// ticket of no case.
type ReportCount struct {
	Part, Unit, A, B, C string
	Code, N, N2         int64
}

// ReportStore counts the monitoring report's records (issue 14) where they
// are kept, so a year of an office is not sent to Go row by row.
type ReportStore interface {
	ReportCounts(ctx context.Context, officeID string, q ReportQuery) ([]ReportCount, error)
}
