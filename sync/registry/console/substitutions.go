package console

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"okienko/app/office"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// Zastępstwa in Urząd i ludzie: the periods a person is absent (urlop,
// zwolnienie lekarskie, delegacja, inne: the category only, never why)
// and who stands in, from–to inclusive, for all their matters or one
// unit's. The admin sets anyone's; a head the periods of the people of
// their own unit (for all their matters or their unit's); the secretary
// reads. Devices receive the periods at their next sync.

// SubstitutionItem is one period as the page lists it.
type SubstitutionItem struct {
	office.Substitution
	Absent     string `json:"absent"`     // the absent person's name
	AbsentUnit string `json:"absentUnit"` // their unit's symbol
	StandIn    string `json:"standIn"`    // the stand-in's name
	Unit       string `json:"unit"`       // the scope's unit symbol; "" all matters
	// Mine: the person asking may change or withdraw it.
	Mine bool `json:"mine"`
}

// StaffChoice is a person a form may name: absent or standing in.
type StaffChoice struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Login  string `json:"login"`
	UnitID string `json:"unitId"`
	// SubstituteID is the person's standing substitute, which the form
	// proposes as a new period's stand-in.
	SubstituteID string `json:"substituteId"`
	// Mine: the person asking may set this person's periods.
	Mine bool `json:"mine"`
}

// Substitutions is the page's part: the periods, the office's active
// people, the reasons and the units a period may be limited to.
type Substitutions struct {
	Periods []SubstitutionItem `json:"periods"`
	Staff   []StaffChoice      `json:"staff"`
	Reasons []office.Reason    `json:"reasons"`
	Units   []office.Unit      `json:"units"` // in use, that the person may limit a period to
	Today   string             `json:"today"` // the office's day, YYYY-MM-DD
}

// subFacts is what a period's checks of role need.
type subFacts struct {
	staff []office.Staff
	units []office.Unit
	sym   map[string]string // unit id → symbol
}

func (c *Console) subFacts(ctx context.Context, who Who) (subFacts, error) {
	staff, units, err := c.reg.StaffRows(ctx, who.OfficeID)
	if err != nil {
		return subFacts{}, err
	}
	f := subFacts{staff: staff, units: units, sym: map[string]string{}}
	for _, u := range units {
		f.sym[u.ID] = u.Symbol
	}
	return f, nil
}

// mayFor reports whether who may set the periods of the person absentID:
// the admin anyone's, a head those of their own unit's people.
func (f subFacts) mayFor(who Who, absentID string) bool {
	switch who.Role {
	case office.RoleAdmin:
		return true
	case office.RoleHead:
		s, ok := personOf(f.staff, absentID)
		return ok && who.Unit != "" && f.sym[s.UnitID] == who.Unit
	}
	return false
}

// mayStandIn reports whether who may name s's stand-in: the admin
// anyone; a head a person of their own unit, or the one the admin made
// the absent person's standing substitute, or the stand-in the period
// already had (was). Another unit's people are their own head's to
// dispose of.
func (f subFacts) mayStandIn(who Who, s office.Substitution, was ...office.Substitution) bool {
	if who.Role == office.RoleAdmin || f.mayFor(who, s.StandInID) {
		return true
	}
	if a, ok := personOf(f.staff, s.AbsentID); ok && a.SubstituteID != "" && a.SubstituteID == s.StandInID {
		return true
	}
	return len(was) > 0 && was[0].StandInID == s.StandInID
}

// mayScope reports whether who may limit a period to unitID: the admin
// any, a head their own unit ("" is all the person's matters).
func (f subFacts) mayScope(who Who, unitID string) bool {
	return unitID == "" || who.Role == office.RoleAdmin || f.sym[unitID] == who.Unit
}

