package console_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"okienko/app/catalog"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/merge"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
)

func findPerson(p console.People, login string) (console.PersonItem, bool) {
	i := slices.IndexFunc(p.People, func(x console.PersonItem) bool { return x.Login == login })
	if i < 0 {
		return console.PersonItem{}, false
	}
	return p.People[i], true
}

// TestPeopleByRole: the admin adds a person (who signs in with the
// one-time password shown once), changes their role, chooses their
// devices, resets a password and deactivates; the secretary and a head
// change nothing, and a head reads their unit's people only; every act is
// audited.
func TestPeopleByRole(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		a := o.as(t, admin)
		var p console.People
		a.decode(a.do("GET", "/console/api/people", nil), &p)
		sec, ok := findPerson(p, secretary)
		if !ok || sec.Role != office.RoleSecretary || p.Office.Name == "" || len(p.Units) == 0 || len(p.Devices) != 1 {
			t.Fatalf("admin's people: %+v", p)
		}
		clerkRow, _ := findPerson(p, clerk)
		if len(clerkRow.Devices) != 1 || clerkRow.Devices[0].ID != o.devID {
			t.Fatalf("the clerk's devices: %+v", clerkRow.Devices)
		}
		unit := clerkRow.UnitID
		in := console.PersonInput{Login: "nnowy", FirstName: "Nina", LastName: "Nowa", Role: office.RoleClerk, UnitID: unit, Position: "podinspektor", Active: true}
		bad := in
		bad.Login, bad.UnitID = "Zły login!", "no-such-unit"
		if r := a.do("POST", "/console/api/people", bad); r.code != http.StatusBadRequest || !strings.Contains(string(r.body), `"login"`) || !strings.Contains(string(r.body), `"unitId"`) {
			t.Fatalf("an invalid person: %d %s", r.code, r.body)
		}
		// A surname the printouts' font cannot draw goes onto no receipt.
		glyph := in
		glyph.LastName, glyph.Position = "Nowa\u200f😀", "podinspektor\t"
		if r := a.do("POST", "/console/api/people", glyph); r.code != http.StatusBadRequest || !slices.Contains(fields(t, r), "lastName") {
			t.Fatalf("an unprintable surname: %d %s", r.code, r.body)
		}
		taken := in
		taken.Login = clerk
		if r := a.do("POST", "/console/api/people", taken); r.code != http.StatusBadRequest {
			t.Fatalf("a login taken: %d %s", r.code, r.body)
		}
		var added console.NewPerson
		a.decode(a.do("POST", "/console/api/people", in), &added)
		if added.Password == "" || added.Person.ID == "" {
			t.Fatalf("added %+v", added)
		}
		if _, err := o.Registry.SignInStaff(ctx, o.OfficeID, "nnowy", added.Password); err != nil {
			t.Fatalf("the one-time password does not sign in: %v", err)
		}
		// Role and devices.
		in.Role = office.RoleHead
		a.decode(a.do("POST", "/console/api/people/"+added.Person.ID, in), &p)
		if n, _ := findPerson(p, "nnowy"); n.Role != office.RoleHead {
			t.Fatalf("role not changed: %+v", n)
		}
		// The standing substitute (stały zastępca): another active person of
		// the office, never the person themselves nor someone unknown.
		for _, wrong := range []string{added.Person.ID, "no-such-person"} {
			self := in
			self.SubstituteID = wrong
			if r := a.do("POST", "/console/api/people/"+added.Person.ID, self); r.code != http.StatusBadRequest || !strings.Contains(string(r.body), `"substituteId"`) {
				t.Fatalf("substitute %s: %d %s", wrong, r.code, r.body)
			}
		}
		in.SubstituteID = clerkRow.ID
		a.decode(a.do("POST", "/console/api/people/"+added.Person.ID, in), &p)
		if n, _ := findPerson(p, "nnowy"); n.Substitute != clerk || n.SubstituteID != clerkRow.ID || n.Role != office.RoleHead {
			t.Fatalf("standing substitute not set: %+v", n)
		}
		a.decode(a.do("POST", "/console/api/people/"+added.Person.ID+"/devices", map[string]any{"devices": []string{o.devID}}), &p)
		if people, _ := o.Registry.DevicePeople(ctx, o.devID); !slices.Contains(people, "nnowy") || !slices.Contains(people, clerk) {
			t.Fatalf("device people %v", people)
		}
		a.decode(a.do("POST", "/console/api/people/"+added.Person.ID+"/devices", map[string]any{"devices": []string{}}), &p)
		if people, _ := o.Registry.DevicePeople(ctx, o.devID); slices.Contains(people, "nnowy") || !slices.Contains(people, clerk) {
			t.Fatalf("device people after removal %v", people)
		}
		if r := a.do("POST", "/console/api/people/"+added.Person.ID+"/devices", map[string]any{"devices": []string{"not-ours"}}); r.code != http.StatusBadRequest {
			t.Fatalf("another office's device: %d", r.code)
		}
		// A reset: the old password stops, the one-time one works.
		var pw map[string]string
		a.decode(a.do("POST", "/console/api/people/"+clerkRow.ID+"/password", map[string]any{}), &pw)
		if _, err := o.Registry.SignInStaff(ctx, o.OfficeID, clerk, pw["password"]); err != nil || len(pw["password"]) < 12 {
			t.Fatalf("the one-time password %q: %v", pw["password"], err)
		}
		if _, err := o.Registry.SignInStaff(ctx, o.OfficeID, clerk, demo.Password); err == nil {
			t.Fatal("the old password still signs in after a reset")
		}
		// Deactivate; the admin cannot lock themselves out.
		in.Active = false
		a.decode(a.do("POST", "/console/api/people/"+added.Person.ID, in), &p)
		if n, _ := findPerson(p, "nnowy"); n.Active {
			t.Fatal("not deactivated")
		}
		if _, err := o.Registry.SignInStaff(ctx, o.OfficeID, "nnowy", added.Password); err == nil {
			t.Fatal("a deactivated person signs in")
		}
		me, _ := findPerson(p, admin)
		self := console.PersonInput{Login: admin, FirstName: me.FirstName, LastName: me.LastName, Role: office.RoleClerk, UnitID: me.UnitID, Active: true}
		if r := a.do("POST", "/console/api/people/"+me.ID, self); r.code != http.StatusConflict {
			t.Fatalf("the admin demoted themselves: %d %s", r.code, r.body)
		}
		// The secretary and a head read, and change nothing.
		for _, login := range []string{secretary, headSO} {
			b := o.as(t, login)
			for _, path := range []string{"/console/api/people", "/console/api/people/" + sec.ID, "/console/api/people/" + sec.ID + "/password",
				"/console/api/people/" + sec.ID + "/devices"} {
				if r := b.do("POST", path, in); r.code != http.StatusForbidden || r.err() != "role" {
					t.Fatalf("%s POST %s: %d %s", login, path, r.code, r.body)
				}
			}
			var seen console.People
			b.decode(b.do("GET", "/console/api/people", nil), &seen)
			_, sees := findPerson(seen, admin)
			if login == headSO {
				for _, x := range seen.People {
					if x.Unit != "SO" {
						t.Fatalf("the head of SO sees %s of %s", x.Login, x.Unit)
					}
				}
			} else if !sees {
				t.Fatal("the secretary does not see the admin")
			}
		}
		es, err := o.st.ConsoleAudit(ctx, o.OfficeID, 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		acts := map[string]int{}
		for _, e := range es {
			acts[e.Action+"/"+e.Outcome]++
		}
		for _, want := range []string{"person.add/ok", "person.add/refused", "person.change/ok", "person.change/refused", "person.password/ok",
			"person.devices/ok", "person.devices/refused"} {
			if acts[want] == 0 {
				t.Errorf("no audit entry %s: %v", want, acts)
			}
		}
	})
}

