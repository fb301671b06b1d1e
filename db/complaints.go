package db

import (
	"context"
	"encoding/json"
	"fmt"

	"okienko/app/complaints"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
)

// complaintPrivate is what an entry of the register keeps sealed
// (complaint, sealed, id): the complainant, what it is about and the
// answer. The plain columns hold only what the register counts and sorts.
type complaintPrivate struct {
	Name            string            `json:"name"`
	Address         string            `json:"address"`
	Contact         string            `json:"contact"`
	Lang            string            `json:"lang,omitempty"` // the complainant's language; sealed, as a client's is on a case
	Subject         string            `json:"subject"`
	Summary         string            `json:"summary"`
	ForwardTo       string            `json:"forwardTo"`
	ForwardLateNote string            `json:"forwardLateNote"`
	ExtendReason    string            `json:"extendReason"`
	Answer          complaints.Answer `json:"answer"`
}

func complaintToPayload(officeID string, e complaints.Entry) entity.Complaint {
	a := e.Answer
	return entity.Complaint{ID: e.ID, OfficeID: officeID, Kind: string(e.Kind), Channel: string(e.Channel),
		ReceivedOn: e.ReceivedOn, Anonymous: e.Anonymous, Name: e.Name, Address: e.Address, Contact: e.Contact,
		Lang: e.Lang, Subject: e.Subject, Summary: e.Summary, ConcernsStaffID: e.ConcernsStaffID, UnitID: e.UnitID,
		Competent: e.Competent, ForwardTo: e.ForwardTo, ForwardedOn: e.ForwardedOn, ForwardLateNote: e.ForwardLateNote,
		AssigneeID: e.AssigneeID, DueOn: e.DueOn, ExtendedTo: e.ExtendedTo, ExtendReason: e.ExtendReason,
		Status: string(e.Status), Outcome: string(e.Outcome), AnsweredOn: e.AnsweredOn, AnswerChannel: string(e.AnswerChannel),
		AnswerBody: a.Body, GroundsFact: a.GroundsFact, GroundsLaw: a.GroundsLaw, SignerName: a.SignerName,
		SignerPost: a.SignerPost, RepeatNote: a.RepeatNote, AnswerText: a.Text, CaseID: e.CaseID,
		CreatedBy: e.CreatedBy, DecidedBy: e.DecidedBy}
}

func (t *Tx) writeComplaint(ctx context.Context, p entity.Complaint) error {
	n := ms(t.now)
	raw, err := json.Marshal(complaintPrivate{Name: p.Name, Address: p.Address, Contact: p.Contact, Lang: p.Lang, Subject: p.Subject,
		Summary: p.Summary, ForwardTo: p.ForwardTo, ForwardLateNote: p.ForwardLateNote, ExtendReason: p.ExtendReason,
		Answer: complaints.Answer{Body: p.AnswerBody, GroundsFact: p.GroundsFact, GroundsLaw: p.GroundsLaw,
			SignerName: p.SignerName, SignerPost: p.SignerPost, RepeatNote: p.RepeatNote, Text: p.AnswerText}})
	if err != nil {
		return fmt.Errorf("db: save complaint: %w", err)
	}
	sealed, err := t.lk.seal("complaint", "sealed", p.ID, raw)
	if err != nil {
		return err
	}
	return wrap("save complaint", t.q.ComplaintUpsert(ctx, dbq.ComplaintUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, Kind: p.Kind, Channel: p.Channel, ReceivedOn: p.ReceivedOn,
		Anonymous: b2i(p.Anonymous), ConcernsStaffID: p.ConcernsStaffID, UnitID: p.UnitID, Competent: b2i(p.Competent),
		ForwardedOn: p.ForwardedOn, AssigneeID: p.AssigneeID, DueOn: p.DueOn, ExtendedTo: p.ExtendedTo,
		Status: p.Status, Outcome: p.Outcome, AnsweredOn: p.AnsweredOn, AnswerChannel: p.AnswerChannel,
		CaseID: p.CaseID, CreatedBy: p.CreatedBy, DecidedBy: p.DecidedBy, Sealed: sealed, CreatedAt: n, UpdatedAt: n,
	}))
}

func writeComplaintJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p entity.Complaint
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeComplaint(ctx, p)
}

// SaveComplaint stores an entry of the register (new, assigned,
// forwarded, extended, answered) and records it for sync: status,
// assignee and outcome are guarded, so two people settling one complaint
// at once meet as a conflict at the registry.
func (t *Tx) SaveComplaint(ctx context.Context, officeID string, e complaints.Entry) error {
	if e.ID == "" {
		e.ID = newID()
	}
	p := complaintToPayload(officeID, e)
	if err := t.writeComplaint(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "complaint", e.ID, p)
}