func (c *Console) substitutions(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	f, err := c.subFacts(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	periods, err := c.reg.Substitutions(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	now, err := c.reg.OfficeNow(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	out := Substitutions{Periods: []SubstitutionItem{}, Staff: []StaffChoice{}, Reasons: office.Reasons, Units: []office.Unit{},
		Today: now.Format("2006-01-02")}
	names := map[string]string{}
	for _, s := range f.staff {
		names[s.ID] = s.FullName()
		if s.Active {
			out.Staff = append(out.Staff, StaffChoice{ID: s.ID, Name: s.FullName(), Login: s.Login, UnitID: s.UnitID, SubstituteID: s.SubstituteID,
				Mine: f.mayFor(who, s.ID)})
		}
	}
	slices.SortFunc(out.Staff, func(a, b StaffChoice) int { return compare(a.Name, b.Name) })
	for _, u := range f.units {
		if !u.Retired() && f.mayScope(who, u.ID) {
			out.Units = append(out.Units, u)
		}
	}
	for _, p := range periods {
		absent, _ := personOf(f.staff, p.AbsentID)
		if who.Role == office.RoleHead && f.sym[absent.UnitID] != who.Unit {
			continue // a head reads their unit's people
		}
		out.Periods = append(out.Periods, SubstitutionItem{Substitution: p, Absent: names[p.AbsentID], AbsentUnit: f.sym[absent.UnitID],
			StandIn: names[p.StandInID], Unit: f.sym[p.UnitID], Mine: f.mayFor(who, p.AbsentID) && f.mayScope(who, p.UnitID)})
	}
	answer(w, http.StatusOK, out)
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// SubstitutionInput is a period as the form sends it (absentId is taken
// only when a period is added).
type SubstitutionInput struct {
	AbsentID  string        `json:"absentId"`
	StandInID string        `json:"standInId"`
	From      string        `json:"from"`
	To        string        `json:"to"`
	UnitID    string        `json:"unitId"`
	Reason    office.Reason `json:"reason"`
}

// SubstitutionRefused answers a period refused by its meaning: the fields
// to correct and each problem's key with its named arguments.
type SubstitutionRefused struct {
	Error    string           `json:"error"` // "invalid"
	Fields   []string         `json:"fields"`
	Problems []office.Problem `json:"problems"`
}

func (c *Console) addSubstitution(w http.ResponseWriter, req *http.Request, who Who) {
	var in SubstitutionInput
	if !decode(w, req, &in) {
		return
	}
	c.saveSubstitution(w, req, who, "substitution.add", office.Substitution{AbsentID: in.AbsentID, StandInID: in.StandInID,
		From: in.From, To: in.To, UnitID: in.UnitID, Reason: in.Reason})
}

func (c *Console) changeSubstitution(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	var in SubstitutionInput
	if !decode(w, req, &in) {
		return
	}
	cur, err := c.reg.SubstitutionOf(ctx, who.OfficeID, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			c.audit(ctx, who.OfficeID, who.StaffID, "substitution.change", id, false)
		}
		c.fail(w, err)
		return
	}
	c.saveSubstitution(w, req, who, "substitution.change", office.Substitution{ID: id, AbsentID: cur.AbsentID, StandInID: in.StandInID,
		From: in.From, To: in.To, UnitID: in.UnitID, Reason: in.Reason}, cur)
}

// saveSubstitution checks who may set the period (and the one it
// changes, was), then has the registry check and store it.
func (c *Console) saveSubstitution(w http.ResponseWriter, req *http.Request, who Who, action string, s office.Substitution, was ...office.Substitution) {
	ctx := req.Context()
	f, err := c.subFacts(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	allowed := f.mayFor(who, s.AbsentID) && f.mayScope(who, s.UnitID) && f.mayStandIn(who, s, was...)
	for _, p := range was {
		allowed = allowed && f.mayScope(who, p.UnitID)
	}
	if !allowed {
		c.audit(ctx, who.OfficeID, who.StaffID, action, s.ID, false)
		c.log.Warn("console role refused", "office", who.OfficeID, "staff", who.StaffID, "action", action)
		c.fail(w, errRole)
		return
	}
	saved, err := c.reg.SaveSubstitution(ctx, who.OfficeID, s)
	var refused *registry.SubstitutionError
	switch {
	case errors.As(err, &refused):
		c.audit(ctx, who.OfficeID, who.StaffID, action, s.ID, false)
		out := SubstitutionRefused{Error: "invalid", Fields: []string{}, Problems: refused.Problems}
		for _, p := range refused.Problems {
			if !slices.Contains(out.Fields, p.Field) {
				out.Fields = append(out.Fields, p.Field)
			}
		}
		answer(w, http.StatusBadRequest, out)
		return
	case errors.Is(err, store.ErrNotFound):
		c.audit(ctx, who.OfficeID, who.StaffID, action, s.ID, false)
		c.fail(w, err)
		return
	case err != nil:
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, action, saved.ID, true)
	c.log.Info("console substitution saved", "office", who.OfficeID, "staff", who.StaffID, "substitution", saved.ID)
	c.substitutions(w, req, who)
}

func (c *Console) cancelSubstitution(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	cur, err := c.reg.SubstitutionOf(ctx, who.OfficeID, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			c.audit(ctx, who.OfficeID, who.StaffID, "substitution.cancel", id, false)
		}
		c.fail(w, err)
		return
	}
	f, err := c.subFacts(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	if !f.mayFor(who, cur.AbsentID) || !f.mayScope(who, cur.UnitID) {
		c.audit(ctx, who.OfficeID, who.StaffID, "substitution.cancel", id, false)
		c.log.Warn("console role refused", "office", who.OfficeID, "staff", who.StaffID, "action", "substitution.cancel")
		c.fail(w, errRole)
		return
	}
	if _, err := c.reg.CancelSubstitution(ctx, who.OfficeID, id); err != nil {
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "substitution.cancel", id, true)
	c.substitutions(w, req, who)
}
