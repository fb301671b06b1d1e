package console

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"

	"okienko/app/charset"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/registry/store"
)

// Urząd i ludzie: the office's data, its units and staff. The admin adds
// people, changes a role or unit, deactivates, resets a password (a
// one-time password shown once) and chooses the devices each may sign in
// on; the secretary reads; a head reads their unit's people.

// OfficeData is the office's own record, as devices have it.
type OfficeData struct {
	Name         string `json:"name"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	City         string `json:"city"`
	TERYT        string `json:"teryt"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	EPUAP        string `json:"epuap"`
	OpeningHours string `json:"openingHours"`
}

// DeviceRef names a device.
type DeviceRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PersonItem is a person of the office's staff: no password, no verifier.
type PersonItem struct {
	ID        string      `json:"id"`
	Login     string      `json:"login"`
	FirstName string      `json:"firstName"`
	LastName  string      `json:"lastName"`
	Role      office.Role `json:"role"`
	UnitID    string      `json:"unitId"`
	Unit      string      `json:"unit"`
	Position  string      `json:"position"`
	Room      string      `json:"room"`
	PhoneExt  string      `json:"phoneExt"`
	Email     string      `json:"email"`
	Active    bool        `json:"active"`
	// Substitute is the login of who stands in for the person.
	Substitute string `json:"substitute"`
	// SubstituteID is their staff id, as the form chooses it.
	SubstituteID string      `json:"substituteId"`
	Devices      []DeviceRef `json:"devices"`
}

// People is the Urząd i ludzie page.
type People struct {
	Office  OfficeData    `json:"office"`
	Units   []office.Unit `json:"units"`
	People  []PersonItem  `json:"people"`
	Devices []DeviceRef   `json:"devices"` // the office's devices not revoked
}

func (c *Console) peopleOf(ctx context.Context, who Who) (People, []office.Staff, error) {
	staff, units, err := c.reg.StaffRows(ctx, who.OfficeID)
	if err != nil {
		return People{}, nil, err
	}
	out := People{Units: units, People: []PersonItem{}, Devices: []DeviceRef{}}
	if out.Units == nil {
		out.Units = []office.Unit{}
	}
	rows, err := c.st.RowsOf(ctx, who.OfficeID, "office")
	if err != nil {
		return People{}, nil, err
	}
	for _, r := range rows {
		flat := make(map[string]json.RawMessage, len(r.Fields))
		for k, f := range r.Fields {
			flat[k] = f.V
		}
		raw, _ := json.Marshal(flat)
		_ = json.Unmarshal(raw, &out.Office)
	}
	sym, logins := map[string]string{}, map[string]string{}
	for _, u := range units {
		sym[u.ID] = u.Symbol
	}
	for _, s := range staff {
		logins[s.ID] = s.Login
	}
	devs, err := c.st.Devices(ctx, who.OfficeID)
	if err != nil {
		return People{}, nil, err
	}
	on := map[string][]DeviceRef{} // login → devices
	for _, d := range devs {
		if d.Revoked() {
			continue
		}
		ref := DeviceRef{ID: d.ID, Name: d.Name}
		out.Devices = append(out.Devices, ref)
		people, err := c.reg.DevicePeople(ctx, d.ID)
		if err != nil {
			return People{}, nil, err
		}
		for _, l := range people {
			on[l] = append(on[l], ref)
		}
	}
	for _, s := range staff {
		if who.Role == office.RoleHead && sym[s.UnitID] != who.Unit {
			continue
		}
		ds := on[s.Login]
		if ds == nil {
			ds = []DeviceRef{}
		}
		out.People = append(out.People, PersonItem{ID: s.ID, Login: s.Login, FirstName: s.FirstName, LastName: s.LastName, Role: s.Role,
			UnitID: s.UnitID, Unit: sym[s.UnitID], Position: s.Position, Room: s.Room, PhoneExt: s.PhoneExt, Email: s.Email, Active: s.Active,
			Substitute: logins[s.SubstituteID], SubstituteID: s.SubstituteID, Devices: ds})
	}
	return out, staff, nil
}

func (c *Console) people(w http.ResponseWriter, req *http.Request, who Who) {
	p, _, err := c.peopleOf(req.Context(), who)
	if err != nil {
		c.fail(w, err)
		return
	}
	answer(w, http.StatusOK, p)
}

