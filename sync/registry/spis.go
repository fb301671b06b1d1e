package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"okienko/app/cases"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
	"okienko/sync/registry/store"
)

// RegisterLine is one number of a case register (spis spraw).
type RegisterLine struct {
	No        int
	Sign      string
	State     string // used, cancelled, reserved, missing
	Subject   string // the service
	From      string // the client
	Started   string // YYYY-MM-DD
	Settled   string // YYYY-MM-DD of the closing event, if any
	Note      string
	DeviceID  string
	Explained bool // every line but a missing number is accounted for
	// Awaiting is a used number whose case has not reached the registry:
	// its device spent the number and has not pushed the case yet, or the
	// registry refused the case and a person on that device must look.
	Awaiting bool
}

// Register lists every number of a register from 1 to the highest leased,
// each used (with its case), cancelled (with the reason), reserved (held
// by a device), or missing — which must never happen.
func (r *Registry) Register(ctx context.Context, officeID, unit, jrwa string, year int) ([]RegisterLine, error) {
	// The rows are read as stored and each decoded into the few fields
	// printed (storedRow): decoding every field of every case and client
	// of the office was most of a 5,000-number register's time.
	numbers, err := r.st.RowsOfEncoded(ctx, officeID, "case_number")
	if err != nil {
		return nil, err
	}
	casesByID, err := r.encodedByID(ctx, officeID, "case_file")
	if err != nil {
		return nil, err
	}
	clients, err := r.encodedByID(ctx, officeID, "client")
	if err != nil {
		return nil, err
	}
	cards, err := r.encodedByID(ctx, officeID, "service_card")
	if err != nil {
		return nil, err
	}
	closed, err := r.closingDates(ctx, officeID)
	if err != nil {
		return nil, err
	}
	byNo := map[int]RegisterLine{}
	maxNo := 0
	for _, row := range numbers {
		var n struct {
			Unit, JRWA, State, CaseID, DeviceID, Note storedField[string]
			Year, No                                  storedField[int]
		}
		_ = json.Unmarshal(row.Encoded, &n)
		if n.Unit.V != unit || n.JRWA.V != jrwa || n.Year.V != year {
			continue
		}
		no := n.No.V
		line := RegisterLine{No: no, State: n.State.V, DeviceID: n.DeviceID.V, Note: n.Note.V, Explained: true,
			Sign: fmt.Sprintf("%s.%s.%d.%d", unit, jrwa, no, year)}
		c, ok := casesByID[n.CaseID.V]
		line.Awaiting = line.State == "used" && !ok
		if ok {
			var cs struct{ Sign, CardID, ClientID, SubmittedOn, Status storedField[string] }
			_ = json.Unmarshal(c, &cs)
			line.Sign, line.Started = cs.Sign.V, cs.SubmittedOn.V
			// A closing event counts only for a case closed now: one
			// reopened since, or an event a device appended to an open
			// case, leaves the line open (as Retention does).
			if cases.Status(cs.Status.V).Closed() {
				line.Settled = closed[n.CaseID.V]
			}
			if card, ok := cards[cs.CardID.V]; ok {
				var cp struct {
					Card storedField[struct{ Title string }]
				}
				_ = json.Unmarshal(card, &cp)
				line.Subject = cp.Card.V.Title
			}
			if cl, ok := clients[cs.ClientID.V]; ok {
				var p struct{ FirstName, LastName, BusinessName storedField[string] }
				_ = json.Unmarshal(cl, &p)
				line.From = p.BusinessName.V
				if line.From == "" {
					line.From = p.FirstName.V + " " + p.LastName.V
				}
			}
		}
		byNo[no] = line
		maxNo = max(maxNo, no)
	}
	out := make([]RegisterLine, 0, maxNo)
	for no := 1; no <= maxNo; no++ {
		line, ok := byNo[no]
		if !ok {
			line = RegisterLine{No: no, State: "missing", Sign: fmt.Sprintf("%s.%s.%d.%d", unit, jrwa, no, year)}
		}
		out = append(out, line)
	}
	return out, nil
}

// storedField is one field of a row as the stores keep it ({"v": …, "h":
// stamp}), its value decoded into T; a field missing or null stays zero.
type storedField[T any] struct {
	V T `json:"v"`
}

func (r *Registry) rowsByID(ctx context.Context, officeID, entity string) (map[string]store.Row, error) {
	rows, err := r.st.RowsOf(ctx, officeID, entity)
	if err != nil {
		return nil, err
	}
	out := make(map[string]store.Row, len(rows))
	for _, row := range rows {
		out[row.EntityID] = row
	}
	return out, nil
}

// encodedByID is an office's rows of entity by id, their fields as stored.
func (r *Registry) encodedByID(ctx context.Context, officeID, entity string) (map[string]json.RawMessage, error) {
	rows, err := r.st.RowsOfEncoded(ctx, officeID, entity)
	if err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(rows))
	for _, row := range rows {
		out[row.EntityID] = row.Encoded
	}
	return out, nil
}

