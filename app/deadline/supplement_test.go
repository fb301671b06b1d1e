package deadline

import (
	"errors"
	"testing"
)

// TestTermEnd: worked cases of a call to supplement counted from its
// delivery (art. 64 § 2 KPA, art. 169 § 1 OP, the CEIDG act's working
// days), with art. 57 § 1 (the day of delivery not counted) and § 4 (a
// Saturday or a day off moves the end) and the holidays of the Act of
// 18 January 1951 (Wigilia from 2025).
func TestTermEnd(t *testing.T) {
	kpa := SupplementTerm{Regime: RegimeKPA}
	op := SupplementTerm{Regime: RegimeOP, Days: 7}
	ceidg := SupplementTerm{Regime: RegimeKPA, Days: 7, WorkingDays: true}
	for _, c := range []struct {
		desc      string
		mode      DeliveryMode
		on        string // the date the clerk enters
		issued    string
		today     string
		term      SupplementTerm
		delivered string
		end       string
		err       error
	}{
		{"counter Thu, 7 days end Thu a week on", DeliveredCounter, "2026-12-03", "2026-12-03", "2026-12-03", kpa, "2026-12-03", "2026-12-10", nil},
		{"return receipt signed on a Saturday: the end Sat 12.12 moves to Mon (§ 4)", DeliveredPost, "2026-12-05", "2026-12-01", "2026-12-09", kpa, "2026-12-05", "2026-12-14", nil},
		{"post: the term ends on 11 Nov (holiday), moves to Thu 12 Nov", DeliveredPost, "2026-11-04", "2026-11-02", "2026-11-06", kpa, "2026-11-04", "2026-11-12", nil},
		{"post: the term ends Easter Monday 2027, moves to Tue", DeliveredPost, "2027-03-22", "2027-03-19", "2027-03-23", kpa, "2027-03-22", "2027-03-30", nil},
		{"a shorter card term is raised to 7 days", DeliveredCounter, "2026-12-03", "2026-12-03", "2026-12-03", SupplementTerm{Days: 3}, "2026-12-03", "2026-12-10", nil},
		{"a longer card term is kept", DeliveredCounter, "2026-12-03", "2026-12-03", "2026-12-03", SupplementTerm{Days: 14}, "2026-12-03", "2026-12-17", nil},
		{"tax matter (art. 169 § 1 OP): 7 days, § 5 of art. 12 moves a Sunday end", DeliveredPost, "2026-12-06", "2026-12-01", "2026-12-07", op, "2026-12-06", "2026-12-14", nil},
		{"e-delivery acknowledged on Tue", DeliveredElectronic, "2026-12-01", "2026-11-30", "2026-12-03", kpa, "2026-12-01", "2026-12-08", nil},
		{"e-delivery not acknowledged: delivered 14 days after sending", DeliveredElectronicUnread, "2026-11-02", "2026-11-02", "2026-11-20", kpa, "2026-11-16", "2026-11-23", nil},
		{"CEIDG 7 working days over Christmas (24, 25 Dec, weekend)", DeliveredCounter, "2026-12-18", "2026-12-18", "2026-12-18", ceidg, "2026-12-18", "2026-12-31", nil},
		{"CEIDG 7 working days over 11 November", DeliveredPost, "2026-11-06", "2026-11-02", "2026-11-06", ceidg, "2026-11-06", "2026-11-18", nil},
		{"a return receipt dated before the call", DeliveredPost, "2026-11-30", "2026-12-01", "2026-12-03", kpa, "", "", ErrDeliveryDate},
		{"a delivery date in the future", DeliveredPost, "2026-12-04", "2026-12-01", "2026-12-03", kpa, "", "", ErrDeliveryDate},
	} {
		got, err := DeliveredOn(c.mode, date(c.on), date(c.issued), date(c.today))
		if !errors.Is(err, c.err) {
			t.Errorf("%s: err %v, want %v", c.desc, err, c.err)
			continue
		}
		if err != nil {
			continue
		}
		if iso(got) != c.delivered {
			t.Errorf("%s: delivered %s, want %s", c.desc, iso(got), c.delivered)
		}
		if e := iso(TermEnd(got, c.term)); e != c.end {
			t.Errorf("%s: ends %s, want %s", c.desc, e, c.end)
		}
	}
}

