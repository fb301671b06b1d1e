package pgstore

import (
	"bytes"
	"context"
	"math"
	"regexp"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"okienko/sync/merge"
	"okienko/sync/registry/pgstore/internal/pq"
	"okienko/sync/registry/store"
)

// What the registry's queries read of a row's fields besides the row
// itself: the monitoring report's facts of each case and case event
// (report_cases, report_events) and the ids rows are looked up by (rows'
// ref and ref2 columns). PostgreSQL took them from the rows' JSON as they
// were written: the trigger rows_report (migrations 00015, 00018), which
// parsed each case and case event row again and ran a subtransaction per
// event, and expression indexes (00011, 00020) parsing each row of their
// entity again, some 60% of a device push's write statement together.
// The transaction already holds each row's fields decoded, so it takes
// them from there and writes them in the same statement as the rows
// (TxWrite); every writer of rows goes through flush, so every writer
// still keeps them. Migrations 00021 and 00022 drop the trigger and the
// expressions.

// odd lists the rows of a flush with a value Go does not print as
// PostgreSQL's ->> would (a number, object or array, or a string
// PostgreSQL refuses): flush has PostgreSQL take those from the stored
// JSON, as the trigger and the indexes did. Such values never come from a
// push (its ops are checked against their types), so this costs nothing
// there.
type odd struct {
	cases, events       []string
	refEntities, refIDs []string
}

// noRef stands for NULL in TxWrite's refs and refs2 (NULLIF(..., chr(1))):
// a text array from Go holds no NULL. The arrays end at the last row with
// a ref (unnest pads the shorter with NULL): a group of other rows sends
// none. A field whose text is noRef itself
// is left to PostgreSQL (odd).
const noRef = "\x01"

// derived adds to w, for each row it writes, what is read of the row's
// fields besides the row, from the fields as this transaction holds them.
func (t *txn) derived() (o odd) {
	w := &t.w
	for i, entity := range w.Entities {
		switch entity {
		case "audit_log", "case_file", "substitution", "case_event":
		default:
			continue
		}
		id := w.EntityIds[i]
		f := t.rows[store.RowKey{Entity: entity, ID: id}].row.Fields
		ref, ref2, refOK := noRef, noRef, true
		refText := func(name string) string {
			s, null, ok := fieldText(f, name)
			if !ok || s == noRef {
				refOK = false
			}
			if null {
				return noRef
			}
			return s
		}
		switch entity {
		case "audit_log":
			ref = refText("objectId")
		case "case_file":
			ref = refText("clientId")
		case "substitution":
			ref, ref2 = refText("absentId"), refText("standInId")
		}
		if entity != "case_event" {
			for len(w.Refs) < i {
				w.Refs, w.Refs2 = append(w.Refs, noRef), append(w.Refs2, noRef)
			}
			w.Refs, w.Refs2 = append(w.Refs, ref), append(w.Refs2, ref2)
		}
		if !refOK {
			o.refEntities, o.refIDs = append(o.refEntities, entity), append(o.refIDs, id)
		}
		if entity != "case_file" && entity != "case_event" {
			continue
		}
		factsOK := true
		text := func(name string) string {
			s, _, ok := fieldText(f, name) // null as "", as the trigger's COALESCE
			factsOK = factsOK && ok
			return s
		}
		if entity == "case_file" {
			w.CaseIds = append(w.CaseIds, id)
			w.CaseUnits = append(w.CaseUnits, text("unit"))
			w.CaseCards = append(w.CaseCards, text("cardId"))
			w.CaseStatuses = append(w.CaseStatuses, text("status"))
			w.CaseSubmitted = append(w.CaseSubmitted, text("submittedOn"))
			w.CaseDue = append(w.CaseDue, text("dueOn"))
			w.CaseSupplementDue = append(w.CaseSupplementDue, text("supplementDue"))
			w.CaseDeleted = append(w.CaseDeleted, w.Deleted[i])
			w.CaseSigns = append(w.CaseSigns, text("sign"))
			w.CaseAssignees = append(w.CaseAssignees, text("assigneeId"))
			if !factsOK {
				o.cases = append(o.cases, id)
			}
			continue
		}
		w.EventIds = append(w.EventIds, id)
		w.EventCases = append(w.EventCases, text("caseId"))
		w.EventKinds = append(w.EventKinds, text("kind"))
		w.EventTos = append(w.EventTos, text("to"))
		at, _, _ := fieldText(f, "at") // not a string: no instant (0)
		w.EventAtMs = append(w.EventAtMs, reportAtMs(at))
		if !factsOK {
			o.events = append(o.events, id)
		}
	}
	return o
}

