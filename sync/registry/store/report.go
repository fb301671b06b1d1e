package store

import "context"

// ReportQuery is a monitoring report's period as the store counts it.
type ReportQuery struct {
	From, To string // the period's office days, YYYY-MM-DD
	Today    string // the office day today: a deadline before it and still open is missed
	// NowMs is the office's now, Unix ms: a letter is counted as it stood
	// at the period's end or now, whichever is earlier.
	NowMs int64
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
//
// The registers of issue 14 are counted from their synced rows (live ones
// only), as the device counts its tables: complaint (received on a day of
// the period; Unit: its unit's id, A kind, B outcome), visit (requested
// in the period; Unit: its unit's id, A status, "requested" when none),
// letter (received in the period; Code: 0 answered by the end, N2 of them
// late, 1 overdue at the end, 2 neither), answer (N survey answers given
// in the period) and score (their scores: A the question, Code the score,
// whole numbers only).
type ReportCount struct {
	Part, Unit, A, B, C string
	Code, N, N2         int64
}

// ReportStore counts the monitoring report's records (issue 14) where they
// are kept, so a year of an office is not sent to Go row by row.
type ReportStore interface {
	ReportCounts(ctx context.Context, officeID string, q ReportQuery) ([]ReportCount, error)
}
