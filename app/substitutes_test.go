package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"okienko/db"
	"okienko/sync/merge"
)

const (
	unitUSC = "01a20102-030b-707c-ae3f-8fcba79cc33d"
)

var periodStamps int

// putPeriod stores a period of absence as a device receives it from the
// registry (a pulled row: devices never write them).
func putPeriod(t *testing.T, e *env, id, absent, standIn, from, to, unit, cancelled string) {
	t.Helper()
	ctx := context.Background()
	periodStamps++ // a later write of the registry wins
	stamp := fmt.Sprintf("0fffffffffff%04x-registry", periodStamps)
	str := func(s string) []byte { return []byte(`"` + s + `"`) }
	err := e.store.ApplyInTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ApplyRemote(ctx, "substitution", id, merge.Row{
			"id": {V: str(id), H: stamp}, "officeId": {V: str(e.core.OfficeID()), H: stamp},
			"absentId": {V: str(absent), H: stamp}, "standInId": {V: str(standIn), H: stamp},
			"from": {V: str(from), H: stamp}, "to": {V: str(to), H: stamp}, "unitId": {V: str(unit), H: stamp},
			"reason": {V: str("leave"), H: stamp}, "cancelledAt": {V: str(cancelled), H: stamp}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDirectoryNamesStandIn: a person absent on the office's day is shown
// in Kto jest kim as absent until the period's last day with who stands
// in; the day is the office's, not this computer's (at 00:30 in Warsaw on
// the day after the period, a UTC machine still reads the last day); a
// withdrawn period says nothing; a card's people say it too, and a
// period limited to another unit names no stand-in there.
func TestDirectoryNamesStandIn(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0) // 23.11.2026
	e.signIn(t, "akowalska")
	putPeriod(t, e, "01a20102-030b-7ff0-8000-000000000001", idNowak, idZielinska, "2026-11-20", "2026-11-27", "", "")
	putPeriod(t, e, "01a20102-030b-7ff0-8000-000000000002", idKowalska, idNowak, "2026-11-23", "2026-11-24", "", "2026-11-22T10:00:00Z")
	dir := NewOfficeService(e.core)
	entry := func(id string) StaffEntry {
		t.Helper()
		list, err := dir.Directory("")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("%s not in the directory", id)
		return StaffEntry{}
	}
	nowak := entry(idNowak)
	if !nowak.Absent || nowak.AbsentUntil != "2026-11-27" || nowak.StandInID != idZielinska ||
		nowak.Absence != "Nieobecny/a do 27.11.2026\u00a0r.; zastępuje: Katarzyna Zielińska." {
		t.Fatalf("Nowak, on leave: %+v", nowak)
	}
	if k := entry(idKowalska); k.Absent || k.Absence != "" {
		t.Fatalf("Kowalska, whose period was withdrawn: %+v", k)
	}
	if z := entry(idZielinska); z.Absent {
		t.Fatalf("Zielińska, standing in: %+v", z)
	}
	// Obecność: nobody said anything of him today, and the period says
	// away all day; Zielińska, who said nothing either, stays unknown.
	desks, err := NewPresenceService(e.core).List()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range desks {
		switch {
		case p.StaffID == idNowak && (p.State != "away" || p.StandIn != "Katarzyna Zielińska" || p.Text != "Nieobecny/a przez cały dzień (zastępstwo)"):
			t.Fatalf("Nowak's desk: %+v", p)
		case p.StaffID == idZielinska && p.State != "unknown":
			t.Fatalf("Zielińska's desk: %+v", p)
		}
	}

	// A card Nowak handles names the stand-in beside him; its printout too.
	ctx := context.Background()
	cards, err := e.store.CurrentCards(ctx, e.core.OfficeID())
	if err != nil {
		t.Fatal(err)
	}
	var cardID, unitID string
	for _, v := range cards {
		if v.Card.Code == "zameldowanie" {
			cardID, unitID = v.ID, v.UnitID
		}
	}
	card, err := e.core.card(ctx, cardID, e.core.ui())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range card.Staff {
		if s.ID == idNowak {
			found = true
			if s.StandIn != "Katarzyna Zielińska" || !strings.Contains(s.Absence, "zastępuje: Katarzyna Zielińska") {
				t.Fatalf("the card's Nowak: %+v", s)
			}
		}
	}
	if !found {
		t.Fatal("Nowak not among the card's people")
	}
	printed := func() {
		t.Helper()
		for _, lang := range []string{"pl", "en", "uk"} {
			if _, _, err := e.core.cardPDF(ctx, cardID, lang); err != nil {
				t.Fatalf("the card's printout in %s: %v", lang, err)
			}
		}
	}
	printed()
	// Limited to USC's matters: on an SO card he is absent, no stand-in named.
	if unitID == unitUSC {
		t.Fatal("the test wants a card of another unit than USC")
	}
	putPeriod(t, e, "01a20102-030b-7ff0-8000-000000000001", idNowak, idZielinska, "2026-11-20", "2026-11-27", unitUSC, "")
	card, err = e.core.card(ctx, cardID, e.core.ui())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range card.Staff {
		if s.ID == idNowak && (!s.Absent || s.StandIn != "" || s.Absence != "Nieobecny/a do 27.11.2026\u00a0r.") {
			t.Fatalf("the card's Nowak, stood in for USC's matters only: %+v", s)
		}
	}
	printed()
	if n := entry(idNowak); n.StandIn != "Katarzyna Zielińska" {
		t.Fatalf("the directory names the stand-in of any of his matters: %+v", n)
	}

	// 00:30 in Warsaw the day after the period: the office's day is the
	// 28th, though a machine on UTC still reads the 27th.
	warsaw, _ := time.LoadLocation("Europe/Warsaw")
	e.clock.Add(time.Date(2026, 11, 28, 0, 30, 0, 0, warsaw).Sub(e.core.Now()))
	e.signIn(t, "akowalska")
	if n := entry(idNowak); n.Absent {
		t.Fatalf("the day after the period, on the office's clock: %+v", n)
	}
}
