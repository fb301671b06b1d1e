package report

// The sections of issue 14's registers: complaints and motions, home
// visits, letters and the survey. Each takes plain counts its area's store
// gave (so this package stays free of the areas' types) and, like the
// others, says "empty" rather than showing zeros as data.

// Tallied is a count of a register's entries of one kind, state and unit.
type Tallied struct {
	Kind  string // complaint, motion, remark (complaints only)
	State string // an outcome or a status
	Unit  string // the unit's symbol ("" when none)
	N     int
}

// tallyIn keeps the counts within the scope.
func tallyIn(ts []Tallied, sc Scope) []Tallied {
	return within(ts, sc, func(t Tallied) string { return t.Unit })
}

// Complaints is the section of complaints and motions received in the
// period, by how they were settled (an open one: "pending").
func Complaints(ts []Tallied, sc Scope) Section {
	s := Section{Key: SectionComplaints, NoteKey: "report.complaints.note"}
	ts = tallyIn(ts, sc)
	outcomes := []string{"justified", "unjustified", "forwarded", "left", "pending"}
	idx := map[string]int{}
	for i, o := range outcomes {
		idx[o] = i
	}
	kinds := map[string]float64{}
	byKind := newTally(len(outcomes))
	total := 0
	for _, t := range ts {
		state := t.State
		if _, ok := idx[state]; !ok {
			state = "pending"
		}
		label := "report.complaints.kind." + t.Kind
		byKind.isKey[label] = true
		for range t.N {
			byKind.add(label, idx[state])
		}
		kinds[t.Kind] += float64(t.N)
		total += t.N
	}
	if total == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{
		{Key: "report.complaints.complaints", Value: kinds["complaint"], Unit: UnitCount},
		{Key: "report.complaints.motions", Value: kinds["motion"], Unit: UnitCount},
		{Key: "report.complaints.remarks", Value: kinds["remark"], Unit: UnitCount},
	}
	cols := make([]string, len(outcomes))
	for i, o := range outcomes {
		cols[i] = "report.complaints.outcome." + o
	}
	s.Breakdowns = []Breakdown{{Key: "report.complaints.byKind", Chart: ChartStacked, Columns: cols, Rows: byKind.rows()}}
	return s
}

// Visits is the section of home visits requested in the period, by where
// they stand.
func Visits(ts []Tallied, sc Scope) Section {
	s := Section{Key: SectionVisits, NoteKey: "report.visits.note"}
	ts = tallyIn(ts, sc)
	states := []string{"done", "absent", "assigned", "requested"}
	idx := map[string]int{}
	for i, o := range states {
		idx[o] = i
	}
	counts := make([]float64, len(states))
	byUnit := newTally(len(states))
	total := 0
	for _, t := range ts {
		i, ok := idx[t.State]
		if !ok {
			continue
		}
		counts[i] += float64(t.N)
		for range t.N {
			byUnit.addKey(t.Unit, i)
		}
		total += t.N
	}
	if total == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{{Key: "report.visits.count", Value: float64(total), Unit: UnitCount}}
	cols := make([]string, len(states))
	for i, o := range states {
		cols[i] = "report.visits.state." + o
		s.Figures = append(s.Figures, Figure{Key: cols[i], Value: counts[i], Unit: UnitCount})
	}
	s.Breakdowns = []Breakdown{{Key: "report.visits.byUnit", Chart: ChartStacked, Columns: cols, Rows: byUnit.rows()}}
	return s
}

// LetterCounts are the letters received in the period and how they stand.
type LetterCounts struct {
	Received, Answered, AnsweredLate, Overdue int
}

// Letters is the section of letters and e-mails received in the period
// (the office's whole correspondence: a letter is the office's, not a
// unit's, until someone is named to answer it).
func Letters(c LetterCounts) Section {
	s := Section{Key: SectionLetters, NoteKey: "report.letters.note"}
	if c.Received == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{
		{Key: "report.letters.received", Value: float64(c.Received), Unit: UnitCount},
		{Key: "report.letters.answered", Value: float64(c.Answered), Unit: UnitCount},
		{Key: "report.letters.answeredLate", Value: float64(c.AnsweredLate), Unit: UnitCount},
		{Key: "report.letters.overdue", Value: float64(c.Overdue), Unit: UnitCount},
	}
	onTime := c.Answered - c.AnsweredLate
	waiting := c.Received - c.Answered
	s.Breakdowns = []Breakdown{{Key: "report.letters.how", Chart: ChartStacked,
		Columns: []string{"report.letters.col.onTime", "report.letters.col.late", "report.letters.col.waiting"},
		Rows:    []Row{{LabelKey: "report.letters.row", Values: []float64{float64(onTime), float64(c.AnsweredLate), float64(waiting)}}}}}
	return s
}

// Score is one survey question's answers: how many gave each score 1-5.
type Score struct {
	Question string
	ByScore  [5]int
}

// Survey is the section of the satisfaction survey's answers given in the
// period: each question's mean and how many gave each score.
func Survey(answers int, scores []Score) Section {
	s := Section{Key: SectionSurvey, NoteKey: "report.survey.note"}
	if answers == 0 {
		s.State = StateEmpty
		return s
	}
	s.State = StateData
	s.Figures = []Figure{{Key: "report.survey.answers", Value: float64(answers), Unit: UnitCount}}
	b := Breakdown{Key: "report.survey.byQuestion", Chart: ChartStacked}
	for i := 1; i <= 5; i++ {
		b.Columns = append(b.Columns, "report.survey.score"+string(rune('0'+i)))
	}
	for _, q := range scores {
		n, sum := 0, 0
		row := Row{LabelKey: "report.survey.q." + q.Question}
		for i, c := range q.ByScore {
			n += c
			sum += c * (i + 1)
			row.Values = append(row.Values, float64(c))
		}
		if n > 0 {
			s.Figures = append(s.Figures, Figure{Key: "report.survey.mean." + q.Question, Value: round1(float64(sum) / float64(n)), Unit: UnitCount})
		}
		b.Rows = append(b.Rows, row)
	}
	s.Breakdowns = []Breakdown{b}
	return s
}
