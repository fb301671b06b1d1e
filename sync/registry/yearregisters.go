package registry

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"okienko/app/complaints"
	"okienko/app/i18n"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
	"okienko/app/visits"
	"okienko/sync/entity"
	"okienko/sync/registry/store"
)

// The yearly registers of issue 14 as the registry holds them from every
// device's synced rows: authorizations (visit_auth), complaints and
// motions (complaint) and correspondence (letter), decoded into the app's
// own types and printed with the desktop's layout (app/registerpdf), so
// the console's printout of a year equals a desktop's holding the same
// entries.

// YearRegisters is one office's entries of a year in the three registers,
// with the directory they are printed with.
type YearRegisters struct {
	Office     office.Office
	Visits     []visits.Authorization
	Complaints []complaints.Entry
	Letters    []letters.Letter
	Staff      []office.Staff
	Units      []office.Unit
	Signs      map[string]string // case signs by case id (letters' cases)
	Now        time.Time         // the office's time
}

// rowsAs decodes an entity's live rows into T, leniently (a field a row
// lacks stays empty; a row that does not decode is skipped).
func rowsAs[T any](ctx context.Context, st store.Store, officeID, ent string) ([]T, error) {
	rows, err := st.RowsOf(ctx, officeID, ent)
	if err != nil {
		return nil, fmt.Errorf("registry: %s rows: %w", ent, err)
	}
	out := make([]T, 0, len(rows))
	for _, row := range rows {
		if row.Deleted {
			continue
		}
		flat := make(map[string]json.RawMessage, len(row.Fields))
		for k, f := range row.Fields {
			flat[k] = f.V
		}
		raw, _ := json.Marshal(flat)
		var v T
		if json.Unmarshal(raw, &v) == nil {
			out = append(out, v)
		}
	}
	return out, nil
}

func rfcTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// Registers reads the office's entries of year in the three registers.
func (r *Registry) Registers(ctx context.Context, officeID string, year int) (YearRegisters, error) {
	var out YearRegisters
	now, err := r.OfficeNow(ctx, officeID)
	if err != nil {
		return out, err
	}
	out.Now = now
	offices, err := rowsAs[office.Office](ctx, r.st, officeID, "office")
	if err != nil {
		return out, err
	}
	for _, o := range offices {
		if o.ID == officeID {
			out.Office = o
		}
	}
	if out.Office.ID == "" {
		so, err := r.st.Office(ctx, officeID)
		if err != nil {
			return out, err
		}
		out.Office = office.Office{ID: so.ID, Name: so.Name, TERYT: so.TERYT}
	}
	if out.Staff, out.Units, err = r.StaffRows(ctx, officeID); err != nil {
		return out, err
	}
	auths, err := rowsAs[entity.VisitAuth](ctx, r.st, officeID, "visit_auth")
	if err != nil {
		return out, err
	}
	for _, a := range auths {
		if a.Year != year {
			continue
		}
		out.Visits = append(out.Visits, visits.Authorization{ID: a.ID, VisitID: a.VisitID, Series: a.Series, Seq: a.Seq, Year: a.Year,
			StaffID: a.StaffID, UnitID: a.UnitID, Matter: a.Matter, Place: a.Place, ValidFrom: a.ValidFrom,
			ValidUntil: a.ValidUntil, IssuedBy: a.IssuedBy, IssuedAt: rfcTime(a.IssuedAt), DeviceID: a.DeviceID,
			Status: visits.AuthStatus(a.Status), ClosedBy: a.ClosedBy, ClosedAt: rfcTime(a.ClosedAt)})
	}
	slices.SortFunc(out.Visits, func(a, b visits.Authorization) int {
		return cmp.Or(a.IssuedAt.Compare(b.IssuedAt), cmp.Compare(a.Series, b.Series), cmp.Compare(a.Seq, b.Seq))
	})
	ks, err := rowsAs[entity.Complaint](ctx, r.st, officeID, "complaint")
	if err != nil {
		return out, err
	}
	prefix := fmt.Sprintf("%04d-", year)
	for _, p := range ks {
		if len(p.ReceivedOn) < 5 || p.ReceivedOn[:5] != prefix {
			continue
		}
		out.Complaints = append(out.Complaints, complaints.Entry{ID: p.ID, Kind: complaints.Kind(p.Kind), Channel: complaints.Channel(p.Channel),
			ReceivedOn: p.ReceivedOn, Anonymous: p.Anonymous, Name: p.Name, Address: p.Address, Contact: p.Contact,
			Subject: p.Subject, Summary: p.Summary, ConcernsStaffID: p.ConcernsStaffID, UnitID: p.UnitID,
			Competent: p.Competent, ForwardTo: p.ForwardTo, ForwardedOn: p.ForwardedOn, ForwardLateNote: p.ForwardLateNote,
			AssigneeID: p.AssigneeID, DueOn: p.DueOn, ExtendedTo: p.ExtendedTo, ExtendReason: p.ExtendReason,
			Status: complaints.Status(p.Status), Outcome: complaints.Outcome(p.Outcome), AnsweredOn: p.AnsweredOn,
			AnswerChannel: complaints.Channel(p.AnswerChannel),
			Answer: complaints.Answer{Body: p.AnswerBody, GroundsFact: p.GroundsFact, GroundsLaw: p.GroundsLaw,
				SignerName: p.SignerName, SignerPost: p.SignerPost, RepeatNote: p.RepeatNote, Text: p.AnswerText},
			CaseID: p.CaseID, CreatedBy: p.CreatedBy, DecidedBy: p.DecidedBy})
	}
	slices.SortFunc(out.Complaints, func(a, b complaints.Entry) int {
		return cmp.Or(cmp.Compare(a.ReceivedOn, b.ReceivedOn), cmp.Compare(a.ID, b.ID))
	})
	ls, err := rowsAs[entity.Letter](ctx, r.st, officeID, "letter")
	if err != nil {
		return out, err
	}
	loc := now.Location()
	from, to := time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc)
	out.Signs = map[string]string{}
	for _, p := range ls {
		l := letters.Letter{ID: p.ID, ReceivedAt: rfcTime(p.ReceivedAt), Channel: letters.Channel(p.Channel),
			Sender: p.Sender, SenderAddress: p.SenderAddress, Subject: p.Subject, AssigneeID: p.AssigneeID, CaseID: p.CaseID,
			Rule: letters.Rule(p.Rule), DueAt: rfcTime(p.DueAt), Status: letters.Status(p.Status), AnsweredAt: rfcTime(p.AnsweredAt),
			AnswerChannel: letters.Channel(p.AnswerChannel), AnsweredBy: p.AnsweredBy, Note: p.Note, CreatedBy: p.CreatedBy}
		if l.ReceivedAt.Before(from) || !l.ReceivedAt.Before(to) {
			continue
		}
		out.Letters = append(out.Letters, l)
		if l.CaseID != "" {
			out.Signs[l.CaseID] = ""
		}
	}
	slices.SortFunc(out.Letters, func(a, b letters.Letter) int {
		return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(a.ID, b.ID))
	})
	if len(out.Signs) > 0 {
		// As stored, and only the letters' cases decoded: an office holds
		// far more cases than letters.
		cs, err := r.st.RowsOfEncoded(ctx, officeID, "case_file")
		if err != nil {
			return out, err
		}
		for _, c := range cs {
			if _, ok := out.Signs[c.EntityID]; ok {
				var f struct{ Sign storedField[string] }
				_ = json.Unmarshal(c.Encoded, &f)
				out.Signs[c.EntityID] = f.Sign.V
			}
		}
	}
	return out, nil
}

