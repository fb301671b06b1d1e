package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"okienko/app/visits"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// visitPrivate is what a visit keeps sealed (visit, sealed, id): the
// annex 1 table's personal data (who asks, for whom, where, the phone,
// the matter, the reason, which may tell of health: RODO art. 9) and the
// report's note. The plain columns hold ids, days and statuses only.
type visitPrivate struct {
	Requester string `json:"requester"`
	Client    string `json:"client"`
	Address   string `json:"address"`
	Phone     string `json:"phone"`
	Matter    string `json:"matter"`
	Reason    string `json:"reason"`
	Preferred string `json:"preferred"`
	Note      string `json:"note"`
}

// visitAuthPrivate is what an authorization keeps sealed: the matter and
// the place (the client's address).
type visitAuthPrivate struct {
	Matter string `json:"matter"`
	Place  string `json:"place"`
}

func visitToPayload(officeID string, v visits.Visit) entity.Visit {
	return entity.Visit{ID: v.ID, OfficeID: officeID, UnitID: v.UnitID, CardID: v.CardID, Channel: string(v.Channel),
		Requester: v.Requester, Client: v.Client, Address: v.Address, Phone: v.Phone, Matter: v.Matter, Reason: v.Reason,
		Preferred: v.Preferred, RequestedBy: v.CreatedBy, RequestedAt: stampText(v.CreatedAt), Status: string(v.Status),
		AssigneeID: v.AssigneeID, Day: v.Day, Time: v.Time, AssignedBy: v.AssignedBy, AssignedAt: stampText(v.AssignedAt),
		Note: v.Note, ReportedBy: v.ReportedBy, ReportedAt: stampText(v.ReportedAt), CaseID: v.CaseID, Receipt: string(v.Receipt)}
}

func (r reader) visitFromRow(x dbq.Visit) (visits.Visit, error) {
	var priv visitPrivate
	if len(x.Sealed) > 0 {
		raw, err := r.lk.open("visit", "sealed", x.ID, x.Sealed)
		if err != nil {
			return visits.Visit{}, err
		}
		if err := json.Unmarshal(raw, &priv); err != nil {
			return visits.Visit{}, fmt.Errorf("db: visit %s: %w", x.ID, err)
		}
	}
	return visits.Visit{ID: x.ID, UnitID: x.UnitID, CardID: x.CardID, Channel: visits.Channel(x.Channel),
		Requester: priv.Requester, Client: priv.Client, Address: priv.Address, Phone: priv.Phone, Matter: priv.Matter,
		Reason: priv.Reason, Preferred: priv.Preferred, CreatedBy: x.RequestedBy, CreatedAt: msTime(x.RequestedAt),
		AssigneeID: x.AssigneeID, Day: x.Day, Time: x.AtTime, AssignedBy: x.AssignedBy, AssignedAt: msTime(x.AssignedAt),
		Status: visits.Status(x.Status), Note: priv.Note, ReportedBy: x.ReportedBy, ReportedAt: msTime(x.ReportedAt),
		CaseID: x.CaseID, Receipt: visits.Receipt(x.Receipt)}, nil
}