// TestWorkingDays counts working days across weekends and holidays.
func TestWorkingDays(t *testing.T) {
	for _, c := range []struct {
		from, to string
		n        int
	}{
		{"2026-12-03", "2026-12-03", 0},
		{"2026-12-03", "2026-12-08", 3}, // Fri, Mon, Tue
		{"2026-12-22", "2026-12-29", 3}, // Wed 23, Mon 28, Tue 29 (24-27 off)
		{"2026-12-31", "2027-01-07", 3}, // Fri 1 Jan and Wed 6 Jan off: Mon 4, Tue 5, Thu 7
		{"2026-12-08", "2026-12-03", 0},
	} {
		if got := WorkingDaysBetween(date(c.from), date(c.to)); got != c.n {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.n)
		}
	}
}

// TestNotice: art. 36 § 1 KPA, a new date after today and after the
// current deadline; and the flag on cases due within 3 working days
// without a notice.
func TestNotice(t *testing.T) {
	for _, c := range []struct {
		desc                 string
		newDue, current, day string
		err                  error
	}{
		{"a later date", "2027-01-15", "2026-12-08", "2026-12-03", nil},
		{"today", "2026-12-03", "", "2026-12-03", ErrNoticeNotFuture},
		{"yesterday", "2026-12-02", "", "2026-12-03", ErrNoticeNotFuture},
		{"the deadline itself", "2026-12-08", "2026-12-08", "2026-12-03", ErrNoticeNotLater},
		{"before the deadline", "2026-12-07", "2026-12-08", "2026-12-03", ErrNoticeNotLater},
		{"the clock stopped (no deadline)", "2026-12-04", "", "2026-12-03", nil},
		{"the deadline passed already", "2026-12-04", "2026-12-01", "2026-12-03", nil},
	} {
		if err := CheckNoticeDate(date(c.newDue), date(c.current), date(c.day)); !errors.Is(err, c.err) {
			t.Errorf("%s: %v, want %v", c.desc, err, c.err)
		}
	}
	for _, c := range []struct {
		desc       string
		due, today string
		noticed    bool
		want       bool
	}{
		{"3 working days (Fri, Mon, Tue)", "2026-12-08", "2026-12-03", false, true},
		{"4 working days", "2026-12-09", "2026-12-03", false, false},
		{"noticed", "2026-12-08", "2026-12-03", true, false},
		{"overdue", "2026-12-01", "2026-12-03", false, true},
		{"due today", "2026-12-03", "2026-12-03", false, true},
		{"Christmas: 29 Dec is 3 working days after 22 Dec", "2026-12-29", "2026-12-22", false, true},
		{"Christmas: 30 Dec is 4", "2026-12-30", "2026-12-22", false, false},
		{"paused (no deadline)", "", "2026-12-03", false, false},
	} {
		if got := NeedsNotice(date(c.due), date(c.today), c.noticed); got != c.want {
			t.Errorf("%s: NeedsNotice = %v, want %v", c.desc, got, c.want)
		}
	}
}

// TestInterpreterNotice: at least 3 working days before the visit (art.
// 12 ust. 1 of the sign language act).
func TestInterpreterNotice(t *testing.T) {
	for _, c := range []struct {
		visit, today string
		err          error
	}{
		{"2026-12-08", "2026-12-03", nil},
		{"2026-12-07", "2026-12-03", ErrInterpreterShort},
		{"2026-12-28", "2026-12-22", ErrInterpreterShort},
		{"2026-12-29", "2026-12-22", nil},
		{"2026-12-03", "2026-12-03", ErrInterpreterShort},
	} {
		if err := CheckInterpreterNotice(date(c.visit), date(c.today)); !errors.Is(err, c.err) {
			t.Errorf("visit %s asked %s: %v, want %v", c.visit, c.today, err, c.err)
		}
	}
}