// Names are the staff's full names by id.
func (y YearRegisters) Names() map[string]string {
	out := make(map[string]string, len(y.Staff))
	for _, p := range y.Staff {
		out[p.ID] = p.FullName()
	}
	return out
}

// UnitNames are the units' names by id.
func (y YearRegisters) UnitNames() map[string]string {
	out := make(map[string]string, len(y.Units))
	for _, u := range y.Units {
		out[u.ID] = u.Name
	}
	return out
}

// Register kinds the registry prints.
const (
	RegisterVisits     = "visits"
	RegisterComplaints = "complaints"
	RegisterLetters    = "letters"
)

// WriteYearRegisterPDF prints one register (kind) of y in Polish, as the
// desktop prints it, for the year.
func WriteYearRegisterPDF(w io.Writer, y YearRegisters, kind string, year int) error {
	b, err := i18n.Load()
	if err != nil {
		return fmt.Errorf("registry: register: %w", err)
	}
	t := &registerpdf.Tr{B: b, Lang: i18n.Default, Loc: y.Now.Location()}
	var sh pdf.Sheet
	switch kind {
	case RegisterVisits:
		sh = registerpdf.Visits(t, y.Office, year, y.Visits, y.Names(), y.UnitNames(), y.Now)
	case RegisterComplaints:
		sh = registerpdf.Complaints(t, y.Office, year, y.Complaints, y.Names(), officeclock.Day(y.Now, y.Now.Location()))
	case RegisterLetters:
		sh = registerpdf.Letters(t, y.Office.Name, year, y.Letters, y.Names(), y.Signs, y.Now)
	default:
		return fmt.Errorf("registry: unknown register %q", kind)
	}
	if t.Err != nil {
		return fmt.Errorf("registry: register: %w", t.Err)
	}
	return pdf.Write(w, sh)
}
