package office

import (
	"slices"
	"time"
)

// Zastępstwa: a person absent for a period of whole days (urlop, zwolnienie
// lekarskie, delegacja) and who stands in for them. Office-wide data set at
// the registry (the console's Urząd i ludzie) and pulled by every device; a
// device never writes it. Only the reason's category is kept, never why:
// a sick leave's cause is health data (RODO art. 9).
//
// The staff row's SubstituteID is the person's standing substitute: it has
// no dates, so it makes nobody absent; the console proposes it as the
// stand-in of a new period.

// Reason is the category of an absence.
type Reason string

// The reasons of an absence.
const (
	ReasonLeave        Reason = "leave"         // urlop
	ReasonSickLeave    Reason = "sick_leave"    // zwolnienie lekarskie
	ReasonBusinessTrip Reason = "business_trip" // delegacja
	ReasonOther        Reason = "other"         // inne
)

// Reasons lists the categories in the order forms offer them.
var Reasons = []Reason{ReasonLeave, ReasonSickLeave, ReasonBusinessTrip, ReasonOther}

// MaxSubstitutionDays is the longest period one entry may cover; a longer
// absence is entered again when it goes on.
const MaxSubstitutionDays = 366

// Substitution is one period of absence with its stand-in.
type Substitution struct {
	ID        string `json:"id"`
	AbsentID  string `json:"absentId"`
	StandInID string `json:"standInId"`
	From      string `json:"from"` // YYYY-MM-DD, the first day absent
	To        string `json:"to"`   // YYYY-MM-DD, the last day absent (inclusive)
	// UnitID limits the stand-in to the absent person's matters of one
	// unit; "" for all of them.
	UnitID string `json:"unitId"`
	Reason Reason `json:"reason"`
	// CancelledAt is when the period was withdrawn (RFC 3339, the
	// registry's time); "" while it stands. Never deleted: devices keep
	// the row and leave it out.
	CancelledAt string `json:"cancelledAt"`
}

// Live reports whether the period was not withdrawn.
func (s Substitution) Live() bool { return s.CancelledAt == "" }

// Covers reports whether the period stands on day (YYYY-MM-DD).
func (s Substitution) Covers(day string) bool { return s.Live() && s.From <= day && day <= s.To }

// overlaps reports whether two periods share a day.
// farAhead reports whether from is more than a year after today (both
// YYYY-MM-DD; an unreadable today bounds nothing).
func farAhead(from time.Time, today string) bool {
	t, err := time.Parse(time.DateOnly, today)
	return err == nil && from.After(t.AddDate(1, 0, 0))
}

func (s Substitution) overlaps(o Substitution) bool { return s.From <= o.To && o.From <= s.To }

// Problem is one refused field of a period, with its i18n key and named
// arguments (dates as YYYY-MM-DD, names as written).
type Problem struct {
	Field string            `json:"field"`
	Key   string            `json:"key"`
	Args  map[string]string `json:"args,omitempty"`
}

// ValidateSubstitution checks a period against the office it is set in:
// the absent person and the stand-in active members of its staff and two
// people, the days real, in order, not over before today (the office's
// day, YYYY-MM-DD), starting within a year of it and at most
// MaxSubstitutionDays long, the reason one of
// Reasons, the unit one of the office's in use; and against the office's
// other periods (others; the period itself, by id, and withdrawn ones are
// passed over): the absent person not absent already on any of its days,
// the stand-in not absent then, and the absent person not standing in
// for someone then. Problems come in that order; none means it may stand.
func ValidateSubstitution(s Substitution, others []Substitution, staff []Staff, units []Unit, today string) []Problem {
	var out []Problem
	add := func(field, key string, args map[string]string) {
		out = append(out, Problem{Field: field, Key: key, Args: args})
	}
	person := func(id string) (Staff, bool) {
		i := slices.IndexFunc(staff, func(p Staff) bool { return p.ID == id })
		if i < 0 {
			return Staff{}, false
		}
		return staff[i], true
	}
	absent, ok := person(s.AbsentID)
	if !ok || !absent.Active {
		add("absentId", "substitution.absentUnknown", nil)
	}
	switch stand, ok := person(s.StandInID); {
	case s.StandInID == "":
		add("standInId", "substitution.standInMissing", nil)
	case s.StandInID == s.AbsentID:
		add("standInId", "substitution.self", nil)
	case !ok || !stand.Active:
		add("standInId", "substitution.standInInactive", nil)
	}
	from, errFrom := time.Parse(time.DateOnly, s.From)
	to, errTo := time.Parse(time.DateOnly, s.To)
	datesOK := errFrom == nil && errTo == nil
	if errFrom != nil {
		add("from", "substitution.dateBad", nil)
	}
	if errTo != nil {
		add("to", "substitution.dateBad", nil)
	}
	if datesOK {
		switch {
		case to.Before(from):
			add("to", "substitution.order", nil)
			datesOK = false
		case s.To < today:
			add("to", "substitution.past", map[string]string{"today": today})
			datesOK = false
		case int(to.Sub(from).Hours()/24)+1 > MaxSubstitutionDays:
			add("to", "substitution.tooLong", map[string]string{"max": "366"})
			datesOK = false
		case farAhead(from, today):
			// A period is entered when the absence is known: one starting
			// in a year's time or later is a typo (9999), not a plan.
			add("from", "substitution.tooFar", map[string]string{"today": today})
			datesOK = false
		}
	}
	if !slices.Contains(Reasons, s.Reason) {
		add("reason", "substitution.reasonUnknown", nil)
	}
	if s.UnitID != "" {
		i := slices.IndexFunc(units, func(u Unit) bool { return u.ID == s.UnitID })
		if i < 0 || units[i].Retired() {
			add("unitId", "substitution.unitUnknown", nil)
		}
	}
	if !datesOK || len(out) > 0 {
		return out
	}
	name := func(id string) string {
		p, _ := person(id)
		return p.FullName()
	}
	for _, o := range others {
		if o.ID == s.ID || !o.Live() || !s.overlaps(o) {
			continue
		}
		when := map[string]string{"from": o.From, "to": o.To}
		switch {
		case o.AbsentID == s.AbsentID:
			add("from", "substitution.overlap", when)
		case o.AbsentID == s.StandInID:
			when["name"] = name(s.StandInID)
			add("standInId", "substitution.standInAbsent", when)
		case o.StandInID == s.AbsentID:
			when["name"] = name(o.AbsentID)
			add("absentId", "substitution.absentStandsIn", when)
		default:
			continue
		}
		return out // the first clash is enough to correct
	}
	return out
}

// StandInOn finds who stands in for a person on day (YYYY-MM-DD), for
// matters of unit (a unit id; "" asks about the person as a whole): the
// live period covering that day, one limited to another unit passed over.
// found false: the person is not absent that day.
func StandInOn(periods []Substitution, absentID, unitID, day string) (Substitution, bool) {
	for _, p := range periods {
		if p.AbsentID != absentID || !p.Covers(day) {
			continue
		}
		if p.UnitID != "" && unitID != "" && p.UnitID != unitID {
			continue
		}
		return p, true
	}
	return Substitution{}, false
}

// AbsentOn finds the live period that makes a person absent on day
// (YYYY-MM-DD), whatever its unit; found false: present, as far as the
// periods say.
func AbsentOn(periods []Substitution, absentID, day string) (Substitution, bool) {
	for _, p := range periods {
		if p.AbsentID == absentID && p.Covers(day) {
			return p, true
		}
	}
	return Substitution{}, false
}
