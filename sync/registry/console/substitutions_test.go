package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"okienko/app/office"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
)

const (
	headUSC = "mwojcik"
	idNowak = "01a20102-030b-7097-8777-030f69b3e408" // jnowak, SO
	idZiel  = "01a20102-030b-7098-9cff-d421d3d56bf5" // kzielinska, head of SO
	idLewan = "01a20102-030b-709b-a7f9-b861feb0038a" // plewandowski, USC
	idWojc  = "01a20102-030b-7099-a435-5f193d5e10d6" // mwojcik, head of USC
)

// problems are the keys a refused period's answer names.
func problems(t *testing.T, r reply) []string {
	t.Helper()
	var e console.SubstitutionRefused
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range e.Problems {
		out = append(out, p.Key)
	}
	return out
}

// TestSubstitutionRoles: a head sets the periods of their own unit's
// people and no one else's; a head of another unit may neither change nor
// withdraw them; the secretary reads and changes nothing; the admin sets
// anyone's. Each refusal is audited; a period that overlaps another of
// the same person, or names the person as their own stand-in, is refused
// with its reason; a change without the CSRF token is refused. What is
// stored is the registry's substitution row, which devices pull.
func TestSubstitutionRoles(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		ctx := context.Background()
		warsaw, _ := time.LoadLocation("Europe/Warsaw")
		day := func(n int) string { return time.Now().In(warsaw).AddDate(0, 0, n).Format(time.DateOnly) }
		leave := console.SubstitutionInput{AbsentID: idNowak, StandInID: idZiel, From: day(1), To: day(5), Reason: office.ReasonLeave}

		head := o.as(t, headSO)
		var got console.Substitutions
		head.decode(head.do("POST", "/console/api/substitutions", leave), &got)
		if len(got.Periods) != 1 || got.Periods[0].AbsentID != idNowak || got.Periods[0].StandIn != "Katarzyna Zielińska" || !got.Periods[0].Mine {
			t.Fatalf("the head's period: %+v", got.Periods)
		}
		id := got.Periods[0].ID

		// The head of SO may not set a period of someone of USC, nor
		// limit one to another unit than theirs.
		other := console.SubstitutionInput{AbsentID: idLewan, StandInID: idWojc, From: day(1), To: day(2), Reason: office.ReasonBusinessTrip}
		if r := head.do("POST", "/console/api/substitutions", other); r.code != http.StatusForbidden || r.err() != "role" {
			t.Fatalf("head of SO sets a USC person's period: %d %s", r.code, r.body)
		}
		usc := leave
		usc.From, usc.To, usc.UnitID = day(10), day(11), "01a20102-030b-707c-ae3f-8fcba79cc33d"
		if r := head.do("POST", "/console/api/substitutions", usc); r.code != http.StatusForbidden {
			t.Fatalf("head of SO limits a period to USC: %d %s", r.code, r.body)
		}
		// Nor draft a USC person as a stand-in: they are their own head's
		// to dispose of (the admin may).
		drafted := leave
		drafted.AbsentID, drafted.StandInID, drafted.From, drafted.To = idZiel, idLewan, day(30), day(31)
		if r := head.do("POST", "/console/api/substitutions", drafted); r.code != http.StatusForbidden || r.err() != "role" {
			t.Fatalf("head of SO names a USC person as stand-in: %d %s", r.code, r.body)
		}

		// The head of USC: not SO's period, neither changed nor withdrawn.
		h2 := o.as(t, headUSC)
		if r := h2.do("POST", "/console/api/substitutions/"+id, leave); r.code != http.StatusForbidden || r.err() != "role" {
			t.Fatalf("head of USC changes an SO period: %d %s", r.code, r.body)
		}
		if r := h2.do("POST", "/console/api/substitutions/"+id+"/cancel", nil); r.code != http.StatusForbidden || r.err() != "role" {
			t.Fatalf("head of USC withdraws an SO period: %d %s", r.code, r.body)
		}
		h2.decode(h2.do("GET", "/console/api/substitutions", nil), &got)
		if len(got.Periods) != 0 {
			t.Fatalf("head of USC reads SO's periods: %+v", got.Periods)
		}
		// ...but sets their own unit's.
		h2.decode(h2.do("POST", "/console/api/substitutions", other), &got)
		if len(got.Periods) != 1 || got.Periods[0].AbsentID != idLewan {
			t.Fatalf("head of USC's own period: %+v", got.Periods)
		}

		// The secretary reads everything and changes nothing.
		sec := o.as(t, secretary)
		sec.decode(sec.do("GET", "/console/api/substitutions", nil), &got)
		if len(got.Periods) != 2 || slices.ContainsFunc(got.Periods, func(p console.SubstitutionItem) bool { return p.Mine }) {
			t.Fatalf("the secretary's list: %+v", got.Periods)
		}
		for _, r := range []reply{
			sec.do("POST", "/console/api/substitutions", leave),
			sec.do("POST", "/console/api/substitutions/"+id, leave),
			sec.do("POST", "/console/api/substitutions/"+id+"/cancel", nil),
		} {
			if r.code != http.StatusForbidden || r.err() != "role" {
				t.Fatalf("the secretary changes a period: %d %s", r.code, r.body)
			}
		}

		// Refused by meaning, naming the reason.
		a := o.as(t, admin)
		overlap := leave
		overlap.StandInID, overlap.From, overlap.To = idWojc, day(5), day(8)
		if r := a.do("POST", "/console/api/substitutions", overlap); r.code != http.StatusBadRequest || !slices.Equal(problems(t, r), []string{"substitution.overlap"}) {
			t.Fatalf("an overlapping period: %d %s", r.code, r.body)
		}
		self := leave
		self.StandInID, self.From, self.To = idNowak, day(20), day(21)
		if r := a.do("POST", "/console/api/substitutions", self); r.code != http.StatusBadRequest || !slices.Equal(problems(t, r), []string{"substitution.self"}) {
			t.Fatalf("one's own stand-in: %d %s", r.code, r.body)
		}
		if r := a.do("POST", "/console/api/substitutions/no-such-period", leave); r.code != http.StatusNotFound {
			t.Fatalf("a missing period: %d %s", r.code, r.body)
		}
		// A change without the CSRF token.
		a.csrf = false
		if r := a.do("POST", "/console/api/substitutions/"+id+"/cancel", nil); r.code != http.StatusForbidden || r.err() != "csrf" {
			t.Fatalf("withdrawn without the CSRF token: %d %s", r.code, r.body)
		}
		a.csrf = true
		// The admin moves the period on and withdraws it.
		moved := leave
		moved.From, moved.To = day(2), day(6)
		a.decode(a.do("POST", "/console/api/substitutions/"+id, moved), &got)
		a.decode(a.do("POST", "/console/api/substitutions/"+id+"/cancel", nil), &got)
		i := slices.IndexFunc(got.Periods, func(p console.SubstitutionItem) bool { return p.ID == id })
		if i < 0 || got.Periods[i].From != day(2) || got.Periods[i].CancelledAt == "" {
			t.Fatalf("the period moved and withdrawn: %+v", got.Periods)
		}

		// Devices pull the registry's row.
		rows, err := o.st.RowsOf(ctx, o.OfficeID, "substitution")
		if err != nil || len(rows) != 2 {
			t.Fatalf("substitution rows: %d, %v", len(rows), err)
		}
		// Every refusal is in the console's log.
		log, err := o.st.ConsoleAudit(ctx, o.OfficeID, 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		refused := map[string]int{}
		for _, e := range log {
			if e.Outcome == "refused" {
				refused[e.Action]++
			}
		}
		if refused["substitution.add"] < 4 || refused["substitution.change"] < 3 || refused["substitution.cancel"] < 2 {
			t.Fatalf("refusals audited: %v", refused)
		}
		_ = store.ErrNotFound
	})
}
