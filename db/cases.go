package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/fold"
	"okienko/app/keys"
	"okienko/db/internal/dbq"
)

// Client returns one client.
func (r reader) Client(ctx context.Context, id string) (cases.Client, error) {
	row, err := r.q.ClientGet(ctx, id)
	if err != nil {
		return cases.Client{}, notFound(err, "client")
	}
	return r.clientOf(row.ID, row.Kind, row.Lang, row.Person)
}

// clientsExact returns the clients with exactly this identifier.
func (r reader) clientsExact(ctx context.Context, officeID string, kind keys.Kind, value string) ([]cases.Client, error) {
	rowids, err := r.exactClients(ctx, kind, value)
	if err != nil {
		return nil, wrap("clients by "+string(kind), err)
	}
	rows, err := r.clientsByRowids(ctx, officeID, rowids, 20)
	if err != nil {
		return nil, err
	}
	return r.clientRows(rows)
}

// ClientsByPESEL returns the clients with exactly this PESEL.
func (r reader) ClientsByPESEL(ctx context.Context, officeID, pesel string) ([]cases.Client, error) {
	return r.clientsExact(ctx, officeID, keys.KindPESEL, pesel)
}

// ClientsByNIP returns the clients with exactly this NIP.
func (r reader) ClientsByNIP(ctx context.Context, officeID, nip string) ([]cases.Client, error) {
	return r.clientsExact(ctx, officeID, keys.KindNIP, nip)
}

// ClientsByNameBirth returns clients with the same folded name and birth
// date: the blind index gives the clients whose name has every word's
// beginning, and their opened names and dates are compared whole.
func (r reader) ClientsByNameBirth(ctx context.Context, officeID, nameKey, birth string) ([]cases.Client, error) {
	rowids, _, err := r.nameClients(ctx, officeID, nameKey)
	if err != nil {
		return nil, wrap("clients by name", err)
	}
	rows, err := r.clientsByRowids(ctx, officeID, rowids, len(rowids))
	if err != nil {
		return nil, err
	}
	all, err := r.clientRows(rows)
	if err != nil {
		return nil, err
	}
	out := []cases.Client{}
	for _, c := range all {
		if c.NameKey() == nameKey && c.BirthDate == birth && len(out) < 20 {
			out = append(out, c)
		}
	}
	return out, nil
}

// FindClients looks clients up as the clerk types: an identifier (PESEL,
// NIP, REGON, a document or phone number, an e-mail address) typed whole,
// or words matching the start of name words (folded), newest first. The
// blind index has no prefixes of identifiers: a PESEL is found once all
// eleven digits are typed.
func (r reader) FindClients(ctx context.Context, officeID, query string, limit int) ([]cases.Client, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return []cases.Client{}, nil
	}
	k, err := r.lk.cipher()
	if err != nil || k == nil {
		return []cases.Client{}, wrap("find clients", err)
	}
	var rowids []int64
	if identLike(q) {
		rowids, err = r.identClients(ctx, k, q)
	} else {
		rowids, _, err = r.nameClients(ctx, officeID, q)
	}
	if err != nil {
		return nil, wrap("find clients", err)
	}
	rows, err := r.clientsByRowids(ctx, officeID, rowids, limit)
	if err != nil {
		return nil, err
	}
	return r.clientRows(rows)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// SaveClient creates or updates a client.
func (t *Tx) SaveClient(ctx context.Context, officeID string, c cases.Client) error {
	p := clientPayload{Client: c, OfficeID: officeID}
	if err := t.writeClient(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "client", c.ID, p)
}

