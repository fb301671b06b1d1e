package deadline

import "time"

// D returns the civil date y-m-d at 00:00 UTC, so day arithmetic never meets DST.
func D(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Day truncates t to its civil date in t's own location, returned at 00:00 UTC.
func Day(t time.Time) time.Time {
	// Read the date before converting: 00:30 in Warsaw is still that day,
	// not the UTC day before.
	y, m, d := t.Date()
	return D(y, m, d)
}

// epochDay counts days since 1970-01-01; it avoids time.Duration, which
// overflows after about 292 years.
func epochDay(t time.Time) int64 {
	return Day(t).Unix() / 86400
}

// daysBetween is the number of calendar days from a to b.
func daysBetween(a, b time.Time) int {
	return int(epochDay(b) - epochDay(a))
}

// daysIn is the length of a month, using day 0 of the next month.
func daysIn(y int, m time.Month) int {
	return D(y, m+1, 0).Day()
}
