// Package report is "Raport z monitoringu" (issue 14 part 5): the head's
// periodic account of service quality (Gostynin "Monitoring", Piotrków
// §7.4.5–6, Płock ordinance §3). A report is a list of sections, one per
// area; each area gives its section for a period through Source, so an area
// built later plugs in with one line where the sources are listed. Pure: the
// figures are computed here from the counts (or plain records) the device or
// the registry reads, so both count alike.
package report

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Section keys, in the order the report shows them.
const (
	SectionQueue       = "queue"       // clients served by the queue, waiting and service times
	SectionCases       = "cases"       // cases registered, by service and unit
	SectionDeadlines   = "deadlines"   // deadlines kept and missed
	SectionNotices     = "notices"     // art. 36 KPA notices
	SectionSupplements = "supplements" // calls to supplement and how they ended
	SectionComplaints  = "complaints"  // complaints and motions by outcome (issue 14 part 2)
	SectionVisits      = "visits"      // home visits by outcome (part 1)
	SectionSurvey      = "survey"      // satisfaction survey per question (part 4)
	SectionLetters     = "letters"     // letters received, answered, overdue (part 3)
)

// State says what a section holds.
type State string

// The states of a section.
const (
	StateData        State = "data"        // figures for the period
	StateEmpty       State = "empty"       // the area is recorded, but nothing fell in the period
	StateNotRecorded State = "notRecorded" // Okienko does not record this area yet: no figures at all
	StateFailed      State = "failed"      // the area's figures could not be read
)

// Unit of a figure's value, for formatting.
const (
	UnitCount   = "count"
	UnitMinutes = "minutes"
	UnitPercent = "percent"
)

// Figure is one headline number of a section. Key is an i18n key.
type Figure struct {
	Key   string  `json:"key"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Chart kinds a breakdown is drawn as.
const (
	ChartBar     = "bar"     // one bar per row and column, side by side
	ChartStacked = "stacked" // one bar per row, its columns stacked
)

// Breakdown is a table of counts (rows × columns) drawn as a chart. Column
// names and LabelKeys are i18n keys; Label is data (a counter, a unit's
// symbol, a service's title) shown as it is.
type Breakdown struct {
	Key     string   `json:"key"`
	Chart   string   `json:"chart"`
	Columns []string `json:"columns"`
	Rows    []Row    `json:"rows"`
}

// Row is one line of a breakdown.
type Row struct {
	Label    string    `json:"label,omitempty"`
	LabelKey string    `json:"labelKey,omitempty"`
	Values   []float64 `json:"values"`
}

// Section is one area's part of the report.
type Section struct {
	Key        string      `json:"key"`
	State      State       `json:"state"`
	Figures    []Figure    `json:"figures"`
	Breakdowns []Breakdown `json:"breakdowns"`
	NoteKey    string      `json:"noteKey,omitempty"` // an i18n key explaining how it is counted
}

// Scope is whose figures the report counts: the admin's are office-wide, a
// head's are their units'.
type Scope struct {
	OfficeWide bool
	Units      []string // unit symbols
}

// Has reports whether unit is within the scope.
func (s Scope) Has(unit string) bool {
	if s.OfficeWide {
		return true
	}
	for _, u := range s.Units {
		if u == unit && u != "" {
			return true
		}
	}
	return false
}

// Source gives one area's section for a period and scope. An area not yet
// recorded is NotRecorded(key).
type Source interface {
	Section(ctx context.Context, p Period, sc Scope) (Section, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(ctx context.Context, p Period, sc Scope) (Section, error)

// Section calls f.
func (f SourceFunc) Section(ctx context.Context, p Period, sc Scope) (Section, error) {
	return f(ctx, p, sc)
}

// NotRecorded is the source of an area Okienko does not record yet: its
// section says so and carries no figures, never zeros.
func NotRecorded(key string) Source {
	return SourceFunc(func(context.Context, Period, Scope) (Section, error) {
		return Section{Key: key, State: StateNotRecorded}, nil
	})
}

// Report is the whole monitoring report.
type Report struct {
	Period   Period    `json:"period"`
	Sections []Section `json:"sections"`
	// Empty: no section recorded anything in the period ("no data in this
	// period", not a page of zeros).
	Empty   bool `json:"empty"`
	Partial bool `json:"partial"` // a section failed; the others stand
}

// Part is one section of the report: its key and the area's source.
type Part struct {
	Key    string
	Source Source
}

// Gather asks every part's source, all at once (each reads its own area
// of the store, and a head waits for the slowest, not for their sum), and
// keeps the parts' order. A source that fails or panics costs only its
// section (StateFailed) and marks the report partial.
func Gather(ctx context.Context, p Period, sc Scope, parts []Part) Report {
	r := Report{Period: p, Empty: true, Sections: make([]Section, len(parts))}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Sections[i], errs[i] = ask(ctx, part.Source, p, sc)
		}()
	}
	wg.Wait()
	for i, part := range parts {
		s := r.Sections[i]
		s.Key = part.Key
		if errs[i] != nil {
			s = Section{Key: s.Key, State: StateFailed}
			r.Partial = true
		}
		if s.State == "" {
			s.State = StateEmpty
		}
		if s.State == StateData {
			r.Empty = false
		}
		if s.State != StateData {
			s.Figures, s.Breakdowns = nil, nil
		}
		r.Sections[i] = s
	}
	return r
}

func ask(ctx context.Context, src Source, p Period, sc Scope) (s Section, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("report: section panicked: %v", v)
		}
	}()
	return src.Section(ctx, p, sc)
}

// Period is the report's span of office days, both ends included.
type Period struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`   // YYYY-MM-DD
}

// MaxDays is the longest period a report covers: two years (a leap day
// included). A longer one would be read as a mistake, and slow.
const MaxDays = 731

// Errors of a period, each with its i18n key.
var (
	ErrBadDate   = errors.New("report.badDate")
	ErrFromAfter = errors.New("report.fromAfterTo")
	ErrTooLong   = errors.New("report.tooLong")
)

// ParsePeriod checks a period the head chose.
func ParsePeriod(from, to string) (Period, error) {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return Period{}, ErrBadDate
	}
	if f.After(t) {
		return Period{}, ErrFromAfter
	}
	if days := int(t.Sub(f).Hours()/24) + 1; days > MaxDays {
		return Period{}, ErrTooLong
	}
	return Period{From: from, To: to}, nil
}

// Holds reports whether day (YYYY-MM-DD) is within the period.
func (p Period) Holds(day string) bool { return day >= p.From && day <= p.To }

// Days is the number of days in the period.
func (p Period) Days() int {
	f, _ := time.Parse(time.DateOnly, p.From)
	t, _ := time.Parse(time.DateOnly, p.To)
	return int(t.Sub(f).Hours()/24) + 1
}
