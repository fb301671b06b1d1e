package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/complaints"
	"okienko/app/letters"
	"okienko/app/office"
	"okienko/app/visits"
	"okienko/sync/registry"
)

// Rejestry: the spis spraw of each register the registry holds (every
// number of a unit's JRWA class in a year: used, cancelled, reserved or
// missing), to read and print. A head reads their unit's registers.

// RegisterRef is one register: a unit's JRWA class in a year.
type RegisterRef struct {
	Unit string `json:"unit"`
	JRWA string `json:"jrwa"`
	Year int    `json:"year"`
}

// RegisterRow is one number of the spis spraw.
type RegisterRow struct {
	No      int    `json:"no"`
	Sign    string `json:"sign"`
	State   string `json:"state"`
	Subject string `json:"subject"`
	From    string `json:"from"` // the client by initials ("Z. W."): the PDF names them
	Started string `json:"started"`
	Settled string `json:"settled"`
	// Awaiting: used on a device whose case has not reached the registry.
	Awaiting bool `json:"awaiting"`
}

// Registers is the Rejestry page: the registers, and the one asked for.
type Registers struct {
	Registers []RegisterRef  `json:"registers"`
	Chosen    *RegisterRef   `json:"chosen"`
	Lines     []RegisterRow  `json:"lines"`
	Counts    map[string]int `json:"counts"`
}

// registerList reads the registers the person may see, newest year first.
func (c *Console) registerList(req *http.Request, who Who) ([]RegisterRef, error) {
	rows, err := c.st.RowsOf(req.Context(), who.OfficeID, "case_number")
	if err != nil {
		return nil, err
	}
	seen := map[RegisterRef]bool{}
	for _, r := range rows {
		var n struct {
			Unit, JRWA string
			Year       int
		}
		flat := make(map[string]json.RawMessage, 3)
		for _, k := range []string{"unit", "jrwa", "year"} {
			flat[k] = r.Fields[k].V
		}
		raw, _ := json.Marshal(flat)
		if json.Unmarshal(raw, &n) != nil || n.Unit == "" {
			continue
		}
		if who.Role == office.RoleHead && n.Unit != who.Unit {
			continue
		}
		seen[RegisterRef{Unit: n.Unit, JRWA: n.JRWA, Year: n.Year}] = true
	}
	out := make([]RegisterRef, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b RegisterRef) int {
		if a.Year != b.Year {
			return b.Year - a.Year
		}
		if a.Unit != b.Unit {
			return strings.Compare(a.Unit, b.Unit)
		}
		return strings.Compare(a.JRWA, b.JRWA)
	})
	return out, nil
}

// chosen is the register the query names (?unit=&jrwa=&year=), if the
// person may see it.
func chosen(req *http.Request, list []RegisterRef) (RegisterRef, bool) {
	q := req.URL.Query()
	y, _ := strconv.Atoi(q.Get("year"))
	want := RegisterRef{Unit: q.Get("unit"), JRWA: q.Get("jrwa"), Year: y}
	return want, slices.Contains(list, want)
}