// TestCatalogueEditor: the admin changes a fee and publishes the card's
// next version; an invalid card is refused with its problem's path; an
// edit of an older version is told it is stale and overwrites nothing;
// the secretary and a head publish nothing.
func TestCatalogueEditor(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		var list []console.CardItem
		a.decode(a.do("GET", "/console/api/catalogue", nil), &list)
		i := slices.IndexFunc(list, func(k console.CardItem) bool { return k.Fees > 0 })
		if i < 0 {
			t.Fatalf("no card with a fee among %d", len(list))
		}
		code := list[i].Code
		var card catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &card)
		base := card.Version
		card.Fees[0].AmountGrosze += 100
		want := card.Fees[0].AmountGrosze
		var chk console.CardCheck
		a.decode(a.do("POST", "/console/api/catalogue/"+code+"/check", map[string]any{"base": base, "card": card}), &chk)
		if len(chk.Problems) != 0 {
			t.Fatalf("a valid edit has problems: %+v", chk.Problems)
		}
		broken := card
		broken.Title = ""
		r := a.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": broken})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(string(r.body), `"path":"/title"`) {
			t.Fatalf("an invalid card: %d %s", r.code, r.body)
		}
		for _, login := range []string{secretary, headSO} {
			b := o.as(t, login)
			if r := b.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": card}); r.code != http.StatusForbidden {
				t.Fatalf("%s published: %d", login, r.code)
			}
		}
		a.decode(a.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": card}), &chk)
		if chk.Published != base+1 {
			t.Fatalf("published %+v", chk)
		}
		var now catalog.Card
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &now)
		if now.Version != base+1 || now.Fees[0].AmountGrosze != want {
			t.Fatalf("after publishing: v%d fee %d", now.Version, now.Fees[0].AmountGrosze)
		}
		// A second admin's edit of the version before: told, not applied.
		card.Title = "Inny tytuł"
		if r := a.do("POST", "/console/api/catalogue/"+code, map[string]any{"base": base, "card": card}); r.code != http.StatusConflict || r.err() != "stale" {
			t.Fatalf("a stale edit: %d %s", r.code, r.body)
		}
		a.decode(a.do("GET", "/console/api/catalogue/"+code, nil), &now)
		if now.Version != base+1 || now.Title == "Inny tytuł" {
			t.Fatalf("a stale edit overwrote: %+v", now.Title)
		}
	})
}