func (r reader) complaintFromRow(x dbq.Complaint) (complaints.Entry, error) {
	var priv complaintPrivate
	if len(x.Sealed) > 0 {
		raw, err := r.lk.open("complaint", "sealed", x.ID, x.Sealed)
		if err != nil {
			return complaints.Entry{}, err
		}
		if err := json.Unmarshal(raw, &priv); err != nil {
			return complaints.Entry{}, fmt.Errorf("db: complaint %s: %w", x.ID, err)
		}
	}
	return complaints.Entry{ID: x.ID, Kind: complaints.Kind(x.Kind), Channel: complaints.Channel(x.Channel),
		ReceivedOn: x.ReceivedOn, Anonymous: x.Anonymous == 1, Name: priv.Name, Address: priv.Address,
		Contact: priv.Contact, Lang: langOr(priv.Lang), Subject: priv.Subject, Summary: priv.Summary, ConcernsStaffID: x.ConcernsStaffID,
		UnitID: x.UnitID, Competent: x.Competent == 1, ForwardTo: priv.ForwardTo, ForwardedOn: x.ForwardedOn,
		ForwardLateNote: priv.ForwardLateNote, AssigneeID: x.AssigneeID, DueOn: x.DueOn, ExtendedTo: x.ExtendedTo,
		ExtendReason: priv.ExtendReason, Status: complaints.Status(x.Status), Outcome: complaints.Outcome(x.Outcome),
		AnsweredOn: x.AnsweredOn, AnswerChannel: complaints.Channel(x.AnswerChannel), Answer: priv.Answer,
		CaseID: x.CaseID, CreatedBy: x.CreatedBy, DecidedBy: x.DecidedBy}, nil
}

func (r reader) complaintsFromRows(rows []dbq.Complaint, err error) ([]complaints.Entry, error) {
	if err != nil {
		return nil, err
	}
	out := make([]complaints.Entry, len(rows))
	for i, x := range rows {
		if out[i], err = r.complaintFromRow(x); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Complaint returns one entry of the register.
func (r reader) Complaint(ctx context.Context, id string) (complaints.Entry, error) {
	row, err := r.q.ComplaintGet(ctx, id)
	if err != nil {
		return complaints.Entry{}, notFound(err, "complaint")
	}
	return r.complaintFromRow(row)
}

// ComplaintsReceived lists up to limit entries received on days in
// [from, to) (YYYY-MM-DD), in the register's order: by day of receipt.
func (r reader) ComplaintsReceived(ctx context.Context, from, to string, limit int) ([]complaints.Entry, error) {
	rows, err := r.q.ComplaintListReceived(ctx, dbq.ComplaintListReceivedParams{ReceivedOn: from, ReceivedOn_2: to, Limit: int64(limit)})
	return r.complaintsFromRows(rows, wrap("complaints received", err))
}

// OpenComplaints lists up to limit complaints and motions not yet
// settled; of one person when staffID is set.
func (r reader) OpenComplaints(ctx context.Context, staffID string, limit int) ([]complaints.Entry, error) {
	if staffID != "" {
		rows, err := r.q.ComplaintListOpenOf(ctx, dbq.ComplaintListOpenOfParams{AssigneeID: staffID, Limit: int64(limit)})
		return r.complaintsFromRows(rows, wrap("open complaints of", err))
	}
	rows, err := r.q.ComplaintListOpen(ctx, int64(limit))
	return r.complaintsFromRows(rows, wrap("open complaints", err))
}

// ComplaintsOfCase lists the register's entries made through a case.
func (r reader) ComplaintsOfCase(ctx context.Context, caseID string) ([]complaints.Entry, error) {
	rows, err := r.q.ComplaintOfCase(ctx, caseID)
	return r.complaintsFromRows(rows, wrap("complaints of case", err))
}

// ComplaintCounts counts the entries received on days in [from, to)
// (YYYY-MM-DD) by kind, outcome ("" while open) and unit: the monitoring
// report's figures of complaints and motions. It reads plain columns
// only, so it works on a locked store too.
func (r reader) ComplaintCounts(ctx context.Context, from, to string) ([]complaints.Count, error) {
	rows, err := r.q.ComplaintCounts(ctx, dbq.ComplaintCountsParams{ReceivedOn: from, ReceivedOn_2: to})
	if err != nil {
		return nil, fmt.Errorf("db: complaint counts: %w", err)
	}
	out := make([]complaints.Count, len(rows))
	for i, x := range rows {
		out[i] = complaints.Count{Kind: complaints.Kind(x.Kind), Outcome: complaints.Outcome(x.Outcome), UnitID: x.UnitID, N: int(x.N)}
	}
	return out, nil
}

// langOr is an entry's language: one saved before the language was asked
// is in Polish, as its printouts were.
func langOr(l string) string {
	if l == "" {
		return complaints.DefaultLang
	}
	return l
}
