package console

import (
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"okienko/app/charset"
	"okienko/app/office"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// Units (referaty, wydziały, USC: komórki organizacyjne) edited in Urząd i ludzie by the admin: added
// and renamed, with their room, phone and e-mail. A unit's symbol opens
// every case sign and names its registers, so it is fixed once the unit
// exists: a rename changes the name, never the signs already given. The
// rows are the registry's, and devices receive them at their next sync.

// UnitInput is a unit as the admin's form sends it.
type UnitInput struct {
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Room   string `json:"room"`
	Phone  string `json:"phone"`
	Email  string `json:"email"`
}

var symbolPattern = regexp.MustCompile(`^[A-ZĄĆĘŁŃÓŚŹŻ][A-ZĄĆĘŁŃÓŚŹŻ0-9-]{0,11}$`)

// check answers the fields the form must correct: a symbol of capitals
// (no dot: it is a sign's separator), a name not empty, and both unique
// in the office (a name compared without case and spaces around), the
// unit itself (id) left out.
func (in *UnitInput) check(units []office.Unit, id string) []string {
	cleanFields(&in.Symbol, &in.Name, &in.Room, &in.Phone, &in.Email)
	var bad []string
	text := func(name, v string, need bool, k charset.Kind) {
		if (need && v == "") || !fieldText(k, v) {
			bad = append(bad, name)
		}
	}
	others := slices.DeleteFunc(slices.Clone(units), func(u office.Unit) bool { return u.ID == id })
	if !symbolPattern.MatchString(in.Symbol) || slices.ContainsFunc(others, func(u office.Unit) bool { return u.Symbol == in.Symbol }) {
		bad = append(bad, "symbol")
	}
	text("name", in.Name, true, charset.Text)
	if in.Name != "" && slices.ContainsFunc(others, func(u office.Unit) bool { return strings.EqualFold(strings.TrimSpace(u.Name), in.Name) }) {
		bad = append(bad, "name")
	}
	text("room", in.Room, false, charset.Text)
	text("phone", in.Phone, false, charset.Phone)
	text("email", in.Email, false, charset.Email)
	if in.Email != "" && !strings.Contains(in.Email, "@") {
		bad = append(bad, "email")
	}
	return slices.Compact(bad)
}

func (c *Console) addUnit(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	var in UnitInput
	if !decode(w, req, &in) {
		return
	}
	_, units, err := c.reg.StaffRows(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	if bad := in.check(units, ""); len(bad) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "unit.add", "", false)
		invalidFields(w, bad)
		return
	}
	u := office.Unit{ID: uuid.Must(uuid.NewV7()).String(), Symbol: in.Symbol, Name: in.Name, Room: in.Room, Phone: in.Phone, Email: in.Email}
	if err := c.reg.SaveUnit(ctx, who.OfficeID, u); err != nil {
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "unit.add", u.ID, true)
	c.people(w, req, who)
}

func (c *Console) changeUnit(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	var in UnitInput
	if !decode(w, req, &in) {
		return
	}
	_, units, err := c.reg.StaffRows(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	i := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == id })
	if i < 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "unit.change", id, false)
		c.fail(w, store.ErrNotFound)
		return
	}
	in.Symbol = units[i].Symbol // fixed: the signs and registers carry it
	if bad := in.check(units, id); len(bad) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "unit.change", id, false)
		invalidFields(w, bad)
		return
	}
	u := units[i]
	u.Name, u.Room, u.Phone, u.Email = in.Name, in.Room, in.Phone, in.Email
	if err := c.reg.SaveUnit(ctx, who.OfficeID, u); err != nil {
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "unit.change", id, true)
	c.people(w, req, who)
}

// A unit no longer used is retired, never deleted: its cases, signs and
// registers refer to it. Retired, it takes no new cases, numbers or
// people (Registry.RetireUnit); it stays readable and printable, and can
// be restored. Retiring is refused while active people belong to it: the
// answer names them, to be moved to another unit first.

// UnitStaffed answers a retirement refused: the logins still in the unit.
type UnitStaffed struct {
	Error  string   `json:"error"` // "staffed"
	People []string `json:"people"`
}

func (c *Console) retireUnit(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	_, left, err := c.reg.RetireUnit(ctx, who.OfficeID, id)
	switch {
	case errors.Is(err, registry.ErrUnitStaffed):
		c.audit(ctx, who.OfficeID, who.StaffID, "unit.retire", id, false)
		answer(w, http.StatusConflict, UnitStaffed{Error: "staffed", People: left})
		return
	case errors.Is(err, store.ErrNotFound):
		c.audit(ctx, who.OfficeID, who.StaffID, "unit.retire", id, false)
		c.fail(w, err)
		return
	case err != nil:
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "unit.retire", id, true)
	c.people(w, req, who)
}

func (c *Console) restoreUnit(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	if _, err := c.reg.RestoreUnit(ctx, who.OfficeID, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			c.audit(ctx, who.OfficeID, who.StaffID, "unit.restore", id, false)
		}
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "unit.restore", id, true)
	c.people(w, req, who)
}
