package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"okienko/app/auth"
	"okienko/sync/registry"
	"okienko/sync/registry/console"
)

// TestSignInFloodFromOneAddress: a script trying made-up logins, each
// new and so under no login's back-off, is held back by its address after
// a few failures; it writes no login-failure row for a login the office
// does not have; the admin's browser that signed in before still signs in
// from the same address; and the audit log is read page by page, so the
// burst pushes nothing out of reach.
func TestSignInFloodFromOneAddress(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		adminBrowser := o.as(t, admin) // a browser the admin signed in on
		adminBrowser.do("DELETE", "/console/api/session", nil)

		script := o.browser(t)
		held := -1
		for i := range 40 {
			r := script.do("POST", "/console/api/session", map[string]string{"login": fmt.Sprintf("ghost%d", i), "password": "zle"})
			if r.code != http.StatusForbidden || r.err() != "wrong_password" {
				t.Fatalf("made-up login %d: %d %s", i, r.code, r.body)
			}
			if strings.Contains(string(r.body), `"wait"`) {
				held = i
				break
			}
		}
		if held < 0 || held > 12 {
			t.Fatalf("the address was held back after %d made-up logins, want about 10", held)
		}
		if f, err := o.st.LoginFailures(ctx, o.OfficeID, "ghost0"); err != nil || f.Failures != 0 {
			t.Fatalf("a made-up login's failures in the store: %+v %v", f, err)
		}
		// A fresh browser from the address waits too, even with the right
		// password; the admin's own browser does not.
		if r := o.browser(t).signIn(headSO); r.code != http.StatusForbidden || !strings.Contains(string(r.body), `"wait"`) {
			t.Fatalf("a fresh browser from a flooding address: %d %s", r.code, r.body)
		}
		if r := adminBrowser.signIn(admin); r.code != http.StatusOK {
			t.Fatalf("the admin's known browser: %d %s", r.code, r.body)
		}

		// Every refused try is in the log, and a page read from an entry
		// on holds exactly the entries older than it.
		var first, older []console.AuditItem
		adminBrowser.decode(adminBrowser.do("GET", "/console/api/audit", nil), &first)
		if len(first) < held+3 {
			t.Fatalf("%d audit entries for %d refused sign-ins", len(first), held+1)
		}
		adminBrowser.decode(adminBrowser.do("GET", fmt.Sprintf("/console/api/audit?before=%d", first[1].ID), nil), &older)
		if len(older) != len(first)-2 || older[0].ID != first[2].ID {
			t.Fatalf("the page before entry %d: %+v, want the %d from entry %d", first[1].ID, older, len(first)-2, first[2].ID)
		}
		if r := adminBrowser.do("GET", "/console/api/audit?before=x", nil); r.code != http.StatusBadRequest {
			t.Fatalf("a bad cursor: %d", r.code)
		}
	})
}

// TestEnrolmentRefusesNobody: a code is issued only for a device someone
// may sign in on, in units the office has, under a name the font draws;
// each refusal is a 400, not a "not found".
func TestEnrolmentRefusesNobody(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		a := o.as(t, admin)
		for _, in := range []map[string]any{
			{"name": "Laptop 2", "people": []string{"", "  "}},
			{"name": "Laptop 2", "people": []string{clerk}, "units": []string{"NIEMA"}},
			{"name": "Laptop 2", "people": []string{"nikt"}},
			{"name": "Laptop 😀", "people": []string{clerk}},
		} {
			if r := a.do("POST", "/console/api/devices", in); r.code != http.StatusBadRequest || r.err() != "invalid" {
				t.Fatalf("enrolment %v: %d %s", in, r.code, r.body)
			}
		}
		if r := a.do("POST", "/console/api/devices", map[string]any{"name": "Laptop 2", "people": []string{clerk, ""}}); r.code != http.StatusOK {
			t.Fatalf("a good enrolment: %d %s", r.code, r.body)
		}
	})
}

// TestRefusalsTakeAlike: a login the office does not have, or a person
// made inactive, is refused after as long a check as a wrong password
// (a decoy verifier with the registry's costs), so the answer's time
// does not tell which logins exist. Costs high enough to measure; the
// admin's verifier is brought to them by a first sign-in's rehash.
func TestRefusalsTakeAlike(t *testing.T) {
	costly := auth.Params{Time: 2, Memory: 16 * 1024, Threads: 1, KeyLen: 32, SaltLen: 16}
	o := newOfficeWith(t, "sqlite", registry.Options{PasswordParams: costly})
	o.as(t, admin) // rehashed to the costly verifier
	b := o.browser(t)
	took := func(login string) time.Duration {
		best := time.Hour
		for range 2 {
			start := time.Now()
			r := b.do("POST", "/console/api/session", map[string]string{"login": login, "password": "zle haslo"})
			if r.code != http.StatusForbidden || r.err() != "wrong_password" {
				t.Fatalf("%s: %d %s", login, r.code, r.body)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	wrong := took(admin)
	unknown := took("nieistniejacy")
	if unknown < wrong/3 {
		t.Fatalf("an unknown login is refused in %v, a wrong password in %v: the time tells them apart", unknown, wrong)
	}
}

// TestOwnPasswordLongCurrent: a "current password" longer than any
// password is refused before the costly check and counts against nobody.
func TestOwnPasswordLongCurrent(t *testing.T) {
	o := newOffice(t, "sqlite")
	b := o.as(t, admin)
	// Without the known-browser cookie a wrong current password counts
	// against the login.
	u, _ := url.Parse(o.srv.URL)
	b.http.Jar.SetCookies(u, []*http.Cookie{{Name: console.CookieKnown, Value: "", Path: "/", MaxAge: -1}})
	r := b.do("POST", "/console/api/session/password", map[string]string{"current": strings.Repeat("a", 60_000), "password": "Nowe-haslo-2026"})
	if r.code != http.StatusForbidden || r.err() != "wrong_password" {
		t.Fatalf("a 60 kB current password: %d %s", r.code, r.body)
	}
	if f, err := o.st.LoginFailures(context.Background(), o.OfficeID, admin); err != nil || f.Failures != 0 {
		t.Fatalf("counted against the login: %+v %v", f, err)
	}
}
