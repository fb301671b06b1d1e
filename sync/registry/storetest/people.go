package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

// testDevicePeople: the people chosen at enrolment become the device's
// when its code is used, the admin replaces them, and a device receives
// the verifiers of its own people only, of its own office only.
func testDevicePeople(t *testing.T, s store.Store) {
	ctx := context.Background()
	o, other := office(t, s), office(t, s)
	for _, c := range []struct{ office, staff, login string }{
		{o.ID, "s-anna", "anna"}, {o.ID, "s-bogdan", "bogdan"}, {o.ID, "s-celina", "celina"}, {other.ID, "s-anna", "anna2"},
	} {
		if err := s.PutCredential(ctx, c.office, store.Credential{StaffID: c.staff, Login: c.login, Hash: "hash-" + c.login, UpdatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: "pa", OfficeID: o.ID, Name: "A", ExpiresAt: now.Add(time.Hour), People: []string{"s-anna"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddEnrollment(ctx, store.Enrollment{CodeHash: "pb", OfficeID: o.ID, Name: "B", ExpiresAt: now.Add(time.Hour), People: []string{"s-bogdan", "s-celina"}}); err != nil {
		t.Fatal(err)
	}
	a, err := s.Enroll(ctx, "pa", store.Device{ID: id(), TokenHash: "ta"}, now)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Enroll(ctx, "pb", store.Device{ID: id(), TokenHash: "tb"}, now)
	if err != nil {
		t.Fatal(err)
	}
	logins := func(d store.Device) []string {
		t.Helper()
		cs, err := s.DeviceCredentials(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			if c.Hash != "hash-"+c.Login {
				t.Fatalf("credential %+v carries another's hash", c)
			}
			out = append(out, c.Login)
		}
		return out
	}
	if got := logins(a); !slices.Equal(got, []string{"anna"}) {
		t.Fatalf("device A's verifiers: %v, want [anna] (not the other office's anna2)", got)
	}
	if got := logins(b); !slices.Equal(got, []string{"bogdan", "celina"}) {
		t.Fatalf("device B's verifiers: %v", got)
	}
	if err := s.SetDevicePeople(ctx, b.ID, []string{"s-celina"}); err != nil {
		t.Fatal(err)
	}
	if ids, err := s.DevicePeople(ctx, b.ID); err != nil || !slices.Equal(ids, []string{"s-celina"}) {
		t.Fatalf("device B's people after the change: %v %v", ids, err)
	}
	if got := logins(b); !slices.Equal(got, []string{"celina"}) {
		t.Fatalf("device B's verifiers after the change: %v", got)
	}
	if err := s.SetDevicePeople(ctx, "no-such-device", []string{"s-anna"}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("people of a missing device: %v, want ErrNotFound", err)
	}
	// A rehash replaces the verifier; the login finds it.
	if err := s.PutCredential(ctx, o.ID, store.Credential{StaffID: "s-anna", Login: "anna", Hash: "hash-anna", UpdatedAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.CredentialsByLogin(ctx, o.ID, "anna")
	if err != nil || len(cs) != 1 || cs[0].StaffID != "s-anna" || !cs[0].UpdatedAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("credential by login: %+v %v", cs, err)
	}
	if cs, _ := s.CredentialsByLogin(ctx, other.ID, "anna"); len(cs) != 0 {
		t.Fatalf("another office's login found: %+v", cs)
	}
	// A one-time password is marked until the person's own replaces it.
	if cs[0].MustChange {
		t.Fatalf("an ordinary verifier marked must-change: %+v", cs[0])
	}
	for _, must := range []bool{true, false} {
		if err := s.PutCredential(ctx, o.ID, store.Credential{StaffID: "s-anna", Login: "anna", Hash: "hash-anna", UpdatedAt: now, MustChange: must}); err != nil {
			t.Fatal(err)
		}
		cs, err := s.CredentialsByLogin(ctx, o.ID, "anna")
		if err != nil || len(cs) != 1 || cs[0].MustChange != must {
			t.Fatalf("must-change %v stored: %+v %v", must, cs, err)
		}
	}
}

// testPersonSessions: a session is found by its token's hash until it
// ends; ending one also drops the expired ones; a person's sessions, on
// devices and in the console, end together; the back-off state of a
// login is kept per office and cleared by its zero value.
func testPersonSessions(t *testing.T, s store.Store) {
	ctx := context.Background()
	o := office(t, s)
	live := store.PersonSession{TokenHash: "h-live", OfficeID: o.ID, DeviceID: "d1", StaffID: "s1", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	old := store.PersonSession{TokenHash: "h-old", OfficeID: o.ID, DeviceID: "d1", StaffID: "s2", CreatedAt: now.Add(-13 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	other := store.PersonSession{TokenHash: "h-other", OfficeID: o.ID, DeviceID: "d2", StaffID: "s3", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	for _, p := range []store.PersonSession{live, old, other} {
		if err := s.AddPersonSession(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.PersonSession(ctx, "h-live")
	if err != nil || got != live {
		t.Fatalf("session = %+v %v, want %+v", got, err, live)
	}
	if err := s.EndPersonSession(ctx, "h-live", now); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"h-live", "h-old"} {
		if _, err := s.PersonSession(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("session %s after the end: %v, want ErrNotFound", h, err)
		}
	}
	if _, err := s.PersonSession(ctx, "h-other"); err != nil {
		t.Fatalf("another live session went with it: %v", err)
	}

	// A person's sessions end together, on devices and in the console;
	// another person's, and the same staff id's of another office, stay.
	o2 := store.Office{ID: id(), Name: "Urząd Gminy Drugiej", TERYT: "1099022"}
	if err := s.CreateOffice(ctx, o2); err != nil {
		t.Fatal(err)
	}
	mine := []store.PersonSession{
		{TokenHash: "h-s3-d3", OfficeID: o.ID, DeviceID: "d3", StaffID: "s3", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)},
		{TokenHash: "h-s4", OfficeID: o.ID, DeviceID: "d1", StaffID: "s4", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)},
		{TokenHash: "h-s3-o2", OfficeID: o2.ID, DeviceID: "d9", StaffID: "s3", CreatedAt: now, ExpiresAt: now.Add(12 * time.Hour)},
	}
	for _, p := range mine {
		if err := s.AddPersonSession(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []store.ConsoleSession{
		{TokenHash: "c-s3", CSRFHash: "x", OfficeID: o.ID, StaffID: "s3", CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(8 * time.Hour)},
		{TokenHash: "c-s4", CSRFHash: "y", OfficeID: o.ID, StaffID: "s4", CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(8 * time.Hour)},
	} {
		if err := s.AddConsoleSession(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.EndStaffSessions(ctx, o.ID, "s3", ""); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"h-other", "h-s3-d3"} {
		if _, err := s.PersonSession(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("session %s after its person's sessions ended: %v, want ErrNotFound", h, err)
		}
	}
	if _, err := s.ConsoleSession(ctx, "c-s3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("console session after its person's sessions ended: %v, want ErrNotFound", err)
	}
	for _, h := range []string{"h-s4", "h-s3-o2"} {
		if _, err := s.PersonSession(ctx, h); err != nil {
			t.Fatalf("session %s ended with another person's: %v", h, err)
		}
	}
	if _, err := s.ConsoleSession(ctx, "c-s4"); err != nil {
		t.Fatalf("another person's console session ended: %v", err)
	}
	// The session a person changes their password in goes on; their
	// others end.
	if err := s.EndStaffSessions(ctx, o.ID, "s4", "c-s4"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PersonSession(ctx, "h-s4"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a device session outlived its person's change in the console: %v", err)
	}
	if _, err := s.ConsoleSession(ctx, "c-s4"); err != nil {
		t.Fatalf("the session kept ended: %v", err)
	}

	if f, err := s.LoginFailures(ctx, o.ID, "anna"); err != nil || f.Failures != 0 {
		t.Fatalf("fresh login failures = %+v %v", f, err)
	}
	want := store.LoginFailures{Failures: 4, LockedUntil: now.Add(5 * time.Second)}
	if err := s.SetLoginFailures(ctx, o.ID, "anna", want); err != nil {
		t.Fatal(err)
	}
	if f, err := s.LoginFailures(ctx, o.ID, "anna"); err != nil || f != want {
		t.Fatalf("login failures = %+v %v, want %+v", f, err, want)
	}
	if f, _ := s.LoginFailures(ctx, office(t, s).ID, "anna"); f.Failures != 0 {
		t.Fatalf("another office shares the back-off: %+v", f)
	}
	if err := s.SetLoginFailures(ctx, o.ID, "anna", store.LoginFailures{}); err != nil {
		t.Fatal(err)
	}
	if f, _ := s.LoginFailures(ctx, o.ID, "anna"); f.Failures != 0 {
		t.Fatalf("cleared back-off still there: %+v", f)
	}
}

// Legacy is what a registry before the verifiers moved out stored: a staff
// row carrying its password hash, and a client row that has none.
type Legacy struct {
	StaffID, ClientID string
	Staff, Client     []byte // the rows' fields as stored
}

// LegacyHash is the verifier in the legacy staff row.
const LegacyHash = "$argon2id$v=19$m=65536,t=2,p=2$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// NewLegacy builds the legacy rows, encoded as the registry writes them.
func NewLegacy(t *testing.T) Legacy {
	t.Helper()
	h := "0000000000030000-registry"
	staff := merge.Row{"active": field(`true`, h), "competences": field(`[]`, h), "email": field(`""`, h), "firstName": field(`"Anna"`, h),
		"id": field(`"s-anna"`, h), "lastName": field(`"Kowalska"`, h), "login": field(`"akowalska"`, h), "officeId": field(`"o"`, h),
		"passwordHash": field(`"`+LegacyHash+`"`, h), "phoneExt": field(`""`, h), "position": field(`"Referent"`, h), "role": field(`"clerk"`, h),
		"room": field(`"12"`, h), "substituteId": field(`""`, h), "unitId": field(`"u"`, h)}
	client := merge.Row{"firstName": field(`"Ewa"`, h), "id": field(`"c-ewa"`, h), "passwordHash": field(`"not a verifier, a client's field"`, h)}
	s, err := staff.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	return Legacy{StaffID: "s-anna", ClientID: "c-ewa", Staff: s, Client: c}
}

// CheckLegacyMigrated checks a store opened on legacy rows of officeID:
// the staff row lost its verifier and nothing else, the verifier is in
// the registry's own table, other entities' rows are as they were.
func CheckLegacyMigrated(t *testing.T, s store.Store, officeID string, l Legacy) {
	t.Helper()
	ctx := context.Background()
	rows, err := s.RowsOf(ctx, officeID, "staff")
	if err != nil || len(rows) != 1 {
		t.Fatalf("staff rows %+v %v", rows, err)
	}
	var want merge.Row
	if err := json.Unmarshal(l.Staff, &want); err != nil {
		t.Fatal(err)
	}
	delete(want, "passwordHash")
	if got := rows[0].Fields; !reflect.DeepEqual(normal(t, got), normal(t, want)) {
		t.Fatalf("staff row after the migration:\n%v\nwant\n%v", got, want)
	}
	cs, err := s.CredentialsByLogin(ctx, officeID, "akowalska")
	if err != nil || len(cs) != 1 || cs[0].Hash != LegacyHash || cs[0].StaffID != l.StaffID {
		t.Fatalf("verifier kept %+v %v", cs, err)
	}
	enc, err := s.ChangesEncoded(ctx, officeID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range enc {
		if r.Entity == "client" && string(r.Encoded) != string(l.Client) {
			t.Fatalf("client row changed: %s, was %s", r.Encoded, l.Client)
		}
		if r.Entity == "staff" && strings.Contains(string(r.Encoded), "argon2id") {
			t.Fatalf("staff row still carries the verifier: %s", r.Encoded)
		}
	}
}

// normal re-encodes each field's value, so equal JSON compares equal.
func normal(t *testing.T, r merge.Row) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, f := range r {
		var v any
		if err := json.Unmarshal(f.V, &v); err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(v)
		out[k] = string(raw) + " @" + f.H
	}
	return out
}