// PersonInput is a person as the admin's form sends it.
type PersonInput struct {
	Login     string      `json:"login"`
	FirstName string      `json:"firstName"`
	LastName  string      `json:"lastName"`
	Role      office.Role `json:"role"`
	UnitID    string      `json:"unitId"`
	Position  string      `json:"position"`
	Room      string      `json:"room"`
	PhoneExt  string      `json:"phoneExt"`
	Email     string      `json:"email"`
	Active    bool        `json:"active"`
	// SubstituteID is the standing substitute (stały zastępca): an active
	// person of the office other than this one, or "" for none.
	SubstituteID string `json:"substituteId"`
}

// checkSubstitute answers whether the standing substitute may stand in
// for the person id ("" for a new one): none, or another active person
// of the office.
func (in *PersonInput) checkSubstitute(staff []office.Staff, id string) bool {
	if in.SubstituteID == "" {
		return true
	}
	sub, ok := personOf(staff, in.SubstituteID)
	return ok && sub.Active && sub.ID != id
}

var loginPattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{1,39}$`)

// check answers the fields the form must correct ("" when none). A
// retired unit takes no one: neither a new person nor one moved or made
// active again (keep is the unit the person already has, "" for a new
// one; a person left inactive in a retired unit may still be edited).
func (in *PersonInput) check(units []office.Unit, keep string) []string {
	var bad []string
	cleanFields(&in.Login, &in.FirstName, &in.LastName, &in.Position, &in.Room, &in.PhoneExt, &in.Email)
	text := func(name, v string, need bool, k charset.Kind) {
		if (need && v == "") || !fieldText(k, v) {
			bad = append(bad, name)
		}
	}
	if !loginPattern.MatchString(in.Login) {
		bad = append(bad, "login")
	}
	text("firstName", in.FirstName, true, charset.Name)
	text("lastName", in.LastName, true, charset.Name)
	text("position", in.Position, false, charset.Text)
	text("room", in.Room, false, charset.Text)
	text("phoneExt", in.PhoneExt, false, charset.Phone)
	text("email", in.Email, false, charset.Email)
	if in.Email != "" && !strings.Contains(in.Email, "@") {
		bad = append(bad, "email")
	}
	if !slices.Contains(office.Roles, in.Role) {
		bad = append(bad, "role")
	}
	i := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == in.UnitID })
	if i < 0 || units[i].Retired() && (in.UnitID != keep || in.Active) {
		bad = append(bad, "unitId")
	}
	return bad
}

// invalidFields answers 400 naming the fields to correct.
func invalidFields(w http.ResponseWriter, fields []string) {
	answer(w, http.StatusBadRequest, map[string]any{"error": "invalid", "fields": fields})
}

// savePerson writes a person's staff row (the registry's: devices receive
// it at their next sync).
func (c *Console) savePerson(ctx context.Context, who Who, s office.Staff) error {
	if s.Competences == nil {
		s.Competences = []string{}
	}
	_, err := c.reg.ImportStaff(ctx, who.OfficeID, []demo.StaffAccount{{Staff: s}})
	return err
}

// NewPerson answers a person added: their one-time password, shown once.
type NewPerson struct {
	Person   PersonItem `json:"person"`
	Password string     `json:"password"`
}

func (c *Console) addPerson(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	var in PersonInput
	if !decode(w, req, &in) {
		return
	}
	p, staff, err := c.peopleOf(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	bad := in.check(p.Units, "")
	if slices.ContainsFunc(staff, func(s office.Staff) bool { return s.Login == in.Login }) {
		bad = append(bad, "login")
	}
	if !in.checkSubstitute(staff, "") {
		bad = append(bad, "substituteId")
	}
	if len(bad) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "person.add", "", false)
		invalidFields(w, bad)
		return
	}
	s := office.Staff{ID: uuid.Must(uuid.NewV7()).String(), Login: in.Login, FirstName: in.FirstName, LastName: in.LastName, Role: in.Role,
		UnitID: in.UnitID, Position: in.Position, Room: in.Room, PhoneExt: in.PhoneExt, Email: in.Email, Active: true, SubstituteID: in.SubstituteID}
	if err := c.savePerson(ctx, who, s); err != nil {
		c.fail(w, err)
		return
	}
	pw, err := c.reg.IssuePassword(ctx, who.OfficeID, s.ID)
	if err != nil {
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "person.add", s.ID, true)
	c.log.Info("console person added", "office", who.OfficeID, "staff", who.StaffID, "person", s.ID)
	answer(w, http.StatusOK, NewPerson{Person: PersonItem{ID: s.ID, Login: s.Login, FirstName: s.FirstName, LastName: s.LastName, Role: s.Role,
		UnitID: s.UnitID, Position: s.Position, Room: s.Room, PhoneExt: s.PhoneExt, Email: s.Email, Active: true,
		SubstituteID: s.SubstituteID, Devices: []DeviceRef{}}, Password: pw})
}

// personOf finds a person of the office by id.
func personOf(staff []office.Staff, id string) (office.Staff, bool) {
	i := slices.IndexFunc(staff, func(s office.Staff) bool { return s.ID == id })
	if i < 0 {
		return office.Staff{}, false
	}
	return staff[i], true
}

func (c *Console) changePerson(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	var in PersonInput
	if !decode(w, req, &in) {
		return
	}
	p, staff, err := c.peopleOf(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	s, ok := personOf(staff, id)
	if !ok {
		c.audit(ctx, who.OfficeID, who.StaffID, "person.change", id, false)
		c.fail(w, store.ErrNotFound)
		return
	}
	in.Login = s.Login // a login never changes: devices and the audit know a person by it
	bad := in.check(p.Units, s.UnitID)
	if !in.checkSubstitute(staff, s.ID) {
		bad = append(bad, "substituteId")
	}
	if len(bad) > 0 {
		c.audit(ctx, who.OfficeID, who.StaffID, "person.change", id, false)
		invalidFields(w, bad)
		return
	}
	if id == who.StaffID && (in.Role != office.RoleAdmin || !in.Active) {
		// The admin cannot lock themselves out of the console.
		c.audit(ctx, who.OfficeID, who.StaffID, "person.change", id, false)
		answer(w, http.StatusConflict, apiError{Error: "self"})
		return
	}
	s.FirstName, s.LastName, s.Role, s.UnitID = in.FirstName, in.LastName, in.Role, in.UnitID
	s.Position, s.Room, s.PhoneExt, s.Email, s.Active = in.Position, in.Room, in.PhoneExt, in.Email, in.Active
	s.SubstituteID = in.SubstituteID
	if err := c.savePerson(ctx, who, s); err != nil {
		c.fail(w, err)
		return
	}
	// A deactivated person's console session ends at their next request
	// (every request reads the person again); devices refuse them once
	// the row arrives.
	c.audit(ctx, who.OfficeID, who.StaffID, "person.change", id, true)
	c.people(w, req, who)
}

func (c *Console) resetPassword(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	pw, err := c.reg.IssuePassword(ctx, who.OfficeID, id)
	if err != nil {
		c.audit(ctx, who.OfficeID, who.StaffID, "person.password", id, false)
		c.fail(w, err)
		return
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "person.password", id, true)
	answer(w, http.StatusOK, map[string]string{"password": pw})
}

// personDevices sets the devices a person may sign in on: each device of
// the office gains or loses them, its other people unchanged.
func (c *Console) personDevices(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	id := req.PathValue("id")
	var in struct {
		Devices []string `json:"devices"`
	}
	if !decode(w, req, &in) {
		return
	}
	p, staff, err := c.peopleOf(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	s, ok := personOf(staff, id)
	if !ok {
		c.audit(ctx, who.OfficeID, who.StaffID, "person.devices", id, false)
		c.fail(w, store.ErrNotFound)
		return
	}
	for _, d := range in.Devices {
		if !slices.ContainsFunc(p.Devices, func(r DeviceRef) bool { return r.ID == d }) {
			c.audit(ctx, who.OfficeID, who.StaffID, "person.devices", id, false)
			invalidFields(w, []string{"devices"})
			return
		}
	}
	for _, d := range p.Devices {
		people, err := c.reg.DevicePeople(ctx, d.ID)
		if err != nil {
			c.fail(w, err)
			return
		}
		want := slices.Contains(in.Devices, d.ID)
		has := slices.Contains(people, s.Login)
		switch {
		case want && !has:
			people = append(people, s.Login)
		case !want && has:
			people = slices.DeleteFunc(people, func(l string) bool { return l == s.Login })
		default:
			continue
		}
		if err := c.reg.SetDevicePeople(ctx, d.ID, people); err != nil {
			c.fail(w, err)
			return
		}
	}
	c.audit(ctx, who.OfficeID, who.StaffID, "person.devices", id, true)
	c.people(w, req, who)
}
