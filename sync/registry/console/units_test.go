package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"okienko/app/office"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
)

// TestAdminEditsUnits: the admin adds a unit and renames it; an empty or
// taken name, a taken or malformed symbol are refused naming the field;
// the symbol of a unit never changes; the secretary and a head may not;
// the unit is the registry's row, which devices pull.
func TestAdminEditsUnits(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		var p console.People
		a.decode(a.do("GET", "/console/api/people", nil), &p)
		taken := p.Units[0]
		for _, bad := range []struct {
			in    console.UnitInput
			field string
		}{
			{console.UnitInput{Symbol: "OS", Name: "  "}, "name"},
			{console.UnitInput{Symbol: "OS", Name: " " + taken.Name + " "}, "name"},
			{console.UnitInput{Symbol: taken.Symbol, Name: "Referat Nowy"}, "symbol"},
			{console.UnitInput{Symbol: "o.s", Name: "Referat Nowy"}, "symbol"},
			// What the printouts' font cannot draw would leave every receipt
			// of the unit unprintable, on every device.
			{console.UnitInput{Symbol: "OS", Name: "Referat 😀"}, "name"},
			{console.UnitInput{Symbol: "OS", Name: "Referat Nowy", Room: "12\x01"}, "room"},
			{console.UnitInput{Symbol: "OS", Name: "Referat Nowy", Phone: "tel. 44 725"}, "phone"},
		} {
			r := a.do("POST", "/console/api/units", bad.in)
			if r.code != http.StatusBadRequest || !slices.Contains(fields(t, r), bad.field) {
				t.Fatalf("unit %+v: %d %s, want %s refused", bad.in, r.code, r.body, bad.field)
			}
		}
		a.decode(a.do("POST", "/console/api/units", console.UnitInput{Symbol: "OS", Name: "Referat Oświaty", Room: "12"}), &p)
		i := slices.IndexFunc(p.Units, func(u office.Unit) bool { return u.Symbol == "OS" })
		if i < 0 || p.Units[i].Name != "Referat Oświaty" || p.Units[i].Room != "12" {
			t.Fatalf("the unit added: %+v", p.Units)
		}
		id := p.Units[i].ID
		a.decode(a.do("POST", "/console/api/units/"+id, console.UnitInput{Symbol: "XX", Name: "Referat Oświaty i Sportu", Room: "14"}), &p)
		_, units, err := o.Registry.StaffRows(context.Background(), o.OfficeID)
		if err != nil {
			t.Fatal(err)
		}
		j := slices.IndexFunc(units, func(u office.Unit) bool { return u.ID == id })
		if j < 0 || units[j].Symbol != "OS" || units[j].Name != "Referat Oświaty i Sportu" || units[j].Room != "14" {
			t.Fatalf("the unit renamed at the registry: %+v", units)
		}
		if r := a.do("POST", "/console/api/units/"+id, console.UnitInput{Name: taken.Name}); r.code != http.StatusBadRequest {
			t.Fatalf("renamed to a taken name: %d %s", r.code, r.body)
		}
		if r := a.do("POST", "/console/api/units/no-such-unit", console.UnitInput{Name: "Coś"}); r.code != http.StatusNotFound {
			t.Fatalf("a missing unit: %d %s", r.code, r.body)
		}
		for _, login := range []string{secretary, headSO} {
			b := o.as(t, login)
			if r := b.do("POST", "/console/api/units", console.UnitInput{Symbol: "ZZ", Name: "Referat Z"}); r.code != http.StatusForbidden || r.err() != "role" {
				t.Fatalf("%s adds a unit: %d %s", login, r.code, r.body)
			}
			if r := b.do("POST", "/console/api/units/"+id, console.UnitInput{Name: "Inna nazwa"}); r.code != http.StatusForbidden {
				t.Fatalf("%s renames a unit: %d %s", login, r.code, r.body)
			}
		}
		// Devices pull it: the registry's row of the office.
		rows, err := o.st.RowsOf(context.Background(), o.OfficeID, "unit")
		if err != nil || !slices.ContainsFunc(rows, func(r store.Row) bool { return r.EntityID == id }) {
			t.Fatalf("the unit's row: %v", err)
		}
	})
}

// fields are the fields a 400 answer names.
func fields(t *testing.T, r reply) []string {
	t.Helper()
	var e struct{ Fields []string }
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("%s: %v", r.body, err)
	}
	return e.Fields
}