func (r reader) visitsFromRows(rows []dbq.Visit, err error) ([]visits.Visit, error) {
	if err != nil {
		return nil, err
	}
	out := make([]visits.Visit, len(rows))
	for i, x := range rows {
		if out[i], err = r.visitFromRow(x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) writeVisit(ctx context.Context, p entity.Visit) error {
	n := ms(t.now)
	status := p.Status
	if status == "" {
		status = string(visits.Requested)
	}
	raw, err := json.Marshal(visitPrivate{Requester: p.Requester, Client: p.Client, Address: p.Address, Phone: p.Phone,
		Matter: p.Matter, Reason: p.Reason, Preferred: p.Preferred, Note: p.Note})
	if err != nil {
		return fmt.Errorf("db: save visit: %w", err)
	}
	sealed, err := t.lk.seal("visit", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	return wrap("save visit", t.q.VisitUpsert(ctx, dbq.VisitUpsertParams{ID: p.ID, OfficeID: p.OfficeID, UnitID: p.UnitID,
		CardID: p.CardID, Channel: p.Channel, Status: status, Day: p.Day, AtTime: p.Time, AssigneeID: p.AssigneeID,
		AssignedBy: p.AssignedBy, AssignedAt: stampMS(p.AssignedAt), RequestedBy: p.RequestedBy,
		RequestedAt: stampMS(p.RequestedAt), ReportedBy: p.ReportedBy, ReportedAt: stampMS(p.ReportedAt),
		CaseID: p.CaseID, Receipt: p.Receipt, Sealed: sealed, CreatedAt: n, UpdatedAt: n}))
}

func writeVisitJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p entity.Visit
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeVisit(ctx, p)
}

// SaveVisit stores a visit (requested, assigned or reported) and records
// it for sync; status and assignee travel with the stamps they replace,
// so a head reassigning while the official reports meet as a conflict.
func (t *Tx) SaveVisit(ctx context.Context, officeID string, v visits.Visit) error {
	if v.ID == "" {
		v.ID = newID()
	}
	p := visitToPayload(officeID, v)
	if err := t.writeVisit(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "visit", v.ID, p)
}

// Visit returns one visit.
func (r reader) Visit(ctx context.Context, id string) (visits.Visit, error) {
	row, err := r.q.VisitGet(ctx, id)
	if err != nil {
		return visits.Visit{}, notFound(err, "visit")
	}
	return r.visitFromRow(row)
}

// OpenVisits lists up to limit visits requested or assigned, by day.
func (r reader) OpenVisits(ctx context.Context, limit int) ([]visits.Visit, error) {
	rows, err := r.q.VisitListOpen(ctx, int64(limit))
	return r.visitsFromRows(rows, wrap("open visits", err))
}

// VisitsDueOf lists the visits assigned to staffID for day or earlier and
// not yet reported: the official's day.
func (r reader) VisitsDueOf(ctx context.Context, staffID, day string) ([]visits.Visit, error) {
	rows, err := r.q.VisitListDueOf(ctx, dbq.VisitListDueOfParams{AssigneeID: staffID, Day: day})
	return r.visitsFromRows(rows, wrap("visits due", err))
}

// VisitsReportedSince lists up to limit visits reported at or after since.
func (r reader) VisitsReportedSince(ctx context.Context, since time.Time, limit int) ([]visits.Visit, error) {
	rows, err := r.q.VisitListReportedSince(ctx, dbq.VisitListReportedSinceParams{ReportedAt: ms(since), Limit: int64(limit)})
	return r.visitsFromRows(rows, wrap("visits reported", err))
}

// VisitCount is how many visits of a unit stand in a status.
type VisitCount struct {
	UnitID string
	Status visits.Status
	N      int
}

// VisitsBetween counts the visits requested in [from, to), by unit and
// status: the monitoring report's line of home visits (issue 14, part 5).
// It reads plain columns only and needs no unlocked key.
func (r reader) VisitsBetween(ctx context.Context, from, to time.Time) ([]VisitCount, error) {
	rows, err := r.q.VisitCountBetween(ctx, dbq.VisitCountBetweenParams{RequestedAt: ms(from), RequestedAt_2: ms(to)})
	if err != nil {
		return nil, wrap("count visits", err)
	}
	out := make([]VisitCount, len(rows))
	for i, x := range rows {
		out[i] = VisitCount{UnitID: x.UnitID, Status: visits.Status(x.Status), N: int(x.N)}
	}
	return out, nil
}

// ---- authorizations ----

func visitAuthToPayload(officeID string, a visits.Authorization) entity.VisitAuth {
	return entity.VisitAuth{ID: a.ID, OfficeID: officeID, VisitID: a.VisitID, Series: a.Series, Seq: a.Seq, Year: a.Year,
		StaffID: a.StaffID, UnitID: a.UnitID, Matter: a.Matter, Place: a.Place, ValidFrom: a.ValidFrom,
		ValidUntil: a.ValidUntil, IssuedBy: a.IssuedBy, IssuedAt: stampText(a.IssuedAt), DeviceID: a.DeviceID,
		Status: string(a.Status), ClosedBy: a.ClosedBy, ClosedAt: stampText(a.ClosedAt)}
}

func (r reader) visitAuthFromRow(x dbq.VisitAuth) (visits.Authorization, error) {
	var priv visitAuthPrivate
	if len(x.Sealed) > 0 {
		raw, err := r.lk.open("visit_auth", "sealed", x.ID, x.Sealed)
		if err != nil {
			return visits.Authorization{}, err
		}
		if err := json.Unmarshal(raw, &priv); err != nil {
			return visits.Authorization{}, fmt.Errorf("db: authorization %s: %w", x.ID, err)
		}
	}
	return visits.Authorization{ID: x.ID, VisitID: x.VisitID, Series: x.Series, Seq: int(x.Seq), Year: int(x.Year),
		StaffID: x.StaffID, UnitID: x.UnitID, Matter: priv.Matter, Place: priv.Place, ValidFrom: x.ValidFrom,
		ValidUntil: x.ValidUntil, IssuedBy: x.IssuedBy, IssuedAt: msTime(x.IssuedAt), DeviceID: x.DeviceID,
		Status: visits.AuthStatus(x.Status), ClosedBy: x.ClosedBy, ClosedAt: msTime(x.ClosedAt)}, nil
}

func (r reader) visitAuthsFromRows(rows []dbq.VisitAuth, err error) ([]visits.Authorization, error) {
	if err != nil {
		return nil, err
	}
	out := make([]visits.Authorization, len(rows))
	for i, x := range rows {
		if out[i], err = r.visitAuthFromRow(x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *Tx) writeVisitAuth(ctx context.Context, p entity.VisitAuth) error {
	n := ms(t.now)
	raw, err := json.Marshal(visitAuthPrivate{Matter: p.Matter, Place: p.Place})
	if err != nil {
		return fmt.Errorf("db: save authorization: %w", err)
	}
	sealed, err := t.lk.seal("visit_auth", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	return wrap("save authorization", t.q.VisitAuthUpsert(ctx, dbq.VisitAuthUpsertParams{ID: p.ID, OfficeID: p.OfficeID,
		VisitID: p.VisitID, Series: p.Series, Seq: int64(p.Seq), Year: int64(p.Year), StaffID: p.StaffID, UnitID: p.UnitID,
		ValidFrom: p.ValidFrom, ValidUntil: p.ValidUntil, IssuedBy: p.IssuedBy, IssuedAt: stampMS(p.IssuedAt),
		DeviceID: p.DeviceID, Status: p.Status, ClosedBy: p.ClosedBy, ClosedAt: stampMS(p.ClosedAt), Sealed: sealed,
		CreatedAt: n, UpdatedAt: n}))
}

func writeVisitAuthJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p entity.VisitAuth
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeVisitAuth(ctx, p)
}

// IssueVisitAuth numbers a new authorization with this device's next
// number of its series and year (visits.Series), stores it and records
// it for sync, in the caller's transaction: the number is spent only if
// the transaction commits.
func (t *Tx) IssueVisitAuth(ctx context.Context, officeID string, a visits.Authorization) (visits.Authorization, error) {
	a.DeviceID = t.s.DeviceID()
	a.Series = visits.Series(a.DeviceID)
	max, err := t.q.VisitAuthMaxSeq(ctx, dbq.VisitAuthMaxSeqParams{Series: a.Series, Year: int64(a.Year)})
	if err != nil {
		return a, wrap("next authorization number", err)
	}
	a.Seq = int(max) + 1
	a.ID = entity.VisitAuthID(officeID, a.Number())
	if a.Status == "" {
		a.Status = visits.AuthIssued
	}
	return a, t.SaveVisitAuth(ctx, officeID, a)
}

// SaveVisitAuth stores an authorization (issued, returned or revoked) and
// records it for sync.
func (t *Tx) SaveVisitAuth(ctx context.Context, officeID string, a visits.Authorization) error {
	p := visitAuthToPayload(officeID, a)
	if err := t.writeVisitAuth(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "visit_auth", a.ID, p)
}

// VisitAuth returns one authorization.
func (r reader) VisitAuth(ctx context.Context, id string) (visits.Authorization, error) {
	row, err := r.q.VisitAuthGet(ctx, id)
	if err != nil {
		return visits.Authorization{}, notFound(err, "authorization")
	}
	return r.visitAuthFromRow(row)
}

// VisitAuthsOf lists a visit's authorizations, the oldest first.
func (r reader) VisitAuthsOf(ctx context.Context, visitID string) ([]visits.Authorization, error) {
	rows, err := r.q.VisitAuthListOfVisit(ctx, visitID)
	return r.visitAuthsFromRows(rows, wrap("authorizations of visit", err))
}

// VisitAuthsOfYear lists the register of a year in the order of issue.
func (r reader) VisitAuthsOfYear(ctx context.Context, year int) ([]visits.Authorization, error) {
	rows, err := r.q.VisitAuthListYear(ctx, int64(year))
	return r.visitAuthsFromRows(rows, wrap("authorizations of year", err))
}