// caseOf opens a case row's sealed form and checklist.
func (rd reader) caseOf(r dbq.CaseFile) (cases.Case, error) {
	form, err := rd.lk.open("case_file", "form", r.ID, r.Form)
	if err != nil {
		return cases.Case{}, err
	}
	checklist, err := rd.lk.open("case_file", "checklist", r.ID, r.Checklist)
	if err != nil {
		return cases.Case{}, err
	}
	c := cases.Case{
		ID: r.ID, Sign: casesign.Sign{Register: casesign.Register{Unit: r.UnitSymbol, JRWA: r.Jrwa, Year: int(r.RegYear)}, No: int(r.RegNo)},
		CardID: r.CardID, ClientID: r.ClientID, Status: cases.Status(r.Status), SubmittedOn: r.SubmittedOn, DueOn: r.DueOn,
		SupplementDue: r.SupplementDue, Form: json.RawMessage(form), AssigneeID: r.AssigneeID.String,
		RegisteredBy: r.RegisteredBy, DraftID: r.DraftID, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
		Provisional: r.Provisional == 1, DeviceID: r.DeviceID,
	}
	if err := json.Unmarshal(checklist, &c.Checklist); err != nil {
		return cases.Case{}, fmt.Errorf("db: case %s checklist: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Pauses), &c.Pauses); err != nil {
		return cases.Case{}, fmt.Errorf("db: case %s pauses: %w", r.ID, err)
	}
	return c, nil
}

// Case returns one case.
func (r reader) Case(ctx context.Context, id string) (cases.Case, error) {
	row, err := r.q.CaseGet(ctx, id)
	if err != nil {
		return cases.Case{}, notFound(err, "case")
	}
	return r.caseOf(row)
}

// CaseByDraft returns the case registered from a draft, if any.
func (r reader) CaseByDraft(ctx context.Context, draftID string) (cases.Case, error) {
	row, err := r.q.CaseGetByDraft(ctx, draftID)
	if err != nil {
		return cases.Case{}, notFound(err, "case by draft")
	}
	return r.caseOf(row)
}

// CaseCount counts the office's cases.
func (r reader) CaseCount(ctx context.Context, officeID string) (int, error) {
	n, err := r.q.CaseCount(ctx, officeID)
	return int(n), wrap("count cases", err)
}

// CaseFilter narrows a case list.
type CaseFilter struct {
	Text     string       // words of the sign or the client's name, any order, prefixes
	PESEL    string       // exact PESEL instead of Text
	Status   cases.Status // "" for any
	OpenOnly bool
	DueFrom  string // YYYY-MM-DD inclusive; "" for no lower bound
	DueTo    string // YYYY-MM-DD inclusive; "" for no upper bound (stopped clocks included)
	Assignee string // a handler's staff id: only their cases ("moje"); "" for anyone's
	Limit    int
}

// noDue sorts after every date: cases whose clock is stopped (must match
// the due_key column's definition in the migration).
const noDue = "9999-12-31"

// Cases lists cases by deadline, soonest first; cases whose clock is
// stopped come last. A text search walks the index newest first and stops
// at the limit, so a common name costs no more than a rare one; its page
// is then put in deadline order.
func (r reader) Cases(ctx context.Context, officeID string, f CaseFilter) ([]cases.Row, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	open := int64(0)
	if f.OpenOnly {
		open = 1
	}
	from, to := nullString(f.DueFrom), nullString(f.DueTo)
	if f.DueFrom == "" {
		from = nullString("0000-00-00")
	}
	if f.DueTo == "" {
		to = nullString(noDue)
	}
	var rows []dbq.CaseListRow
	var err error
	switch {
	case f.PESEL != "":
		var rowids []int64
		if rowids, err = r.exactClients(ctx, keys.KindPESEL, f.PESEL); err != nil || len(rowids) == 0 {
			break
		}
		var found []dbq.CaseListByPESELRow
		found, err = r.q.CaseListByPESEL(ctx, dbq.CaseListByPESELParams{OfficeID: officeID, Rowids: jsonList(rowids), Lim: int64(f.Limit)})
		for _, x := range found {
			rows = append(rows, dbq.CaseListRow(x))
		}
	case SignLike(f.Text):
		rows, err = r.casesBySign(ctx, officeID, f, open, from, to)
		if err == nil && len(rows) == 0 {
			rows, err = r.casesByText(ctx, officeID, f, open, from, to)
		}
	case strings.TrimSpace(f.Text) != "":
		rows, err = r.casesByText(ctx, officeID, f, open, from, to)
	case f.Assignee != "":
		rows, err = r.casesAssigned(ctx, officeID, f, open, from, to)
	case f.Status != "":
		var found []dbq.CaseListByStatusRow
		found, err = r.q.CaseListByStatus(ctx, dbq.CaseListByStatusParams{OfficeID: officeID, Status: string(f.Status),
			DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
		for _, x := range found {
			rows = append(rows, dbq.CaseListRow(x))
		}
	default:
		rows, err = r.q.CaseList(ctx, dbq.CaseListParams{OfficeID: officeID, DueFrom: from, DueTo: to, OpenOnly: open, Lim: int64(f.Limit)})
	}
	if err != nil {
		return nil, wrap("list cases", err)
	}
	return r.caseRows(rows)
}

// caseRows are a list's rows as the domain's (every list selects the same
// columns), each client opened once.
func (r reader) caseRows(rows []dbq.CaseListRow) ([]cases.Row, error) {
	out := make([]cases.Row, len(rows))
	seen := map[string]cases.Client{}
	for i, x := range rows {
		cl, ok := seen[x.ClientID]
		if !ok {
			full, err := r.clientOf(x.ClientID, x.ClientKind, "", x.Person)
			if err != nil {
				return nil, err
			}
			// A list shows the name and identifiers only.
			cl = cases.Client{ID: full.ID, Kind: full.Kind, FirstName: full.FirstName, LastName: full.LastName,
				BusinessName: full.BusinessName, PESEL: full.PESEL, NIP: full.NIP, DocType: full.DocType, DocNumber: full.DocNumber}
			seen[x.ClientID] = cl
		}
		out[i] = cases.Row{ID: x.ID, Sign: x.Sign, Status: cases.Status(x.Status), SubmittedOn: x.SubmittedOn, DueOn: x.DueOn,
			SupplementDue: x.SupplementDue, CardID: x.CardID, CardTitle: x.CardTitle, Client: cl}
	}
	return out, nil
}

// casesByText finds cases by typed text: an identifier typed whole (the
// blind index's exact tokens), else the words of the client's name (its
// prefix tokens), else the words of a sign (case_fts, which holds signs
// only); newest first up to the limit, then put in deadline order.
func (r reader) casesByText(ctx context.Context, officeID string, f CaseFilter, open int64, from, to sql.NullString) ([]dbq.CaseListRow, error) {
	k, err := r.lk.cipher()
	if err != nil {
		return nil, err
	}
	var rows []dbq.CaseListRow
	if k != nil && identLike(f.Text) {
		rowids, err := r.identClients(ctx, k, strings.TrimSpace(f.Text))
		if err != nil {
			return nil, err
		}
		if rows, err = r.casesOfClients(ctx, officeID, rowids, f, open, from, to); err != nil || len(rows) > 0 {
			return sortByDue(rows), err
		}
	}
	rows, ok, err := r.casesByName(ctx, officeID, f, open, from, to)
	if err != nil {
		return nil, err
	}
	if ok && len(rows) > 0 {
		return sortByDue(rows), nil
	}
	match := MatchQuery(f.Text)
	if match == "" {
		return nil, nil
	}
	found, err := r.q.CaseSearchSignWords(ctx, dbq.CaseSearchSignWordsParams{Query: match, OfficeID: officeID, Status: string(f.Status),
		OpenOnly: open, DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
	rows = make([]dbq.CaseListRow, 0, len(found))
	for _, x := range found {
		rows = append(rows, dbq.CaseListRow(x))
	}
	return sortByDue(rows), err
}

// casesOfClients lists the cases of the clients found, newest first.
func (r reader) casesOfClients(ctx context.Context, officeID string, rowids []int64, f CaseFilter, open int64, from, to sql.NullString) ([]dbq.CaseListRow, error) {
	if len(rowids) == 0 {
		return nil, nil
	}
	var rows []dbq.CaseListRow
	if len(rowids) > walkAbove {
		found, err := r.q.CaseWalkByClients(ctx, dbq.CaseWalkByClientsParams{Rowids: jsonList(rowids), OfficeID: officeID,
			Status: string(f.Status), OpenOnly: open, DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
		for _, x := range found {
			rows = append(rows, dbq.CaseListRow(x))
		}
		return rows, err
	}
	found, err := r.q.CaseListByClients(ctx, dbq.CaseListByClientsParams{Rowids: jsonList(rowids), OfficeID: officeID,
		Status: string(f.Status), OpenOnly: open, DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
	for _, x := range found {
		rows = append(rows, dbq.CaseListRow(x))
	}
	return rows, err
}

// walkAbove is how many clients found make walking the cases newest first
// cheaper than looking each client's cases up: about 2,000 (a 3-letter
// prefix common in a 200,000-case office matches some 10,000 clients,
// whose first 100 cases turn up within the newest 1,500 or so; a few
// hundred clients are a few hundred lookups).
var walkAbove = 2000

// sortByDue puts a page of cases in deadline order, stopped clocks last.
func sortByDue(rows []dbq.CaseListRow) []dbq.CaseListRow {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := dueKey(rows[i].DueOn), dueKey(rows[j].DueOn)
		if a != b {
			return a < b
		}
		return rows[i].Sign < rows[j].Sign
	})
	return rows
}

// casesBySign finds the case whose sign is the typed text, whatever the
// list's filters (the clerk named one case, and a case settled or not yet
// due must not look missing); failing that, the cases whose sign begins
// with the text, in register order. The prefix is of the whole sign as
// printed, so "SO.5352.1" finds SO.5352.1.2026 and SO.5352.10.2026 to
// SO.5352.19.2026, and "SO.5352.1." only SO.5352.1.2026 and SO.5352.1.2027.
// Signs are upper case (casesign), so the text is compared upper-cased.
func (r reader) casesBySign(ctx context.Context, officeID string, f CaseFilter, open int64, from, to sql.NullString) ([]dbq.CaseListRow, error) {
	sign := strings.ToUpper(strings.TrimSpace(f.Text))
	exact, err := r.q.CaseBySign(ctx, dbq.CaseBySignParams{Sign: sign, OfficeID: officeID})
	if err != nil || len(exact) > 0 {
		rows := make([]dbq.CaseListRow, len(exact))
		for i, x := range exact {
			rows[i] = dbq.CaseListRow(x)
		}
		return rows, err
	}
	found, err := r.q.CaseSearchSignPrefix(ctx, dbq.CaseSearchSignPrefixParams{SignFrom: sign, SignTo: prefixEnd(sign), OfficeID: officeID,
		Status: string(f.Status), OpenOnly: open, DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
	rows := make([]dbq.CaseListRow, len(found))
	for i, x := range found {
		rows[i] = dbq.CaseListRow(x)
	}
	return rows, err
}

// prefixEnd is the least string above every string that begins with the
// ASCII prefix p: p with its last byte raised by one.
func prefixEnd(p string) string {
	return p[:len(p)-1] + string(rune(p[len(p)-1]+1))
}

// SignLike reports whether typed search text is (a beginning of) a case
// sign rather than words of a name: one word of ASCII letters, digits,
// dots and hyphens (a provisional sign's "T-3F9A2C") holding a dot, e.g.
// "SO.5352.1.2026" or "so.5352.1".
func SignLike(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, ".") {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

func dueKey(due string) string {
	if due == "" {
		return noDue
	}
	return due
}

// CaseEvents returns a case's history, oldest first.
func (r reader) CaseEvents(ctx context.Context, caseID string) ([]cases.Event, error) {
	rows, err := r.q.CaseEventList(ctx, caseID)
	if err != nil {
		return nil, wrap("case events", err)
	}
	out := make([]cases.Event, len(rows))
	for i, e := range rows {
		detail, err := r.dutyDetail(e.ID, e.Detail, e.Sealed)
		if err != nil {
			return nil, err
		}
		out[i] = cases.Event{ID: e.ID, CaseID: e.CaseID, Kind: e.Kind, From: cases.Status(e.FromStatus), To: cases.Status(e.ToStatus),
			StaffID: e.StaffID, Detail: detail, At: fromMS(e.CreatedAt)}
	}
	return out, nil
}

func payloadOf(officeID string, c cases.Case) casePayload {
	return casePayload{ID: c.ID, OfficeID: officeID, Sign: c.SignText(), Unit: c.Sign.Unit, JRWA: c.Sign.JRWA,
		Year: c.Sign.Year, No: c.Sign.No, Provisional: c.Provisional, CardID: c.CardID, ClientID: c.ClientID,
		Status: c.Status, SubmittedOn: c.SubmittedOn, DueOn: c.DueOn, SupplementDue: c.SupplementDue, Form: c.Form,
		Checklist: orEmpty(c.Checklist), Pauses: orEmptyPauses(c.Pauses), AssigneeID: c.AssigneeID,
		RegisteredBy: c.RegisteredBy, DeviceID: c.DeviceID, RegisteredAt: ms(c.CreatedAt)}
}

func jsonText(v any) (string, error) {
	raw, err := json.Marshal(v)
	return string(raw), err
}

// InsertCase stores a newly registered case.
func (t *Tx) InsertCase(ctx context.Context, officeID string, c cases.Case) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = t.now
	}
	if c.DeviceID == "" {
		c.DeviceID = t.s.deviceID
	}
	p := payloadOf(officeID, c)
	if err := t.writeCase(ctx, p, c.DraftID); err != nil {
		return err
	}
	return t.record(ctx, "case_file", c.ID, p)
}

// UpdateCaseProgress stores a case's new status, deadlines, pauses and checklist.
func (t *Tx) UpdateCaseProgress(ctx context.Context, officeID string, c cases.Case) error {
	checklist, err := t.sealJSON("case_file", "checklist", c.ID, orEmpty(c.Checklist))
	if err != nil {
		return fmt.Errorf("db: case checklist: %w", err)
	}
	pauses, _ := jsonText(orEmptyPauses(c.Pauses))
	if err := t.q.CaseUpdateProgress(ctx, dbq.CaseUpdateProgressParams{
		Status: string(c.Status), DueOn: c.DueOn, SupplementDue: c.SupplementDue, Pauses: pauses,
		Checklist: checklist, UpdatedAt: ms(t.now), ID: c.ID,
	}); err != nil {
		return fmt.Errorf("db: update case %s: %w", c.Sign, err)
	}
	return t.record(ctx, "case_file", c.ID, payloadOf(officeID, c))
}

// AppendCaseEvent adds an entry to a case's history.
func (t *Tx) AppendCaseEvent(ctx context.Context, e cases.Event) error {
	e.ID = newID()
	e.At = t.now
	if err := t.writeCaseEvent(ctx, e); err != nil {
		return err
	}
	return t.record(ctx, "case_event", e.ID, e)
}

// Drafts lists a clerk's drafts, newest first.
func (r reader) Drafts(ctx context.Context, officeID, staffID string) ([]cases.Draft, error) {
	rows, err := r.q.DraftListForStaff(ctx, dbq.DraftListForStaffParams{OfficeID: officeID, StaffID: staffID})
	if err != nil {
		return nil, wrap("list drafts", err)
	}
	out := make([]cases.Draft, 0, len(rows))
	for _, row := range rows {
		d, err := r.draftOf(row)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Draft returns one draft.
func (r reader) Draft(ctx context.Context, id string) (cases.Draft, error) {
	row, err := r.q.DraftGet(ctx, id)
	if err != nil {
		return cases.Draft{}, notFound(err, "draft")
	}
	return r.draftOf(row)
}

// draftOf opens a draft's sealed body.
func (rd reader) draftOf(r dbq.Draft) (cases.Draft, error) {
	d := cases.Draft{ID: r.ID, StaffID: r.StaffID, CardID: r.CardID, SavedAt: fromMS(r.SavedAt)}
	body, err := rd.lk.open("draft", "body", r.ID, r.Body)
	if err != nil {
		return cases.Draft{}, err
	}
	if err := json.Unmarshal(body, &d.Body); err != nil {
		return cases.Draft{}, fmt.Errorf("db: draft %s: %w", r.ID, err)
	}
	return d, nil
}

// SaveDraft writes a draft in its own short transaction; drafts are local
// to the device and never synced. A draft belongs to one clerk: another
// clerk's save of the same id changes nothing.
func (s *Store) SaveDraft(ctx context.Context, officeID string, d cases.Draft) error {
	body, err := s.reader.sealJSON("draft", "body", d.ID, d.Body)
	if err != nil {
		return fmt.Errorf("db: draft body: %w", err)
	}
	return wrap("save draft", s.qw.DraftUpsert(ctx, dbq.DraftUpsertParams{
		ID: d.ID, OfficeID: officeID, StaffID: d.StaffID, CardID: d.CardID, Body: body, SavedAt: ms(s.now())}))
}

// DeleteDraft removes a draft inside a transaction (registration).
func (t *Tx) DeleteDraft(ctx context.Context, id string) error {
	return wrap("delete draft", t.q.DraftDelete(ctx, id))
}

// MatchQuery turns typed words into an FTS5 query over the signs: every word typed must
// match, in any order. A word that folding splits in pieces ("5352.1.2026",
// "Łęcka-Wróblewska") is one phrase: its pieces in a row, each whole but
// the last, which may be a beginning. So "5352.1" finds 5352.1 and 5352.10,
// never 5352.21 or a sign whose pieces merely start with 5352 and 1. Words
// are folded like the indexed text (ł → l), and quoted so FTS syntax in
// input is inert (folding keeps only letters and digits).
func MatchQuery(s string) string {
	var parts []string
	for _, w := range strings.Fields(s) {
		if pieces := fold.String(w); pieces != "" {
			parts = append(parts, `"`+pieces+`"*`)
		}
	}
	return strings.Join(parts, " ")
}
