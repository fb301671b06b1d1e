package faults

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/demo"
	"okienko/app/officeclock"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
)

// The attacks of issue 10 on people, by a hand-written client holding a
// stolen device token, against the real registry process: every device
// received every staff member's password verifier, and any device could
// resolve any conflict.

// enrolPeople enrols a device by hand with only people allowed on it.
func enrolPeople(t *testing.T, r *Registry, people ...string) *intruder {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	out := r.Admin(t, "device", "enroll", "--office", r.OfficeID, "--name", "desk "+id[:8], "--people", strings.Join(people, ","))
	code := ""
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "enrolment code"); ok {
			code = strings.TrimSpace(rest)
		}
	}
	var resp protocol.EnrollResponse
	if st := rawCall(t, r.URL, "", "POST", "/v1/enroll", protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: id}, &resp); st != 200 {
		t.Fatalf("enrol: status %d (%q)", st, out)
	}
	return &intruder{r: r, id: id, token: resp.Token, office: resp.OfficeID, clock: hlc.New(id, nil)}
}

// personCall is rawCall with a person token; it returns the status and
// the error code of a refusal.
func personCall(t *testing.T, d *intruder, person, method, path string, in, out any) (int, protocol.ErrorBody) {
	t.Helper()
	var body io.Reader
	if in != nil {
		raw, _ := json.Marshal(in)
		body = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, d.r.URL+path, body)
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	req.Header.Set(protocol.HeaderAuth, "Bearer "+d.token)
	if person != "" {
		req.Header.Set(protocol.HeaderPerson, person)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var eb protocol.ErrorBody
	if resp.StatusCode == 200 && out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %.200s: %v", method, path, raw, err)
		}
	} else {
		_ = json.Unmarshal(raw, &eb)
	}
	return resp.StatusCode, eb
}

// session asks for a person session; "" when refused.
func (d *intruder) session(t *testing.T, login, password string) (string, protocol.ErrorBody) {
	t.Helper()
	var s protocol.SessionResponse
	st, eb := personCall(t, d, "", "POST", d.path("/session"), protocol.SessionRequest{Login: login, Password: password}, &s)
	if st != 200 {
		return "", eb
	}
	return s.Token, eb
}

