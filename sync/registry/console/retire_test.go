package console_test

import (
	"net/http"
	"slices"
	"testing"

	"okienko/app/office"
	"okienko/sync/registry/console"
)

// TestRetireUnit: the admin retires a unit no one works in, and restores
// it; a unit with active people is refused, naming them; a retired unit
// takes no new person; the secretary and a head may neither retire nor
// restore; every act is audited.
func TestRetireUnit(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		var p console.People
		a.decode(a.do("POST", "/console/api/units", console.UnitInput{Symbol: "ARCH", Name: "Referat Archiwum"}), &p)
		i := slices.IndexFunc(p.Units, func(u office.Unit) bool { return u.Symbol == "ARCH" })
		arch := p.Units[i].ID
		so := p.Units[slices.IndexFunc(p.Units, func(u office.Unit) bool { return u.Symbol == "SO" })].ID

		for _, login := range []string{secretary, headSO} {
			b := o.as(t, login)
			for _, path := range []string{"/console/api/units/" + arch + "/retire", "/console/api/units/" + arch + "/restore"} {
				if r := b.do("POST", path, map[string]any{}); r.code != http.StatusForbidden || r.err() != "role" {
					t.Fatalf("%s at %s: %d %s", login, path, r.code, r.body)
				}
			}
		}
		r := a.do("POST", "/console/api/units/"+so+"/retire", map[string]any{})
		var staffed console.UnitStaffed
		if r.code != http.StatusConflict {
			t.Fatalf("retiring SO with its people: %d %s", r.code, r.body)
		}
		a.decode(reply{code: http.StatusOK, body: r.body}, &staffed)
		if staffed.Error != "staffed" || !slices.Contains(staffed.People, headSO) {
			t.Fatalf("the people named: %+v", staffed)
		}

		a.decode(a.do("POST", "/console/api/units/"+arch+"/retire", map[string]any{}), &p)
		i = slices.IndexFunc(p.Units, func(u office.Unit) bool { return u.ID == arch })
		if i < 0 || !p.Units[i].Retired() {
			t.Fatalf("retired: %+v", p.Units)
		}
		in := console.PersonInput{Login: "nnowy", FirstName: "Nina", LastName: "Nowa", Role: office.RoleClerk, UnitID: arch, Active: true}
		if r := a.do("POST", "/console/api/people", in); r.code != http.StatusBadRequest || !slices.Contains(fields(t, r), "unitId") {
			t.Fatalf("a person added to a retired unit: %d %s", r.code, r.body)
		}
		if r := a.do("POST", "/console/api/units/no-such-unit/retire", map[string]any{}); r.code != http.StatusNotFound {
			t.Fatalf("retiring no unit: %d", r.code)
		}

		a.decode(a.do("POST", "/console/api/units/"+arch+"/restore", map[string]any{}), &p)
		if i = slices.IndexFunc(p.Units, func(u office.Unit) bool { return u.ID == arch }); p.Units[i].Retired() {
			t.Fatalf("restored: %+v", p.Units[i])
		}
		var np console.NewPerson
		a.decode(a.do("POST", "/console/api/people", in), &np)

		var log []console.AuditItem
		a.decode(a.do("GET", "/console/api/audit", nil), &log)
		seen := map[string]bool{}
		for _, e := range log {
			seen[e.Action+"/"+e.Outcome] = true
		}
		for _, want := range []string{"unit.retire/ok", "unit.retire/refused", "unit.restore/ok", "unit.restore/refused"} {
			if !seen[want] {
				t.Fatalf("audit lacks %s: %v", want, seen)
			}
		}
	})
}