// closingDates finds, per case, the day of the event that closed it: the
// office's day, in its zone.
func (r *Registry) closingDates(ctx context.Context, officeID string) (map[string]string, error) {
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return nil, err
	}
	events, err := r.st.RowsOfEncoded(ctx, officeID, "case_event")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, e := range events {
		var ev struct {
			CaseID, To storedField[string]
			At         storedField[time.Time]
		}
		_ = json.Unmarshal(e.Encoded, &ev)
		switch ev.To.V {
		case "settled", "left_unexamined", "forwarded":
			if d := ev.At.V.In(loc).Format(time.DateOnly); d > out[ev.CaseID.V] {
				out[ev.CaseID.V] = d
			}
		}
	}
	return out, nil
}

// decodeFields decodes a row's field values into v as one JSON object.
// The object is written by hand: a map marshalled for it (keys sorted,
// values compacted again) was a third of a 5,000-number spis spraw.
func decodeFields(row store.Row, v any) {
	buf := make([]byte, 0, 512)
	buf = append(buf, '{')
	for k, f := range row.Fields {
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		key, _ := json.Marshal(k)
		buf = append(buf, key...)
		buf = append(buf, ':')
		if len(f.V) == 0 {
			buf = append(buf, "null"...)
		} else {
			buf = append(buf, f.V...)
		}
	}
	buf = append(buf, '}')
	_ = json.Unmarshal(buf, v)
}

// WriteRegisterPDF prints a register as the spis spraw.
func (r *Registry) WriteRegisterPDF(ctx context.Context, w io.Writer, officeID, unit, jrwa string, year int) ([]RegisterLine, error) {
	o, err := r.st.Office(ctx, officeID)
	if err != nil {
		return nil, err
	}
	lines, err := r.Register(ctx, officeID, unit, jrwa, year)
	if err != nil {
		return nil, err
	}
	printed, err := r.OfficeNow(ctx, officeID) // the office's time, whatever this machine's zone
	if err != nil {
		return nil, err
	}
	b, err := printBundle()
	if err != nil {
		return nil, fmt.Errorf("registry: spis spraw: %w", err)
	}
	t := &registerpdf.Tr{B: b, Lang: i18n.Default, Loc: printed.Location()}
	counts := map[string]int{}
	items := make([]string, 0, len(lines))
	for _, l := range lines {
		counts[l.State]++
		var text string
		switch l.State {
		case "used":
			key := "registry.spis.used"
			if l.Settled != "" {
				key = "registry.spis.usedSettled"
			}
			text = t.T(key, "sign", l.Sign, "subject", l.Subject, "from", l.From, "started", dayDotted(l.Started), "settled", dayDotted(l.Settled))
			if l.Awaiting {
				text = t.T("registry.spis.usedAwaiting", "sign", l.Sign, "device", tail(l.DeviceID))
			}
		case "cancelled":
			text = t.T("registry.spis.cancelled", "sign", l.Sign, "reason", cancelReason(t, l.Note))
		case "reserved":
			text = t.T("registry.spis.reserved", "sign", l.Sign, "device", tail(l.DeviceID))
		default:
			text = t.T("registry.spis.missing", "sign", l.Sign)
		}
		items = append(items, text) // numbered from 1, as the register's numbers run
	}
	year4 := strconv.Itoa(year)
	sheet := pdf.Sheet{
		Header:  []string{o.Name, t.T("registry.pdf.teryt", "teryt", o.TERYT)},
		HeaderR: []string{t.T("pdf.printed", "date", i18n.DateTime(i18n.Default, printed))},
		Title:   t.T("registry.spis.title", "unit", unit, "jrwa", jrwa, "year", year4),
		Subtitle: t.T("registry.spis.summary", "count", strconv.Itoa(len(lines)), "used", strconv.Itoa(counts["used"]),
			"cancelled", strconv.Itoa(counts["cancelled"]), "reserved", strconv.Itoa(counts["reserved"]), "missing", strconv.Itoa(counts["missing"])),
		Footer:    t.T("registry.spis.footer", "office", o.Name, "unit", unit, "jrwa", jrwa, "year", year4),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
		Blocks:    []pdf.Block{{Heading: t.T("registry.spis.heading"), Items: items, Numbered: true}},
	}
	if t.Err != nil {
		return nil, fmt.Errorf("registry: spis spraw: %w", t.Err)
	}
	return lines, pdf.Write(w, sheet)
}

// printBundle is the locale files the registry's printouts are worded
// from, read once.
var printBundle = sync.OnceValues(i18n.Load)

// dayDotted writes YYYY-MM-DD as a register writes a day: 04.12.2026 r.
func dayDotted(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return i18n.Date(i18n.Default, t)
}

// cancelReason words a cancelled number's note; a note of the office's
// own is printed as written.
func cancelReason(t *registerpdf.Tr, note string) string {
	switch note {
	case "year_end":
		return t.T("registry.spis.reason.yearEnd")
	case "revoked":
		return t.T("registry.spis.reason.revoked")
	case "":
		return t.T("registry.spis.reason.none")
	}
	return note
}

func tail(id string) string {
	if len(id) > 6 {
		return id[len(id)-6:]
	}
	return id
}
