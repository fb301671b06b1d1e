package deadline

import (
	"strconv"
	"testing"
	"time"
)

// calc is one computation of a worked case, rendered as a string so that
// dates, day counts and flags share one table. The rows use a tiny call
// syntax that an independent script can evaluate as well.
type calc struct {
	desc string
	run  func() (string, error)
}

func date(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func iso(d time.Time) string { return d.Format(time.DateOnly) }

func raw(from string, n int, u Unit) calc {
	return calc{"RawEnd(" + from + ", " + strconv.Itoa(n) + " " + unitName(u) + ")",
		func() (string, error) { return iso(RawEnd(date(from), Term{u, n})), nil }}
}

func end(from string, n int, u Unit) calc {
	return calc{"End(" + from + ", " + strconv.Itoa(n) + " " + unitName(u) + ")",
		func() (string, error) { return iso(End(date(from), Term{u, n})), nil }}
}

func p(from, to string) Pause { return Pause{date(from), date(to)} }

func due(kind string, n int, start string, pauses ...Pause) calc {
	return calc{"Due(" + kind + " " + strconv.Itoa(n) + ", " + start + ", " + strconv.Itoa(len(pauses)) + " pauses)",
		func() (string, error) {
			d, paused, err := Due(Rule{kind, n}, date(start), pauses)
			if paused {
				if !d.IsZero() {
					return "paused with date " + iso(d), err
				}
				return "paused", err
			}
			return iso(d), err
		}}
}

func supp(delivered string, days int) calc {
	return calc{"SupplementDue(" + delivered + ", " + strconv.Itoa(days) + ")",
		func() (string, error) { return iso(SupplementDue(date(delivered), days)), nil }}
}

func left(dueDay, today string) calc {
	return calc{"DaysLeft(" + dueDay + ", " + today + ")",
		func() (string, error) { return strconv.Itoa(DaysLeft(date(dueDay), date(today))), nil }}
}

func flag(dueDay, today string) calc {
	return calc{"Flag(" + dueDay + ", " + today + ")",
		func() (string, error) { return Flag(date(dueDay), date(today)), nil }}
}

func unitName(u Unit) string {
	return map[Unit]string{Days: "days", Weeks: "weeks", Months: "months"}[u]
}

// Every expectation below was worked out by hand from a printed calendar and
// then confirmed by a separate Python check (dateutil's Easter, datetime);
// none was copied from this package's output.
func TestWorkedCases(t *testing.T) {
	cases := []struct {
		c    calc
		want string
	}{
		// --- terms in days (art. 57 §1: the day of the event is not counted) ---
		{end("2026-03-02", 7, Days), "2026-03-09"},  // Mon + 7 = Mon 9 Mar, a working day
		{end("2026-03-06", 7, Days), "2026-03-13"},  // Fri + 7 = Fri 13 Mar
		{end("2026-03-02", 5, Days), "2026-03-09"},  // ends Sat 7 Mar -> §4 -> Mon 9 Mar
		{end("2026-03-02", 6, Days), "2026-03-09"},  // ends Sun 8 Mar -> Mon 9 Mar
		{end("2026-03-07", 7, Days), "2026-03-16"},  // event on Sat: ends Sat 14 -> Sun 15 -> Mon 16
		{end("2026-10-25", 7, Days), "2026-11-02"},  // ends Sun 1 Nov (All Saints on a Sunday) -> Mon 2 Nov (All Souls is a working day)
		{end("2026-11-03", 7, Days), "2026-11-10"},  // ends Tue 10 Nov; the holiday the next day is irrelevant
		{end("2026-11-04", 7, Days), "2026-11-12"},  // ends Wed 11 Nov (Independence Day) -> Thu 12 Nov
		{end("2026-12-17", 7, Days), "2026-12-28"},  // ends Thu 24 Dec (Wigilia, from 2025) -> Fri 25 -> Sat 26 -> Sun 27 -> Mon 28
		{end("2024-12-17", 7, Days), "2024-12-24"},  // Tue 24 Dec 2024: Wigilia was not yet a holiday
		{end("2025-12-17", 7, Days), "2025-12-29"},  // Wed 24 Dec 2025 -> 25, 26 holidays -> Sat 27 -> Sun 28 -> Mon 29: the longest §4 chain
		{end("2026-03-30", 7, Days), "2026-04-07"},  // ends Easter Monday 6 Apr -> Tue 7 Apr
		{end("2026-03-28", 7, Days), "2026-04-07"},  // ends Holy Saturday 4 Apr -> Easter Sun -> Easter Mon -> Tue 7 Apr
		{end("2026-03-27", 7, Days), "2026-04-03"},  // ends Good Friday 3 Apr: a working day, no shift
		{end("2026-04-24", 7, Days), "2026-05-04"},  // ends Fri 1 May -> Sat 2 -> Sun 3 (3 May) -> Mon 4 May
		{end("2026-04-25", 7, Days), "2026-05-04"},  // ends Sat 2 May -> Sun 3 May -> Mon 4 May
		{end("2026-05-28", 7, Days), "2026-06-05"},  // ends Thu 4 Jun (Corpus Christi) -> Fri 5 Jun
		{end("2026-08-08", 7, Days), "2026-08-17"},  // ends Sat 15 Aug (Assumption) -> Sun 16 -> Mon 17
		{end("2026-12-30", 7, Days), "2027-01-07"},  // ends Wed 6 Jan 2027 (Epiphany) -> Thu 7 Jan
		{end("2026-12-25", 7, Days), "2027-01-04"},  // ends Fri 1 Jan 2027 -> Sat 2 -> Sun 3 -> Mon 4 Jan
		{end("2026-12-31", 1, Days), "2027-01-04"},  // one day from New Year's Eve ends on New Year's Day -> Mon 4 Jan
		{end("2026-03-02", 14, Days), "2026-03-16"}, // u.d.i.p. 14 days: Mon -> Mon two weeks on
		{end("2026-03-20", 14, Days), "2026-04-03"}, // 14 days ending on Good Friday: no shift
		{end("2026-03-21", 14, Days), "2026-04-07"}, // 14 days ending Holy Saturday -> Tue after Easter Monday
		{end("2026-04-17", 14, Days), "2026-05-04"}, // 14 days ending Fri 1 May -> Mon 4 May
		{end("2026-03-02", 30, Days), "2026-04-01"}, // 30 days: 2 Mar + 30 = 1 Apr (March has 31 days), Wed
		{end("2026-10-02", 30, Days), "2026-11-02"}, // 2 Oct + 30 = Sun 1 Nov -> Mon 2 Nov
		{end("2026-11-25", 30, Days), "2026-12-28"}, // 25 Nov + 30 = Fri 25 Dec -> Sat 26 -> Sun 27 -> Mon 28
		{raw("2026-03-02", 5, Days), "2026-03-07"},  // RawEnd stops before §4: Sat 7 Mar stays

		// --- terms in weeks (art. 57 §2: same weekday) ---
		{end("2026-03-04", 1, Weeks), "2026-03-11"}, // Wed -> Wed
		{end("2026-05-21", 2, Weeks), "2026-06-05"}, // Thu -> Thu 4 Jun (Corpus Christi) -> Fri 5 Jun
		{end("2026-11-04", 1, Weeks), "2026-11-12"}, // Wed -> Wed 11 Nov -> Thu 12 Nov
		{end("2026-10-03", 3, Weeks), "2026-10-26"}, // Sat -> Sat 24 Oct -> Mon 26 Oct
		{end("2026-12-01", 4, Weeks), "2026-12-29"}, // Tue -> Tue 29 Dec, between Christmas and New Year but working
		{end("2026-03-29", 1, Weeks), "2026-04-07"}, // Sun -> Easter Sunday 5 Apr -> Easter Monday -> Tue 7 Apr

		// --- terms in months (art. 57 §3: same day, or the month's last day) ---
		{end("2026-03-15", 1, Months), "2026-04-15"},   // same day of month, Wed
		{raw("2026-01-31", 1, Months), "2026-02-28"},   // 31 Jan + 1 month: February has no 31st -> 28 Feb (AddDate would say 3 Mar)
		{end("2026-01-31", 1, Months), "2026-03-02"},   // ... and 28 Feb 2026 is a Saturday -> Sun 1 Mar -> Mon 2 Mar
		{raw("2028-01-31", 1, Months), "2028-02-29"},   // leap year: last day is 29 Feb 2028
		{end("2028-01-31", 1, Months), "2028-02-29"},   // Tue 29 Feb 2028, a working day
		{end("2026-03-31", 1, Months), "2026-04-30"},   // 31 Mar -> 30 Apr (Thu)
		{raw("2026-01-30", 1, Months), "2026-02-28"},   // 30 Jan -> 28 Feb: clamped as well
		{raw("2028-02-29", 12, Months), "2029-02-28"},  // 29 Feb 2028 + 12 months: 2029 is not leap -> 28 Feb 2029
		{end("2028-02-29", 12, Months), "2029-02-28"},  // Wed 28 Feb 2029, no shift
		{end("2026-04-30", 1, Months), "2026-06-01"},   // 30 May 2026 is a Saturday -> Sun 31 -> Mon 1 Jun
		{end("2026-08-31", 2, Months), "2026-11-02"},   // 31 Oct (Sat) -> Sun 1 Nov (holiday) -> Mon 2 Nov
		{end("2026-11-30", 3, Months), "2027-03-01"},   // 30 Nov + 3 months = 28 Feb 2027 (Sun) -> Mon 1 Mar
		{end("2026-02-01", 12, Months), "2027-02-01"},  // one year: Mon 1 Feb 2027
		{end("2026-02-15", 6, Months), "2026-08-17"},   // 15 Aug 2026: Saturday and Assumption -> Mon 17 Aug
		{due("kpa-2m", 0, "2026-11-15"), "2027-01-15"}, // two months across the year boundary, Fri 15 Jan 2027
		{due("kpa-2m", 0, "2026-12-31"), "2027-03-01"}, // 31 Dec + 2 months = 28 Feb 2027 (Sun) -> Mon 1 Mar
		{due("kpa-1m", 0, "2024-12-01"), "2025-01-02"}, // 1 Jan 2025 (Wed, holiday) -> Thu 2 Jan
		{due("kpa-1m", 0, "2026-12-01"), "2027-01-04"}, // 1 Jan 2027 (Fri) -> Sat 2 -> Sun 3 -> Mon 4 Jan
		{due("kpa-1m", 0, "2026-03-06"), "2026-04-07"}, // 6 Apr 2026 is Easter Monday -> Tue 7 Apr
		{due("kpa-1m", 0, "2026-03-16"), "2026-04-16"}, // plain month, Thu
		{due("months", 2, "2026-01-31"), "2026-03-31"}, // 31 Jan + 2 months = 31 Mar: March has a 31st
		{due("weeks", 2, "2026-05-21"), "2026-06-05"},  // weeks rule via Due, Corpus Christi shift
		{due("days", 14, "2026-04-17"), "2026-05-04"},  // days rule via Due, 1-3 May block

		// --- immediate (niezwłocznie) ---
		{due("immediate", 0, "2026-03-04"), "2026-03-04"}, // a Wednesday: the same day
		{due("immediate", 0, "2026-03-07"), "2026-03-09"}, // started on a Saturday -> Monday
		{due("immediate", 0, "2026-12-25"), "2026-12-28"}, // Christmas Day (Fri) -> Sat 26 -> Sun 27 -> Mon 28
		{due("immediate", 0, "2026-12-24"), "2026-12-28"}, // Wigilia 2026 is a holiday -> Mon 28
		{due("immediate", 0, "2024-12-24"), "2024-12-24"}, // Wigilia 2024 was a working Tuesday

		// --- pauses (art. 35 §5: the call to supplement stops the clock) ---
		{due("days", 7, "2026-03-02"), "2026-03-09"},                                                                 // no pause: Mon -> Mon
		{due("days", 7, "2026-03-02", p("2026-03-04", "2026-03-11")), "2026-03-16"},                                  // call on day 2, papers on day 9: 7 days added -> Mon 16 Mar
		{due("days", 7, "2026-03-02", p("2026-03-04", "2026-03-04")), "2026-03-09"},                                  // papers the same day: nothing added
		{due("days", 14, "2026-03-02", p("2026-03-03", "2026-03-05"), p("2026-03-09", "2026-03-12")), "2026-03-23"},  // 2 + 3 = 5 days: Mon 16 + 5 = Sat 21 -> Mon 23
		{due("days", 14, "2026-03-02", p("2026-03-09", "2026-03-12"), p("2026-03-03", "2026-03-05")), "2026-03-23"},  // same pauses out of order
		{due("days", 14, "2026-03-02", p("2026-03-03", "2026-03-10"), p("2026-03-06", "2026-03-13")), "2026-03-26"},  // overlap: 3-13 Mar = 10 days, not 14 -> Thu 26 Mar
		{due("kpa-1m", 0, "2026-03-02", p("2026-03-05", "2026-03-20"), p("2026-03-10", "2026-03-12")), "2026-04-17"}, // nested pause: 15 days, not 17 -> Fri 17 Apr
		{due("days", 14, "2026-03-02", p("2026-03-03", "2026-03-06"), p("2026-03-06", "2026-03-09")), "2026-03-23"},  // back-to-back pauses: 3 + 3 = 6 -> Sun 22 Mar -> Mon 23 Mar
		{due("kpa-1m", 0, "2026-03-02", p("2026-03-09", "2026-03-13")), "2026-04-07"},                                // 2 Apr + 4 paused days = Easter Monday -> Tue 7 Apr
		{due("days", 5, "2026-03-02", p("2026-03-03", "2026-03-06")), "2026-03-10"},                                  // raw Sat 7 + 3 = Tue 10; shifting first would give Thu 12
		{due("months", 2, "2026-12-31", p("2027-01-05", "2027-01-08")), "2027-03-03"},                                // raw 28 Feb 2027 + 3 = Wed 3 Mar
		{due("immediate", 0, "2026-03-04", p("2026-03-04", "2026-03-06")), "2026-03-06"},                             // immediate, paused 2 days -> Fri 6 Mar
		{due("days", 7, "2026-03-02", p("2026-03-04", "")), "paused"},                                                // still waiting for documents
		{due("kpa-1m", 0, "2026-03-02", p("2026-03-03", "2026-03-05"), p("2026-03-10", "")), "paused"},               // closed then open: still paused

		// --- art. 64 §2: supplementing documents, at least 7 days from delivery ---
		{supp("2026-03-02", 7), "2026-03-09"},  // Mon -> Mon
		{supp("2026-03-06", 7), "2026-03-13"},  // Fri -> Fri
		{supp("2026-03-07", 7), "2026-03-16"},  // delivered by post on a Saturday: Sat 14 -> Mon 16
		{supp("2026-03-29", 7), "2026-04-07"},  // Sun 29 Mar -> Easter Sunday -> Easter Monday -> Tue 7 Apr
		{supp("2026-04-24", 7), "2026-05-04"},  // Fri 24 Apr -> Fri 1 May -> Mon 4 May
		{supp("2026-04-29", 7), "2026-05-06"},  // Wed 29 Apr -> Wed 6 May; holidays inside the term do not extend it
		{supp("2026-12-17", 7), "2026-12-28"},  // Thu 17 Dec -> Wigilia -> Mon 28 Dec
		{supp("2026-03-03", 3), "2026-03-10"},  // 3 days is below the minimum: raised to 7 -> Tue 10 Mar
		{supp("2026-03-03", 0), "2026-03-10"},  // no length given: 7
		{supp("2026-03-03", 14), "2026-03-17"}, // 14 days -> Tue 17 Mar
		{supp("2026-03-02", 10), "2026-03-12"}, // 10 days -> Thu 12 Mar

		// --- DaysLeft and Flag around the boundaries ---
		{left("2026-03-09", "2026-03-05"), "4"},       // four days ahead
		{flag("2026-03-09", "2026-03-05"), ""},        // 4 days left: not yet flagged
		{left("2026-03-09", "2026-03-06"), "3"},       // three days ahead
		{flag("2026-03-09", "2026-03-06"), "soon"},    // 3 days left: soon
		{flag("2026-03-09", "2026-03-09"), "soon"},    // due today: still soon, not overdue
		{left("2026-03-09", "2026-03-09"), "0"},       // due today
		{left("2026-03-09", "2026-03-10"), "-1"},      // one day late
		{flag("2026-03-09", "2026-03-10"), "overdue"}, // the day after due: overdue
		{left("2026-03-09", "2026-04-09"), "-31"},     // a month late (March has 31 days)
		{left("2027-01-04", "2026-12-28"), "7"},       // across the year boundary
		{left("2028-03-01", "2028-02-27"), "3"},       // 27 -> 28 -> 29 Feb -> 1 Mar in a leap year
		{left("2027-03-01", "2027-02-26"), "3"},       // 26 -> 27 -> 28 Feb -> 1 Mar in a common year
		{left("2026-03-30", "2026-03-28"), "2"},       // across the switch to summer time (29 Mar) it is still 2 days
		{flag("2026-10-26", "2026-10-22"), ""},        // across the switch back (25 Oct): 4 days, not flagged
	}
	if len(cases) < 60 {
		t.Fatalf("only %d worked cases", len(cases))
	}
	for _, c := range cases {
		got, err := c.c.run()
		if err != nil {
			t.Errorf("%s: unexpected error %v", c.c.desc, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.c.desc, got, c.want)
		}
	}
}