func TestHostilePeople(t *testing.T) {
	t.Parallel()
	for name, start := range registryStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := start(t)
			a := enrolPeople(t, r, "akowalska")
			b := enrolPeople(t, r, "jnowak", "kzielinska")

			t.Run("a device holds only its people's verifiers", func(t *testing.T) {
				var ca, cb protocol.CredentialsResponse
				if st := rawCall(t, r.URL, a.token, "GET", a.path("/credentials"), nil, &ca); st != 200 {
					t.Fatalf("credentials: %d", st)
				}
				if st := rawCall(t, r.URL, b.token, "GET", b.path("/credentials"), nil, &cb); st != 200 {
					t.Fatalf("credentials: %d", st)
				}
				logins := func(c protocol.CredentialsResponse) (out []string) {
					for _, p := range c.People {
						out = append(out, p.Login)
					}
					slices.Sort(out)
					return out
				}
				if got := logins(ca); !slices.Equal(got, []string{"akowalska"}) {
					t.Fatalf("device A holds the verifiers of %v", got)
				}
				if got := logins(cb); !slices.Equal(got, []string{"jnowak", "kzielinska"}) {
					t.Fatalf("device B holds the verifiers of %v", got)
				}
				for key, row := range a.rows(t, 1000) {
					for f, v := range row.Fields {
						if f == "passwordHash" || strings.Contains(string(v.V), "$argon2id$") {
							t.Fatalf("pulled row %s carries a verifier in %s", key, f)
						}
					}
				}
				// Planting one is refused; the good op of the batch applies.
				good := a.validClient(uuid.Must(uuid.NewV7()).String())
				res := a.push(t, a.op("client", uuid.Must(uuid.NewV7()).String(), map[string]string{"passwordHash": `"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5"`}), good)
				wantRejected(t, "a verifier in a row", res[0])
				if res[1].Status != protocol.Applied {
					t.Fatalf("the good op: %+v", res[1])
				}
			})

			t.Run("resolving needs a head's or the admin's session", func(t *testing.T) {
				resolve := func(d *intruder, person string) (int, protocol.ErrorBody) {
					return personCall(t, d, person, "POST", d.path("/conflicts/resolve"), protocol.ResolveRequest{ID: uuid.Must(uuid.NewV7()).String(), Choice: "rejected"}, nil)
				}
				if st, eb := resolve(a, ""); st != 403 || eb.Error != protocol.ErrorPersonRequired {
					t.Fatalf("a device token alone: %d %q", st, eb.Error)
				}
				if st, eb := resolve(a, "invented"); st != 403 || eb.Error != protocol.ErrorPersonRequired {
					t.Fatalf("an invented person token: %d %q", st, eb.Error)
				}
				clerk, eb := a.session(t, "akowalska", demo.Password)
				if clerk == "" {
					t.Fatalf("the clerk's session: %+v", eb)
				}
				if st, eb := resolve(a, clerk); st != 403 || eb.Error != protocol.ErrorRole {
					t.Fatalf("a clerk's session: %d %q", st, eb.Error)
				}
				head, eb := b.session(t, "kzielinska", demo.Password)
				if head == "" {
					t.Fatalf("the head's session: %+v", eb)
				}
				if st, eb := resolve(a, head); st != 403 || eb.Error != protocol.ErrorPersonRequired {
					t.Fatalf("the head's session of another device: %d %q", st, eb.Error)
				}
				// On her own device she is let through: to a conflict that is not there.
				if st, eb := resolve(b, head); st != 404 || eb.Error != "not_found" {
					t.Fatalf("the head on her device: %d %q", st, eb.Error)
				}
			})

			t.Run("a case dated ahead is flagged, and only a head checks it", func(t *testing.T) {
				// Device A's clock runs ten days ahead: its case is applied,
				// and flagged for a head, with the registry's own date.
				today := officeclock.Day(time.Now(), officeclock.MustZone(officeclock.DefaultZone))
				rows := a.rows(t, 1000)
				view := viewOffice(t, rows)
				var clerkID string
				for _, c := range rows {
					if c.Entity == "staff" && field(c, "login") == "akowalska" {
						clerkID = c.EntityID
					}
				}
				var card struct {
					Unit string `json:"unit"`
					JRWA string `json:"jrwa"`
				}
				// A card of SO: the head who checks the flag heads the
				// case's unit (a head checks only her own unit's flags).
				for _, c := range rows {
					if c.Entity != "service_card" {
						continue
					}
					_ = json.Unmarshal(c.Fields["card"].V, &card)
					if card.Unit == "SO" {
						view.card = c
						break
					}
				}
				if card.Unit != "SO" {
					t.Fatal("the demo office has no card of SO")
				}
				// A provisional sign: no number needed.
				cl := a.validClient(uuid.Must(uuid.NewV7()).String())
				caseID := uuid.Must(uuid.NewV7()).String()
				k := a.caseOp(caseID, cl.EntityID, clerkID, view.card, 0, "registered")
				reg := casesign.Register{Unit: card.Unit, JRWA: card.JRWA, Year: time.Now().Year()}
				k.Fields["sign"], k.Fields["provisional"] = json.RawMessage(q(cases.ProvisionalSign(reg, caseID))), json.RawMessage("true")
				ahead := today.AddDate(0, 0, 10).Format(time.DateOnly)
				k.Fields["submittedOn"] = json.RawMessage(q(ahead))
				if res := a.push(t, cl, k); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
					t.Fatalf("the case dated ahead: %+v", res)
				}
				var flags protocol.DateFlagsResponse
				if st := rawCall(t, r.URL, b.token, "GET", b.path("/date-flags"), nil, &flags); st != 200 {
					t.Fatalf("date flags: %d", st)
				}
				if err := flags.Validate(); err != nil {
					t.Fatal(err)
				}
				if len(flags.Flags) != 1 {
					t.Fatalf("date flags = %+v", flags)
				}
				f := flags.Flags[0]
				if f.CaseID != caseID || f.SubmittedOn != ahead || f.RegistryDate != today.Format(time.DateOnly) || f.Reason != protocol.DateAhead ||
					f.DeviceID != a.id || f.DeviceName != "desk "+a.id[:8] || f.Sign != strings.Trim(string(k.Fields["sign"]), `"`) {
					t.Fatalf("flag = %+v", f)
				}
				check := func(d *intruder, person string) (int, protocol.ErrorBody) {
					return personCall(t, d, person, "POST", d.path("/date-flags/check"), protocol.DateFlagCheckRequest{IDs: []string{f.ID}}, &flags)
				}
				if st, eb := check(b, ""); st != 403 || eb.Error != protocol.ErrorPersonRequired {
					t.Fatalf("checked without a person: %d %q", st, eb.Error)
				}
				clerk, _ := a.session(t, "akowalska", demo.Password)
				if st, eb := check(a, clerk); st != 403 || eb.Error != protocol.ErrorRole {
					t.Fatalf("checked by a clerk: %d %q", st, eb.Error)
				}
				head, eb := b.session(t, "kzielinska", demo.Password)
				if head == "" {
					t.Fatalf("the head's session: %+v", eb)
				}
				if st, eb := check(b, head); st != 200 || len(flags.Flags) != 0 {
					t.Fatalf("checked by the head: %d %q, left %+v", st, eb.Error, flags)
				}
				if st, eb := check(b, head); st != 404 || eb.Error != "not_found" {
					t.Fatalf("checked twice: %d %q", st, eb.Error)
				}
			})

			t.Run("a stolen device token does not make a session", func(t *testing.T) {
				// Not allowed on this device, right password or not.
				if tok, eb := a.session(t, "kzielinska", demo.Password); tok != "" || eb.Error != protocol.ErrorWrongPassword {
					t.Fatalf("a person not allowed on the device: %q %+v", tok, eb)
				}
				// Guessing: after the free attempts the login waits, the right
				// password included.
				for range 4 {
					a.session(t, "akowalska", "guess")
				}
				tok, eb := a.session(t, "akowalska", demo.Password)
				if tok != "" || eb.Error != protocol.ErrorWrongPassword || eb.Hint == "" {
					t.Fatalf("a guessed login after 4 wrong passwords: %q %+v", tok, eb)
				}
				if strings.Contains(r.log.String(), "akowalska") {
					t.Fatal("the registry's log names the login")
				}
			})
		})
	}
}

// TestSnapshotHoldsNoVerifier: the snapshot a fresh device downloads from
// the real registry process carries no password verifier.
func TestSnapshotHoldsNoVerifier(t *testing.T) {
	t.Parallel()
	r := StartRegistryWith(t, 5, "--snapshot-every", "100ms", "--snapshot-after", "1")
	d := enrolPeople(t, r, "akowalska")
	var raw []byte
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		req, _ := http.NewRequest("GET", r.URL+d.path("/snapshot"), nil)
		req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
		req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
		req.Header.Set(protocol.HeaderAuth, "Bearer "+d.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no snapshot published: %d", resp.StatusCode)
		}
	}
	dec, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	plain, err := dec.DecodeAll(raw, nil)
	if err != nil || !bytes.HasPrefix(plain, []byte("SQLite format 3\x00")) {
		t.Fatalf("snapshot: %v", err)
	}
	if bytes.Contains(plain, []byte("$argon2id$")) {
		t.Fatal("the snapshot carries a password verifier")
	}
}