// TestRegisters: the spis spraw of each register, read and printed; a
// head sees their unit's registers only.
func TestRegisters(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		for _, unit := range []string{"SO", "USC"} {
			id := uuid.Must(uuid.NewV7()).String()
			row := merge.Row{"id": field(id), "officeId": field(o.OfficeID), "unit": field(unit), "jrwa": field("5360"), "year": field(2026),
				"no": field(2), "state": field("cancelled"), "note": field("revoked")}
			if err := o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
				_, err := tx.PutRow(ctx, "case_number", id, row, false)
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		// Number 3 of USC is a client's case: the screen names its client
		// by initials, as every list of the console does; the printed spis
		// spraw, the register itself, by name.
		client, kase, num := uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String()
		if err := o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
			for _, r := range []struct {
				entity, id string
				row        merge.Row
			}{
				{"client", client, merge.Row{"id": field(client), "officeId": field(o.OfficeID), "firstName": field("Zofia"), "lastName": field("Wróblewska")}},
				{"case_file", kase, merge.Row{"id": field(kase), "officeId": field(o.OfficeID), "unit": field("USC"), "status": field("registered"),
					"sign": field("USC.5360.3.2026"), "clientId": field(client), "submittedOn": field("2026-03-02")}},
				{"case_number", num, merge.Row{"id": field(num), "officeId": field(o.OfficeID), "unit": field("USC"), "jrwa": field("5360"),
					"year": field(2026), "no": field(3), "state": field("used"), "caseId": field(kase)}},
			} {
				if _, err := tx.PutRow(ctx, r.entity, r.id, r.row, false); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		s := o.as(t, secretary)
		var regs console.Registers
		s.decode(s.do("GET", "/console/api/registers", nil), &regs)
		if len(regs.Registers) != 2 {
			t.Fatalf("registers %+v", regs.Registers)
		}
		r := s.do("GET", "/console/api/registers?unit=USC&jrwa=5360&year=2026", nil)
		s.decode(r, &regs)
		if len(regs.Lines) != 3 || regs.Lines[0].State != "missing" || regs.Lines[1].State != "cancelled" || regs.Lines[2].From != "Z. W." {
			t.Fatalf("spis %+v", regs.Lines)
		}
		if strings.Contains(string(r.body), "Wróblewska") {
			t.Fatalf("the spis on screen names the client: %s", r.body)
		}
		if r := s.do("GET", "/console/api/registers/pdf?unit=USC&jrwa=5360&year=2026", nil); r.code != http.StatusOK || r.hdr.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(string(r.body), "%PDF") || !strings.Contains(pdfText(t, r.body), "Zofia Wróblewska") {
			t.Fatalf("print: %d %s", r.code, r.hdr.Get("Content-Type"))
		}
		h := o.as(t, headSO)
		h.decode(h.do("GET", "/console/api/registers", nil), &regs)
		if len(regs.Registers) != 1 || regs.Registers[0].Unit != "SO" {
			t.Fatalf("the head's registers %+v", regs.Registers)
		}
		for _, path := range []string{"/console/api/registers?unit=USC&jrwa=5360&year=2026", "/console/api/registers/pdf?unit=USC&jrwa=5360&year=2026"} {
			if r := h.do("GET", path, nil); r.code != http.StatusNotFound {
				t.Fatalf("the head of SO reads %s: %d", path, r.code)
			}
		}
	})
}