// fromJSON has PostgreSQL take from their stored JSON what derived could
// not (an event's instant excepted: it stays as reportAtMs read it).
func (t *txn) fromJSON(ctx context.Context, o odd) error {
	if len(o.cases) > 0 {
		if err := t.q.ReportCasesFromRows(ctx, pq.ReportCasesFromRowsParams{OfficeID: t.office, Ids: o.cases}); err != nil {
			return wrap("report facts", err)
		}
	}
	if len(o.events) > 0 {
		if err := t.q.ReportEventsFromRows(ctx, pq.ReportEventsFromRowsParams{OfficeID: t.office, Ids: o.events}); err != nil {
			return wrap("report facts", err)
		}
	}
	if len(o.refIDs) > 0 {
		if err := t.q.RowRefsFromRows(ctx, pq.RowRefsFromRowsParams{OfficeID: t.office, Entities: o.refEntities, EntityIds: o.refIDs}); err != nil {
			return wrap("row refs", err)
		}
	}
	return nil
}

// fieldText is what f->name->>'v' gives of a row's field: a string's
// text, true or false; null true for a field that is missing or null.
// ok is false where Go would have to print JSON as PostgreSQL's jsonb
// prints it (a number, object or array) or where PostgreSQL refuses the
// value (a string it cannot hold as text): left to PostgreSQL.
func fieldText(f merge.Row, name string) (s string, null, ok bool) {
	fld, found := f[name]
	if !found {
		return "", true, true
	}
	v := jsontext.Value(bytes.Trim(fld.V, " \t\r\n"))
	if len(v) == 0 {
		return "", true, true // no value: written as null
	}
	switch v.Kind() {
	case 'n':
		return "", true, true
	case 't':
		return "true", false, true
	case 'f':
		return "false", false, true
	case '"':
		b, err := jsontext.AppendUnquote(nil, v) // an error for invalid UTF-8 or a lone surrogate, as PostgreSQL refuses them
		if err != nil || bytes.IndexByte(b, 0) >= 0 {
			return "", false, false
		}
		return string(b), false, true
	}
	return "", false, false
}

// instant is an RFC 3339 date and time with its offset (or Z), as devices
// send them: the one form reportAtMs reads, as the report's statement
// does (queries/report.sql, reg). The fraction has any number of digits.
var instant = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))$`)

// reportAtMs is the trigger's floor(extract(epoch FROM at::timestamptz) *
// 1000) for an instant (RFC 3339 with an offset or Z), and 0 for anything
// else, as for what PostgreSQL refuses: other forms PostgreSQL reads
// (no offset, a day only, "now") depend on the session or the moment, and
// devices do not send them. PostgreSQL keeps microseconds, rounding the
// fraction's value as a double half to even (ParseFractionalSecond:
// rint(strtod(fraction) * 1000000)), and takes the floor of the
// milliseconds; TestReportAtMsAsPostgreSQL holds the two together.
func reportAtMs(at string) int64 {
	m := instant.FindStringSubmatch(at)
	if m == nil {
		return 0
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	year, month, day := num(m[1]), num(m[2]), num(m[3])
	hour, minute, sec := num(m[4]), num(m[5]), num(m[6])
	if year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return 0
	}
	var usec int64
	if m[7] != "" {
		f, err := strconv.ParseFloat("0"+m[7], 64)
		if err != nil {
			return 0
		}
		usec = int64(math.RoundToEven(f * 1e6)) // C's rint in the default rounding mode
	}
	offset := 0
	if m[8] != "Z" {
		oh, om := num(m[9]), num(m[10])
		if oh > 15 || om > 59 {
			return 0
		}
		offset = (oh*60 + om) * 60
		if m[8][0] == '-' {
			offset = -offset
		}
	}
	secs := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC).Unix() - int64(offset)
	us := secs*1_000_000 + usec
	ms := us / 1000
	if us%1000 < 0 {
		ms-- // the floor, before 1970 too
	}
	return ms
}

// daysIn is the number of days of a month (proleptic Gregorian, as PostgreSQL).
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
