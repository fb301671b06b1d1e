package db

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/casesign"
	"okienko/db/internal/dbq"
)

// NumberSource hands out the next number of a case register inside the
// registration transaction, so a rolled-back registration gives its number
// back. The sync engine replaces LocalNumbers with numbers leased from the
// registry.
type NumberSource interface {
	Take(ctx context.Context, tx *Tx, officeID string, reg casesign.Register, caseID string) (int, error)
}

// Number states in the case register.
const (
	NumberReserved  = "reserved"
	NumberUsed      = "used"
	NumberCancelled = "cancelled"
)

// LocalNumbers reserves blocks of numbers in this device's own register
// and spends them in order. It suits a device that is the only one
// registering cases in an office; a number reserved and never used is
// cancelled at the end of its year, never silently skipped.
type LocalNumbers struct {
	Block int // numbers reserved at a time; 10 if zero
}

// Take spends the device's next reserved number, reserving a new block
// when none is left.
func (l LocalNumbers) Take(ctx context.Context, tx *Tx, officeID string, reg casesign.Register, caseID string) (int, error) {
	n, err := tx.takeReserved(ctx, officeID, reg, caseID)
	if !errors.Is(err, ErrNotFound) {
		return n, err
	}
	block := l.Block
	if block <= 0 {
		block = 10
	}
	last, err := tx.q.CaseNumberMax(ctx, dbq.CaseNumberMaxParams{OfficeID: officeID, UnitSymbol: reg.Unit, Jrwa: reg.JRWA, RegYear: int64(reg.Year)})
	if err != nil {
		return 0, fmt.Errorf("db: register %s: %w", reg, err)
	}
	if err := tx.ReserveNumbers(ctx, officeID, reg, int(last)+1, block); err != nil {
		return 0, err
	}
	return tx.takeReserved(ctx, officeID, reg, caseID)
}

// ReserveNumbers records numbers first..first+count-1 of a register as
// reserved for this device.
func (t *Tx) ReserveNumbers(ctx context.Context, officeID string, reg casesign.Register, first, count int) error {
	n := ms(t.now)
	for no := first; no < first+count; no++ {
		id := newID()
		if err := t.q.CaseNumberInsert(ctx, dbq.CaseNumberInsertParams{ID: id, OfficeID: officeID, UnitSymbol: reg.Unit,
			Jrwa: reg.JRWA, RegYear: int64(reg.Year), RegNo: int64(no), State: NumberReserved, DeviceID: t.s.deviceID,
			CreatedAt: n, UpdatedAt: n}); err != nil {
			return fmt.Errorf("db: reserve %s no %d: %w", reg, no, err)
		}
		if err := t.record(ctx, "case_number", id, numberPayload{ID: id, OfficeID: officeID, Unit: reg.Unit,
			JRWA: reg.JRWA, Year: reg.Year, No: no, State: NumberReserved, DeviceID: t.s.deviceID}); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) takeReserved(ctx context.Context, officeID string, reg casesign.Register, caseID string) (int, error) {
	row, err := t.q.CaseNumberNextReserved(ctx, dbq.CaseNumberNextReservedParams{OfficeID: officeID, UnitSymbol: reg.Unit,
		Jrwa: reg.JRWA, RegYear: int64(reg.Year), DeviceID: t.s.deviceID})
	if err != nil {
		return 0, notFound(err, "reserved number")
	}
	n, err := t.q.CaseNumberMarkUsed(ctx, dbq.CaseNumberMarkUsedParams{CaseID: nullString(caseID), UpdatedAt: ms(t.now), ID: row.ID})
	if err != nil || n != 1 {
		return 0, fmt.Errorf("db: use %s no %d: %d rows, %v", reg, row.RegNo, n, err)
	}
	return int(row.RegNo), t.record(ctx, "case_number", row.ID, numberPayload{ID: row.ID, OfficeID: officeID,
		Unit: reg.Unit, JRWA: reg.JRWA, Year: reg.Year, No: int(row.RegNo), State: NumberUsed, CaseID: caseID, DeviceID: row.DeviceID})
}

// CancelReservedBefore cancels every number this device still holds
// reserved in registers of years before year (the register closes with the
// year), with the reason. It returns how many numbers it cancelled. Numbers
// leased to other devices are theirs (or the registry's) to cancel: the
// registry refuses a change to them, and this replica would disagree with
// everyone else's until the next change of that number.
func (t *Tx) CancelReservedBefore(ctx context.Context, officeID string, year int, note string) (int, error) {
	rows, err := t.q.CaseNumberListReservedBefore(ctx, dbq.CaseNumberListReservedBeforeParams{OfficeID: officeID, RegYear: int64(year),
		DeviceID: t.s.deviceID})
	if err != nil {
		return 0, wrap("list stale numbers", err)
	}
	for _, r := range rows {
		if _, err := t.q.CaseNumberCancel(ctx, dbq.CaseNumberCancelParams{Note: note, UpdatedAt: ms(t.now), ID: r.ID}); err != nil {
			return 0, wrap("cancel number", err)
		}
		if err := t.record(ctx, "case_number", r.ID, numberPayload{ID: r.ID, OfficeID: officeID, Unit: r.UnitSymbol,
			JRWA: r.Jrwa, Year: int(r.RegYear), No: int(r.RegNo), State: NumberCancelled, DeviceID: r.DeviceID, Note: note}); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// RegisterEntry is one line of a case register (spis spraw).
type RegisterEntry struct {
	No       int
	State    string
	CaseID   string
	DeviceID string
	Note     string
}

// RegisterEntries lists a register's numbers in order.
func (r reader) RegisterEntries(ctx context.Context, officeID string, reg casesign.Register) ([]RegisterEntry, error) {
	rows, err := r.q.CaseNumberListRegister(ctx, dbq.CaseNumberListRegisterParams{OfficeID: officeID, UnitSymbol: reg.Unit,
		Jrwa: reg.JRWA, RegYear: int64(reg.Year)})
	if err != nil {
		return nil, wrap("list register", err)
	}
	out := make([]RegisterEntry, len(rows))
	for i, x := range rows {
		out[i] = RegisterEntry{No: int(x.RegNo), State: x.State, CaseID: x.CaseID.String, DeviceID: x.DeviceID, Note: x.Note}
	}
	return out, nil
}

// ErrNoNumber means the device holds no leased number of a register: the
// case is registered under a provisional sign until numbers arrive.
var ErrNoNumber = errors.New("db: no leased number left")

// LeasedNumbers spends numbers the registry leased to this device; it
// never makes numbers up, so signs stay unique across the office.
type LeasedNumbers struct{}

// Take spends the device's next leased number, or returns ErrNoNumber.
func (LeasedNumbers) Take(ctx context.Context, tx *Tx, officeID string, reg casesign.Register, caseID string) (int, error) {
	n, err := tx.takeReserved(ctx, officeID, reg, caseID)
	if errors.Is(err, ErrNotFound) {
		return 0, ErrNoNumber
	}
	return n, err
}

// TakeNumber spends the device's next reserved number of a register (for
// finalising a provisional sign); ErrNoNumber if none is left.
func (t *Tx) TakeNumber(ctx context.Context, officeID string, reg casesign.Register, caseID string) (int, error) {
	return LeasedNumbers{}.Take(ctx, t, officeID, reg, caseID)
}
