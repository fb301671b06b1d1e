package console_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/sync/merge"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
)

// seedRegisters puts, for each of the year's registers, one entry of SO
// and one of USC (a letter by its assignee's unit).
func (o *office_) seedRegisters(t *testing.T, year int) string {
	t.Helper()
	ctx := context.Background()
	caseID, _ := o.seedCase(t, "SO", "in_progress", fmt.Sprintf("%04d-04-01", year), false)
	staff, units, err := o.Registry.StaffRows(ctx, o.OfficeID)
	if err != nil {
		t.Fatal(err)
	}
	unit, person := map[string]string{}, map[string]string{}
	for _, u := range units {
		unit[u.Symbol] = u.ID
	}
	for _, s := range staff {
		for sym, id := range unit {
			if s.UnitID == id && person[sym] == "" {
				person[sym] = s.ID
			}
		}
	}
	if unit["SO"] == "" || unit["USC"] == "" || person["SO"] == "" || person["USC"] == "" {
		t.Fatalf("demo units and staff: %v %v", unit, person)
	}
	day := fmt.Sprintf("%04d-03-0", year)
	err = o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
		for i, sym := range []string{"SO", "USC"} {
			n := fmt.Sprint(i + 1)
			rows := map[string]merge.Row{
				"visit_auth": {"officeId": field(o.OfficeID), "series": field("AB12"), "seq": field(i + 1), "year": field(year),
					"staffId": field(person[sym]), "unitId": field(unit[sym]), "matter": field("Wywiad środowiskowy " + sym),
					"place": field("Rynek " + n), "validFrom": field(day + n), "validUntil": field(day + "9"), "issuedBy": field(person[sym]),
					"issuedAt": field(day + n + "T09:00:00Z"), "deviceId": field(o.devID), "status": field("issued")},
				"complaint": {"officeId": field(o.OfficeID), "kind": field("complaint"), "channel": field("letter"), "receivedOn": field(day + n),
					"name": field("Zofia Rybczyńska" + sym), "subject": field("Skarga na zwłokę " + sym), "unitId": field(unit[sym]), "competent": field(true),
					"assigneeId": field(person[sym]), "dueOn": field(fmt.Sprintf("%04d-04-0%s", year, n)), "status": field("registered"), "createdBy": field(person[sym])},
				"letter": {"officeId": field(o.OfficeID), "receivedAt": field(day + n + "T10:00:00Z"), "channel": field("post"),
					"sender": field("Halina Krukowska" + sym), "subject": field("Pismo w sprawie drogi " + sym), "assigneeId": field(person[sym]), "caseId": field(map[string]string{"SO": caseID}[sym]),
					"rule": field("kpa_month"), "dueAt": field(fmt.Sprintf("%04d-04-0%sT10:00:00Z", year, n)), "status": field("waiting"), "createdBy": field(person[sym])},
			}
			for ent, row := range rows {
				id := uuid.Must(uuid.NewV7()).String()
				row["id"] = field(id)
				if _, err := tx.PutRow(ctx, ent, id, row, false); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return caseID
}

// TestYearRegisters: the registers of authorizations, complaints and
// letters are listed with the client masked and printed; a head sees
// their unit's entries only, the secretary reads them all; nothing is
// written through them; every view and print is audited.
func TestYearRegisters(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		year := time.Now().Year()
		caseID := o.seedRegisters(t, year)
		// The letters' case signs, read from the cases as stored.
		y, err := o.Registry.Registers(context.Background(), o.OfficeID, year)
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Letters) != 2 || len(y.Signs) != 1 || y.Signs[caseID] != "SO.5360.1.2026" {
			t.Fatalf("letters %d, signs %v", len(y.Letters), y.Signs)
		}
		q := fmt.Sprintf("?year=%d", year)
		for _, who := range []string{admin, secretary, headSO} {
			b := o.as(t, who)
			for _, kind := range []string{"visits", "complaints", "letters"} {
				var reg console.YearRegister
				b.decode(b.do("GET", "/console/api/registers/"+kind+q, nil), &reg)
				want := 2
				if who == headSO {
					want = 1
				}
				if reg.Kind != kind || reg.Year != year || len(reg.Rows) != want {
					t.Fatalf("%s reads %s: %+v", who, kind, reg)
				}
				for _, r := range reg.Rows {
					if who == headSO && strings.Contains(r.Subject, "USC") {
						t.Fatalf("the head of SO sees %s of USC: %+v", kind, r)
					}
					if strings.Contains(r.Who, "Rybczyńska") || strings.Contains(r.Who, "Krukowska") {
						t.Fatalf("%s: a client unmasked: %+v", kind, r)
					}
				}
				pdf := b.do("GET", "/console/api/registers/"+kind+"/pdf"+q, nil)
				if pdf.code != http.StatusOK || pdf.hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf.body, []byte("%PDF")) {
					t.Fatalf("%s prints %s: %d %.200s", who, kind, pdf.code, pdf.body)
				}
				if r := b.do("POST", "/console/api/registers/"+kind, map[string]any{}); r.code != http.StatusMethodNotAllowed {
					t.Fatalf("%s writes %s: %d", who, kind, r.code)
				}
			}
			if r := b.do("GET", "/console/api/registers/visits?year=abc", nil); r.code != http.StatusBadRequest {
				t.Fatalf("a wrong year: %d", r.code)
			}
		}
		es, err := o.st.ConsoleAudit(context.Background(), o.OfficeID, 0, 500)
		if err != nil {
			t.Fatal(err)
		}
		acts := map[string]int{}
		for _, e := range es {
			acts[e.Action+"/"+e.Outcome]++
		}
		for _, k := range []string{"visits", "complaints", "letters"} {
			views := 3
			if k == "visits" {
				views = 6 // the wrong years asked too
			}
			if acts["view.register."+k+"/ok"] != views || acts["print.register."+k+"/ok"] != 3 {
				t.Errorf("audit of %s: %v", k, acts)
			}
		}
		c := o.browser(t)
		if r := c.do("GET", "/console/api/registers/visits"+q, nil); r.code != http.StatusUnauthorized {
			t.Fatalf("signed out: %d", r.code)
		}
	})
}