// TestOneTimePasswordMustBeChanged: a person given a one-time password
// signs in and may then only read who they are, set their own password or
// sign out; every other call, a change or a read, is refused until they
// set one (too short, unchanged or with a wrong current one is refused
// too); then the session goes on, and the old one-time password is dead;
// a reset ends the person's open session.
func TestOneTimePasswordMustBeChanged(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		var p console.People
		a.decode(a.do("GET", "/console/api/people", nil), &p)
		i := slices.IndexFunc(p.People, func(x console.PersonItem) bool { return x.Login == secretary })
		var pw map[string]string
		a.decode(a.do("POST", "/console/api/people/"+p.People[i].ID+"/password", map[string]any{}), &pw)

		b := o.browser(t)
		var who console.Who
		b.decode(b.do("POST", "/console/api/session", map[string]string{"login": secretary, "password": pw["password"]}), &who)
		if !who.MustChangePassword {
			t.Fatalf("signed in with a one-time password: %+v, want mustChangePassword", who)
		}
		for _, path := range []string{"/console/api/dashboard", "/console/api/cases?list=open", "/console/api/people", "/console/api/audit",
			"/console/api/catalogue", "/console/api/registers", "/console/api/conflicts", "/console/api/devices"} {
			if r := b.do("GET", path, nil); r.code != http.StatusForbidden || r.err() != "password_change" {
				t.Fatalf("%s before the change: %d %s, want 403 password_change", path, r.code, r.body)
			}
		}
		if r := b.do("GET", "/console/api/session", nil); r.code != http.StatusOK {
			t.Fatalf("who am I before the change: %d %s", r.code, r.body)
		}
		for _, bad := range []map[string]string{
			{"current": pw["password"], "password": "krotkie"},
			{"current": pw["password"], "password": pw["password"]},
		} {
			if r := b.do("POST", "/console/api/session/password", bad); r.code != http.StatusBadRequest {
				t.Fatalf("a weak new password %q: %d %s", bad["password"], r.code, r.body)
			}
		}
		if r := b.do("POST", "/console/api/session/password", map[string]string{"current": "zle-haslo", "password": "Moje-nowe-haslo-7"}); r.code != http.StatusForbidden || r.err() != "wrong_password" {
			t.Fatalf("a wrong current password: %d %s", r.code, r.body)
		}
		b.decode(b.do("POST", "/console/api/session/password", map[string]string{"current": pw["password"], "password": "Moje-nowe-haslo-7"}), &who)
		if who.MustChangePassword {
			t.Fatalf("after the change: %+v", who)
		}
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusOK {
			t.Fatalf("dashboard after the change: %d %s", r.code, r.body)
		}
		if _, err := o.Registry.SignInStaff(context.Background(), o.OfficeID, secretary, pw["password"]); err == nil {
			t.Fatal("the one-time password still signs in after the change")
		}
		if _, err := o.Registry.SignInStaff(context.Background(), o.OfficeID, secretary, "Moje-nowe-haslo-7"); err != nil {
			t.Fatalf("the own password: %v", err)
		}
		// A reset while a session is open ends that session: whoever
		// holds it signs in again, with the new one-time password.
		a.decode(a.do("POST", "/console/api/people/"+p.People[i].ID+"/password", map[string]any{}), &pw)
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusUnauthorized || r.err() != "signed_out" {
			t.Fatalf("dashboard after a new reset: %d %s, want 401 signed_out", r.code, r.body)
		}
		// The admin's own session, which made the reset, goes on.
		if r := a.do("GET", "/console/api/dashboard", nil); r.code != http.StatusOK {
			t.Fatalf("the admin's dashboard after the reset: %d %s", r.code, r.body)
		}
	})
}