func (c *Console) registers(w http.ResponseWriter, req *http.Request, who Who) {
	list, err := c.registerList(req, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	out := Registers{Registers: list, Lines: []RegisterRow{}, Counts: map[string]int{}}
	if req.URL.Query().Get("unit") != "" {
		r, ok := chosen(req, list)
		if !ok {
			answer(w, http.StatusNotFound, apiError{Error: "not_found"})
			return
		}
		lines, err := c.reg.Register(req.Context(), who.OfficeID, r.Unit, r.JRWA, r.Year)
		if err != nil {
			c.fail(w, err)
			return
		}
		out.Chosen = &r
		for _, l := range lines {
			// The screen names the client by initials, as the year's
			// registers do: the printed spis spraw, the register itself,
			// names them in full.
			out.Lines = append(out.Lines, RegisterRow{No: l.No, Sign: l.Sign, State: l.State, Subject: l.Subject, From: cases.MaskName(l.From),
				Started: l.Started, Settled: l.Settled, Awaiting: l.Awaiting})
			out.Counts[l.State]++
		}
	}
	answer(w, http.StatusOK, out)
}

// registerPDF prints the spis spraw of a register.
func (c *Console) registerPDF(w http.ResponseWriter, req *http.Request, who Who) {
	list, err := c.registerList(req, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	r, ok := chosen(req, list)
	if !ok {
		answer(w, http.StatusNotFound, apiError{Error: "not_found"})
		return
	}
	var buf bytes.Buffer
	if _, err := c.reg.WriteRegisterPDF(req.Context(), &buf, who.OfficeID, r.Unit, r.JRWA, r.Year); err != nil {
		c.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="spis-spraw-`+r.Unit+"-"+r.JRWA+"-"+strconv.Itoa(r.Year)+`.pdf"`)
	w.Write(buf.Bytes())
}

// The year's registers of authorizations, complaints and motions, and
// correspondence (issue 14), from the devices' synced rows: a list with
// client identifiers masked (initials), and the desktop's PDF. A head
// sees their unit's entries (an authorization's or complaint's unit; a
// letter's assignee's unit).

// YearRow is one entry of a year's register as the console lists it.
type YearRow struct {
	No      int    `json:"no"`
	Number  string `json:"number"`  // an authorization's number
	Date    string `json:"date"`    // YYYY-MM-DD: issued, received
	Kind    string `json:"kind"`    // the locale key of a complaint's kind or a letter's channel
	Who     string `json:"who"`     // the author or sender, masked; the authorized person
	Subject string `json:"subject"` // the matter or subject
	Unit    string `json:"unit"`
	State   string `json:"state"` // the locale key of its state: visits.authState.valid…
	Due     string `json:"due"`   // YYYY-MM-DD
}

// YearRegister is the page of one register of one year.
type YearRegister struct {
	Kind  string    `json:"kind"`
	Year  int       `json:"year"`
	Years []int     `json:"years"`
	Rows  []YearRow `json:"rows"`
}

var yearKinds = []string{registry.RegisterVisits, registry.RegisterComplaints, registry.RegisterLetters}

// yearRegisters reads the asked year of a register for the person, a head's
// cut to their unit.
func (c *Console) yearRegisters(req *http.Request, who Who, kind string) (registry.YearRegisters, int, bool, error) {
	q := req.URL.Query()
	now, err := c.reg.OfficeNow(req.Context(), who.OfficeID)
	if err != nil {
		return registry.YearRegisters{}, 0, false, err
	}
	year := now.Year()
	if s := q.Get("year"); s != "" {
		if year, err = strconv.Atoi(s); err != nil || year < 2000 || year > 2200 {
			return registry.YearRegisters{}, 0, false, nil
		}
	}
	y, err := c.reg.Registers(req.Context(), who.OfficeID, year)
	if err != nil {
		return y, 0, false, err
	}
	if who.Role == office.RoleHead {
		unitID := ""
		for _, u := range y.Units {
			if u.Symbol == who.Unit {
				unitID = u.ID
			}
		}
		inUnit := map[string]bool{}
		for _, s := range y.Staff {
			if s.UnitID == unitID && unitID != "" {
				inUnit[s.ID] = true
			}
		}
		y.Visits = slices.DeleteFunc(y.Visits, func(a visits.Authorization) bool { return unitID == "" || a.UnitID != unitID })
		y.Complaints = slices.DeleteFunc(y.Complaints, func(e complaints.Entry) bool { return unitID == "" || e.UnitID != unitID })
		y.Letters = slices.DeleteFunc(y.Letters, func(l letters.Letter) bool { return !inUnit[l.AssigneeID] })
	}
	return y, year, true, nil
}

func (c *Console) yearRegister(kind string) handler {
	return func(w http.ResponseWriter, req *http.Request, who Who) { c.writeYearRegister(w, req, who, kind) }
}

func (c *Console) writeYearRegister(w http.ResponseWriter, req *http.Request, who Who, kind string) {
	y, year, ok, err := c.yearRegisters(req, who, kind)
	if err != nil {
		c.fail(w, err)
		return
	}
	if !ok {
		answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
		return
	}
	now := y.Now.Year()
	years := []int{}
	for yr := now; yr >= now-4; yr-- {
		years = append(years, yr)
	}
	if !slices.Contains(years, year) {
		years = append(years, year)
	}
	out := YearRegister{Kind: kind, Year: year, Years: years, Rows: []YearRow{}}
	names, units := y.Names(), y.UnitNames()
	today := y.Now.Format(time.DateOnly)
	loc := y.Now.Location()
	switch kind {
	case registry.RegisterVisits:
		for i, a := range y.Visits {
			out.Rows = append(out.Rows, YearRow{No: i + 1, Number: a.Number(), Date: a.IssuedAt.In(loc).Format(time.DateOnly),
				Who: names[a.StaffID], Subject: a.Matter, Unit: units[a.UnitID], State: "visits.authState." + a.State(today), Due: a.ValidUntil})
		}
	case registry.RegisterComplaints:
		for i, e := range y.Complaints {
			author := cases.MaskName(e.Name)
			if e.Anonymous {
				author = ""
			}
			state := "complaints.status." + string(e.Status)
			if e.Outcome != "" {
				state = "complaints.outcome." + string(e.Outcome)
			}
			due := e.DueOn
			if e.ExtendedTo != "" {
				due = e.ExtendedTo
			}
			out.Rows = append(out.Rows, YearRow{No: i + 1, Date: e.ReceivedOn, Kind: "complaints.kind." + string(e.Kind), Who: author,
				Subject: e.Subject, Unit: units[e.UnitID], State: state, Due: due})
		}
	case registry.RegisterLetters:
		for i, l := range y.Letters {
			out.Rows = append(out.Rows, YearRow{No: i + 1, Date: l.ReceivedAt.In(loc).Format(time.DateOnly), Kind: "letters.channel." + string(l.Channel),
				Who: cases.MaskName(l.Sender), Subject: l.Subject, Unit: names[l.AssigneeID],
				State: "letters.state." + string(letters.StateAt(l, y.Now)), Due: l.DueAt.In(loc).Format(time.DateOnly)})
		}
	}
	answer(w, http.StatusOK, out)
}

// yearRegisterPDF prints a year's register as the desktop prints it.
func (c *Console) yearRegisterPDF(kind string) handler {
	return func(w http.ResponseWriter, req *http.Request, who Who) { c.printYearRegister(w, req, who, kind) }
}

func (c *Console) printYearRegister(w http.ResponseWriter, req *http.Request, who Who, kind string) {
	y, year, ok, err := c.yearRegisters(req, who, kind)
	if err != nil {
		c.fail(w, err)
		return
	}
	if !ok {
		answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
		return
	}
	var buf bytes.Buffer
	if err := registry.WriteYearRegisterPDF(&buf, y, kind, year); err != nil {
		c.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `inline; filename="rejestr-`+kind+"-"+strconv.Itoa(year)+`.pdf"`)
	w.Write(buf.Bytes())
}
