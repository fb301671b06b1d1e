package app

import (
	"context"
	"testing"

	"okienko/db"
	"okienko/sync/merge"
)

// TestPresence: signing in says present; going away takes a return time
// later than now and a stand-in other than oneself; the directory's list
// shows it, with the stand-in's name; coming back says present again.
func TestPresence(t *testing.T) {
	e := newEnv(t)
	officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	s := NewPresenceService(e.core)
	entry := func(id string) PresenceEntry {
		t.Helper()
		list, err := s.List()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.StaffID == id {
				return p
			}
		}
		t.Fatalf("%s not listed", id)
		return PresenceEntry{}
	}
	if p := entry(idKowalska); p.State != "present" || !p.Mine {
		t.Fatalf("after sign-in: %+v", p)
	}
	if p := entry(idNowak); p.State != "unknown" {
		t.Fatalf("someone who said nothing today: %+v", p)
	}
	for _, c := range []struct {
		in   PresenceInput
		want string
	}{
		{PresenceInput{Until: "09:30"}, "presence.untilPast"},
		{PresenceInput{Until: ""}, "presence.untilMissing"},
		{PresenceInput{Until: "wpół"}, "presence.untilBad"},
		{PresenceInput{Until: "12:30", StandInID: idKowalska}, "presence.standInSelf"},
		{PresenceInput{Until: "12:30", StandInID: "01a20102-030b-7097-8777-000000000000"}, "presence.standInInactive"},
	} {
		if _, err := s.Set(c.in); keyOf(t, err) != c.want {
			t.Errorf("%+v: %v, want %s", c.in, err, c.want)
		}
	}
	if p := entry(idKowalska); p.State != "present" {
		t.Fatalf("a refused change changed the presence: %+v", p)
	}
	saved, err := s.Set(PresenceInput{Until: "12:30", StandInID: idNowak, Note: "sesja rady"})
	if err != nil || saved.State != "away" || saved.Until != "12:30" || saved.StandIn != "Jan Nowak" || saved.Offline {
		t.Fatalf("away: %+v %v", saved, err)
	}
	if saved.Text != "Wraca o 12:30, zastępuje: Jan Nowak" {
		t.Fatalf("text: %q", saved.Text)
	}
	if p := entry(idKowalska); p.State != "away" || p.StandInID != idNowak {
		t.Fatalf("listed: %+v", p)
	}
	ctx := context.Background()
	if ops, _ := e.store.OutboxFor(ctx, "presence", idKowalska); len(ops) != 2 {
		t.Fatalf("outbox ops of the presence: %d", len(ops))
	}
	back, err := s.Back()
	if err != nil || back.State != "present" {
		t.Fatalf("back: %+v %v", back, err)
	}
}

// TestPresenceFromAnotherDeviceGoesStale: a colleague's word that came
// from the registry is shown only while this device synced recently;
// after that it is unknown, not present.
func TestPresenceFromAnotherDeviceGoesStale(t *testing.T) {
	e := newEnv(t)
	now := officeNow(e, 10, 0)
	e.signIn(t, "akowalska")
	ctx := context.Background()
	stamp := "0fffffffffff0000-01a20102-030b-7097-8777-000000000001"
	str := func(s string) []byte { return []byte(`"` + s + `"`) }
	err := e.store.ApplyInTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ApplyRemote(ctx, "presence", idNowak, merge.Row{
			"id": {V: str(idNowak), H: stamp}, "officeId": {V: str(e.core.OfficeID()), H: stamp},
			"staffId": {V: str(idNowak), H: stamp}, "away": {V: []byte("false"), H: stamp},
			"setAt":    {V: str(now.UTC().Format("2006-01-02T15:04:05Z")), H: stamp},
			"deviceId": {V: str("01a20102-030b-7097-8777-000000000001"), H: stamp}})
		if err != nil {
			return err
		}
		return tx.SetLastSync(ctx, now.UTC().Format("2006-01-02T15:04:05Z"))
	})
	if err != nil {
		t.Fatal(err)
	}
	s := NewPresenceService(e.core)
	state := func() string {
		t.Helper()
		list, err := s.List()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.StaffID == idNowak {
				return p.State
			}
		}
		return ""
	}
	if got := state(); got != "present" {
		t.Fatalf("fresh: %s", got)
	}
	officeNow(e, 10, 11)
	e.signIn(t, "akowalska")
	if got := state(); got != "unknown" {
		t.Fatalf("11 minutes without a sync: %s", got)
	}
}
