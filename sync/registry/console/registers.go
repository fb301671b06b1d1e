package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"okienko/app/office"
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
	From    string `json:"from"`
	Started string `json:"started"`
	Settled string `json:"settled"`
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
			out.Lines = append(out.Lines, RegisterRow{No: l.No, Sign: l.Sign, State: l.State, Subject: l.Subject, From: l.From, Started: l.Started, Settled: l.Settled})
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
